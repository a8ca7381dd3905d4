#include "server/health/diagnosis.h"
#include "server/health/performance.h"
#include "server/health/probes.h"
#include "server/protocol/protocol.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 T0 = 1764300000000;

// A loopback HTTP server (plain or TLS): /ok answers 200 "ok", /fail 500, /slow never answers.
class Responder final : public QObject {
public:
    explicit Responder(QTcpServer *server)
        : m_server(server)
    {
        m_server->setParent(this);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    const QByteArray request = s->readAll();
                    if (request.startsWith("GET /slow"))
                        return; // let it time out
                    const bool ok = request.startsWith("GET /ok");
                    const QByteArray body = ok ? "status: ok" : "broken";
                    s->write("HTTP/1.1 " + QByteArray(ok ? "200 OK" : "500 Internal Server Error") + "\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\nDate: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1()
                             + "\r\nConnection: close\r\n\r\n" + body);
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server->listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server->serverPort(); }

private:
    QTcpServer *m_server;
};

CheckResult await(const std::function<void(CheckDone)> &start, int timeoutMs = 15000)
{
    std::optional<CheckResult> result;
    start([&](const CheckResult &r) { result = r; });
    QElapsedTimer waited;
    waited.start();
    while (!result && waited.elapsed() < timeoutMs)
        QTest::qWait(10);
    return result.value_or(CheckResult::failed(u"test.no_answer"_qs, u"no answer within the test's wait"_qs));
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

protocol::MetricsSample sample(qint64 ms, double diskFreeGb, double memory, double successRate, double errorRate = 0)
{
    protocol::MetricsSample s;
    s.timestampMs = ms;
    s.system.disk.total = quint64(100e9);
    s.system.disk.free = quint64(diskFreeGb * 1e9);
    s.system.disk.percent = 100 - diskFreeGb;
    s.system.memoryPercent = memory;
    s.system.cpuPercent = 20;
    s.tasks.available = true;
    s.tasks.successRate = successRate;
    s.performance.available = true;
    s.performance.errorRate = errorRate;
    s.performance.requestsPerMinute = 100;
    return s;
}

} // namespace

// Health probes against real peers on loopback (Redis, PostgreSQL, HTTP and TLS servers), the
// performance monitor against hand-computed windows, and the diagnosis rules on scenarios.
class tst_Health final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void performance_data();
    void performance();
    void endpoints();
    void requestBatches_data();
    void requestBatches();
    void redisHealthyStoppedAndBack();
    void redisPassword();
    void postgres();
    void httpEndpoints();
    void tlsCertificateDaysLeft();
    void tcpAndDns();
    void diagnosis_data();
    void diagnosis();
    void diagnosisReports();
};

void tst_Health::performance_data()
{
    QTest::addColumn<QList<double>>("seconds"); // one request per entry
    QTest::addColumn<QList<int>>("statuses");
    QTest::addColumn<QList<int>>("agesMs");    // how long before "now"
    QTest::addColumn<double>("average");
    QTest::addColumn<double>("errorRate");
    QTest::addColumn<double>("perMinute");
    QTest::addColumn<double>("p50");
    QTest::addColumn<double>("p95");
    QTest::newRow("empty") << QList<double>{} << QList<int>{} << QList<int>{} << 0.0 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("three") << QList<double>{0.1, 0.2, 0.6} << QList<int>{200, 200, 500} << QList<int>{1000, 2000, 3000}
                           << 0.3 << 33.33 << 3.0 << 0.2 << 0.6;
    // The ticket's window: only the last 60 s count (exactly 60 s old is out).
    QTest::newRow("window") << QList<double>{1.0, 0.1, 0.3} << QList<int>{500, 200, 200} << QList<int>{60000, 59999, 10}
                            << 0.2 << 0.0 << 2.0 << 0.1 << 0.3;
    QList<double> hundred;
    QList<int> ok, ages;
    for (int i = 1; i <= 100; ++i) {
        hundred << i / 1000.0;
        ok << (i <= 2 ? 503 : 200);
        ages << i * 100;
    }
    QTest::newRow("percentiles by nearest rank") << hundred << ok << ages << 0.05 << 2.0 << 100.0 << 0.050 << 0.095; // 0.0505 rounds as the ticket's Python round() does
}

void tst_Health::performance()
{
    QFETCH(QList<double>, seconds);
    QFETCH(QList<int>, statuses);
    QFETCH(QList<int>, agesMs);
    QFETCH(double, average);
    QFETCH(double, errorRate);
    QFETCH(double, perMinute);
    QFETCH(double, p50);
    QFETCH(double, p95);
    PerformanceMonitor monitor(T0 - 3600000);
    for (qsizetype i = 0; i < seconds.size(); ++i)
        monitor.add({T0 - agesMs.at(i), u"GET"_qs, u"/api/tasks"_qs, statuses.at(i), seconds.at(i), statuses.at(i) >= 500});
    const protocol::PerformanceMetrics m = monitor.overall(T0);
    QCOMPARE(m.averageResponseTime, average);
    QCOMPARE(m.errorRate, errorRate);
    QCOMPARE(m.requestsPerMinute, perMinute);
    QCOMPARE(m.p50, p50);
    QCOMPARE(m.p95, p95);
    QCOMPARE(m.uptime, 3600.0);
}

void tst_Health::endpoints()
{
    QCOMPARE(PerformanceMonitor::endpointOf(u"get"_qs, u"/api/tasks/123?page=2"_qs), u"GET /api/tasks/:id"_qs);
    QCOMPARE(PerformanceMonitor::endpointOf(u"POST"_qs, u"/api/tasks/3f2504e0-4f89-11d3-9a0c-0305e82c3301/run"_qs),
             u"POST /api/tasks/:id/run"_qs);
    QCOMPARE(PerformanceMonitor::endpointOf(u"GET"_qs, u"/"_qs), u"GET /"_qs);
    PerformanceMonitor monitor(T0);
    monitor.add({T0, u"GET"_qs, u"/api/tasks/1"_qs, 200, 0.1, false});
    monitor.add({T0, u"GET"_qs, u"/api/tasks/2"_qs, 500, 0.3, true});
    monitor.add({T0, u"POST"_qs, u"/api/forms"_qs, 201, 0.5, false});
    const QJsonObject snapshot = monitor.snapshot(T0 + 1);
    const QJsonObject tasks = snapshot.value(u"endpoints"_qs).toObject().value(u"GET /api/tasks/:id"_qs).toObject();
    QCOMPARE(tasks.value(u"requests_per_minute"_qs).toDouble(), 2.0);
    QCOMPARE(tasks.value(u"error_rate"_qs).toDouble(), 50.0);
    QCOMPARE(tasks.value(u"average_response_time"_qs).toDouble(), 0.2);
    QCOMPARE(snapshot.value(u"overall"_qs).toObject().value(u"requests_per_minute"_qs).toDouble(), 3.0);
}

void tst_Health::requestBatches_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("accepted"); // -1: refused
    QTest::newRow("array") << QByteArray(R"([{"method":"GET","path":"/a","status":200,"duration_ms":12}])") << 1;
    QTest::newRow("object") << QByteArray(R"({"requests":[{"path":"/a","status":500,"duration":0.5},{"path":"/b","status":204,"duration_ms":1}]})") << 2;
    QTest::newRow("not json") << QByteArray("[{") << -1;
    QTest::newRow("no status") << QByteArray(R"([{"path":"/a","duration_ms":1}])") << -1;
    QTest::newRow("negative duration") << QByteArray(R"([{"path":"/a","status":200,"duration_ms":-5}])") << -1;
    QTest::newRow("future") << QByteArray(R"([{"path":"/a","status":200,"duration_ms":1,"timestamp":"2030-01-01T00:00:00Z"}])") << -1;
    QTest::newRow("scalar") << QByteArray("42") << -1;
}

void tst_Health::requestBatches()
{
    QFETCH(QByteArray, body);
    QFETCH(int, accepted);
    QString error;
    const auto batch = PerformanceMonitor::parseBatch(body, T0, &error);
    QCOMPARE(batch.has_value(), accepted >= 0);
    if (batch)
        QCOMPARE(batch->size(), accepted);
    else
        QVERIFY(!error.isEmpty());
}

void tst_Health::redisHealthyStoppedAndBack()
{
    // The shared one from ./build.sh test first.
    const int shared = qEnvironmentVariableIntValue("FORMAUTO_TEST_REDIS_PORT");
    if (shared > 0) {
        const CheckResult r = await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, quint16(shared), {}, 2000, this, done); });
        QCOMPARE(r.status, u"healthy"_qs);
        QVERIFY(r.details.value(u"redis_version"_qs).toString().size() > 0);
        QVERIFY(r.details.value(u"connected_clients"_qs).toDouble() >= 1);
        QVERIFY(r.details.value(u"used_memory"_qs).toDouble() > 0);
    } else if (testsupport::servicesRequired()) {
        QFAIL("FORMAUTO_TEST_REQUIRE_SERVICES=1 but no FORMAUTO_TEST_REDIS_PORT: the shared redis-server was not started");
    }
    // One of our own, to stop and start.
    if (QStandardPaths::findExecutable(u"redis-server"_qs).isEmpty())
        REQUIRE_SERVICE_OR_SKIP("redis-server is not installed (./build.sh installs it)");
    QTemporaryDir dir;
    const quint16 port = freePort();
    auto startRedis = [&] {
        auto p = std::make_unique<QProcess>();
        p->start(u"redis-server"_qs, {u"--bind"_qs, u"127.0.0.1"_qs, u"--port"_qs, QString::number(port), u"--save"_qs, u""_qs,
                                      u"--appendonly"_qs, u"no"_qs, u"--dir"_qs, dir.path()});
        p->waitForStarted();
        QTcpSocket probe;
        for (int i = 0; i < 100; ++i) {
            probe.connectToHost(u"127.0.0.1"_qs, port);
            if (probe.waitForConnected(50))
                break;
            QTest::qWait(50);
        }
        return p;
    };
    auto redis = startRedis();
    QCOMPARE(await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, {}, 2000, this, done); }).status, u"healthy"_qs);
    redis->terminate();
    redis->waitForFinished(5000);
    const CheckResult down = await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, {}, 2000, this, done); });
    QCOMPARE(down.status, u"unhealthy"_qs);
    QCOMPARE(down.messageKey, u"health.unreachable"_qs);
    QVERIFY(down.responseTime < 2.0); // within one interval: refused at once, no waiting out the timeout
    redis = startRedis();
    QCOMPARE(await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, {}, 2000, this, done); }).status, u"healthy"_qs);
    redis->terminate();
    redis->waitForFinished(5000);
}

void tst_Health::redisPassword()
{
    if (QStandardPaths::findExecutable(u"redis-server"_qs).isEmpty())
        REQUIRE_SERVICE_OR_SKIP("redis-server is not installed (./build.sh installs it)");
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess redis;
    redis.start(u"redis-server"_qs, {u"--bind"_qs, u"127.0.0.1"_qs, u"--port"_qs, QString::number(port), u"--save"_qs, u""_qs,
                                     u"--requirepass"_qs, u"s3cret-pass"_qs, u"--dir"_qs, dir.path()});
    QVERIFY(redis.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(([port] {
        QTcpSocket probe;
        probe.connectToHost(u"127.0.0.1"_qs, port);
        return probe.waitForConnected(100);
    }()), 5000);
    QCOMPARE(await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, u"s3cret-pass"_qs, 2000, this, done); }).status, u"healthy"_qs);
    const CheckResult noPassword = await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, {}, 2000, this, done); });
    QCOMPARE(noPassword.messageKey, u"health.auth_failed"_qs);
    const CheckResult wrong = await([&](CheckDone done) { probes::redis(u"127.0.0.1"_qs, port, u"nope"_qs, 2000, this, done); });
    QCOMPARE(wrong.status, u"unhealthy"_qs);
    QCOMPARE(wrong.messageKey, u"health.auth_failed"_qs);
    QVERIFY(!wrong.details.value(u"error"_qs).toString().contains(u"nope"_qs)); // the password never shows
    QString host, password, error;
    quint16 parsedPort = 0;
    QVERIFY(probes::parseRedisUrl(u"redis://:pw@cache.example:6380/0"_qs, &host, &parsedPort, &password, &error));
    QCOMPARE(parsedPort, quint16(6380));
    QCOMPARE(password, u"pw"_qs);
    QVERIFY(!probes::parseRedisUrl(u"http://cache"_qs, &host, &parsedPort, &password, &error));
    redis.terminate();
    redis.waitForFinished(5000);
}

void tst_Health::postgres()
{
    const auto url = testsupport::postgresUrl();
    if (!url)
        REQUIRE_SERVICE_OR_SKIP("no PostgreSQL (./build.sh test starts one)");
    const CheckResult ok = await([&](CheckDone done) { probes::database(*url, u"SELECT 1"_qs, 2000, this, done); });
    QCOMPARE(ok.status, u"healthy"_qs);
    QCOMPARE(ok.details.value(u"backend"_qs).toString(), u"postgresql"_qs);
    const CheckResult slow = await([&](CheckDone done) { probes::database(*url, u"SELECT pg_sleep(5)"_qs, 500, this, done); });
    QCOMPARE(slow.status, u"unhealthy"_qs);
    QCOMPARE(slow.messageKey, u"health.timeout"_qs);
    QVERIFY(slow.responseTime < 3.0);
    DatabaseUrl wrongPort = *url;
    wrongPort.port = freePort();
    const CheckResult down = await([&](CheckDone done) { probes::database(wrongPort, u"SELECT 1"_qs, 2000, this, done); });
    QCOMPARE(down.status, u"unhealthy"_qs);
    QCOMPARE(down.messageKey, u"health.unreachable"_qs);
    QVERIFY(!down.details.value(u"error"_qs).toString().contains(url->password));
}

void tst_Health::httpEndpoints()
{
    Responder server(new QTcpServer);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    probes::HttpOptions options;
    auto check = [&](const QString &path, const probes::HttpOptions &o, int timeout = 2000) {
        return await([&](CheckDone done) { probes::http(&network, QUrl(base + path), o, timeout, QDateTime::currentMSecsSinceEpoch(), this, done); });
    };
    const CheckResult ok = check(u"/ok"_qs, options);
    QCOMPARE(ok.status, u"healthy"_qs);
    QCOMPARE(ok.details.value(u"status_code"_qs).toInt(), 200);
    QVERIFY(std::abs(ok.details.value(u"clock_skew_seconds"_qs).toDouble()) < 2);
    const CheckResult failing = check(u"/fail"_qs, options);
    QCOMPARE(failing.status, u"unhealthy"_qs);
    QCOMPARE(failing.messageKey, u"health.http_status"_qs);
    QCOMPARE(failing.details.value(u"status_code"_qs).toInt(), 500);
    probes::HttpOptions body = options;
    body.expectBody = u"healthy"_qs;
    QCOMPARE(check(u"/ok"_qs, body).messageKey, u"health.body_mismatch"_qs);
    const CheckResult slow = check(u"/slow"_qs, options, 500);
    QCOMPARE(slow.status, u"unhealthy"_qs);
    QCOMPARE(slow.messageKey, u"health.timeout"_qs);
    QVERIFY(slow.responseTime < 2.0);
}

void tst_Health::tlsCertificateDaysLeft()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QTemporaryDir dir;
    // A certificate that expires in three days, made for this test.
    const int rc = QProcess::execute(u"openssl"_qs, {u"req"_qs, u"-x509"_qs, u"-newkey"_qs, u"rsa:2048"_qs, u"-nodes"_qs,
                                                     u"-keyout"_qs, dir.filePath(u"key.pem"_qs), u"-out"_qs, dir.filePath(u"cert.pem"_qs),
                                                     u"-days"_qs, u"3"_qs, u"-subj"_qs, u"/CN=127.0.0.1"_qs,
                                                     u"-addext"_qs, u"subjectAltName=IP:127.0.0.1"_qs});
    if (rc != 0)
        QSKIP("the openssl command is not available");
    auto *tls = new QSslServer;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate::fromPath(dir.filePath(u"cert.pem"_qs)).first());
    QFile keyFile(dir.filePath(u"key.pem"_qs));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    config.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa));
    tls->setSslConfiguration(config);
    Responder server(tls);
    QNetworkAccessManager network;
    probes::HttpOptions options;
    options.caFile = dir.filePath(u"cert.pem"_qs);
    options.certificateWarningDays = 14;
    const CheckResult r = await([&](CheckDone done) {
        probes::http(&network, QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(server.port())), options, 3000,
                     QDateTime::currentMSecsSinceEpoch(), this, done);
    });
    QCOMPARE(r.status, u"healthy"_qs);
    QCOMPARE(r.level, u"warning"_qs);
    QCOMPARE(r.messageKey, u"health.certificate_expiring"_qs);
    const double days = r.details.value(u"certificate_days_left"_qs).toDouble();
    QVERIFY2(days > 2.5 && days <= 3.0, qPrintable(QString::number(days)));
    // Without the CA the handshake fails and says so (a fresh manager: no cached connection).
    probes::HttpOptions untrusted;
    QNetworkAccessManager fresh;
    const CheckResult refused = await([&](CheckDone done) {
        probes::http(&fresh, QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(server.port())), untrusted, 3000,
                     QDateTime::currentMSecsSinceEpoch(), this, done);
    });
    QCOMPARE(refused.status, u"unhealthy"_qs);
    QCOMPARE(refused.messageKey, u"health.tls_failed"_qs);
}

void tst_Health::tcpAndDns()
{
    QTcpServer listening;
    QVERIFY(listening.listen(QHostAddress::LocalHost, 0));
    QCOMPARE(await([&](CheckDone done) { probes::tcp(u"127.0.0.1"_qs, listening.serverPort(), 1000, this, done); }).status, u"healthy"_qs);
    const CheckResult closed = await([&](CheckDone done) { probes::tcp(u"127.0.0.1"_qs, freePort(), 1000, this, done); });
    QCOMPARE(closed.status, u"unhealthy"_qs);
    QCOMPARE(await([&](CheckDone done) { probes::dns(u"localhost"_qs, 2000, this, done); }).status, u"healthy"_qs);
    const CheckResult bad = await([&](CheckDone done) { probes::dns(u"no-such-host.invalid"_qs, 3000, this, done); });
    QCOMPARE(bad.status, u"unhealthy"_qs);
}

void tst_Health::diagnosis_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QStringList>("rules"); // findings expected, in order
    QTest::newRow("all well") << u"well"_qs << QStringList{};
    QTest::newRow("disk filling") << u"disk"_qs << QStringList{u"disk_full"_qs};
    QTest::newRow("disk noisy but flat") << u"disk_flat"_qs << QStringList{};
    QTest::newRow("memory leak") << u"memory"_qs << QStringList{u"memory_growth"_qs};
    QTest::newRow("errors with database down") << u"errors_db"_qs << QStringList{u"error_spike"_qs};
    QTest::newRow("stuck tasks") << u"stuck"_qs << QStringList{u"stuck_tasks"_qs};
    QTest::newRow("success rate falling") << u"success"_qs << QStringList{u"success_rate_falling"_qs};
    QTest::newRow("no backup") << u"nobackup"_qs << QStringList{u"backup_stale"_qs};
    QTest::newRow("backup failed verify") << u"badbackup"_qs << QStringList{u"backup_unverified"_qs};
    QTest::newRow("certificate and clock") << u"cert"_qs << QStringList{u"certificate_expiring"_qs, u"clock_skew"_qs};
    QTest::newRow("channel failing") << u"channel"_qs << QStringList{u"channel_failing"_qs};
    // "Nothing looks wrong" is not said while alerts fire or nobody would be told of one.
    QTest::newRow("alerts firing") << u"firing"_qs << QStringList{u"alerts_firing"_qs};
    QTest::newRow("acknowledged and info alerts") << u"handled"_qs << QStringList{};
    QTest::newRow("no channel") << u"nochannel"_qs << QStringList{u"nobody_notified"_qs};
    QTest::newRow("every serious channel failing") << u"allfailing"_qs << QStringList{u"channel_failing"_qs, u"nobody_notified"_qs};
}

void tst_Health::diagnosis()
{
    QFETCH(QString, scenario);
    QFETCH(QStringList, rules);
    DiagnosisInput in;
    in.nowMs = T0;
    in.backups = QJsonArray{QJsonObject{{u"name"_qs, u"full_backup_x.tar.zst"_qs}, {u"created"_qs, protocol::isoTimestamp(T0 - 3600000)},
                                        {u"verify_ok"_qs, true}, {u"drill_ok"_qs, true}}};
    in.tasks.available = true;
    for (int minute = 360; minute >= 0; --minute) {
        const qint64 t = T0 - qint64(minute) * 60000;
        double free = 40, memory = 45, success = 95, errors = 0.5;
        if (scenario == u"disk"_qs)
            free = 10 - (360 - minute) * 0.02; // -1.2 GB per hour, 2.8 GB left at the end: ~2.3 h
        if (scenario == u"disk_flat"_qs)
            free = 40 + ((minute % 7) - 3) * 0.01;
        if (scenario == u"memory"_qs)
            memory = 40 + (360 - minute) * 0.08; // +4.8 % per hour
        if (scenario == u"success"_qs && minute < 60)
            success = 60;
        if (scenario == u"errors_db"_qs && minute < 5)
            errors = 25;
        in.recent.append(sample(t, free, memory, success, errors));
    }
    QJsonObject checks{{u"database"_qs, QJsonObject{{u"status"_qs, u"healthy"_qs}, {u"response_time"_qs, 0.01}}}};
    if (scenario == u"errors_db"_qs) {
        checks.insert(u"database"_qs, QJsonObject{{u"status"_qs, u"unhealthy"_qs}, {u"response_time"_qs, 5.0}});
        in.logs.errorsRecent = 300;
        in.logs.baselinePerMinute = 0.5;
        in.logs.sampleLines = {u"connection to database timed out"_qs};
    }
    if (scenario == u"stuck"_qs) {
        in.tasks.stuck = 3;
        in.tasks.oldestRunningMinutes = 240;
    }
    if (scenario == u"nobackup"_qs)
        in.backups = {};
    if (scenario == u"badbackup"_qs)
        in.backups = QJsonArray{QJsonObject{{u"name"_qs, u"full_backup_x.tar.zst"_qs}, {u"created"_qs, protocol::isoTimestamp(T0 - 3600000)},
                                            {u"verify_ok"_qs, false}, {u"verify_message"_qs, u"files/a does not match its checksum"_qs}}};
    if (scenario == u"cert"_qs)
        checks.insert(u"http:api"_qs, QJsonObject{{u"status"_qs, u"healthy"_qs},
                                                  {u"details"_qs, QJsonObject{{u"certificate_days_left"_qs, 5.0}, {u"clock_skew_seconds"_qs, -42.0}}}});
    if (scenario == u"channel"_qs)
        checks.insert(u"notifications"_qs, QJsonObject{{u"details"_qs, QJsonObject{{u"channels"_qs, QJsonObject{{u"slack"_qs,
                          QJsonObject{{u"failing"_qs, true}, {u"queued"_qs, 4}, {u"last_error"_qs, u"HTTP 403"_qs}}}}}}}});
    auto alert = [](const QString &rule, const QString &level, const QString &state) {
        protocol::Alert a;
        a.id = rule;
        a.rule = rule;
        a.level = level;
        a.state = state;
        a.firedAtMs = T0 - 600000;
        return a;
    };
    if (scenario == u"firing"_qs)
        in.activeAlerts = {alert(u"cpu_high"_qs, u"warning"_qs, u"firing"_qs), alert(u"disk_full"_qs, u"error"_qs, u"firing"_qs)};
    if (scenario == u"handled"_qs)
        in.activeAlerts = {alert(u"cpu_high"_qs, u"error"_qs, u"acknowledged"_qs), alert(u"note"_qs, u"info"_qs, u"firing"_qs)};
    if (scenario == u"nochannel"_qs)
        checks.insert(u"notifications"_qs, QJsonObject{{u"status"_qs, u"unhealthy"_qs}, {u"message_key"_qs, u"health.no_channel"_qs},
                                                       {u"details"_qs, QJsonObject{{u"channels"_qs, QJsonObject{}},
                                                                                   {u"unrouted_levels"_qs, QJsonArray{u"error"_qs, u"critical"_qs}}}}});
    if (scenario == u"allfailing"_qs)
        checks.insert(u"notifications"_qs, QJsonObject{{u"status"_qs, u"unhealthy"_qs}, {u"message_key"_qs, u"health.level_all_failing"_qs},
                                                       {u"details"_qs, QJsonObject{{u"channels"_qs, QJsonObject{{u"slack"_qs,
                                                           QJsonObject{{u"failing"_qs, true}, {u"queued"_qs, 2}, {u"last_error"_qs, u"HTTP 500"_qs}}}}},
                                                                                   {u"all_failing_levels"_qs, QJsonArray{u"critical"_qs}}}}});
    in.health = {{u"checks"_qs, checks}};
    const QList<Finding> findings = diagnosis::run(in);
    QStringList got;
    for (const Finding &f : findings) {
        got << f.rule;
        QVERIFY(!f.title.isEmpty() && !f.action.isEmpty() && !f.cause.isEmpty());
        QVERIFY(!f.evidence.isEmpty());
    }
    QCOMPARE(got, rules);
    if (scenario == u"disk"_qs) {
        const double hours = findings.first().params.value(u"hours"_qs).toDouble();
        QVERIFY2(hours > 2.0 && hours < 2.6, qPrintable(QString::number(hours)));
        QCOMPARE(findings.first().severity, u"critical"_qs);
        QCOMPARE(findings.first().evidence.at(0).toObject().value(u"series"_qs).toString(), u"disk.free"_qs);
    }
    if (scenario == u"errors_db"_qs)
        QCOMPARE(findings.first().params.value(u"cause"_qs).toString(), u"database"_qs);
    if (scenario == u"firing"_qs) {
        QCOMPARE(findings.first().severity, u"error"_qs); // the worst of the two
        QCOMPARE(findings.first().params.value(u"count"_qs).toInt(), 2);
    }
}

void tst_Health::diagnosisReports()
{
    Finding f;
    f.rule = u"clock_skew"_qs;
    f.severity = u"warning"_qs;
    f.title = u"<script>alert(1)</script> & co"_qs;
    f.explanation = u"x"_qs;
    f.cause = u"y"_qs;
    f.action = u"z"_qs;
    f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"note"_qs, u"<b>"_qs}});
    const QString html = diagnosis::toHtml({f}, T0);
    QVERIFY(!html.contains(u"<script>"_qs));
    QVERIFY(html.contains(u"&lt;script&gt;"_qs));
    QVERIFY(!html.contains(u"<b>"_qs));
    QVERIFY(diagnosis::toMarkdown({f}, T0).contains(u"## [WARNING]"_qs));
    QVERIFY(diagnosis::toMarkdown({}, T0).contains(u"Nothing looks wrong"_qs));
    QCOMPARE(diagnosis::toJson({f}, T0).value(u"findings"_qs).toArray().at(0).toObject().value(u"message_key"_qs).toString(),
             u"diagnosis.clock_skew"_qs);
}

QTEST_GUILESS_MAIN(tst_Health)
#include "tst_health.moc"
