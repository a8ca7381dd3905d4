#include "server/api/opsserver.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/monitoring/metricshub.h"
#include "server/storage/opsstore.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// The daemon in-process on port 0 with a 1 s interval, talked to by real WebSocket and HTTP clients.
class tst_Daemon final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void wrongPasswordRefused();
    void loginGivesExpiringToken();
    void unauthenticatedIsRefusedThenClosed();
    void viewerDeniedAdminCommands();
    void metricsArriveAtTheInterval();
    void reconnectFillsTheGap();
    void oversizedMessageClosesWith1009();
    void badMessagesGetErrorCodes();
    void bearerOnUpgrade();
    void originAndPathChecked();
    void revokedTokenClosesSession();
    void twoHundredClients();
    void httpRoutes();
    void stuckClientIsDroppedOthersUnaffected();
    void alertRulesAndSilencesOverTheApi();
    void backupsOverTheApi();
    void healthPerformanceAndDiagnosis();

private:
    QByteArray apiToken(protocol::Role role);
    std::pair<int, QByteArray> http(const QString &method, const QString &path, const QByteArray &token = {},
                                    const QByteArray &body = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Daemon> m_daemon;
    QString m_adminPassword;
    quint16 m_port = 0;
};

void tst_Daemon::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Config config = testsupport::testConfig(m_dir->path());
    config.server.maxMessageBytes = 4096;
    config.server.maxCommandBodyBytes = 4096;
    config.server.maxConnectionsPerAddress = 1000; // twoHundredClients, all from 127.0.0.1
    config.server.allowedOrigins = {u"https://ops.example"_qs};
    config.server.clientQueueLimitBytes = 64 * 1024;
    config.server.clientStallDropMs = 1500;
    config.logs.maxBatchBytes = 64 * 1024;
    m_daemon = std::make_unique<Daemon>(config, true, SystemClock::instance());
    QString error;
    QVERIFY2(m_daemon->start(&error, &m_adminPassword), qPrintable(error));
    m_port = m_daemon->port();
    QVERIFY(m_port > 0);
    // The first sample comes once CPU and rates have a delta, about a second after the start
    // (never a first-tick 0 %); the tests below read it.
    QVERIFY(!m_daemon->hub()->latest());
    QTRY_VERIFY_WITH_TIMEOUT(m_daemon->hub()->latest().has_value(), 5000);
    QCOMPARE(QString::fromUtf8(testsupport::readFile(m_dir->filePath(u"initial-admin-password"_qs))).trimmed(), m_adminPassword);
    QCOMPARE(QFile::permissions(m_dir->filePath(u"initial-admin-password"_qs)),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
    QVERIFY2(m_daemon->auth()->addUserBlocking(u"vera"_qs, u"viewer-password-1"_qs, protocol::Role::Viewer, &error), qPrintable(error));
}

void tst_Daemon::cleanup()
{
    m_daemon.reset();
    m_dir.reset();
}

QByteArray tst_Daemon::apiToken(protocol::Role role)
{
    QString id, code, error;
    const auto token = m_daemon->auth()->createApiToken(u"admin"_qs, u"test"_qs, role, -1, &id, &code, &error);
    return token ? token->toUtf8() : QByteArray();
}

std::pair<int, QByteArray> tst_Daemon::http(const QString &method, const QString &path, const QByteArray &token, const QByteArray &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = method == u"POST"_qs ? nam.post(request, body) : nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    reply->deleteLater();
    return {status, data};
}

void tst_Daemon::wrongPasswordRefused()
{
    WsClient c;
    QVERIFY(c.open(m_port));
    const auto r = c.request(u"login"_qs, {{u"username"_qs, u"admin"_qs}, {u"password"_qs, u"wrong-password"_qs}});
    QVERIFY(r);
    QCOMPARE(r->value(u"ok"_qs).toBool(true), false);
    QCOMPARE(r->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"unauthorized"_qs);
    // An unknown user gets the same answer.
    const auto u = c.request(u"login"_qs, {{u"username"_qs, u"nobody"_qs}, {u"password"_qs, u"whatever-pw"_qs}});
    QCOMPARE(u->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"unauthorized"_qs);
    // Still not authenticated.
    const auto m = c.request(u"metrics.current"_qs);
    QCOMPARE(m->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"unauthorized"_qs);
    // Failed logins are audited, and the password is nowhere in the audit row.
    QString error;
    const auto audit = m_daemon->store()->auditSince(0, 100, &error);
    QVERIFY(std::any_of(audit.begin(), audit.end(), [](const protocol::AuditEntry &e) {
        return e.action == u"auth.login_failed"_qs && e.resourceId == u"admin"_qs && e.ipAddress == u"127.0.0.1"_qs;
    }));
    for (const auto &e : audit)
        QVERIFY(!QJsonDocument(e.toJson()).toJson().contains("wrong-password"));
}

void tst_Daemon::loginGivesExpiringToken()
{
    WsClient c;
    QVERIFY(c.open(m_port));
    const auto r = c.request(u"login"_qs, {{u"username"_qs, u"admin"_qs}, {u"password"_qs, m_adminPassword}});
    QVERIFY(r);
    QVERIFY2(r->value(u"ok"_qs).toBool(), QJsonDocument(*r).toJson().constData());
    const QJsonObject data = r->value(u"data"_qs).toObject();
    QCOMPARE(data.value(u"role"_qs).toString(), u"admin"_qs);
    const qint64 expires = protocol::parseIsoTimestamp(data.value(u"expires_at"_qs).toString());
    QVERIFY(expires > QDateTime::currentMSecsSinceEpoch() + 11 * 3600 * 1000LL);
    const QString token = data.value(u"token"_qs).toString();
    QVERIFY(token.size() >= 40);
    // hello follows the login, then the latest sample.
    const auto hello = c.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; });
    QVERIFY(hello);
    QCOMPARE(hello->value(u"data"_qs).toObject().value(u"protocol"_qs).toInt(), 1);
    QCOMPARE(hello->value(u"data"_qs).toObject().value(u"role"_qs).toString(), u"admin"_qs);

    WsClient second;
    QVERIFY(second.open(m_port));
    QVERIFY(second.auth(token));
    QVERIFY(second.request(u"user.list"_qs)->value(u"ok"_qs).toBool());
    // Logout revokes the session token.
    QVERIFY(second.request(u"logout"_qs)->value(u"ok"_qs).toBool());
    QVERIFY(second.waitClosed());
    WsClient third;
    QVERIFY(third.open(m_port));
    QVERIFY(!third.auth(token));
}

void tst_Daemon::unauthenticatedIsRefusedThenClosed()
{
    WsClient c;
    QVERIFY(c.open(m_port));
    const auto r = c.request(u"metrics.history"_qs, {{u"from"_qs, u"2026-01-01T00:00:00Z"_qs}});
    QCOMPARE(r->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"unauthorized"_qs);
    QVERIFY(c.pushes(u"metrics_update"_qs).isEmpty());
    QVERIFY(c.waitClosed(3000)); // auth_timeout_ms = 1000 in the test config
    QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
}

void tst_Daemon::viewerDeniedAdminCommands()
{
    WsClient c;
    QVERIFY(c.open(m_port));
    QVERIFY(c.login(u"vera"_qs, u"viewer-password-1"_qs));
    for (const char *type : {"user.add", "user.list", "token.create", "token.revoke"}) {
        const auto r = c.request(QString::fromLatin1(type), {{u"username"_qs, u"mallory"_qs}, {u"role"_qs, u"admin"_qs},
                                                             {u"password"_qs, u"long-enough-pw"_qs}, {u"name"_qs, u"x"_qs}});
        QVERIFY(r);
        QCOMPARE(r->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"forbidden"_qs);
    }
    QVERIFY(c.request(u"metrics.current"_qs)->value(u"ok"_qs).toBool());
    // Alerts: a viewer reads them but cannot acknowledge or resolve.
    QVERIFY(c.request(u"alerts.list"_qs)->value(u"ok"_qs).toBool());
    for (const char *type : {"alert.ack", "alert.resolve"})
        QCOMPARE(c.request(QString::fromLatin1(type), {{u"id"_qs, u"any"_qs}})->value(u"error"_qs).toObject().value(u"code"_qs).toString(),
                 u"forbidden"_qs);
    QString error;
    QVERIFY(!m_daemon->store()->userByName(u"mallory"_qs, &error));
    // The admin can; the action is audited with who did it.
    WsClient admin;
    QVERIFY(admin.open(m_port));
    QVERIFY(admin.login(u"admin"_qs, m_adminPassword));
    const auto added = admin.request(u"user.add"_qs, {{u"username"_qs, u"otto"_qs}, {u"role"_qs, u"operator"_qs},
                                                      {u"password"_qs, u"operator-password"_qs}});
    QVERIFY2(added->value(u"ok"_qs).toBool(), QJsonDocument(*added).toJson().constData());
    QCOMPARE(admin.request(u"alert.ack"_qs, {{u"id"_qs, u"no-such-alert"_qs}})->value(u"error"_qs).toObject().value(u"code"_qs).toString(),
             u"not_found"_qs);
    const auto again = admin.request(u"user.add"_qs, {{u"username"_qs, u"otto"_qs}, {u"role"_qs, u"operator"_qs},
                                                      {u"password"_qs, u"operator-password"_qs}});
    QCOMPARE(again->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"conflict"_qs);
    const auto audit = m_daemon->store()->auditSince(0, 100, &error);
    const auto adminUser = m_daemon->store()->userByName(u"admin"_qs, &error);
    QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const protocol::AuditEntry &e) {
        return e.action == u"user.add"_qs && e.resourceId == u"otto"_qs && e.userId == adminUser->id;
    }));
}

void tst_Daemon::metricsArriveAtTheInterval()
{
    WsClient c;
    QVERIFY(c.open(m_port, apiToken(protocol::Role::Viewer)));
    QTRY_VERIFY_WITH_TIMEOUT(c.pushes(u"metrics_update"_qs).size() >= 4, 8000);
    const auto pushes = c.pushes(u"metrics_update"_qs);
    // The first is the latest sample sent on connect; the next ones arrive once a second.
    for (qsizetype i = 2; i < pushes.size(); ++i) {
        const qint64 gap = protocol::parseIsoTimestamp(pushes[i].value(u"timestamp"_qs).toString())
                           - protocol::parseIsoTimestamp(pushes[i - 1].value(u"timestamp"_qs).toString());
        QVERIFY2(gap >= 500 && gap <= 1500, qPrintable(QString::number(gap))); // 1 s, with room for a loaded CI machine
        QCOMPARE(pushes[i].value(u"seq"_qs).toInt(), pushes[i - 1].value(u"seq"_qs).toInt() + 1);
    }
    const QJsonObject data = pushes.last().value(u"data"_qs).toObject();
    QString error;
    const auto sample = protocol::MetricsSample::fromJson(data, &error);
    QVERIFY2(sample, qPrintable(error));
    QVERIFY(sample->demo);
    QVERIFY2(sample->tasks.available, qPrintable(sample->tasks.error));
    QVERIFY(sample->tasks.totalCompleted > 0); // the demo's day of history
    QVERIFY(sample->system.memoryTotal > 0);
    QVERIFY(data.value(u"system"_qs).toObject().value(u"memory"_qs).toObject().contains(u"available"_qs));
}

void tst_Daemon::reconnectFillsTheGap()
{
    const QByteArray token = apiToken(protocol::Role::Viewer);
    qint64 lastSeq = 0;
    QString lastTimestamp;
    {
        WsClient c;
        QVERIFY(c.open(m_port, token));
        QTRY_VERIFY_WITH_TIMEOUT(c.pushes(u"metrics_update"_qs).size() >= 2, 5000);
        const QJsonObject last = c.pushes(u"metrics_update"_qs).last();
        lastSeq = last.value(u"seq"_qs).toInteger();
        lastTimestamp = last.value(u"timestamp"_qs).toString();
    }
    QTest::qWait(3200); // the client is away for three ticks
    WsClient c;
    QVERIFY(c.open(m_port, token));
    const auto hello = c.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; });
    QVERIFY(hello);
    const qint64 serverSeq = hello->value(u"data"_qs).toObject().value(u"last_seq"_qs).toInteger();
    QVERIFY2(serverSeq >= lastSeq + 3, qPrintable(QStringLiteral("%1 vs %2").arg(serverSeq).arg(lastSeq)));
    const auto r = c.request(u"metrics.history"_qs, {{u"from"_qs, lastTimestamp}});
    QVERIFY(r && r->value(u"ok"_qs).toBool());
    QList<qint64> seqs;
    for (const QJsonValue &v : r->value(u"data"_qs).toObject().value(u"samples"_qs).toArray())
        seqs << v.toObject().value(u"seq"_qs).toInteger();
    QVERIFY(!seqs.isEmpty());
    QCOMPARE(seqs.first(), lastSeq);
    for (qint64 s = lastSeq; s <= serverSeq; ++s)
        QVERIFY2(seqs.contains(s), qPrintable(QStringLiteral("missing seq %1").arg(s)));
}

void tst_Daemon::oversizedMessageClosesWith1009()
{
    WsClient bystander;
    QVERIFY(bystander.open(m_port, apiToken(protocol::Role::Viewer)));
    WsClient c;
    QVERIFY(c.open(m_port, apiToken(protocol::Role::Viewer)));
    c.sendRaw(u"{\"type\":\"ping\",\"data\":{\"pad\":\""_qs + QString(10000, u'x') + u"\"}}"_qs);
    QVERIFY(c.waitClosed());
    QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodeTooMuchData));
    const qsizetype before = bystander.pushes(u"metrics_update"_qs).size();
    QTRY_VERIFY_WITH_TIMEOUT(bystander.pushes(u"metrics_update"_qs).size() > before, 3000);
    QVERIFY(bystander.isOpen());
}

void tst_Daemon::badMessagesGetErrorCodes()
{
    WsClient c;
    QVERIFY(c.open(m_port, apiToken(protocol::Role::Viewer)));
    c.sendRaw(u"{nope"_qs);
    auto r = c.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"result"_qs; });
    QVERIFY(r);
    QCOMPARE(r->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"bad_request"_qs);
    QVERIFY(r->value(u"error"_qs).toObject().value(u"message"_qs).toString().contains(u"offset"_qs));
    auto u = c.request(u"no.such.thing"_qs);
    QCOMPARE(u->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"bad_request"_qs);
    auto h = c.request(u"metrics.history"_qs, {{u"from"_qs, u"yesterday"_qs}});
    QCOMPARE(h->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"bad_request"_qs);
    auto big = c.request(u"metrics.history"_qs, {{u"from"_qs, u"2020-01-01T00:00:00Z"_qs}, {u"step"_qs, 1}});
    QCOMPARE(big->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"too_large"_qs);
    c.socket().sendBinaryMessage(QByteArray("\x00\x01", 2));
    QTRY_VERIFY(c.messages().size() >= 6);
    QVERIFY(c.request(u"ping"_qs)->value(u"ok"_qs).toBool()); // still connected and served
}

void tst_Daemon::bearerOnUpgrade()
{
    WsClient good;
    QVERIFY(good.open(m_port, apiToken(protocol::Role::Operator)));
    const auto hello = good.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; });
    QVERIFY(hello);
    QCOMPARE(hello->value(u"data"_qs).toObject().value(u"role"_qs).toString(), u"operator"_qs);
    WsClient bad;
    bad.open(m_port, "fat_not-a-real-token-at-all-000000");
    QVERIFY(bad.waitClosed());
    QVERIFY(bad.pushes(u"hello"_qs).isEmpty());
}

void tst_Daemon::originAndPathChecked()
{
    const QByteArray token = apiToken(protocol::Role::Viewer);
    WsClient evil;
    evil.open(m_port, token, u"https://evil.example"_qs);
    QVERIFY(evil.waitClosed());
    QCOMPARE(evil.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
    QVERIFY(evil.pushes(u"metrics_update"_qs).isEmpty());
    WsClient allowed;
    QVERIFY(allowed.open(m_port, token, u"https://ops.example"_qs));
    QVERIFY(allowed.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; }));
    WsClient wrongPath;
    wrongPath.open(m_port, token, {}, u"/other"_qs);
    QVERIFY(wrongPath.waitClosed());
    QVERIFY(wrongPath.pushes(u"hello"_qs).isEmpty());
}

void tst_Daemon::revokedTokenClosesSession()
{
    WsClient admin;
    QVERIFY(admin.open(m_port, apiToken(protocol::Role::Admin)));
    const auto created = admin.request(u"token.create"_qs, {{u"name"_qs, u"grafana"_qs}, {u"role"_qs, u"viewer"_qs}});
    QVERIFY(created->value(u"ok"_qs).toBool());
    const QString token = created->value(u"data"_qs).toObject().value(u"token"_qs).toString();
    const QString id = created->value(u"data"_qs).toObject().value(u"id"_qs).toString();
    WsClient user;
    QVERIFY(user.open(m_port, token.toUtf8()));
    QVERIFY(user.waitFor([](const QJsonObject &m) { return m.value(u"type"_qs).toString() == u"hello"_qs; }));
    QVERIFY(admin.request(u"token.revoke"_qs, {{u"id"_qs, id}})->value(u"ok"_qs).toBool());
    QVERIFY(user.waitClosed());
    QCOMPARE(http(u"GET"_qs, u"/api/v1/metrics/current"_qs, token.toUtf8()).first, 401);
}

void tst_Daemon::twoHundredClients()
{
    const QByteArray token = apiToken(protocol::Role::Viewer);
    QTRY_VERIFY_WITH_TIMEOUT(m_daemon->hub()->latest().has_value(), 5000); // the first sample
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 200; ++i) {
        clients.push_back(std::make_unique<WsClient>());
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
        request.setRawHeader("Authorization", "Bearer " + token);
        clients.back()->socket().open(request);
    }
    const qint64 seqAtStart = m_daemon->hub()->latest()->seq;
    // Every client gets a tick that was published after all of them connected.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(), [&](const auto &c) {
        const auto p = c->pushes(u"metrics_update"_qs);
        return !p.isEmpty() && p.last().value(u"seq"_qs).toInteger() > seqAtStart + 1;
    }), 15000);
    QCOMPARE(m_daemon->server()->stats().clients, 200);
}

// An admin adds a rule that is true at once; it fires and is pushed. Operators silence it;
// viewers can read all of it but change none of it; bad input gets an error code.
void tst_Daemon::alertRulesAndSilencesOverTheApi()
{
    auto code = [](const std::optional<QJsonObject> &r) { return r->value(u"error"_qs).toObject().value(u"code"_qs).toString(); };
    WsClient viewer;
    QVERIFY(viewer.open(m_port));
    QVERIFY(viewer.login(u"vera"_qs, u"viewer-password-1"_qs));
    const auto rules = viewer.request(u"alert_rules.list"_qs);
    QVERIFY(rules->value(u"ok"_qs).toBool());
    QCOMPARE(rules->value(u"data"_qs).toObject().value(u"rules"_qs).toArray().size(), 6); // the defaults
    QVERIFY(rules->value(u"data"_qs).toObject().value(u"series"_qs).toArray().contains(u"tasks.success_rate"_qs));
    const QJsonObject always{{u"name"_qs, u"always"_qs}, {u"expression"_qs, u"cpu_percent >= 0"_qs}, {u"level"_qs, u"error"_qs},
                             {u"title"_qs, u"<b>always</b>"_qs}};
    QCOMPARE(code(viewer.request(u"alert_rule.set"_qs, always)), u"forbidden"_qs);
    QCOMPARE(code(viewer.request(u"silence.create"_qs, {{u"matchers"_qs, QJsonArray{u"rule=always"_qs}}})), u"forbidden"_qs);

    WsClient admin;
    QVERIFY(admin.open(m_port));
    QVERIFY(admin.login(u"admin"_qs, m_adminPassword));
    QCOMPARE(code(admin.request(u"alert_rule.set"_qs, {{u"name"_qs, u"x"_qs}, {u"expression"_qs, u"cpu_percent >> 1"_qs}})), u"bad_request"_qs);
    QCOMPARE(code(admin.request(u"alert_rule.set"_qs, {{u"name"_qs, u"x"_qs}, {u"expression"_qs, u"no_such.series > 1"_qs}})), u"bad_request"_qs);
    QCOMPARE(code(admin.request(u"alert_rule.set"_qs, {{u"name"_qs, u"Bad Name"_qs}, {u"expression"_qs, u"cpu_percent > 1"_qs}})), u"bad_request"_qs);
    QCOMPARE(code(admin.request(u"alert_rule.delete"_qs, {{u"name"_qs, u"cpu_high"_qs}})), u"not_found"_qs); // a config rule
    const auto set = admin.request(u"alert_rule.set"_qs, always);
    QVERIFY2(set->value(u"ok"_qs).toBool(), QJsonDocument(*set).toJson().constData());
    QTRY_VERIFY_WITH_TIMEOUT(!admin.pushes(u"alert_update"_qs).isEmpty(), 5000);
    const QJsonObject fired = admin.pushes(u"alert_update"_qs).first().value(u"data"_qs).toObject();
    QCOMPARE(fired.value(u"rule"_qs).toString(), u"always"_qs);
    QCOMPARE(fired.value(u"title"_qs).toString(), u"<b>always</b>"_qs);

    QCOMPARE(code(admin.request(u"silence.create"_qs, {{u"matchers"_qs, QJsonArray{u"rule=~(("_qs}}, {u"duration_seconds"_qs, 3600},
                                                       {u"comment"_qs, u"x"_qs}})), u"bad_request"_qs);
    QCOMPARE(code(admin.request(u"silence.create"_qs, {{u"matchers"_qs, QJsonArray{u"rule=always"_qs}}, {u"duration_seconds"_qs, 3600}})),
             u"bad_request"_qs); // no comment
    const auto silence = admin.request(u"silence.create"_qs, {{u"matchers"_qs, QJsonArray{u"rule=always"_qs}}, {u"duration_seconds"_qs, 3600},
                                                              {u"comment"_qs, u"known, fixing"_qs}});
    QVERIFY(silence->value(u"ok"_qs).toBool());
    const QString silenceId = silence->value(u"data"_qs).toObject().value(u"id"_qs).toString();
    QCOMPARE(viewer.request(u"silences.list"_qs)->value(u"data"_qs).toObject().value(u"silences"_qs).toArray().size(), 1);
    const auto alertId = fired.value(u"id"_qs).toString();
    const auto detail = viewer.request(u"alert.get"_qs, {{u"id"_qs, alertId}});
    QStringList kinds;
    for (const QJsonValue &e : detail->value(u"data"_qs).toObject().value(u"timeline"_qs).toArray())
        kinds << e.toObject().value(u"kind"_qs).toString();
    QCOMPARE(kinds, (QStringList{u"fired"_qs, u"silenced"_qs}));

    const auto status = viewer.request(u"notify.status"_qs);
    QVERIFY(status->value(u"ok"_qs).toBool());
    const QJsonObject critical = status->value(u"data"_qs).toObject().value(u"escalation"_qs).toObject().value(u"critical"_qs).toObject();
    QCOMPARE(critical.value(u"steps"_qs).toArray().size(), 3); // T+0 and the default two steps
    QCOMPARE(critical.value(u"reminder_seconds"_qs).toInt(), 3600);

    QCOMPARE(code(viewer.request(u"silence.expire"_qs, {{u"id"_qs, silenceId}})), u"forbidden"_qs);
    QVERIFY(admin.request(u"silence.expire"_qs, {{u"id"_qs, silenceId}})->value(u"ok"_qs).toBool());
    QCOMPARE(code(admin.request(u"silence.expire"_qs, {{u"id"_qs, silenceId}})), u"not_found"_qs);
    QVERIFY(admin.request(u"alert_rule.delete"_qs, {{u"name"_qs, u"always"_qs}})->value(u"ok"_qs).toBool());
    // Who did what is in the audit log.
    QString error;
    QStringList actions;
    for (const protocol::AuditEntry &e : m_daemon->store()->auditSince(0, 1000, &error))
        actions << e.action;
    for (const char *action : {"alert_rule.set", "silence.create", "silence.expire", "alert_rule.delete"})
        QVERIFY2(actions.contains(QLatin1StringView(action)), action);
}

// Backups driven through the API: roles per command, progress pushes, verify, drill, the dry
// run and the typed confirmation of a real restore, the schedule, the audit trail.
void tst_Daemon::backupsOverTheApi()
{
    auto code = [](const std::optional<QJsonObject> &r) { return r->value(u"error"_qs).toObject().value(u"code"_qs).toString(); };
    auto finished = [](WsClient &c, const QString &jobId) -> QJsonObject {
        for (const QJsonObject &p : c.pushes(u"backup_progress"_qs)) {
            const QJsonObject d = p.value(u"data"_qs).toObject();
            if (d.value(u"job_id"_qs).toString() == jobId && d.value(u"state"_qs).toString() != u"running"_qs)
                return d;
        }
        return {};
    };
    WsClient viewer;
    QVERIFY(viewer.open(m_port));
    QVERIFY(viewer.login(u"vera"_qs, u"viewer-password-1"_qs));
    QCOMPARE(code(viewer.request(u"backup.create"_qs)), u"forbidden"_qs);
    const auto empty = viewer.request(u"backups.list"_qs);
    QVERIFY(empty->value(u"ok"_qs).toBool());
    QCOMPARE(empty->value(u"data"_qs).toObject().value(u"backups"_qs).toArray().size(), 0);
    const QJsonArray jobs = empty->value(u"data"_qs).toObject().value(u"schedule"_qs).toArray();
    QCOMPARE(jobs.size(), 6); // backup, verify, restore drill, retention, log retention, diagnosis
    QVERIFY(jobs.at(0).toObject().value(u"next_run"_qs).isString());

    WsClient admin;
    QVERIFY(admin.open(m_port));
    QVERIFY(admin.login(u"admin"_qs, m_adminPassword));
    // Two at once: one job at a time.
    admin.sendRaw(u"{\"type\":\"backup.create\",\"id\":\"b1\"}"_qs);
    admin.sendRaw(u"{\"type\":\"backup.create\",\"id\":\"b2\"}"_qs);
    auto answer = [&](const QString &id) {
        for (const QJsonObject &m : admin.messages()) {
            if (m.value(u"id"_qs).toString() == id)
                return m;
        }
        return QJsonObject();
    };
    QTRY_VERIFY(!answer(u"b1"_qs).isEmpty() && !answer(u"b2"_qs).isEmpty());
    QVERIFY2(answer(u"b1"_qs).value(u"ok"_qs).toBool(), QJsonDocument(answer(u"b1"_qs)).toJson().constData());
    QCOMPARE(answer(u"b2"_qs).value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"conflict"_qs);
    const QString jobId = answer(u"b1"_qs).value(u"data"_qs).toObject().value(u"job_id"_qs).toString();
    QTRY_VERIFY_WITH_TIMEOUT(!finished(viewer, jobId).isEmpty(), 30000); // pushed to every console
    QJsonObject done = finished(admin, jobId);
    QCOMPARE(done.value(u"state"_qs).toString(), u"done"_qs);
    const QString name = done.value(u"result"_qs).toObject().value(u"name"_qs).toString();
    QVERIFY(name.startsWith(u"full_backup_"_qs));

    const auto verify = admin.request(u"backup.verify"_qs, {{u"name"_qs, name}});
    QVERIFY(verify->value(u"ok"_qs).toBool());
    const QString verifyId = verify->value(u"data"_qs).toObject().value(u"job_id"_qs).toString();
    QTRY_VERIFY_WITH_TIMEOUT(!finished(admin, verifyId).isEmpty(), 30000);
    QCOMPARE(finished(admin, verifyId).value(u"state"_qs).toString(), u"done"_qs);
    const auto drill = admin.request(u"backup.drill"_qs, {{u"name"_qs, name}});
    const QString drillId = drill->value(u"data"_qs).toObject().value(u"job_id"_qs).toString();
    QTRY_VERIFY_WITH_TIMEOUT(!finished(admin, drillId).isEmpty(), 30000);
    QVERIFY2(finished(admin, drillId).value(u"state"_qs).toString() == u"done"_qs, QJsonDocument(finished(admin, drillId)).toJson().constData());
    const auto list = viewer.request(u"backups.list"_qs)->value(u"data"_qs).toObject();
    const QJsonObject backup = list.value(u"backups"_qs).toArray().at(0).toObject();
    QCOMPARE(backup.value(u"verify_ok"_qs).toBool(), true);
    QCOMPARE(backup.value(u"drill_ok"_qs).toBool(), true);
    QVERIFY(list.value(u"summary"_qs).toObject().value(u"last_proven_restorable"_qs).isString());

    QCOMPARE(code(admin.request(u"backup.verify"_qs, {{u"name"_qs, u"../../etc/passwd"_qs}})), u"not_found"_qs);
    QCOMPARE(code(viewer.request(u"backup.restore"_qs, {{u"name"_qs, name}})), u"forbidden"_qs);
    QCOMPARE(code(admin.request(u"backup.restore"_qs, {{u"name"_qs, name}, {u"dry_run"_qs, false}})), u"bad_request"_qs); // not confirmed
    const auto dry = admin.request(u"backup.restore"_qs, {{u"name"_qs, name}});
    const QString dryId = dry->value(u"data"_qs).toObject().value(u"job_id"_qs).toString();
    QTRY_VERIFY_WITH_TIMEOUT(!finished(admin, dryId).isEmpty(), 30000);
    const QJsonObject report = finished(admin, dryId).value(u"result"_qs).toObject();
    QCOMPARE(report.value(u"dry_run"_qs).toBool(), true);
    QVERIFY(!report.value(u"steps"_qs).toArray().isEmpty());
    const auto preview = viewer.request(u"backup.retention_preview"_qs);
    QCOMPARE(preview->value(u"data"_qs).toObject().value(u"decisions"_qs).toArray().at(0).toObject().value(u"keep"_qs).toBool(), true);
    QVERIFY(viewer.request(u"schedule.list"_qs)->value(u"ok"_qs).toBool());
    QCOMPARE(code(viewer.request(u"schedule.run"_qs, {{u"job"_qs, u"retention"_qs}})), u"forbidden"_qs);
    QVERIFY(admin.request(u"schedule.run"_qs, {{u"job"_qs, u"retention"_qs}})->value(u"ok"_qs).toBool());

    QString error;
    QStringList actions;
    for (const protocol::AuditEntry &e : m_daemon->store()->auditSince(0, 1000, &error))
        actions << e.action;
    for (const char *action : {"backup.backup", "backup.verify", "backup.restore_drill", "backup.restore_dry_run", "schedule.run"})
        QVERIFY2(actions.contains(QLatin1StringView(action)), action);
}

// The service's middleware posts request records; the performance monitor, health checks and
// diagnosis answer over the API with roles checked; /metrics carries the performance block.
void tst_Daemon::healthPerformanceAndDiagnosis()
{
    const QByteArray viewer = apiToken(protocol::Role::Viewer), op = apiToken(protocol::Role::Operator);
    const QByteArray batch = R"([{"method":"GET","path":"/api/tasks/17","status":200,"duration_ms":120},
                                 {"method":"GET","path":"/api/tasks/18","status":503,"duration_ms":480},
                                 {"method":"POST","path":"/api/forms","status":201,"duration_ms":30}])";
    QCOMPARE(http(u"POST"_qs, u"/api/v1/requests"_qs, viewer, batch).first, 403);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/requests"_qs, op, "[{").first, 400);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/requests"_qs, {}, batch).first, 401);
    const auto [status, body] = http(u"POST"_qs, u"/api/v1/requests"_qs, op, batch);
    QCOMPARE(status, 200);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"data"_qs).toObject().value(u"accepted"_qs).toInt(), 3);

    WsClient c;
    QVERIFY(c.open(m_port, viewer));
    const auto performance = c.request(u"performance.report"_qs);
    const QJsonObject endpoints = performance->value(u"data"_qs).toObject().value(u"endpoints"_qs).toObject();
    QCOMPARE(endpoints.value(u"GET /api/tasks/:id"_qs).toObject().value(u"error_rate"_qs).toDouble(), 50.0);
    QCOMPARE(performance->value(u"data"_qs).toObject().value(u"overall"_qs).toObject().value(u"average_response_time"_qs).toDouble(), 0.21);
    // The next metrics_update carries it, with the ticket's names.
    QTRY_VERIFY_WITH_TIMEOUT(!c.pushes(u"metrics_update"_qs).isEmpty()
                                 && c.pushes(u"metrics_update"_qs).last().value(u"data"_qs).toObject().value(u"performance"_qs).toObject()
                                            .value(u"requests_per_minute"_qs).toDouble() == 3,
                             5000);
    const QByteArray metrics = http(u"GET"_qs, u"/metrics"_qs, viewer).second;
    QVERIFY(metrics.contains("formauto_ops_service_error_ratio"));

    QTRY_VERIFY_WITH_TIMEOUT(c.request(u"health.report"_qs)->value(u"data"_qs).toObject().value(u"checks"_qs).toObject().contains(u"system"_qs), 10000);
    const QJsonObject report = c.request(u"health.report"_qs)->value(u"data"_qs).toObject();
    for (const char *check : {"sampler", "ops_store", "system", "disk", "daemon", "database", "fleet", "backups", "notifications"})
        QVERIFY2(report.value(u"checks"_qs).toObject().contains(QLatin1StringView(check)), check);
    // No channel is configured here: nobody would be told of an alert, and the report says so
    // instead of calling the daemon healthy.
    const QJsonObject notifications = report.value(u"checks"_qs).toObject().value(u"notifications"_qs).toObject();
    QCOMPARE(notifications.value(u"message_key"_qs).toString(), u"health.no_channel"_qs);
    QCOMPARE(notifications.value(u"details"_qs).toObject().value(u"unrouted_levels"_qs).toArray().size(), 2);
    QCOMPARE(report.value(u"overall_status"_qs).toString(), u"unhealthy"_qs);
    const QJsonObject allChecks = report.value(u"checks"_qs).toObject();
    for (auto it = allChecks.constBegin(); it != allChecks.constEnd(); ++it) {
        if (it.key() != u"notifications"_qs)
            QVERIFY2(it.value().toObject().value(u"status"_qs).toString() == u"healthy"_qs, qPrintable(it.key()));
    }
    const QJsonObject daemon = report.value(u"checks"_qs).toObject().value(u"daemon"_qs).toObject().value(u"details"_qs).toObject();
    QVERIFY(daemon.contains(u"event_loop_lag_ms"_qs) && daemon.contains(u"writer_queue_rows"_qs));
    QCOMPARE(c.request(u"health.run"_qs)->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"forbidden"_qs);
    const auto history = c.request(u"health.history"_qs, {{u"check"_qs, u"database"_qs}});
    QVERIFY(!history->value(u"data"_qs).toObject().value(u"history"_qs).toArray().isEmpty());

    WsClient opClient;
    QVERIFY(opClient.open(m_port, op));
    const auto ran = opClient.request(u"health.run"_qs, {}, 20000);
    QVERIFY2(ran->value(u"ok"_qs).toBool(), QJsonDocument(*ran).toJson().constData());
    QTRY_VERIFY_WITH_TIMEOUT(!opClient.pushes(u"health_update"_qs).isEmpty(), 5000);

    const auto diagnosis = c.request(u"diagnose"_qs, {}, 20000);
    QVERIFY2(diagnosis->value(u"ok"_qs).toBool(), QJsonDocument(*diagnosis).toJson().constData());
    QVERIFY(diagnosis->value(u"data"_qs).toObject().value(u"findings"_qs).isArray());
    const auto exported = c.request(u"diagnose.export"_qs, {{u"format"_qs, u"markdown"_qs}}, 20000);
    QVERIFY(exported->value(u"data"_qs).toObject().value(u"content"_qs).toString().startsWith(u"# formauto diagnosis"_qs));
    QVERIFY(exported->value(u"data"_qs).toObject().value(u"file_name"_qs).toString().endsWith(u".md"_qs));
    QCOMPARE(c.request(u"diagnose.export"_qs, {{u"format"_qs, u"pdf"_qs}})->value(u"error"_qs).toObject().value(u"code"_qs).toString(),
             u"bad_request"_qs);
}

void tst_Daemon::httpRoutes()
{
    const QByteArray viewer = apiToken(protocol::Role::Viewer);
    QTRY_VERIFY(m_daemon->hub()->latest().has_value());
    auto [status, body] = http(u"GET"_qs, u"/metrics"_qs);
    QCOMPARE(status, 401);
    std::tie(status, body) = http(u"GET"_qs, u"/metrics"_qs, viewer);
    QCOMPARE(status, 200);
    QVERIFY(body.contains("# TYPE formauto_ops_cpu_usage_ratio gauge"));
    QVERIFY(body.contains("formauto_ops_tasks_up 1"));
    {
        // The exposition must pass Prometheus' own linter (promtool comes with ./build.sh deps).
        QProcess promtool;
        promtool.start(u"promtool"_qs, {u"check"_qs, u"metrics"_qs});
        QVERIFY2(promtool.waitForStarted(), "promtool is missing: install the prometheus package (./build.sh deps)");
        promtool.write(body);
        promtool.closeWriteChannel();
        QVERIFY(promtool.waitForFinished(20000));
        const QByteArray lint = promtool.readAllStandardOutput() + promtool.readAllStandardError();
        QVERIFY2(promtool.exitCode() == 0, lint.constData());
    }
    std::tie(status, body) = http(u"GET"_qs, u"/api/v1/metrics/current"_qs, viewer);
    QCOMPARE(status, 200);
    QVERIFY(QJsonDocument::fromJson(body).object().value(u"data"_qs).toObject().contains(u"system"_qs));
    const QString from = protocol::isoTimestamp(QDateTime::currentMSecsSinceEpoch() - 60000);
    std::tie(status, body) = http(u"GET"_qs, u"/api/v1/metrics/history?from="_qs + QString::fromLatin1(QUrl::toPercentEncoding(from)), viewer);
    QCOMPARE(status, 200);
    QVERIFY(!QJsonDocument::fromJson(body).object().value(u"data"_qs).toObject().value(u"samples"_qs).toArray().isEmpty());
    // No notification channel in this daemon: nobody would be told of an alert, so the whole
    // is not healthy (503), while /readyz (serving) says 200.
    std::tie(status, body) = http(u"GET"_qs, u"/healthz"_qs);
    QCOMPARE(status, 503);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"overall_status"_qs).toString(), u"unhealthy"_qs);
    QVERIFY(!QJsonDocument::fromJson(body).object().contains(u"checks"_qs)); // details need a token
    std::tie(status, body) = http(u"GET"_qs, u"/healthz"_qs, viewer);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"checks"_qs).toObject().value(u"database"_qs)
                 .toObject().value(u"status"_qs).toString(), u"healthy"_qs);
    QCOMPARE(http(u"GET"_qs, u"/readyz"_qs).first, 200);
    std::tie(status, body) = http(u"POST"_qs, u"/api/v1/user.list"_qs, viewer, "{}");
    QCOMPARE(status, 403);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"forbidden"_qs);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/user.list"_qs, apiToken(protocol::Role::Admin), "{}").first, 200);
    // The role is checked before the body is read, so a viewer's malformed body is still "forbidden".
    QCOMPARE(http(u"POST"_qs, u"/api/v1/user.list"_qs, viewer, "[not json").first, 403);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/user.list"_qs, apiToken(protocol::Role::Admin), "[not json").first, 400);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/ping"_qs, viewer, QByteArray(8000, ' ') + "{}").first, 413);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/ping"_qs, {}, "{}").first, 401);
    QCOMPARE(http(u"GET"_qs, u"/api/v1/nothing/here"_qs, viewer).first, 404);

    // Log ingest: operators only, batches bounded, bad lines counted, the daemon unharmed.
    const QByteArray operatorToken = apiToken(protocol::Role::Operator);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/logs"_qs, viewer, "{\"message\":\"x\"}").first, 403);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/logs"_qs, {}, "{\"message\":\"x\"}").first, 401);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/logs"_qs, operatorToken, QByteArray(70 * 1024, 'a')).first, 413);
    std::tie(status, body) = http(u"POST"_qs, u"/api/v1/logs"_qs, operatorToken,
                                  "{\"level\":\"error\",\"message\":\"disk quota exceeded for tenant 7\"}\nnot json\n\xc3\x28\n");
    QCOMPARE(status, 200);
    const QJsonObject report = QJsonDocument::fromJson(body).object().value(u"data"_qs).toObject();
    QCOMPARE(report.value(u"accepted"_qs).toInt(), 1);
    QCOMPARE(report.value(u"raw"_qs).toInt(), 1);
    QCOMPARE(report.value(u"rejected"_qs).toInt(), 1);
    QCOMPARE(http(u"POST"_qs, u"/api/v1/logs"_qs, operatorToken, "[{\"broken\":").first, 400);
    // Written by the writer thread a moment after the answer.
    QTRY_COMPARE_WITH_TIMEOUT(QJsonDocument::fromJson(http(u"POST"_qs, u"/api/v1/logs.search"_qs, viewer, "{\"query\":\"quota level:error\"}").second)
                                  .object().value(u"data"_qs).toObject().value(u"rows"_qs).toArray().size(), 1, 5000);
    std::tie(status, body) = http(u"POST"_qs, u"/api/v1/logs.search"_qs, viewer, "{\"query\":\"quota colour:red\"}");
    QCOMPARE(status, 400);
    QVERIFY(QJsonDocument::fromJson(body).object().value(u"error"_qs).toObject().value(u"message"_qs).toString().contains(u"character 7"_qs));
    QCOMPARE(http(u"GET"_qs, u"/readyz"_qs).first, 200);
}

// A client that stops reading: its queue is capped, it is dropped, and nobody else notices.
void tst_Daemon::stuckClientIsDroppedOthersUnaffected()
{
    const QByteArray token = apiToken(protocol::Role::Viewer);
    WsClient healthy;
    QVERIFY(healthy.open(m_port, token));
    QTest::qWait(2500); // a few samples for the history answers below

    QTcpSocket stuck;
    stuck.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    stuck.setReadBufferSize(1024); // Qt stops reading: the kernel window closes, the daemon's queue grows
    stuck.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(stuck.waitForConnected(5000));
    stuck.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    QTRY_VERIFY(stuck.bytesAvailable() > 0);
    QVERIFY(stuck.peek(12).startsWith("HTTP/1.1 101"));
    auto maskedText = [](const QByteArray &payload) {
        QByteArray frame;
        frame.append(char(0x81));
        if (payload.size() < 126) {
            frame.append(char(0x80 | payload.size()));
        } else {
            frame.append(char(0x80 | 126));
            frame.append(char((payload.size() >> 8) & 0xff));
            frame.append(char(payload.size() & 0xff));
        }
        const quint32 maskKey = QRandomGenerator::global()->generate();
        const char mask[4] = {char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey)};
        frame.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            frame.append(char(payload[i] ^ mask[i % 4]));
        return frame;
    };
    const QByteArray request = QByteArrayLiteral("{\"type\":\"metrics.history\",\"data\":{\"from\":\"")
                               + protocol::isoTimestamp(QDateTime::currentMSecsSinceEpoch() - 3600000).toLatin1()
                               + QByteArrayLiteral("\"}}");
    QDeadlineTimer deadline(20000);
    const qint64 droppedBefore = m_daemon->server()->stats().clientsDropped;
    while (stuck.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        for (int i = 0; i < 20; ++i)
            stuck.write(maskedText(request));
        QTest::qWait(200);
    }
    QCOMPARE(stuck.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(m_daemon->server()->stats().clientsDropped > droppedBefore);
    // The healthy client kept getting every tick meanwhile, without gaps.
    const auto pushes = healthy.pushes(u"metrics_update"_qs);
    QVERIFY(pushes.size() >= 3);
    for (qsizetype i = 2; i < pushes.size(); ++i)
        QCOMPARE(pushes[i].value(u"seq"_qs).toInteger(), pushes[i - 1].value(u"seq"_qs).toInteger() + 1);
    QVERIFY(healthy.isOpen());
}

QTEST_GUILESS_MAIN(tst_Daemon)
#include "tst_daemon.moc"
