#include "server/api/opsserver.h"
#include "server/core/clock.h"
#include "server/daemon.h"
#include "tests/support/daemonprocess.h"
#include "tests/support/healthprober.h"
#include "tests/support/rawhttp.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <csignal>
#include <memory>
#include <poll.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

// formauto-opsd as a separate process, attacked the way issue 11 describes: huge bodies with
// and without a token, slow and idle clients, more connections than one address may hold,
// more than the descriptor limit allows, TLS misuse and rotation, and every command with
// every role over both transports. Each test asserts what an operator relies on and prints
// its figures ("figure:" lines); /healthz round trips from another address, measured
// throughout, stand for the event-loop lag the daemon does not export.
namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr double HealthBudgetMs = 200;

const char *const Prober = "127.0.0.3"; // /healthz probes: an address of their own

QString fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

struct TlsPeek {
    bool encrypted = false;
    QString fingerprint;
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
    QString error;
};

TlsPeek tlsConnect(quint16 port)
{
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    TlsPeek peek;
    peek.encrypted = socket.waitForEncrypted(5000);
    if (peek.encrypted) {
        peek.fingerprint = fingerprintOf(socket.peerCertificate());
        peek.protocol = socket.sessionProtocol();
    } else {
        peek.error = socket.errorString();
    }
    socket.abort();
    return peek;
}

struct OpenSsl {
    int exitCode = -1;
    QByteArray out;
};

OpenSsl openssl(const QStringList &args, int timeoutMs = 10000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    p.waitForStarted(5000);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAll()};
}

bool makeCertificate(const QString &certFile, const QString &keyFile, const QString &name)
{
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), keyFile,
                    QStringLiteral("-out"), certFile, QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + name, QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")})
               .exitCode
        == 0;
}

// Replaces a file the way a certificate tool does: a new file renamed over the old one.
bool replaceFile(const QString &from, const QString &to)
{
    const QString temporary = to + QStringLiteral(".new");
    QFile::remove(temporary);
    return QFile::copy(from, temporary) && ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(to).constData()) == 0;
}

// The attacker would sit on another machine; here it shares two cores with the daemon, so
// its threads yield to it rather than pass their own CPU hunger off as the daemon's lag.
void asAnotherMachine()
{
    ::setpriority(PRIO_PROCESS, pid_t(::gettid()), 19);
}

QByteArray shortLog(const QByteArray &log)
{
    return log.right(3000);
}

} // namespace

class tst_Hostile final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void largeBodiesRefusedBeforeTheyAreRead_data();
    void largeBodiesRefusedBeforeTheyAreRead();
    void tenLargeBodiesInParallel();
    void ambiguousFramingIsNotServed_data();
    void ambiguousFramingIsNotServed();
    void pipelinedAnswersAreNotHoarded();
    void slowAndIdleClientsAreClosed();
    void connectionsCappedPerAddress();
    void descriptorExhaustion();
    void connectBurstDoesNotDelayOthers();
    void tlsFingerprintIsWhatClientsSee();
    void tlsPortGivesPlainTextNoAnswer();
    void tlsOldProtocolsAndWeakSuitesRefused();
    void tlsCertificateRotatesOnSighup();
    void tlsMismatchedPairRefusedAtStart();
    void tlsAutoOffLoopback();
    void commandWalk();
    void hostParametersAndWatchFlood();
    void heavyIngestAndQueriesDoNotHoldTheLoop();
    void largeLogFileBacklogDoesNotHoldTheLoop();

private:
    QByteArray config(const QMap<QByteArray, QByteArray> &server = {}) const;
    bool startDaemon(const QMap<QByteArray, QByteArray> &server = {}, const QStringList &args = {}, int descriptorLimit = 0);
    QByteArray tokenFor(const QString &role) const;
    void figure(const QString &what, const HealthProber::Stats &s);
    QHash<QByteArray, double> scrape();
    void checkLag(const QString &what);

    QString m_binary;
    std::unique_ptr<QTemporaryDir> m_base;
    std::unique_ptr<DaemonProcess> m_daemon;
    QByteArray m_viewer, m_operator, m_admin;
    QList<QString> m_lag; // /healthz p99 per test, repeated at the end
    QElapsedTimer m_sinceStart; // of the daemon under test
};

QByteArray tst_Hostile::config(const QMap<QByteArray, QByteArray> &overrides) const
{
    QMap<QByteArray, QByteArray> server{{"listen", "\"127.0.0.1:0\""},       {"head_timeout_ms", "1000"},
                                        {"idle_timeout_ms", "1500"},         {"max_connections_per_address", "16"},
                                        {"auth_timeout_ms", "120000"}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        server.insert(it.key(), it.value());
    QByteArray out = "[server]\n";
    for (auto it = server.begin(); it != server.end(); ++it)
        out += it.key() + " = " + it.value() + '\n';
    out += "[monitoring]\ninterval_seconds = 1\n[auth]\npassword_hash_strength = \"interactive\"\n[log]\nlevel = \"info\"\n";
    return out;
}

bool tst_Hostile::startDaemon(const QMap<QByteArray, QByteArray> &server, const QStringList &args, int descriptorLimit)
{
    m_daemon->setDescriptorLimit(descriptorLimit);
    QString error;
    m_sinceStart.start();
    if (!m_daemon->start(config(server), args, &error)) {
        qWarning().noquote() << error;
        return false;
    }
    return true;
}

QByteArray tst_Hostile::tokenFor(const QString &role) const
{
    if (role == u"viewer"_qs)
        return m_viewer;
    if (role == u"operator"_qs)
        return m_operator;
    if (role == u"admin"_qs)
        return m_admin;
    return {};
}

void tst_Hostile::figure(const QString &what, const HealthProber::Stats &s)
{
    const QString line = QStringLiteral("%1: /healthz p50 %2 ms, p99 %3 ms, max %4 ms over %5 probes, %6 unanswered")
                             .arg(what)
                             .arg(s.p50Ms)
                             .arg(s.p99Ms)
                             .arg(s.maxMs)
                             .arg(s.samples)
                             .arg(s.failures);
    qInfo().noquote() << "figure:" << line;
    m_lag << line;
}

// The daemon's own figures from /metrics (formauto_ops_*, unlabelled ones).
QHash<QByteArray, double> tst_Hostile::scrape()
{
    QHash<QByteArray, double> values;
    const rawhttp::Answer a = rawhttp::request(m_daemon->port(), rawhttp::head("GET", "/metrics", m_viewer), Prober, 3000);
    for (const QByteArray &line : a.body.split('\n')) {
        if (line.startsWith("formauto_ops_") && !line.contains('{')) {
            const qsizetype space = line.indexOf(' ');
            values.insert(line.mid(13, space - 13), line.mid(space + 1).toDouble());
        }
    }
    return values;
}

// The issue's bar: the event-loop lag metric under 50 ms p99 through every hostile test.
void tst_Hostile::checkLag(const QString &what)
{
    // A p99 needs a hundred samples (one per 100 ms): a test that ends a second after the
    // daemon started would otherwise judge the maximum of a handful, its start-up included.
    // The attack's own samples stay in the one-minute window.
    if (m_sinceStart.isValid() && m_sinceStart.elapsed() < 10500)
        QTest::qWait(int(10500 - m_sinceStart.elapsed()));
    const QHash<QByteArray, double> m = scrape();
    QVERIFY2(m.contains("event_loop_lag_p99_seconds"), "/metrics has the event-loop lag");
    const QString line = QStringLiteral("%1: event-loop lag p99 %2 ms, max %3 ms; connections %4 of %5, refused %6, evicted %7")
                             .arg(what)
                             .arg(m.value("event_loop_lag_p99_seconds") * 1000, 0, 'f', 1)
                             .arg(m.value("event_loop_lag_max_seconds") * 1000, 0, 'f', 1)
                             .arg(m.value("connections"))
                             .arg(m.value("connection_capacity"))
                             .arg(m.value("connections_refused_total"))
                             .arg(m.value("connections_evicted_total"));
    qInfo().noquote() << "figure:" << line;
    m_lag << line;
    QVERIFY2(m.value("event_loop_lag_p99_seconds") < 0.050, qPrintable(line));
}

void tst_Hostile::initTestCase()
{
    m_binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(m_binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
    // 1,100 client sockets and more: this process's own limit first.
    rlimit limit{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    QVERIFY2(limit.rlim_cur >= 2048, "the test needs 2,048 descriptors of its own");
    ::signal(SIGPIPE, SIG_IGN);

    m_base = std::make_unique<QTemporaryDir>();
    m_daemon = std::make_unique<DaemonProcess>(m_binary, m_base->filePath(u"data"_qs));
    QVERIFY(m_daemon->writeConfig(config()));
    QCOMPARE(m_daemon->cli({u"user"_qs, u"add"_qs, u"admin"_qs, u"--role"_qs, u"admin"_qs}, "admin-password-1\n").exitCode, 0);
    QCOMPARE(m_daemon->cli({u"user"_qs, u"add"_qs, u"vera"_qs, u"--role"_qs, u"viewer"_qs}, "viewer-password-1\n").exitCode, 0);
    QCOMPARE(m_daemon->cli({u"user"_qs, u"add"_qs, u"otto"_qs, u"--role"_qs, u"operator"_qs}, "operator-password-1\n").exitCode, 0);
    auto token = [this](const QString &role, const QString &user) {
        const DaemonProcess::Run r = m_daemon->cli({u"token"_qs, u"create"_qs, u"hostile-"_qs + role, u"--role"_qs, role, u"--user"_qs, user});
        return r.exitCode == 0 ? r.out.trimmed() : QByteArray();
    };
    m_viewer = token(u"viewer"_qs, u"vera"_qs);
    m_operator = token(u"operator"_qs, u"otto"_qs);
    m_admin = token(u"admin"_qs, u"admin"_qs);
    QVERIFY(m_viewer.startsWith("fat_") && m_operator.startsWith("fat_") && m_admin.startsWith("fat_"));
}

void tst_Hostile::cleanup()
{
    // After every attack SIGTERM still stops the daemon cleanly.
    if (m_daemon && m_daemon->isRunning()) {
        m_daemon->signal(SIGTERM);
        const int rc = m_daemon->waitForExit(10000);
        if (rc == -2)
            m_daemon->stop();
        QVERIFY2(rc == 0, qPrintable(QStringLiteral("exit %1 after SIGTERM\n").arg(rc) + QString::fromUtf8(shortLog(m_daemon->log()))));
    }
}

void tst_Hostile::cleanupTestCase()
{
    for (const QString &line : std::as_const(m_lag))
        qInfo().noquote() << "figure (lag):" << line;
}

// ---- a: bodies --------------------------------------------------------------------------

void tst_Hostile::largeBodiesRefusedBeforeTheyAreRead_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("role");
    QTest::addColumn<qint64>("bodyBytes");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<int>("status");

    const qint64 gib = 1024 * MiB;
    const qint64 mb200 = 200 * 1000 * 1000;
    QTest::newRow("1GiB-no-token") << QByteArray("/api/v1/logs") << QString() << gib << false << 401;
    QTest::newRow("1GiB-operator") << QByteArray("/api/v1/logs") << u"operator"_qs << gib << false << 413;
    QTest::newRow("200MB-no-token") << QByteArray("/api/v1/logs") << QString() << mb200 << false << 401;
    QTest::newRow("200MB-operator") << QByteArray("/api/v1/logs") << u"operator"_qs << mb200 << false << 413;
    QTest::newRow("200MB-viewer-ingest") << QByteArray("/api/v1/logs") << u"viewer"_qs << mb200 << false << 403;
    QTest::newRow("200MB-command-no-token") << QByteArray("/api/v1/user.add") << QString() << mb200 << false << 401;
    QTest::newRow("200MB-command-admin") << QByteArray("/api/v1/user.add") << u"admin"_qs << mb200 << false << 413;
    QTest::newRow("200MB-unknown-path") << QByteArray("/nowhere") << QString() << mb200 << false << 404;
    QTest::newRow("200MB-chunked-no-token") << QByteArray("/api/v1/logs") << QString() << mb200 << true << 401;
    QTest::newRow("200MB-chunked-operator") << QByteArray("/api/v1/logs") << u"operator"_qs << mb200 << true << 413;
}

void tst_Hostile::largeBodiesRefusedBeforeTheyAreRead()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, role);
    QFETCH(qint64, bodyBytes);
    QFETCH(bool, chunked);
    QFETCH(int, status);
    QVERIFY(startDaemon());
    QTest::qWait(300); // past start-up allocations
    const qint64 before = HealthProber::rssKb(m_daemon->pid());
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    const QByteArray framing = chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                                       : "Content-Length: " + QByteArray::number(bodyBytes) + "\r\n";
    const QByteArray head = rawhttp::head("POST", path, tokenFor(role), framing + "Content-Type: application/json\r\n", false);
    const rawhttp::Flood f = rawhttp::flood(m_daemon->port(), head, bodyBytes, chunked, "127.0.0.1", 15000);
    QTest::qWait(200);
    const HealthProber::Stats s = prober.stop();
    const qint64 peak = qMax(s.maxRssKb, HealthProber::rssKb(m_daemon->pid()));
    const qint64 growthKb = peak - before;
    qInfo().noquote() << "figure:" << QTest::currentDataTag() << QStringLiteral("answer %1 after %2 ms with %3 MiB of the body sent; "
                                                                              "closed after %4 ms and %5 MiB; daemon RSS %6 -> %7 MiB (+%8 MiB)")
                                                                   .arg(f.status)
                                                                   .arg(f.answerMs)
                                                                   .arg(double(f.sentBeforeAnswer) / MiB, 0, 'f', 1)
                                                                   .arg(f.closedMs)
                                                                   .arg(double(f.sent) / MiB, 0, 'f', 1)
                                                                   .arg(before / 1024)
                                                                   .arg(peak / 1024)
                                                                   .arg(double(growthKb) / 1024, 0, 'f', 1);
    figure(QString::fromLatin1(QTest::currentDataTag()), s);

    QCOMPARE(f.status, status);
    if (chunked && status == 413) {
        // No size announced: counted as it arrives, refused once past the 16 MiB ingest limit.
        QVERIFY2(f.sentBeforeAnswer >= 16 * MiB, qPrintable(QString::number(f.sentBeforeAnswer)));
        QVERIFY2(f.sentBeforeAnswer < 64 * MiB, qPrintable(QString::number(f.sentBeforeAnswer)));
    } else {
        // Decided on the head: what was sent meanwhile is what sat in socket buffers.
        QVERIFY2(f.sentBeforeAnswer >= 0 && f.sentBeforeAnswer < 32 * MiB, qPrintable(QString::number(f.sentBeforeAnswer)));
    }
    QVERIFY2(f.closedMs >= 0 && f.closedMs < 5000, "the refused connection is closed soon, not drained to the end");
    QVERIFY2(f.sent < 80 * MiB, qPrintable(QStringLiteral("%1 bytes were taken before the close").arg(f.sent)));
    QVERIFY2(growthKb < 64 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(growthKb)));
    QCOMPARE(s.failures, 0);
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QVERIFY(m_daemon->isRunning());
    checkLag(QString::fromLatin1(QTest::currentDataTag()));
}

void tst_Hostile::tenLargeBodiesInParallel()
{
    QVERIFY(startDaemon());
    QTest::qWait(300);
    const qint64 before = HealthProber::rssKb(m_daemon->pid());
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    const qint64 bytes = 200 * 1000 * 1000;
    QList<rawhttp::Flood> results(10);
    std::vector<std::thread> threads;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 10; ++i) {
        threads.emplace_back([&, i] {
            asAnotherMachine();
            const QByteArray token = i % 2 ? m_operator : QByteArray();
            const QByteArray head = rawhttp::head("POST", "/api/v1/logs", token, "Content-Length: " + QByteArray::number(bytes) + "\r\n", false);
            results[i] = rawhttp::flood(m_daemon->port(), head, bytes, false, "127.0.0.1", 15000);
        });
    }
    for (std::thread &t : threads)
        t.join();
    const qint64 wall = timer.elapsed();
    const HealthProber::Stats s = prober.stop();
    const qint64 growthKb = qMax(s.maxRssKb, HealthProber::rssKb(m_daemon->pid())) - before;
    qint64 sent = 0;
    qint64 slowestAnswer = 0;
    for (const rawhttp::Flood &f : std::as_const(results)) {
        sent += f.sent;
        slowestAnswer = qMax(slowestAnswer, f.answerMs);
    }
    qInfo().noquote() << "figure: ten 200 MB bodies at once (5 without a token, 5 operator):"
                      << QStringLiteral("slowest answer %1 ms, %2 MiB sent in all, done in %3 ms, daemon RSS +%4 MiB")
                             .arg(slowestAnswer)
                             .arg(double(sent) / MiB, 0, 'f', 1)
                             .arg(wall)
                             .arg(double(growthKb) / 1024, 0, 'f', 1);
    figure(u"ten 200 MB bodies"_qs, s);
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(results[i].status, i % 2 ? 413 : 401);
        QVERIFY(results[i].sentBeforeAnswer < 32 * MiB);
        QVERIFY(results[i].closedMs >= 0);
    }
    QVERIFY2(growthKb < 64 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(growthKb)));
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QVERIFY(m_daemon->isRunning());
    checkLag(u"ten 200 MB bodies"_qs);
}

// ---- framing a proxy in front may read differently: refused, never served ---------------

void tst_Hostile::ambiguousFramingIsNotServed_data()
{
    QTest::addColumn<QByteArray>("framing");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    const QByteArray chunkedPing = "0\r\n\r\n";
    QTest::newRow("cl-and-te") << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") << chunkedPing << 400;
    QTest::newRow("duplicate-cl") << QByteArray("Content-Length: 2\r\nContent-Length: 2\r\n") << QByteArray("{}") << 400;
    QTest::newRow("te-gzip-chunked") << QByteArray("Transfer-Encoding: gzip, chunked\r\n") << chunkedPing << 501;
    QTest::newRow("te-chunked-gzip") << QByteArray("Transfer-Encoding: chunked, gzip\r\n") << chunkedPing << 501;
    QTest::newRow("te-identity") << QByteArray("Transfer-Encoding: identity\r\n") << QByteArray() << 501;
    QTest::newRow("te-space-before-colon") << QByteArray("Transfer-Encoding : chunked\r\n") << chunkedPing << 400;
    QTest::newRow("cl-negative") << QByteArray("Content-Length: -2\r\n") << QByteArray("{}") << 400;
}

void tst_Hostile::ambiguousFramingIsNotServed()
{
    QFETCH(QByteArray, framing);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QVERIFY(startDaemon());
    // A second request rides behind the first: if the framing were read one way here and
    // another way by a proxy, that request would be smuggled past the proxy.
    const QByteArray smuggled = rawhttp::head("GET", "/metrics", m_viewer);
    const QByteArray bytes = rawhttp::head("POST", "/api/v1/ping", m_viewer, framing, false) + body + smuggled;
    const int fd = rawhttp::connectTo(m_daemon->port());
    QVERIFY(fd >= 0);
    QVERIFY(rawhttp::sendAll(fd, bytes));
    const rawhttp::Answer answer = rawhttp::readAnswer(fd, 3000);
    QByteArray rest;
    const qint64 closed = rawhttp::msUntilClosed(fd, 4000, &rest);
    rawhttp::closeSocket(fd);
    QVERIFY2(answer.status == status, answer.head.constData());
    QVERIFY2(closed >= 0, "the connection is closed after refused framing");
    QVERIFY2(!rest.contains("HTTP/1.1"), rest.left(300).constData());
}

// A client that pipelines requests and never reads an answer: the answers must not pile up
// in the daemon's memory (GET /readyz needs no token, and its answer is 6x the request).
void tst_Hostile::pipelinedAnswersAreNotHoarded()
{
    QVERIFY(startDaemon());
    QTest::qWait(300);
    const qint64 before = HealthProber::rssKb(m_daemon->pid());
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    qint64 sent = 0;
    std::thread client([&] {
        asAnotherMachine();
        sent = rawhttp::pipelineWithoutReading(m_daemon->port(), "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n", 4000, 200 * MiB);
    });
    client.join();
    const HealthProber::Stats s = prober.stop();
    const qint64 growthKb = qMax(s.maxRssKb, HealthProber::rssKb(m_daemon->pid())) - before;
    qInfo().noquote() << "figure: pipelined GET /readyz never read for 4 s:" << QString::number(double(sent) / MiB, 'f', 1)
                      << "MiB of requests taken; daemon RSS +" << QString::number(double(growthKb) / 1024, 'f', 1) << "MiB";
    figure(u"pipelined, never read"_qs, s);
    // One connection's due: its read buffer and a bounded backlog of answers, not all of them.
    QVERIFY2(growthKb < 16 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB for %2 bytes of requests").arg(growthKb).arg(sent)));
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QVERIFY(m_daemon->isRunning());
    checkLag(u"pipelined, never read"_qs);
}

// ---- b: slow and idle clients -----------------------------------------------------------

void tst_Hostile::slowAndIdleClientsAreClosed()
{
    QVERIFY(startDaemon()); // head_timeout_ms = 1000, idle_timeout_ms = 1500
    const quint16 port = m_daemon->port();
    HealthProber prober(port, m_viewer, m_daemon->pid(), Prober);
    prober.start();

    struct Outcome {
        qint64 closedMs = -1;
        QByteArray received;
    };
    Outcome slowHead, halfBody, idleKeepAlive, silent, dribble;
    qint64 dribbleHeld = 0;
    std::vector<std::thread> threads;
    // A head sent one byte per 100 ms: 10 s for the whole head, longer than the head timeout.
    threads.emplace_back([&] {
        const QByteArray head = rawhttp::head("GET", "/healthz", m_viewer, "X-Padding: " + QByteArray(60, 'p') + "\r\n");
        QElapsedTimer t;
        t.start();
        const int fd = rawhttp::connectTo(port);
        for (qsizetype i = 0; i < head.size() && fd >= 0; ++i) {
            if (!rawhttp::sendAll(fd, QByteArrayView(head).sliced(i, 1), 500)
                || rawhttp::msUntilClosed(fd, 100, &slowHead.received) >= 0) {
                slowHead.closedMs = t.elapsed();
                break;
            }
        }
        rawhttp::closeSocket(fd);
    });
    // Half a body, then nothing.
    threads.emplace_back([&] {
        const int fd = rawhttp::connectTo(port);
        rawhttp::sendAll(fd, QByteArray(rawhttp::head("POST", "/api/v1/ping", m_viewer, "Content-Length: 100\r\n") + QByteArray(10, ' ')));
        halfBody.closedMs = rawhttp::msUntilClosed(fd, 5000, &halfBody.received);
        rawhttp::closeSocket(fd);
    });
    // One answered request, then an idle keep-alive connection.
    threads.emplace_back([&] {
        const int fd = rawhttp::connectTo(port);
        rawhttp::sendAll(fd, rawhttp::head("GET", "/healthz", m_viewer, {}, false));
        const rawhttp::Answer a = rawhttp::readAnswer(fd, 2000);
        idleKeepAlive.received = a.head;
        if (a.complete)
            idleKeepAlive.closedMs = rawhttp::msUntilClosed(fd, 5000, &idleKeepAlive.received);
        rawhttp::closeSocket(fd);
    });
    // Connected, and never a byte.
    threads.emplace_back([&] {
        const int fd = rawhttp::connectTo(port);
        silent.closedMs = rawhttp::msUntilClosed(fd, 5000, &silent.received);
        rawhttp::closeSocket(fd);
    });
    // An authenticated body dribbled one byte per second (each under the idle timeout):
    // how long does it hold its connection? (a figure; the issue sets no total body deadline)
    threads.emplace_back([&] {
        const int fd = rawhttp::connectTo(port);
        rawhttp::sendAll(fd, rawhttp::head("POST", "/api/v1/ping", m_viewer, "Content-Length: 1000\r\n"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 5000) {
            if (!rawhttp::sendAll(fd, " ", 500) || rawhttp::msUntilClosed(fd, 1000, &dribble.received) >= 0) {
                dribble.closedMs = t.elapsed();
                break;
            }
        }
        dribbleHeld = t.elapsed();
        rawhttp::closeSocket(fd);
    });
    for (std::thread &t : threads)
        t.join();
    const HealthProber::Stats s = prober.stop();
    qInfo().noquote() << "figure: slow head closed after" << slowHead.closedMs << "ms with" << slowHead.received.left(12)
                      << "| half body closed" << halfBody.closedMs << "ms after its last byte with" << halfBody.received.left(12)
                      << "| idle keep-alive closed after" << idleKeepAlive.closedMs << "ms"
                      << "| silent connection closed after" << silent.closedMs << "ms"
                      << "| a body dribbled at 1 byte/s was" << (dribble.closedMs < 0 ? "still open after" : "closed after") << dribbleHeld << "ms";
    figure(u"slow and idle clients"_qs, s);

    QVERIFY2(slowHead.received.startsWith("HTTP/1.1 408"), slowHead.received.left(200).constData());
    QVERIFY2(slowHead.closedMs >= 800 && slowHead.closedMs <= 2000, qPrintable(QString::number(slowHead.closedMs)));
    QVERIFY2(halfBody.received.startsWith("HTTP/1.1 408"), halfBody.received.left(200).constData());
    QVERIFY2(halfBody.closedMs >= 1300 && halfBody.closedMs <= 2500, qPrintable(QString::number(halfBody.closedMs)));
    QVERIFY2(idleKeepAlive.received.startsWith("HTTP/1.1 "), idleKeepAlive.received.left(200).constData());
    QVERIFY2(idleKeepAlive.closedMs >= 1300 && idleKeepAlive.closedMs <= 2500, qPrintable(QString::number(idleKeepAlive.closedMs)));
    QVERIFY2(silent.closedMs >= 800 && silent.closedMs <= 2000, qPrintable(QString::number(silent.closedMs)));
    QVERIFY2(silent.received.isEmpty(), silent.received.left(200).constData());
    QCOMPARE(s.failures, 0);
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QVERIFY(m_daemon->isRunning());
    checkLag(u"slow and idle clients"_qs);
}

// ---- c: connections per address ---------------------------------------------------------

void tst_Hostile::connectionsCappedPerAddress()
{
    QVERIFY(startDaemon({{"head_timeout_ms", "4000"}})); // the held connections outlive the checks
    const quint16 port = m_daemon->port();
    const qint64 pid = m_daemon->pid();
    const int baseline = HealthProber::descriptors(pid);
    auto holdSixteen = [&](const char *from, QList<int> *fds) {
        for (int i = 0; i < 16; ++i)
            fds->append(rawhttp::connectTo(port, from));
    };
    auto waitDescriptors = [&](int atLeast) {
        QElapsedTimer t;
        t.start();
        while (HealthProber::descriptors(pid) < atLeast && t.elapsed() < 2000)
            QTest::qWait(10);
        return HealthProber::descriptors(pid) >= atLeast;
    };
    QList<int> first, second;
    holdSixteen("127.0.0.1", &first);
    QVERIFY(!first.contains(-1));
    QVERIFY(waitDescriptors(baseline + 16));
    const int extra = rawhttp::connectTo(port, "127.0.0.1");
    QVERIFY(extra >= 0); // the kernel accepts; the daemon closes it
    const qint64 extraClosed = rawhttp::msUntilClosed(extra, 2000);
    rawhttp::closeSocket(extra);
    int firstClosed = 0;
    for (int fd : std::as_const(first))
        firstClosed += rawhttp::isClosed(fd) ? 1 : 0;

    // Another loopback address has a cap of its own.
    holdSixteen("127.0.0.2", &second);
    QVERIFY(!second.contains(-1));
    QVERIFY(waitDescriptors(baseline + 32));
    const int extra2 = rawhttp::connectTo(port, "127.0.0.2");
    const qint64 extra2Closed = rawhttp::msUntilClosed(extra2, 2000);
    rawhttp::closeSocket(extra2);
    int secondClosed = 0;
    for (int fd : std::as_const(second))
        secondClosed += rawhttp::isClosed(fd) ? 1 : 0;
    qint64 probeMs = 0;
    const rawhttp::Answer probe = rawhttp::request(port, rawhttp::head("GET", "/healthz", m_viewer), Prober, 3000, &probeMs);

    // The first address's connections go; its count goes with them.
    for (int fd : std::as_const(first))
        rawhttp::closeSocket(fd);
    QElapsedTimer t;
    t.start();
    while (HealthProber::descriptors(pid) > baseline + 16 && t.elapsed() < 2000)
        QTest::qWait(10);
    qint64 againMs = 0;
    const rawhttp::Answer again = rawhttp::request(port, rawhttp::head("GET", "/healthz", m_viewer), "127.0.0.1", 3000, &againMs);
    for (int fd : std::as_const(second))
        rawhttp::closeSocket(fd);

    qInfo().noquote() << "figure: 17th connection from 127.0.0.1 closed after" << extraClosed << "ms, from 127.0.0.2 after" << extra2Closed
                      << "ms; /healthz from a third address meanwhile" << probeMs << "ms; from 127.0.0.1 once its 16 left" << againMs << "ms";
    QVERIFY2(extraClosed >= 0 && extraClosed < 500, qPrintable(QString::number(extraClosed)));
    QCOMPARE(firstClosed, 0);
    QVERIFY2(extra2Closed >= 0 && extra2Closed < 500, qPrintable(QString::number(extra2Closed)));
    QCOMPARE(secondClosed, 0);
    QVERIFY(probe.complete);
    QVERIFY2(again.complete, "a released address is served again");
    QVERIFY(m_daemon->isRunning());
    QCOMPARE(scrape().value("connections_refused_total"), 2.0);
    checkLag(u"per-address cap"_qs);
}

// ---- d: more connections than descriptors -----------------------------------------------

void tst_Hostile::descriptorExhaustion()
{
    // soft = hard = 1,024, as a default systemd service without LimitNOFILE gets it.
    QVERIFY(startDaemon({{"max_connections_per_address", "5000"}, {"head_timeout_ms", "4000"}, {"idle_timeout_ms", "4000"}}, {}, 1024));
    const quint16 port = m_daemon->port();
    const qint64 pid = m_daemon->pid();
    QVERIFY(m_daemon->log().contains("for at most"));
    const int baseline = HealthProber::descriptors(pid);
    HealthProber prober(port, m_viewer, pid, Prober);
    prober.start();

    constexpr int Count = 1100;
    // Opened in steps of 25 that the daemon takes before the next: Qt's listen backlog is 50,
    // and a burst beyond it only meets the kernel's SYN retries, not the daemon's limits.
    QList<int> fds;
    QElapsedTimer clock;
    clock.start();
    int connected = 0;
    while (fds.size() < Count) {
        for (int i = 0; i < 25 && fds.size() < Count; ++i)
            fds.append(rawhttp::startConnect(port, "127.0.0.1"));
        QElapsedTimer t;
        t.start();
        const int want = baseline + int(fds.size()) - 8;
        while (HealthProber::descriptors(pid) < want && t.elapsed() < 100)
            QTest::qWait(2);
    }
    QVERIFY(!fds.contains(-1));
    for (int fd : std::as_const(fds)) {
        pollfd p{fd, POLLOUT, 0};
        connected += ::poll(&p, 1, 1000) > 0 && !(p.revents & POLLERR) ? 1 : 0;
    }
    const qint64 openedMs = clock.elapsed();

    // A real client from another address, authenticated.
    QTest::qWait(200);
    qint64 healthMs = 0;
    const rawhttp::Answer health = rawhttp::request(port, rawhttp::head("GET", "/healthz", m_admin), "127.0.0.2", 3000, &healthMs);
    qint64 metricsMs = 0;
    const rawhttp::Answer metrics = rawhttp::request(port, rawhttp::head("GET", "/metrics", m_admin), "127.0.0.2", 3000, &metricsMs);

    // When were the 1,100 closed?
    QList<QPair<qint64, int>> timeline; // ms since the first connect, closed so far
    QList<bool> closed(Count, false);
    int closedCount = 0;
    while (clock.elapsed() < openedMs + 4000 + 3000 && closedCount < Count) {
        for (int i = 0; i < Count; ++i) {
            if (!closed[i] && rawhttp::isClosed(fds[i])) {
                closed[i] = true;
                ++closedCount;
            }
        }
        if (timeline.isEmpty() || timeline.last().second != closedCount)
            timeline.append({clock.elapsed(), closedCount});
        QTest::qWait(50);
    }
    const int closedAtFirstLook = timeline.isEmpty() ? 0 : timeline.first().second;
    for (int fd : std::as_const(fds))
        rawhttp::closeSocket(fd);
    const HealthProber::Stats s = prober.stop();

    QStringList steps;
    for (const auto &[ms, n] : std::as_const(timeline))
        steps << QStringLiteral("%1 by %2 ms").arg(n).arg(ms);
    const qsizetype acceptFailures = m_daemon->log().count("accepting a connection failed");
    qInfo().noquote() << "figure: 1,100 idle connections under RLIMIT_NOFILE 1024:" << connected << "connected in" << openedMs
                      << "ms; a real client's /healthz" << health.status << "in" << healthMs << "ms, /metrics" << metrics.status << "in"
                      << metricsMs << "ms; closed:" << steps.join(u", "_qs) << "; daemon descriptors" << baseline << "-> at most"
                      << s.maxDescriptors << "; accept failures logged:" << acceptFailures;
    figure(u"1,100 idle connections"_qs, s);

    QVERIFY2(health.complete && (health.status == 200 || health.status == 503), health.head.constData());
    QVERIFY2(healthMs < 1000, qPrintable(QString::number(healthMs)));
    QCOMPARE(metrics.status, 200);
    // Capacity under 1,024 descriptors is 1,024 - 128 held back: beyond it the oldest
    // unauthenticated connections were closed as the new ones came.
    QVERIFY2(closedAtFirstLook >= Count - 896 - 10, qPrintable(QString::number(closedAtFirstLook)));
    QCOMPARE(closedCount, Count); // the rest at the head timeout
    QVERIFY(s.maxDescriptors <= 1024);
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QVERIFY2(m_daemon->isRunning(), shortLog(m_daemon->log()).constData());
    // Still whole afterwards: a WebSocket client is served.
    WsClient ws;
    QVERIFY(ws.open(port, m_viewer));
    QVERIFY(ws.request(u"ping"_qs).value_or(QJsonObject()).value(u"ok"_qs).toBool());
    const QHash<QByteArray, double> m = scrape();
    QCOMPARE(m.value("connection_capacity"), 1024.0 - 128.0);
    QVERIFY2(m.value("connections_evicted_total") >= Count - 896 - 10, qPrintable(QString::number(m.value("connections_evicted_total"))));
    checkLag(u"1,100 idle connections"_qs);
}

// 1,100 connects at once from 69 addresses (16 each, within the per-address cap): a real
// client connecting right after is not left to the kernel's SYN retries (1 s, then 3 s).
void tst_Hostile::connectBurstDoesNotDelayOthers()
{
    QVERIFY(startDaemon());
    const quint16 port = m_daemon->port();
    QList<int> fds;
    for (int i = 0; i < 1100; ++i) {
        const QByteArray from = QStringLiteral("127.1.%1.%2").arg(i / 16).arg(i % 16 + 1).toLatin1();
        fds.append(rawhttp::startConnect(port, from.constData()));
    }
    QVERIFY(!fds.contains(-1));
    QList<qint64> times;
    for (int i = 0; i < 3; ++i) {
        qint64 ms = 0;
        const rawhttp::Answer a = rawhttp::request(port, rawhttp::head("GET", "/healthz", m_viewer), "127.0.0.2", 5000, &ms);
        times << (a.complete ? ms : -1);
        QTest::qWait(100);
    }
    for (int fd : std::as_const(fds))
        rawhttp::closeSocket(fd);
    qInfo().noquote() << "figure: /healthz from another address right after a burst of 1,100 connects:" << times << "ms";
    QVERIFY2(times.first() >= 0 && times.first() < 1000, qPrintable(QString::number(times.first())));
    QVERIFY(m_daemon->isRunning());
}

// ---- f: TLS ------------------------------------------------------------------------------

void tst_Hostile::tlsFingerprintIsWhatClientsSee()
{
    QVERIFY(startDaemon({{"tls", "\"on\""}}));
    const QString certFile = m_daemon->dataDir() + u"/tls-cert.pem"_qs;
    const QString keyFile = m_daemon->dataDir() + u"/tls-key.pem"_qs;
    QVERIFY(QFile::exists(certFile));
    QCOMPARE(QFile::permissions(keyFile) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    const DaemonProcess::Run cli = m_daemon->cli({u"tls"_qs, u"fingerprint"_qs});
    QCOMPARE(cli.exitCode, 0);
    const QString printed = QString::fromUtf8(cli.out).section(u' ', 1, 1);
    const TlsPeek peek = tlsConnect(m_daemon->port());
    QVERIFY2(peek.encrypted, qPrintable(peek.error));
    qInfo().noquote() << "figure: tls fingerprint prints" << printed << "; a client sees" << peek.fingerprint << "over" << peek.protocol;
    QCOMPARE(peek.fingerprint, printed);
    QVERIFY(m_daemon->log().contains(printed.toUtf8()));
    QVERIFY(peek.protocol == QSsl::TlsV1_3 || peek.protocol == QSsl::TlsV1_2);
    // And HTTPS on that port.
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(u"127.0.0.1"_qs, m_daemon->port());
    QVERIFY(socket.waitForEncrypted(5000));
    socket.write(rawhttp::head("GET", "/healthz", m_viewer));
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (!answer.contains("\r\n\r\n") && t.elapsed() < 5000 && socket.waitForReadyRead(1000))
        answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.1 503"), answer.left(200).constData());
}

void tst_Hostile::tlsPortGivesPlainTextNoAnswer()
{
    QVERIFY(startDaemon({{"tls", "\"on\""}}));
    const int fd = rawhttp::connectTo(m_daemon->port());
    QVERIFY(fd >= 0);
    QVERIFY(rawhttp::sendAll(fd, rawhttp::head("GET", "/healthz", m_viewer)));
    QByteArray received;
    const qint64 closedMs = rawhttp::msUntilClosed(fd, 4000, &received);
    rawhttp::closeSocket(fd);
    qInfo().noquote() << "figure: plain HTTP to the TLS port: closed after" << closedMs << "ms having received" << received.size()
                      << "bytes" << received.left(8).toHex(' ');
    QVERIFY2(!received.contains("HTTP/"), received.left(200).constData());
    QVERIFY2(closedMs >= 0 && closedMs < 2500, qPrintable(QString::number(closedMs)));
    // A TLS handshake that never starts, or stops after a record header, holds no connection
    // past the head timeout (1 s).
    const int silent = rawhttp::connectTo(m_daemon->port());
    const int partial = rawhttp::connectTo(m_daemon->port());
    QVERIFY(rawhttp::sendAll(partial, QByteArray::fromHex("160301020000")));
    qint64 partialMs = -1;
    std::thread other([&] { partialMs = rawhttp::msUntilClosed(partial, 4000); });
    const qint64 silentMs = rawhttp::msUntilClosed(silent, 4000);
    other.join();
    rawhttp::closeSocket(silent);
    rawhttp::closeSocket(partial);
    qInfo().noquote() << "figure: on the TLS port a silent connection closed after" << silentMs << "ms, a half ClientHello after" << partialMs << "ms";
    QVERIFY2(silentMs >= 0 && silentMs < 2500, qPrintable(QString::number(silentMs)));
    QVERIFY2(partialMs >= 0 && partialMs < 2500, qPrintable(QString::number(partialMs)));
    QVERIFY(m_daemon->isRunning());
    QVERIFY(tlsConnect(m_daemon->port()).encrypted); // and the port still serves TLS
}

void tst_Hostile::tlsOldProtocolsAndWeakSuitesRefused()
{
    QVERIFY(startDaemon({{"tls", "\"on\""}}));
    const QString target = u"127.0.0.1:"_qs + QString::number(m_daemon->port());
    auto client = [&](const QStringList &options) {
        return openssl(QStringList{u"s_client"_qs, u"-connect"_qs, target, u"-servername"_qs, u"localhost"_qs} + options);
    };
    // SECLEVEL=0 so that it is the daemon, not this client's OpenSSL, that refuses.
    const OpenSsl tls10 = client({u"-tls1"_qs, u"-cipher"_qs, u"DEFAULT@SECLEVEL=0"_qs});
    const OpenSsl tls11 = client({u"-tls1_1"_qs, u"-cipher"_qs, u"DEFAULT@SECLEVEL=0"_qs});
    const OpenSsl tls12 = client({u"-tls1_2"_qs});
    const OpenSsl tls13 = client({u"-tls1_3"_qs});
    const OpenSsl cbc = client({u"-tls1_2"_qs, u"-cipher"_qs, u"ECDHE-ECDSA-AES128-SHA:AES128-SHA@SECLEVEL=0"_qs});
    const OpenSsl gcm = client({u"-tls1_2"_qs, u"-cipher"_qs, u"ECDHE-ECDSA-AES128-GCM-SHA256"_qs});
    auto protocolOf = [](const OpenSsl &r) {
        for (const QByteArray &line : r.out.split('\n')) {
            if (line.trimmed().startsWith("Protocol") && line.contains(':'))
                return line.mid(line.indexOf(':') + 1).trimmed();
        }
        return QByteArray(r.out.contains("New, TLSv1.3") ? "TLSv1.3" : "");
    };
    qInfo().noquote() << "figure: openssl s_client: TLS 1.0 exit" << tls10.exitCode << "TLS 1.1 exit" << tls11.exitCode << "TLS 1.2 exit"
                      << tls12.exitCode << protocolOf(tls12) << "TLS 1.3 exit" << tls13.exitCode << "CBC/SHA-1 suites exit" << cbc.exitCode
                      << "ECDHE-ECDSA-AES128-GCM exit" << gcm.exitCode;
    QVERIFY2(tls10.exitCode != 0, tls10.out.right(500).constData());
    QVERIFY2(tls11.exitCode != 0, tls11.out.right(500).constData());
    QVERIFY2(tls12.exitCode == 0, tls12.out.right(500).constData());
    QVERIFY2(tls13.exitCode == 0, tls13.out.right(500).constData());
    QVERIFY2(cbc.exitCode != 0, cbc.out.right(500).constData());
    QVERIFY2(gcm.exitCode == 0, gcm.out.right(500).constData());
    QVERIFY(m_daemon->isRunning());
}

void tst_Hostile::tlsCertificateRotatesOnSighup()
{
    const QString a = m_base->filePath(u"a"_qs), b = m_base->filePath(u"b"_qs);
    QVERIFY(makeCertificate(a + u".pem"_qs, a + u".key"_qs, u"rotation-a"_qs));
    QVERIFY(makeCertificate(b + u".pem"_qs, b + u".key"_qs, u"rotation-b"_qs));
    const QString cert = m_base->filePath(u"served.pem"_qs), key = m_base->filePath(u"served.key"_qs);
    QVERIFY(replaceFile(a + u".pem"_qs, cert) && replaceFile(a + u".key"_qs, key));
    const QSslCertificate certA = QSslCertificate::fromPath(a + u".pem"_qs).value(0);
    const QSslCertificate certB = QSslCertificate::fromPath(b + u".pem"_qs).value(0);
    QVERIFY(!certA.isNull() && !certB.isNull());
    QVERIFY(startDaemon({{"tls", "\"on\""}, {"tls_cert_file", '"' + cert.toUtf8() + '"'}, {"tls_key_file", '"' + key.toUtf8() + '"'}}));
    const quint16 port = m_daemon->port();
    QCOMPARE(tlsConnect(port).fingerprint, fingerprintOf(certA));

    // A console connected before the rotation, trusting certificate A (self-signed) and nothing else.
    QWebSocket ws;
    QList<QSslError> unexpected;
    int pushes = 0;
    bool hello = false;
    connect(&ws, &QWebSocket::sslErrors, this, [&](const QList<QSslError> &errors) {
        for (const QSslError &e : errors) {
            const bool expected = e.certificate() == certA
                && (e.error() == QSslError::SelfSignedCertificate || e.error() == QSslError::SelfSignedCertificateInChain
                    || e.error() == QSslError::CertificateUntrusted);
            if (!expected)
                unexpected << e;
        }
        if (unexpected.isEmpty())
            ws.ignoreSslErrors();
    });
    connect(&ws, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QString type = QJsonDocument::fromJson(text.toUtf8()).object().value(u"type"_qs).toString();
        hello = hello || type == u"hello"_qs;
        pushes += type == u"metrics_update"_qs ? 1 : 0;
    });
    QNetworkRequest request(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(port)));
    request.setRawHeader("Authorization", "Bearer " + m_admin);
    ws.open(request);
    QTRY_VERIFY_WITH_TIMEOUT(hello, 5000);
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.value(0).errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(pushes >= 1, 5000);

    // Rotation: new files, SIGHUP.
    QVERIFY(replaceFile(b + u".pem"_qs, cert) && replaceFile(b + u".key"_qs, key));
    QElapsedTimer t;
    t.start();
    m_daemon->signal(SIGHUP);
    QString seen;
    while (t.elapsed() < 5000 && (seen = tlsConnect(port).fingerprint) != fingerprintOf(certB))
        QTest::qWait(20);
    const qint64 rotatedMs = t.elapsed();
    const int pushesAtRotation = pushes;
    QTRY_VERIFY_WITH_TIMEOUT(pushes >= pushesAtRotation + 2, 5000);
    qInfo().noquote() << "figure: after SIGHUP new connections saw the new certificate within" << rotatedMs << "ms; the connected wss client got"
                      << pushes - pushesAtRotation << "metrics_update pushes since";
    QCOMPARE(seen, fingerprintOf(certB));
    QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);

    // A broken pair on SIGHUP: refused, the certificate in use stays.
    QVERIFY(replaceFile(a + u".pem"_qs, cert));
    m_daemon->signal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(m_daemon->log().contains("not reloaded"), 5000);
    QCOMPARE(tlsConnect(port).fingerprint, fingerprintOf(certB));
    QVERIFY(m_daemon->isRunning());
    ws.close();
}

void tst_Hostile::tlsMismatchedPairRefusedAtStart()
{
    const QString a = m_base->filePath(u"m-a"_qs), b = m_base->filePath(u"m-b"_qs);
    QVERIFY(makeCertificate(a + u".pem"_qs, a + u".key"_qs, u"mismatch-a"_qs));
    QVERIFY(makeCertificate(b + u".pem"_qs, b + u".key"_qs, u"mismatch-b"_qs));
    m_daemon->setDescriptorLimit(0);
    QString error;
    const QByteArray toml = config({{"tls", "\"on\""},
                                    {"tls_cert_file", '"' + (a + u".pem"_qs).toUtf8() + '"'},
                                    {"tls_key_file", '"' + (b + u".key"_qs).toUtf8() + '"'}});
    QVERIFY(!m_daemon->start(toml, {}, &error, 5000));
    const int rc = m_daemon->waitForExit(5000);
    qInfo().noquote() << "figure: a mismatched key/certificate pair: exit" << rc << "-"
                      << m_daemon->log().mid(m_daemon->log().indexOf("cannot start")).left(300).trimmed();
    QCOMPARE(rc, 1);
    QVERIFY2(m_daemon->log().contains("does not belong to the certificate"), shortLog(m_daemon->log()).constData());
}

void tst_Hostile::tlsAutoOffLoopback()
{
    QVERIFY(startDaemon({{"tls", "\"auto\""}}, {u"--listen"_qs, u"0.0.0.0:0"_qs}));
    QVERIFY(m_daemon->log().contains("serving https/wss"));
    const TlsPeek peek = tlsConnect(m_daemon->port());
    QVERIFY2(peek.encrypted, qPrintable(peek.error));
    m_daemon->stop();
    QString error;
    QVERIFY(!m_daemon->start(config({{"tls", "\"off\""}}), {u"--listen"_qs, u"0.0.0.0:0"_qs}, &error, 5000));
    QCOMPARE(m_daemon->waitForExit(5000), 1);
    QVERIFY2(m_daemon->log().contains("allow_insecure_remote"), shortLog(m_daemon->log()).constData());
    // And on loopback "auto" means plain text.
    QVERIFY(startDaemon({{"tls", "\"auto\""}}));
    QVERIFY(m_daemon->log().contains("serving http/ws"));
}

// ---- g: every command, every role, both transports ---------------------------------------

void tst_Hostile::commandWalk()
{
    // The command table as the code has it.
    QStringList types;
    {
        QTemporaryDir dir;
        Daemon daemon(testsupport::testConfig(dir.path()), false, SystemClock::instance());
        QString error;
        QVERIFY2(daemon.start(&error), qPrintable(error));
        types = daemon.server()->commandTypes();
        daemon.shutdown();
    }
    QVERIFY(types.size() > 20);
    QVERIFY(types.contains(u"logout"_qs) && types.contains(u"diagnose"_qs) && types.contains(u"backup.restore"_qs));
    QVERIFY(startDaemon());
    const quint16 port = m_daemon->port();
    const QStringList roles{QString(), u"viewer"_qs, u"operator"_qs, u"admin"_qs};
    const QSet<QString> codes{u"bad_request"_qs, u"unauthorized"_qs, u"forbidden"_qs, u"not_found"_qs,
                              u"conflict"_qs,    u"too_large"_qs,    u"rate_limited"_qs, u"internal"_qs};
    QHash<QString, std::shared_ptr<WsClient>> sockets;
    auto socketFor = [&](const QString &role) -> WsClient * {
        std::shared_ptr<WsClient> &ws = sockets[role];
        if (!ws || !ws->isOpen()) {
            ws = std::make_shared<WsClient>();
            if (!ws->open(port, tokenFor(role)))
                return nullptr;
        }
        return ws.get();
    };
    int nextId = 0;
    auto overWs = [&](const QString &role, const QString &type) -> std::optional<QJsonObject> {
        WsClient *ws = socketFor(role);
        if (!ws)
            return std::nullopt;
        const QString id = QStringLiteral("walk-%1").arg(++nextId);
        ws->sendRaw(QStringLiteral("{\"type\":\"%1\",\"id\":\"%2\",\"data\":{}}").arg(type, id));
        return ws->waitFor([&id](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"result"_qs && m.value(u"id"_qs).toString() == id; },
                           30000);
    };
    auto overHttp = [&](const QString &role, const QString &type, int *status) -> std::optional<QJsonObject> {
        const QByteArray head = rawhttp::head("POST", "/api/v1/" + type.toLatin1(), tokenFor(role),
                                              "Content-Type: application/json\r\nContent-Length: 2\r\n");
        const rawhttp::Answer a = rawhttp::request(port, head + "{}", "127.0.0.1", 30000);
        *status = a.status;
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(a.body, &e);
        if (!a.complete || e.error != QJsonParseError::NoError || !doc.isObject())
            return std::nullopt;
        return doc.object();
    };
    auto httpStatusFor = [](const QString &code) {
        static const QHash<QString, int> map{{u"bad_request"_qs, 400}, {u"unauthorized"_qs, 401}, {u"forbidden"_qs, 403},
                                             {u"not_found"_qs, 404},   {u"conflict"_qs, 409},     {u"too_large"_qs, 413},
                                             {u"rate_limited"_qs, 429}, {u"internal"_qs, 500}};
        return map.value(code, 500);
    };
    // "ok" or the error code, after checking the answer's shape.
    auto outcome = [&](const std::optional<QJsonObject> &r, QStringList *problems, const QString &where) -> QString {
        if (!r) {
            *problems << where + u": no well-formed answer"_qs;
            return u"none"_qs;
        }
        if (!r->value(u"ok"_qs).isBool()) {
            *problems << where + u": no boolean ok"_qs;
            return u"none"_qs;
        }
        if (r->value(u"ok"_qs).toBool())
            return u"ok"_qs;
        const QJsonObject error = r->value(u"error"_qs).toObject();
        const QString code = error.value(u"code"_qs).toString();
        if (!codes.contains(code))
            *problems << where + u": unknown error code "_qs + code;
        if (error.value(u"message"_qs).toString().isEmpty())
            *problems << where + u": no message"_qs;
        return code;
    };

    QStringList problems;
    QList<double> healthMs;
    QHash<QString, QHash<QString, QString>> table; // type -> role -> "http/ws" outcome
    auto checkHealth = [&](const QString &after) {
        qint64 ms = 0;
        const rawhttp::Answer a = rawhttp::request(port, rawhttp::head("GET", "/healthz"), Prober, 3000, &ms);
        healthMs << double(ms);
        if (!a.complete || double(ms) > HealthBudgetMs)
            problems << QStringLiteral("/healthz took %1 ms after %2").arg(ms).arg(after);
    };
    QElapsedTimer walkTimer;
    walkTimer.start();
    for (const QString &type : std::as_const(types)) {
        if (type == u"logout"_qs)
            continue; // last, on connections of its own
        for (const QString &role : roles) {
            const QString who = role.isEmpty() ? u"no token"_qs : role;
            int status = 0;
            const QString http = outcome(overHttp(role, type, &status), &problems, u"HTTP "_qs + type + u" as "_qs + who);
            if (http != u"none"_qs && status != (http == u"ok"_qs ? 200 : httpStatusFor(http)))
                problems << QStringLiteral("HTTP %1 as %2: status %3 for %4").arg(type, who).arg(status).arg(http);
            checkHealth(u"HTTP "_qs + type);
            const QString ws = outcome(overWs(role, type), &problems, u"WebSocket "_qs + type + u" as "_qs + who);
            checkHealth(u"WebSocket "_qs + type);
            table[type][who] = http + u'/' + ws;

            const bool isPublic = type == u"login"_qs || type == u"auth"_qs;
            const bool denied = http == u"unauthorized"_qs || http == u"forbidden"_qs;
            if (denied != (ws == u"unauthorized"_qs || ws == u"forbidden"_qs))
                problems << QStringLiteral("%1 as %2: HTTP says %3, WebSocket %4").arg(type, who, http, ws);
            if (role.isEmpty() && !isPublic && (http != u"unauthorized"_qs || ws != u"unauthorized"_qs))
                problems << QStringLiteral("%1 without a token: %2/%3, not unauthorized").arg(type, http, ws);
            if (role == u"admin"_qs && denied && !isPublic)
                problems << QStringLiteral("%1 refused to the admin: %2").arg(type, http);
            if (http == u"internal"_qs || ws == u"internal"_qs)
                problems << QStringLiteral("%1 as %2 with {}: internal error %3/%4").arg(type, who, http, ws);
        }
        const QHash<QString, QString> &row = table[type];
        const bool viewerDenied = row.value(u"viewer"_qs).startsWith(u"forbidden"_qs);
        const bool operatorDenied = row.value(u"operator"_qs).startsWith(u"forbidden"_qs);
        if (operatorDenied && !viewerDenied)
            problems << type + u": the operator is refused but the viewer is not"_qs;
    }
    // Roles the issue names: a viewer never gets operator or admin commands.
    for (const char *type : {"user.add", "user.list", "token.create", "token.list", "token.revoke", "backup.restore", "alert_rule.set",
                             "alert_rule.delete"}) {
        QVERIFY2(table[QString::fromLatin1(type)][u"viewer"_qs] == u"forbidden/forbidden"_qs, type);
        QVERIFY2(table[QString::fromLatin1(type)][u"operator"_qs] == u"forbidden/forbidden"_qs, type);
    }
    for (const char *type : {"alert.ack", "alert.resolve", "health.run", "backup.create", "backup.drill", "silence.create", "audit.query",
                             "schedule.run"})
        QVERIFY2(table[QString::fromLatin1(type)][u"viewer"_qs] == u"forbidden/forbidden"_qs, type);
    // backup.restore with {} only fails validation.
    QVERIFY2(!table[u"backup.restore"_qs][u"admin"_qs].contains(u"ok"_qs), qPrintable(table[u"backup.restore"_qs][u"admin"_qs]));

    // logout: on connections of their own; an API token stays valid, a session token does not.
    for (const QString &role : roles) {
        const QString who = role.isEmpty() ? u"no token"_qs : role;
        int status = 0;
        const QString http = outcome(overHttp(role, u"logout"_qs, &status), &problems, u"HTTP logout as "_qs + who);
        sockets.remove(role);
        const QString ws = outcome(overWs(role, u"logout"_qs), &problems, u"WebSocket logout as "_qs + who);
        checkHealth(u"logout"_qs);
        table[u"logout"_qs][who] = http + u'/' + ws;
        if (role.isEmpty() && (http != u"unauthorized"_qs || ws != u"unauthorized"_qs))
            problems << QStringLiteral("logout without a token: %1/%2").arg(http, ws);
        if (!role.isEmpty() && (http != u"ok"_qs || ws != u"ok"_qs))
            problems << QStringLiteral("logout as %1: %2/%3").arg(who, http, ws);
    }
    QVERIFY(WsClient().open(port, m_viewer)); // the API token survived its logouts
    {
        const QByteArray body = R"({"username":"otto","password":"operator-password-1"})";
        const rawhttp::Answer login = rawhttp::request(
            port, rawhttp::head("POST", "/api/v1/login", {}, "Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body);
        QCOMPARE(login.status, 200);
        const QByteArray session = QJsonDocument::fromJson(login.body).object().value(u"data"_qs).toObject().value(u"token"_qs).toString().toUtf8();
        QVERIFY(!session.isEmpty());
        QCOMPARE(rawhttp::request(port, rawhttp::head("POST", "/api/v1/ping", session, "Content-Length: 0\r\n")).status, 200);
        QCOMPARE(rawhttp::request(port, rawhttp::head("POST", "/api/v1/logout", session, "Content-Length: 0\r\n")).status, 200);
        QCOMPARE(rawhttp::request(port, rawhttp::head("POST", "/api/v1/ping", session, "Content-Length: 0\r\n")).status, 401);
    }

    QStringList lines;
    for (const QString &type : std::as_const(types)) {
        const QHash<QString, QString> &row = table[type];
        lines << QStringLiteral("%1: none %2, viewer %3, operator %4, admin %5")
                     .arg(type, row.value(u"no token"_qs), row.value(u"viewer"_qs), row.value(u"operator"_qs), row.value(u"admin"_qs));
    }
    qInfo().noquote() << "figure: command walk," << types.size() << "commands x 4 roles x 2 transports in" << walkTimer.elapsed()
                      << "ms; /healthz after each call: p50" << HealthProber::percentile(healthMs, 0.5) << "ms, p99"
                      << HealthProber::percentile(healthMs, 0.99) << "ms, max"
                      << (healthMs.isEmpty() ? 0.0 : *std::max_element(healthMs.begin(), healthMs.end())) << "ms\n  "
                      << lines.join(u"\n  "_qs);
    m_lag << QStringLiteral("command walk: /healthz p99 %1 ms over %2 calls").arg(HealthProber::percentile(healthMs, 0.99)).arg(healthMs.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(m_daemon->isRunning());
    checkLag(u"command walk"_qs);
}


// ---- the fleet's host parameter: oversized, injected, wrongly typed, and a flood of watches --

void tst_Hostile::hostParametersAndWatchFlood()
{
    QVERIFY(startDaemon());
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    WsClient ws;
    QVERIFY(ws.open(m_daemon->port(), m_viewer));
    QVERIFY(ws.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; }));
    const QString own = ws.pushes(u"hello"_qs).value(0).value(u"data"_qs).toObject().value(u"host"_qs).toString();
    QVERIFY(!own.isEmpty());
    // A name no host has: not_found, the echo cut to 200 characters, whatever was sent.
    const QString huge(60000, u'h'); // under max_message_bytes (64 KiB); a larger frame closes the session
    for (const QString &type : {u"metrics.current"_qs, u"metrics.history"_qs, u"health.report"_qs, u"health.history"_qs,
                                u"logs.search"_qs, u"logs.analysis"_qs, u"metrics.watch"_qs}) {
        for (const QString &host : {huge, u"x' OR '1'='1"_qs, u"worker-1; DROP TABLE logs"_qs, u"tab\there\nnewline"_qs}) {
            QJsonObject data{{u"host"_qs, host}, {u"from"_qs, u"2026-01-01T00:00:00Z"_qs}};
            const auto r = ws.request(type, data, 10000);
            QVERIFY2(r, qPrintable(type));
            if (r->value(u"ok"_qs).toBool()) {
                // The log commands filter by host (every host's by default): no such host, no lines.
                QVERIFY2(type.startsWith(u"logs."_qs), qPrintable(type + u" answered ok for host "_qs + host.left(30)));
                QVERIFY(r->value(u"data"_qs).toObject().value(u"rows"_qs).toArray().isEmpty());
                continue;
            }
            const QJsonObject error = r->value(u"error"_qs).toObject();
            QVERIFY2(error.value(u"code"_qs).toString() == u"not_found"_qs || error.value(u"code"_qs).toString() == u"too_large"_qs,
                     qPrintable(type + u": "_qs + error.value(u"code"_qs).toString()));
            if (error.value(u"code"_qs).toString() == u"not_found"_qs) {
                QCOMPARE(error.value(u"key"_qs).toString(), u"error.unknown_host"_qs);
                QVERIFY(error.value(u"params"_qs).toObject().value(u"host"_qs).toString().size() <= 200);
            }
        }
        // Not a string: the daemon's own host, as when it is absent.
        const auto typed = ws.request(type, {{u"host"_qs, QJsonObject{{u"a"_qs, 1}}}, {u"from"_qs, u"2026-01-01T00:00:00Z"_qs}}, 10000);
        QVERIFY(typed);
        QVERIFY2(typed->value(u"ok"_qs).toBool() || typed->value(u"error"_qs).toObject().value(u"code"_qs).toString() != u"internal"_qs,
                 qPrintable(type));
    }
    // The query language's host: term with a hostile name is a query like any other.
    const auto search = ws.request(u"logs.search"_qs, QJsonObject{{u"query"_qs, QString(u"host:"_qs + QString(5000, u'z'))}}, 10000);
    QVERIFY(search);
    QVERIFY(search->value(u"ok"_qs).toBool() || search->value(u"error"_qs).toObject().value(u"code"_qs).toString() != u"internal"_qs);
    // A flood of watch changes: what passes the session's rate is answered, the rest is
    // rate_limited, the session stays open and its own samples keep coming.
    const int before = int(ws.pushes(u"metrics_update"_qs).size());
    for (int i = 0; i < 2000; ++i)
        ws.sendRaw(QStringLiteral("{\"type\":\"metrics.watch\",\"id\":\"w%1\",\"data\":{\"host\":\"%2\"}}").arg(i).arg(i % 2 ? own : QString()));
    QVERIFY(ws.waitFor([](const QJsonObject &m) { return m.value(u"id"_qs).toString() == u"w1999"_qs; }, 30000));
    int ok = 0, limited = 0;
    for (const QJsonObject &m : ws.messages()) {
        if (!m.value(u"id"_qs).toString().startsWith(u'w'))
            continue;
        if (m.value(u"ok"_qs).toBool())
            ++ok;
        else if (m.value(u"error"_qs).toObject().value(u"code"_qs).toString() == u"rate_limited"_qs)
            ++limited;
    }
    qInfo("watch flood: 2000 changes, %d answered, %d rate_limited", ok, limited);
    QCOMPARE(ok + limited, 2000);
    QVERIFY2(limited > 0 && ok >= 50, qPrintable(QStringLiteral("%1 answered, %2 rate_limited").arg(ok).arg(limited)));
    QVERIFY(ws.isOpen());
    QVERIFY(ws.waitFor([&](const QJsonObject &) { return ws.pushes(u"metrics_update"_qs).size() > before + 1; }, 10000));
    const HealthProber::Stats s = prober.stop();
    figure(u"hostile host parameters and a watch flood"_qs, s);
    QCOMPARE(s.failures, 0);
    QVERIFY(m_daemon->isRunning());
    checkLag(u"host parameters"_qs);
}

// ---- heavy reads and large batches run beside the loop, not on it -----------------------

void tst_Hostile::heavyIngestAndQueriesDoNotHoldTheLoop()
{
    QVERIFY(startDaemon());
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    // Two batches of ~120,000 lines each (~15 MB, under the 16 MiB limit), posted at once:
    // over a second of JSON parsing each, which must happen off the event loop.
    QByteArray batch;
    for (int i = 0; i < 120000; ++i)
        batch += "{\"level\":\"" + QByteArray(i % 7 ? "INFO" : "ERROR") + "\",\"logger\":\"worker\",\"message\":\"task "
                 + QByteArray::number(i) + " submitted form to https://site" + QByteArray::number(i % 900)
                 + ".example/contact\",\"extra\":{\"task_id\":" + QByteArray::number(i) + "}}\n";
    QVERIFY(batch.size() < 16 * MiB);
    QList<rawhttp::Answer> ingests(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            ingests[i] = rawhttp::request(m_daemon->port(),
                                          rawhttp::head("POST", "/api/v1/logs", m_operator,
                                                        "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(batch.size()) + "\r\n")
                                              + batch,
                                          "127.0.0.1", 120000);
        });
    }
    for (std::thread &t : threads)
        t.join();
    threads.clear();
    for (const rawhttp::Answer &a : std::as_const(ingests)) {
        QCOMPARE(a.status, 200);
        QVERIFY2(a.body.contains("\"accepted\":120000"), a.body.constData());
    }
    // Then a crowd of the most expensive queries a viewer can write: 32 excluded words in a
    // script the index cannot cut, so every row is scanned for each, as search and as
    // analysis, twelve at a time. Each is answered (rows, too_large past the budget, or
    // rate_limited when every reader is busy); none holds the loop.
    constexpr int Queries = 12; // under the test's cap of 16 connections per address
    QByteArray hostile;
    for (int i = 0; i < 32; ++i)
        hostile += "-\u691c\u7d22" + QByteArray::number(i) + ' ';
    const QByteArray body = "{\"query\":\"" + hostile.trimmed() + "\",\"limit\":1000}";
    QList<rawhttp::Answer> answers(Queries);
    QList<qint64> took(Queries);
    for (int i = 0; i < Queries; ++i) {
        threads.emplace_back([&, i] {
            const QByteArray path = i % 2 ? "/api/v1/logs.analysis" : "/api/v1/logs.search";
            answers[i] = rawhttp::request(m_daemon->port(),
                                          rawhttp::head("POST", path, m_viewer, "Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body,
                                          "127.0.0.1", 60000, &took[i]);
        });
    }
    for (std::thread &t : threads)
        t.join();
    const HealthProber::Stats s = prober.stop();
    QHash<QByteArray, int> outcomes;
    for (int i = 0; i < Queries; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(answers[i].body).object();
        const QByteArray outcome = o.value(u"ok"_qs).toBool() ? QByteArray("ok") : o.value(u"error"_qs).toObject().value(u"code"_qs).toString().toUtf8();
        QVERIFY2(outcome == "ok" || outcome == "too_large" || outcome == "rate_limited",
                 qPrintable(QStringLiteral("query %1 after %2 ms: %3 ").arg(i).arg(took[i]).arg(answers[i].status) + QString::fromUtf8(answers[i].body.left(300))));
        ++outcomes[outcome];
    }
    qInfo().noquote() << "figure: two 15 MB batches at once, then 12 hostile searches and analyses:"
                      << QStringLiteral("ok %1, too_large %2, rate_limited %3; slowest answer %4 ms")
                             .arg(outcomes.value("ok")).arg(outcomes.value("too_large")).arg(outcomes.value("rate_limited"))
                             .arg(*std::max_element(took.begin(), took.end()));
    figure(u"large batches and hostile queries"_qs, s);
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QCOMPARE(s.failures, 0);
    checkLag(u"large batches and hostile queries"_qs);
}

// A followed log file with a large backlog at start (300,000 lines, ~50 MB): read, parsed and
// stored on the follower's own thread while /healthz and the loop stay in budget.
void tst_Hostile::largeLogFileBacklogDoesNotHoldTheLoop()
{
    const QString path = m_base->filePath(u"service.jsonl"_qs);
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QByteArray chunk;
        for (int i = 0; i < 300000; ++i) {
            chunk += "{\"level\":\"INFO\",\"logger\":\"api\",\"message\":\"request " + QByteArray::number(i)
                     + " answered in 12 ms for https://site" + QByteArray::number(i % 900) + ".example/contact\"}\n";
            if (chunk.size() > 1 << 20) {
                out.write(chunk);
                chunk.clear();
            }
        }
        out.write(chunk + "{\"level\":\"INFO\",\"message\":\"backlog-end-marker\"}\n");
    }
    m_daemon->setDescriptorLimit(0);
    QString error;
    m_sinceStart.start();
    QVERIFY2(m_daemon->start(config() + "[logs]\nfiles = [\"" + path.toUtf8() + "\"]\n", {}, &error), qPrintable(error));
    HealthProber prober(m_daemon->port(), m_viewer, m_daemon->pid(), Prober);
    prober.start();
    QElapsedTimer timer;
    timer.start();
    const QByteArray body = "{\"query\":\"backlog-end-marker\"}";
    const QByteArray request = rawhttp::head("POST", "/api/v1/logs.search", m_viewer, "Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body;
    bool found = false;
    while (!found && timer.elapsed() < 120000) {
        QTest::qWait(250);
        found = rawhttp::request(m_daemon->port(), request).body.contains("backlog-end-marker");
    }
    const qint64 tookMs = timer.elapsed();
    const HealthProber::Stats s = prober.stop();
    QVERIFY2(found, "the whole file was stored");
    qInfo().noquote() << "figure: a 300,000-line log file followed from the start:" << QStringLiteral("searchable to its end after %1 ms").arg(tookMs);
    figure(u"large log file backlog"_qs, s);
    QVERIFY2(s.p99Ms < HealthBudgetMs, qPrintable(QString::number(s.p99Ms)));
    QCOMPARE(s.failures, 0);
    checkLag(u"large log file backlog"_qs);
}

QTEST_GUILESS_MAIN(tst_Hostile)
#include "tst_hostile.moc"
