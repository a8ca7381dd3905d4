#include "app/metricsbuffer.h"
#include "app/opsclient.h"
#include "server/api/opsserver.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/monitoring/metricshub.h"
#include "tests/support/daemonprocess.h"
#include "tests/support/testsupport.h"

#include <csignal>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// OpsClient against a real formauto-opsd on loopback (in-process, port chosen per test).
class tst_OpsClient final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void loginAndPushes();
    void wrongPasswordStopsTrying();
    void requestsAnswerOrFailLocally();
    void reconnectAfterRestart();
    void gapFilledAfterNetworkDrop();
    void staleWhenDaemonGoesSilent();
    void frozenDaemonIsDetectedAndRejoined();

private:
    bool startDaemon(quint16 port = 0);
    QByteArray token();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Daemon> m_daemon;
    QString m_password;
    quint16 m_port = 0;
};

bool tst_OpsClient::startDaemon(quint16 port)
{
    Config config = testsupport::testConfig(m_dir->path());
    config.server.port = port;
    m_daemon = std::make_unique<Daemon>(config, true, SystemClock::instance());
    QString error, password;
    if (!m_daemon->start(&error, &password)) {
        qWarning() << error;
        return false;
    }
    if (!password.isEmpty())
        m_password = password;
    m_port = m_daemon->port();
    return true;
}

QByteArray tst_OpsClient::token()
{
    QString id, code, error;
    return m_daemon->auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error)->toUtf8();
}

void tst_OpsClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(startDaemon());
}

void tst_OpsClient::cleanup()
{
    m_daemon.reset();
    m_dir.reset();
}

void tst_OpsClient::loginAndPushes()
{
    OpsClient client;
    QSignalSpy authenticated(&client, &OpsClient::authenticated);
    QSignalSpy samples(&client, &OpsClient::sampleReceived);
    QSignalSpy sessionToken(&client, &OpsClient::sessionToken);
    client.connectWithPassword(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)), u"admin"_qs, m_password);
    QVERIFY(authenticated.wait(10000));
    QCOMPARE(authenticated.at(0).at(0).toString(), u"admin"_qs);
    QCOMPARE(authenticated.at(0).at(1).toString(), u"admin"_qs);
    QCOMPARE(client.server().path(), u"/ws"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 5000);
    QCOMPARE(sessionToken.size(), 1);
    QVERIFY(client.token().startsWith(u"fos_"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 3, 6000); // the latest on connect, then one a second
    const auto last = samples.last().at(0).value<protocol::MetricsSample>();
    QVERIFY(last.demo);
    QVERIFY(last.tasks.available);
    QTRY_VERIFY_WITH_TIMEOUT(client.latencyMs() >= 0, 5000);
    QCOMPARE(client.intervalMs(), 1000);
    QVERIFY(!client.isStale());
}

void tst_OpsClient::wrongPasswordStopsTrying()
{
    OpsClient client;
    client.setReconnectDelays(100, 200);
    QSignalSpy failed(&client, &OpsClient::authenticationFailed);
    client.connectWithPassword(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)), u"admin"_qs, u"not-the-password"_qs);
    QVERIFY(failed.wait(10000));
    const auto why = failed.at(0).at(0).value<protocol::ErrorInfo>();
    QCOMPARE(why.code, u"unauthorized"_qs);
    QCOMPARE(why.key, u"error.login_wrong"_qs); // worded by the console in the operator's language
    QCOMPARE(client.state(), OpsClient::State::Disconnected);
    QTest::qWait(500);
    QCOMPARE(failed.size(), 1); // no retry loop hammering the lockout
    QCOMPARE(client.state(), OpsClient::State::Disconnected);
}

void tst_OpsClient::requestsAnswerOrFailLocally()
{
    OpsClient client;
    std::optional<protocol::Result> offline;
    client.request(u"ping"_qs, {}, [&](const protocol::Result &r) { offline = r; });
    QTRY_VERIFY(offline.has_value());
    QCOMPARE(offline->error.code, u"unavailable"_qs);

    QSignalSpy authenticated(&client, &OpsClient::authenticated);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)), QString::fromUtf8(token()));
    QVERIFY(authenticated.wait(10000));
    std::optional<protocol::Result> forbidden;
    client.request(u"no.such.command"_qs, {}, [&](const protocol::Result &r) { forbidden = r; });
    QTRY_VERIFY(forbidden.has_value());
    QCOMPARE(forbidden->error.code, u"bad_request"_qs);
}

void tst_OpsClient::reconnectAfterRestart()
{
    OpsClient client;
    client.setReconnectDelays(200, 1000);
    QSignalSpy states(&client, &OpsClient::stateChanged);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)), QString::fromUtf8(token()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    const quint16 port = m_port;
    m_daemon.reset(); // the daemon goes away...
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Reconnecting, 5000);
    QTest::qWait(1500); // ...for a while: the client keeps trying
    QCOMPARE(client.state() == OpsClient::State::Connected, false);
    QVERIFY(startDaemon(port)); // and comes back on the same port with the same store
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QSignalSpy samples(&client, &OpsClient::sampleReceived);
    QVERIFY(samples.wait(5000));
}

void tst_OpsClient::gapFilledAfterNetworkDrop()
{
    OpsClient client;
    client.setReconnectDelays(2500, 2500); // away long enough to miss two ticks
    MetricsBuffer buffer;
    QList<qint64> seqs;
    connect(&client, &OpsClient::sampleReceived, this, [&](const protocol::MetricsSample &s) {
        buffer.add(s);
        seqs << s.seq;
    });
    connect(&client, &OpsClient::historyReceived, this, [&](const QList<protocol::MetricsSample> &list) {
        buffer.add(list);
        for (const auto &s : list)
            seqs << s.seq;
    });
    const QByteArray apiToken = token();
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)), QString::fromUtf8(apiToken));
    QTRY_VERIFY_WITH_TIMEOUT(seqs.size() >= 2, 6000);
    // Drop the connection from the server side, as a network failure would.
    const auto identity = m_daemon->auth()->authenticate(QString::fromUtf8(apiToken));
    QSignalSpy history(&client, &OpsClient::historyReceived);
    m_daemon->server()->closeSessionsOfToken(identity->tokenId);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Reconnecting, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QVERIFY(history.size() > 0 || history.wait(5000)); // the gap answer, not just the newest push
    const qint64 serverSeq = history.last().at(0).value<QList<protocol::MetricsSample>>().last().seq;
    // Every sample from the first one seen to the newest is there: no hole in the chart.
    const qint64 first = *std::min_element(seqs.begin(), seqs.end());
    for (qint64 s = first; s <= serverSeq; ++s)
        QVERIFY2(seqs.contains(s), qPrintable(QStringLiteral("missing seq %1").arg(s)));
    QCOMPARE(buffer.size(), qsizetype(serverSeq - first + 1)); // overlaps were merged, not doubled
}

void tst_OpsClient::staleWhenDaemonGoesSilent()
{
    OpsClient client;
    client.setStaleIntervals(2);
    QSignalSpy stale(&client, &OpsClient::staleChanged);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)), QString::fromUtf8(token()));
    QSignalSpy samples(&client, &OpsClient::sampleReceived);
    QVERIFY(samples.wait(5000));
    m_daemon->hub()->stop(); // connected, but no more samples
    QTRY_VERIFY_WITH_TIMEOUT(client.isStale(), 6000);
    QCOMPARE(stale.last().at(0).toBool(), true);
    m_daemon->hub()->start();
    QTRY_VERIFY_WITH_TIMEOUT(!client.isStale(), 5000);
}

// A daemon frozen with its socket open (SIGSTOP: the kernel still holds the connection, so
// nothing closes): no pong for one and a half sample intervals, so the client drops the link and says
// so, shows no round trip, and once the daemon runs again is connected and fed again.
void tst_OpsClient::frozenDaemonIsDetectedAndRejoined()
{
    const QString binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
    DaemonProcess daemon(binary, m_dir->filePath(u"child"_qs));
    const QByteArray config = "[server]\nlisten = \"127.0.0.1:0\"\n[monitoring]\ninterval_seconds = 1\n"
                              "[auth]\npassword_hash_strength = \"interactive\"\n";
    QVERIFY(daemon.writeConfig(config));
    QCOMPARE(daemon.cli({u"user"_qs, u"add"_qs, u"admin"_qs, u"--role"_qs, u"admin"_qs}, "admin-password-1\n").exitCode, 0);
    const DaemonProcess::Run created = daemon.cli({u"token"_qs, u"create"_qs, u"console"_qs, u"--role"_qs, u"viewer"_qs, u"--user"_qs, u"admin"_qs});
    QCOMPARE(created.exitCode, 0);
    QString error;
    QVERIFY2(daemon.start(config, {}, &error), qPrintable(error));
    OpsClient client;
    client.setReconnectDelays(200, 1000);
    QSignalSpy silent(&client, &OpsClient::linkSilent);
    QSignalSpy samples(&client, &OpsClient::sampleReceived);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), QString::fromUtf8(created.out.trimmed()));
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == OpsClient::State::Connected && client.latencyMs() >= 0, 10000);
    QCOMPARE(client.intervalMs(), 1000);
    QVERIFY(samples.wait(5000));

    daemon.signal(SIGSTOP);
    QElapsedTimer frozen;
    frozen.start();
    QTRY_VERIFY_WITH_TIMEOUT(!silent.isEmpty(), 6000);
    const qint64 detectedMs = frozen.elapsed();
    qInfo("a frozen daemon was detected after %lld ms (sample interval 1,000 ms)", qlonglong(detectedMs));
    QVERIFY2(detectedMs <= 3000, "within two sample intervals of the last answer, and a tick of slack");
    QVERIFY(client.state() != OpsClient::State::Connected);
    QCOMPARE(client.latencyMs(), -1); // no round trip shown for a link that does not answer

    daemon.signal(SIGCONT);
    samples.clear();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == OpsClient::State::Connected, 20000);
    QVERIFY(samples.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(client.latencyMs() >= 0, 5000);
    daemon.stop();
}

QTEST_GUILESS_MAIN(tst_OpsClient)
#include "tst_opsclient.moc"
