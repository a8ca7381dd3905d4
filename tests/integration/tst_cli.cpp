#include "server/config/config.h"
#include "server/storage/opsstore.h"
#include "tests/support/httpreceiver.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QTest>
#include <csignal>

// formauto-opsd as an operator runs it: a separate process, its exit codes and its output.
// The TCP port a process listens on, from /proc/net/tcp and its socket inodes.
static quint16 listeningPort(qint64 pid)
{
    QSet<QByteArray> inodes;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QFileInfo &fd : fds.entryInfoList(QDir::System | QDir::Files | QDir::NoDotAndDotDot)) {
        const QString target = fd.symLinkTarget();
        if (target.contains(u"socket:["_qs))
            inodes.insert(target.section(u'[', 1).chopped(1).toLatin1());
    }
    const QList<QByteArray> lines = testsupport::readFile(QStringLiteral("/proc/%1/net/tcp").arg(pid)).split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() > 9 && f[3] == "0A" && inodes.contains(f[9]))
            return quint16(f[1].split(':').value(1).toUShort(nullptr, 16));
    }
    return 0;
}

class tst_Cli final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void printDefaultConfig();
    void badConfigNamesLineAndColumn();
    void refusesRemoteBindWithoutOptIn();
    void userAddListAndToken();
    void runsLogsJsonAndStopsOnSigterm();
    void auditSurvivesKill9();
    void runsOnAPostgresStore();
    void alertsSurviveAReceiverOutageAndARestart();
    void backupKilledLeavesNoCompleteLookingArchive();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run run(const QStringList &args, const QByteArray &stdinData = {});
    QString m_binary;
};

void tst_Cli::initTestCase()
{
    m_binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(m_binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
}

tst_Cli::Run tst_Cli::run(const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    p.start(m_binary, args);
    p.waitForStarted();
    p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

void tst_Cli::printDefaultConfig()
{
    const Run r = run({u"--print-default-config"_qs});
    QCOMPARE(r.exitCode, 0);
    QString error;
    QVERIFY2(Config::fromToml(r.out, u"printed"_qs, &error), qPrintable(error));
    QVERIFY(r.out.contains("# "));
}

void tst_Cli::badConfigNamesLineAndColumn()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"bad.toml"_qs);
    testsupport::writeFile(file, "[server]\nlisten = \"127.0.0.1:9999\"\n\n[monitoring]\ninterval_seconds = 0\n");
    const Run r = run({u"--config"_qs, file, u"--data-dir"_qs, dir.filePath(u"data"_qs)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains((file + u":5:20: monitoring.interval_seconds must be between 1 and 3600"_qs).toUtf8()), r.err.constData());
    QVERIFY2(!QFile::exists(dir.filePath(u"data"_qs)), "nothing was started or created");
    testsupport::writeFile(file, "[server\n");
    const Run syntax = run({u"--config"_qs, file});
    QCOMPARE(syntax.exitCode, 2);
    QVERIFY2(syntax.err.contains((file + u":1:"_qs).toUtf8()), syntax.err.constData());
    QCOMPARE(run({u"--listen"_qs, u"nonsense"_qs}).exitCode, 2);
    QCOMPARE(run({u"frobnicate"_qs}).exitCode, 2);
}

void tst_Cli::refusesRemoteBindWithoutOptIn()
{
    // Off loopback TLS is on by default; plain text there needs both tls = "off" and the opt-in.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"plain.toml"_qs);
    testsupport::writeFile(file, "[server]\ntls = \"off\"\n");
    const Run r = run({u"--config"_qs, file, u"--data-dir"_qs, dir.filePath(u"data"_qs), u"--listen"_qs, u"0.0.0.0:0"_qs});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("allow_insecure_remote"), r.err.constData());
    QVERIFY2(!QFile::exists(dir.filePath(u"data/tls-key.pem"_qs)), "no certificate is made for a plain-text listener");
}

void tst_Cli::userAddListAndToken()
{
    QTemporaryDir dir;
    const QStringList base{u"--data-dir"_qs, dir.path()};
    Run r = run(base + QStringList{u"user"_qs, u"add"_qs, u"olga"_qs, u"--role"_qs, u"operator"_qs}, "olga-password-123\n");
    QCOMPARE(r.exitCode, 0);
    r = run(base + QStringList{u"user"_qs, u"add"_qs, u"olga"_qs, u"--role"_qs, u"operator"_qs}, "olga-password-123\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("exists"));
    r = run(base + QStringList{u"user"_qs, u"add"_qs, u"shorty"_qs, u"--role"_qs, u"viewer"_qs}, "short\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("at least 10"));
    QCOMPARE(run(base + QStringList{u"user"_qs, u"add"_qs, u"x"_qs, u"--role"_qs, u"root"_qs}, "long-enough-pw\n").exitCode, 2);
    r = run(base + QStringList{u"user"_qs, u"list"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("olga\toperator"));
    QVERIFY(!r.out.contains("olga-password"));
    r = run(base + QStringList{u"token"_qs, u"create"_qs, u"ci"_qs, u"--role"_qs, u"viewer"_qs, u"--user"_qs, u"olga"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.trimmed().startsWith("fat_"));
    r = run(base + QStringList{u"token"_qs, u"create"_qs, u"ci"_qs, u"--role"_qs, u"admin"_qs, u"--user"_qs, u"olga"_qs});
    QCOMPARE(r.exitCode, 1); // above the user's own role
}

void tst_Cli::runsLogsJsonAndStopsOnSigterm()
{
    QTemporaryDir dir;
    QProcess p;
    p.start(m_binary, {u"--demo"_qs, u"--data-dir"_qs, dir.path(), u"--listen"_qs, u"127.0.0.1:0"_qs});
    QVERIFY(p.waitForStarted());
    int port = 0;
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError(), err.contains("formauto-opsd listening")), 10000);
    QList<QJsonObject> lines;
    for (const QByteArray &line : err.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError e;
        const QJsonObject json = QJsonDocument::fromJson(line, &e).object();
        QVERIFY2(e.error == QJsonParseError::NoError, line.constData());
        for (const char *key : {"timestamp", "level", "logger", "message", "extra"})
            QVERIFY2(json.contains(QLatin1StringView(key)), line.constData());
        if (json.value(u"message"_qs).toString() == u"formauto-opsd listening"_qs)
            port = json.value(u"extra"_qs).toObject().value(u"port"_qs).toInt();
        lines << json;
    }
    QVERIFY(port > 0);
    const QByteArray password = testsupport::readFile(dir.filePath(u"initial-admin-password"_qs)).trimmed();
    QVERIFY(password.size() >= 20);
    QVERIFY2(!err.contains(password), "the initial password never goes to the log");
    QVERIFY2(!p.readAllStandardOutput().contains(password), "nor to a stdout that is not a terminal");

    // Ready once it serves and has its first sample (about a second after the start, when CPU
    // shares have a delta).
    QNetworkAccessManager nam;
    auto readyz = [&] {
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/readyz").arg(port))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(5000);
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QTRY_COMPARE_WITH_TIMEOUT(readyz(), 200, 5000);

    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardError().contains("formauto-opsd stopped"));
}

// Every audited action the daemon answered `ok` is in the log after a kill -9 mid-stream,
// and the chain still verifies.
void tst_Cli::auditSurvivesKill9()
{
    QTemporaryDir dir;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(m_binary, {u"--demo"_qs, u"--data-dir"_qs, dir.path(), u"--listen"_qs, u"127.0.0.1:0"_qs});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(u"demo-admin-token"_qs)), 10000);
    // The port: the daemon's own log line is on stderr, which is forwarded; ask /proc instead.
    quint16 port = 0;
    QTRY_VERIFY_WITH_TIMEOUT((port = listeningPort(p.processId())) > 0, 5000);
    WsClient client;
    QVERIFY(client.open(port, testsupport::readFile(dir.filePath(u"demo-admin-token"_qs)).trimmed()));
    QStringList acknowledged;
    int sent = 0;
    // Stream token creations (each one audited) without waiting for answers; kill while they fly.
    for (; sent < 400; ++sent)
        client.sendRaw(QStringLiteral("{\"type\":\"token.create\",\"id\":\"k%1\",\"data\":{\"name\":\"t%1\",\"role\":\"viewer\"}}").arg(sent));
    // Killed once more than 60 were acknowledged (the rest are in flight or rate_limited).
    auto acknowledgedSoFar = [&] {
        const QList<QJsonObject> all = client.messages();
        return std::count_if(all.cbegin(), all.cend(), [](const QJsonObject &m) {
            return m.value(u"type"_qs).toString() == u"result"_qs && m.value(u"ok"_qs).toBool();
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(acknowledgedSoFar() > 60, 10000);
    ::kill(pid_t(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished(5000));
    QTest::qWait(100);
    for (const QJsonObject &m : client.messages()) {
        if (m.value(u"type"_qs).toString() == u"result"_qs && m.value(u"ok"_qs).toBool() && m.value(u"id"_qs).toString().startsWith(u"k"_qs))
            acknowledged << m.value(u"data"_qs).toObject().value(u"id"_qs).toString();
    }
    QVERIFY2(acknowledged.size() > 50 && acknowledged.size() < sent, qPrintable(QString::number(acknowledged.size())));

    const Run verify = run({u"audit"_qs, u"verify"_qs, u"--data-dir"_qs, dir.path()});
    QVERIFY2(verify.exitCode == 0, verify.out.constData());
    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    OpsStore store(url, u"kill9"_qs);
    QString error;
    QVERIFY(store.open(&error));
    QSet<QString> audited;
    for (const protocol::AuditEntry &e : store.auditSince(0, 100000, &error)) {
        if (e.action == u"token.create"_qs)
            audited.insert(e.resourceId);
    }
    for (const QString &id : std::as_const(acknowledged))
        QVERIFY2(audited.contains(id), qPrintable(u"acknowledged but not audited: "_qs + id));
}

// The whole daemon with its ops store in PostgreSQL: users, audit chain, logs, rollups.
void tst_Cli::runsOnAPostgresStore()
{
    QString error;
    const auto url = testsupport::createPostgresDatabase(u"formauto_ops_daemon_test"_qs, &error);
    if (!url)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    QTemporaryDir dir;
    testsupport::writeFile(dir.filePath(u"pg.toml"_qs),
                           QStringLiteral("[store]\nurl = \"postgresql://%1@%2:%3/%4\"\n[monitoring]\ninterval_seconds = 1\n")
                               .arg(url->user, url->host).arg(url->port).arg(url->database).toUtf8());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"FORMAUTO_OPS_STORE_PASSWORD"_qs, url->password);
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(m_binary, {u"--demo"_qs, u"--config"_qs, dir.filePath(u"pg.toml"_qs), u"--data-dir"_qs, dir.path(), u"--listen"_qs, u"127.0.0.1:0"_qs});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(u"demo-admin-token"_qs)), 15000);
    quint16 port = 0;
    QTRY_VERIFY_WITH_TIMEOUT((port = listeningPort(p.processId())) > 0, 5000);
    WsClient client;
    QVERIFY(client.open(port, testsupport::readFile(dir.filePath(u"demo-admin-token"_qs)).trimmed()));
    QVERIFY(client.request(u"token.create"_qs, {{u"name"_qs, u"pg"_qs}, {u"role"_qs, u"viewer"_qs}})->value(u"ok"_qs).toBool());
    QVERIFY(client.request(u"user.add"_qs, {{u"username"_qs, u"petra"_qs}, {u"role"_qs, u"operator"_qs}, {u"password"_qs, u"petra-password-1"_qs}})
                ->value(u"ok"_qs).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(client.pushes(u"metrics_update"_qs).size() >= 2, 5000);
    // A log line written by the writer thread through its own PostgreSQL connection, found by full-text search.
    client.request(u"ping"_qs);
    QNetworkAccessManager nam;
    QNetworkRequest post(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/logs").arg(port)));
    post.setRawHeader("Authorization", "Bearer " + testsupport::readFile(dir.filePath(u"demo-admin-token"_qs)).trimmed());
    QNetworkReply *reply = nam.post(post, "{\"level\":\"error\",\"message\":\"pgstore smoke line\"}\n");
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!client.request(u"logs.search"_qs, {{u"query"_qs, u"smoke level:error"_qs}})
                                  ->value(u"data"_qs).toObject().value(u"rows"_qs).toArray().isEmpty(), 10000);
    const auto audit = client.request(u"audit.query"_qs, {{u"action"_qs, u"user.add"_qs}});
    QCOMPARE(audit->value(u"data"_qs).toObject().value(u"rows"_qs).toArray().size(), 1);
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QProcess verify;
    verify.setProcessEnvironment(env);
    verify.start(m_binary, {u"audit"_qs, u"verify"_qs, u"--config"_qs, dir.filePath(u"pg.toml"_qs), u"--data-dir"_qs, dir.path()});
    QVERIFY(verify.waitForFinished(20000));
    const QByteArray out = verify.readAllStandardOutput();
    QVERIFY2(verify.exitCode() == 0 && out.contains("intact"), out.constData());
    testsupport::dropPostgresDatabase(u"formauto_ops_daemon_test"_qs);
}


// The webhook receiver is down while alerts fire; the daemon is killed -9 with deliveries
// pending and started again; then the receiver comes back. Every alert must arrive; the
// duplicates (at-least-once) are counted and reported.
void tst_Cli::alertsSurviveAReceiverOutageAndARestart()
{
    QTemporaryDir dir;
    quint16 receiverPort = 0;
    {
        QTcpServer probe; // a free port, then closed: connections are refused until the receiver listens
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        receiverPort = probe.serverPort();
    }
    testsupport::writeFile(dir.filePath(u"webhook-url"_qs), QStringLiteral("http://127.0.0.1:%1/hook\n").arg(receiverPort).toUtf8());
    QByteArray config = QStringLiteral(R"([server]
listen = "127.0.0.1:0"
[monitoring]
interval_seconds = 1
[auth]
password_hash_strength = "interactive"
[notify]
webhook_url_file = "%1"
route_warning = ["webhook"]
route_error = ["webhook"]
route_critical = ["webhook"]
allow_destinations = ["127.0.0.1/32"]
escalation = []
retry_initial_seconds = 1
[alerts]
default_rules = false
channel_failure_attempts = 3
)").arg(dir.filePath(u"webhook-url"_qs)).toUtf8();
    const char *series[] = {"cpu_percent", "memory.percent", "disk.percent", "load.1", "swap.percent"};
    for (int i = 0; i < 5; ++i)
        config += QStringLiteral("[[alerts.rule]]\nname = \"always_%1\"\nexpression = \"%2 >= 0\"\nlevel = \"warning\"\n")
                      .arg(i).arg(QLatin1StringView(series[i])).toUtf8();
    testsupport::writeFile(dir.filePath(u"opsd.toml"_qs), config);
    const QStringList args{u"--config"_qs, dir.filePath(u"opsd.toml"_qs), u"--data-dir"_qs, dir.path()};

    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    auto count = [&](const QString &sql) {
        OpsStore store(url, u"outage-%1"_qs.arg(QRandomGenerator::global()->generate()));
        QString error;
        if (!store.open(&error))
            return -1;
        QSqlQuery q(store.database());
        return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
    };

    QProcess first;
    first.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    first.setStandardErrorFile(dir.filePath(u"first.log"_qs));
    first.start(m_binary, args);
    QVERIFY(first.waitForStarted());
    // Listening means its store is open and migrated: only then does the test open it too
    // (two processes migrating one new SQLite file at once is a race of the test's making).
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(first.processId()) > 0, 15000);
    // Five alerts fire on the first sample; each delivery fails at least once (refused), and the
    // channel then counts as failing: a sixth alert.
    QTRY_VERIFY2_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM alerts WHERE rule LIKE 'always_%'"_qs) == 5, 
                              qPrintable(QStringLiteral("%1 alerts; daemon log:\n%2").arg(count(u"SELECT COUNT(*) FROM alerts WHERE rule LIKE 'always_%'"_qs))
                                             .arg(QString::fromUtf8(testsupport::readFile(dir.filePath(u"first.log"_qs)).right(3000)))),
                              15000);
    QTRY_VERIFY_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM notifications WHERE attempts > 0 AND status = 'pending'"_qs) >= 5, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM alerts WHERE rule = 'channel_failing'"_qs) == 1, 15000);
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished(5000));
    QCOMPARE(count(u"SELECT COUNT(*) FROM notifications WHERE status = 'sent'"_qs), 0);

    QProcess second;
    second.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    second.setStandardErrorFile(dir.filePath(u"second.log"_qs));
    second.start(m_binary, args);
    QVERIFY(second.waitForStarted());
    QTest::qWait(1500); // still down for a while after the restart
    testsupport::HttpReceiver receiver(receiverPort);
    QElapsedTimer receiverUp;
    receiverUp.start();
    QCOMPARE(receiver.port(), receiverPort);
    QSet<QString> all;
    {
        OpsStore store(url, u"outage-ids"_qs);
        QString error;
        QVERIFY(store.open(&error));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(u"SELECT id FROM alerts"_qs));
        while (q.next())
            all.insert(q.value(0).toString());
    }
    QCOMPARE(all.size(), 6); // a restart neither forgot nor duplicated an open alert
    QSet<QString> received;
    const bool allReceived = QTest::qWaitFor([&] {
        received.clear();
        for (const QByteArray &body : std::as_const(receiver.bodies)) {
            const QJsonObject alert = QJsonDocument::fromJson(body).object().value(u"alert"_qs).toObject();
            if (alert.value(u"state"_qs).toString() == u"firing"_qs)
                received.insert(alert.value(u"id"_qs).toString());
        }
        return received.contains(all);
    }, 30000);
    // Within seconds of the receiver coming back: a retry that could not be recorded (SQLite
    // "database is locked" while the notifier's read was still open) once kept its claim and
    // waited out the 60 s lease.
    qInfo("outage: every alert received %lld ms after the receiver came back", qint64(receiverUp.elapsed()));
    // What the restarted daemon said of its notifications, when they did not all arrive.
    QVERIFY2(allReceived, qPrintable(QStringLiteral("%1 of %2 received; the daemon's notification lines:\n%3")
                                         .arg(received.size()).arg(all.size())
                                         .arg(QString::fromUtf8(testsupport::readFile(dir.filePath(u"second.log"_qs)))
                                                  .split(u'\n').filter(u"otification"_qs).join(u'\n').right(4000))));
    QTRY_COMPARE_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM notifications WHERE status = 'pending'"_qs), 0, 15000);
    // Once the channel works again, its failing alert resolves.
    // (retries back off: under load the first success after the outage may take a while)
    QTRY_COMPARE_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM alerts WHERE rule = 'channel_failing' AND state = 'resolved'"_qs), 1, 30000);
    const int failed = count(u"SELECT COUNT(*) FROM alert_events WHERE kind = 'notification_failed'"_qs);
    QVERIFY(failed >= 5);
    QVERIFY(count(u"SELECT COUNT(*) FROM alert_events WHERE kind = 'notified'"_qs) >= 6);
    const int firingBodies = int(std::count_if(receiver.bodies.cbegin(), receiver.bodies.cend(), [](const QByteArray &b) {
        return QJsonDocument::fromJson(b).object().value(u"alert"_qs).toObject().value(u"state"_qs).toString() == u"firing"_qs;
    }));
    qInfo("outage: %lld alerts, %d firing deliveries received, %lld duplicates, %d failed attempts recorded",
          qint64(all.size()), firingBodies, qint64(firingBodies - received.size()), failed);
    ::kill(pid_t(second.processId()), SIGTERM);
    QVERIFY(second.waitForFinished(10000));
}

// `backup create` killed -9 at random moments: what is left never lists as a backup, and
// every archive that does list verifies.
void tst_Cli::backupKilledLeavesNoCompleteLookingArchive()
{
    QTemporaryDir dir;
    QByteArray noise(8 * 1024 * 1024, Qt::Uninitialized);
    for (int file = 0; file < 8; ++file) {
        for (qsizetype i = 0; i < noise.size(); i += 4)
            *reinterpret_cast<quint32 *>(noise.data() + i) = QRandomGenerator::global()->generate();
        testsupport::writeFile(dir.filePath(u"uploads/part%1.bin"_qs.arg(file)), noise);
    }
    testsupport::writeFile(dir.filePath(u"opsd.toml"_qs),
                           QStringLiteral("[backup]\ndirectories = [\"%1\"]\ncompression_level = 9\n").arg(dir.filePath(u"uploads"_qs)).toUtf8());
    const QStringList common{u"--config"_qs, dir.filePath(u"opsd.toml"_qs), u"--data-dir"_qs, dir.filePath(u"data"_qs)};
    const QString backups = dir.filePath(u"data/backups"_qs);
    int killedMidway = 0;
    for (int round = 0; round < 6; ++round) {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(m_binary, QStringList{u"backup"_qs, u"create"_qs} + common);
        QVERIFY(p.waitForStarted());
        QTest::qWait(int(QRandomGenerator::global()->bounded(20, 400)));
        const bool running = p.state() == QProcess::Running;
        if (running && p.processId() > 0) // never kill(0): that is this process group
            ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.state() == QProcess::NotRunning || p.waitForFinished(5000));
        killedMidway += running ? 1 : 0;
        for (const QString &name : QDir(backups).entryList(QDir::Files)) {
            if (!name.startsWith(u"full_backup_"_qs) || name.endsWith(u".partial"_qs))
                continue; // a partial file never looks like a backup
            const Run verify = run(QStringList{u"backup"_qs, u"verify"_qs, name} + common);
            QVERIFY2(verify.exitCode == 0, verify.out.constData());
        }
    }
    QVERIFY2(killedMidway >= 2, "the kills should mostly land while the backup runs");
    // The next run cleans the leftovers and lists only complete archives.
    const Run list = run(QStringList{u"backup"_qs, u"list"_qs} + common);
    QCOMPARE(list.exitCode, 0);
    QVERIFY(!list.out.contains(".partial"));
    for (const QString &name : QDir(backups).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
        QVERIFY2(!name.endsWith(u".partial"_qs) && !name.startsWith(u".work-"_qs), qPrintable(name));
    const Run created = run(QStringList{u"backup"_qs, u"create"_qs} + common);
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const QString path = QString::fromUtf8(created.out).trimmed();
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(run(QStringList{u"backup"_qs, u"verify"_qs, path} + common).exitCode, 0);
    qInfo("backup killed -9 while running in %d of 6 rounds; no complete-looking archive was left", killedMidway);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
