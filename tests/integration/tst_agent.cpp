#include "server/config/config.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"
#include "tests/support/daemonprocess.h"
#include "tests/support/rawhttp.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QCryptographicHash>
#include <QDir>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QProcess>
#include <csignal>
#include <memory>

// An agent (a host that cannot reach the fleet's database) pushing to a hub on a real
// PostgreSQL store: it shows in the fleet as an agent, its samples, health and log lines are
// the hub's to answer for; with the hub stopped for a while, and the agent killed -9 while it
// waits, nothing it had taken is missing from the hub's history afterwards, and nothing is
// stored twice. Its token reaches nothing but its own pushes.
class tst_Agent final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theAgentTokenReachesNothingElse();
    void anAgentShowsInTheFleet();
    void aHubOutageLeavesNoGap();
    void aKilledAgentLosesNothingItBuffered();
    void aStoppedAgentIsDown();
    void overTlsWithAPinnedHubAndAClientCertificate();

private:
    bool startHub(QString *error);
    bool startAgent(QString *error);
    QJsonArray hubSamples(qint64 fromMs, qint64 toMs);
    QJsonObject hubHost(const QString &host);
    rawhttp::Answer push(const QByteArray &token, const QByteArray &body);
    int hubLines(const QString &word);

    QString m_binary;
    std::optional<DatabaseUrl> m_url;
    QTemporaryDir m_dir;
    quint16 m_hubPort = 0;
    std::unique_ptr<DaemonProcess> m_hub, m_agent;
    std::unique_ptr<WsClient> m_hubClient;
    QByteArray m_agentToken, m_hubAdmin, m_agentAdmin;
};

static const QString Database = QStringLiteral("formauto_ops_agent_test");
static const QString AgentHost = QStringLiteral("agent-1");

void tst_Agent::initTestCase()
{
    m_binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(m_binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
    QString error;
    m_url = testsupport::createPostgresDatabase(Database, &error);
    if (!m_url)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    testsupport::writeFile(m_dir.filePath(u"pgpw"_qs), m_url->password.toUtf8() + '\n');
    // The hub keeps its port across restarts (the agent's hub_url names it).
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_hubPort = probe.serverPort();
    probe.close();
    m_hub = std::make_unique<DaemonProcess>(m_binary, m_dir.filePath(u"hub/data"_qs));
    QVERIFY2(startHub(&error), qPrintable(error));
    const DaemonProcess::Run made = m_hub->cli({u"fleet"_qs, u"agent-token"_qs, AgentHost});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    m_agentToken = made.out.trimmed();
    QVERIFY(m_agentToken.startsWith("fat_"));
    testsupport::writeFile(m_dir.filePath(u"agent-token"_qs), m_agentToken + '\n');
    QFile::setPermissions(m_dir.filePath(u"agent-token"_qs), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_agent = std::make_unique<DaemonProcess>(m_binary, m_dir.filePath(u"agent/data"_qs));
}

void tst_Agent::cleanupTestCase()
{
    m_hubClient.reset();
    m_agent.reset();
    m_hub.reset();
    if (m_url)
        testsupport::dropPostgresDatabase(Database);
}

bool tst_Agent::startHub(QString *error)
{
    const QByteArray config = QStringLiteral(R"([store]
url = "postgresql://%1@%2:%3/%4"
password_file = "%5"
[monitoring]
interval_seconds = 1
[auth]
password_hash_strength = "interactive"
[fleet]
host = "hub-1"
down_after_seconds = 15
[schedule]
backup = ""
verify = ""
restore_drill = ""
retention = ""
log_retention = ""
diagnosis = ""
)")
                                  .arg(m_url->user, m_url->host)
                                  .arg(m_url->port)
                                  .arg(m_url->database, m_dir.filePath(u"pgpw"_qs))
                                  .toUtf8();
    if (!m_hub->start(config, {u"--demo"_qs, u"--listen"_qs, QStringLiteral("127.0.0.1:%1").arg(m_hubPort)}, error, 30000))
        return false;
    m_hubAdmin = testsupport::readFile(m_hub->dataDir() + u"/demo-admin-token"_qs).trimmed();
    m_hubClient = std::make_unique<WsClient>();
    if (!m_hubClient->open(m_hub->port(), m_hubAdmin)) {
        *error = u"cannot connect to the hub"_qs;
        return false;
    }
    return true;
}

bool tst_Agent::startAgent(QString *error)
{
    const QByteArray config = QStringLiteral(R"([monitoring]
interval_seconds = 1
[auth]
password_hash_strength = "interactive"
[fleet]
host = "%1"
mode = "agent"
hub_url = "ws://127.0.0.1:%2"
token_file = "%3"
)")
                                  .arg(AgentHost)
                                  .arg(m_hubPort)
                                  .arg(m_dir.filePath(u"agent-token"_qs))
                                  .toUtf8();
    if (!m_agent->start(config, {u"--demo"_qs, u"--listen"_qs, u"127.0.0.1:0"_qs}, error, 30000))
        return false;
    m_agentAdmin = testsupport::readFile(m_agent->dataDir() + u"/demo-admin-token"_qs).trimmed();
    return true;
}

QJsonObject tst_Agent::hubHost(const QString &host)
{
    const auto answer = m_hubClient->request(u"fleet.hosts"_qs);
    for (const QJsonValue &v : answer ? answer->value(u"data"_qs).toObject().value(u"hosts"_qs).toArray() : QJsonArray()) {
        if (v.toObject().value(u"host"_qs).toString() == host)
            return v.toObject();
    }
    return {};
}

QJsonArray tst_Agent::hubSamples(qint64 fromMs, qint64 toMs)
{
    const auto answer = m_hubClient->request(u"metrics.history"_qs, {{u"host"_qs, AgentHost},
                                                                     {u"from"_qs, QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC).toString(Qt::ISODateWithMs)},
                                                                     {u"to"_qs, QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC).toString(Qt::ISODateWithMs)}});
    return answer ? answer->value(u"data"_qs).toObject().value(u"samples"_qs).toArray() : QJsonArray();
}

rawhttp::Answer tst_Agent::push(const QByteArray &token, const QByteArray &body)
{
    return rawhttp::request(m_hubPort, rawhttp::head("POST", "/api/v1/agent/push", token,
                                                     "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")
                                           + body);
}

int tst_Agent::hubLines(const QString &word)
{
    const auto answer = m_hubClient->request(u"logs.search"_qs, {{u"host"_qs, AgentHost}, {u"query"_qs, word}, {u"limit"_qs, 50}});
    if (!answer || !answer->value(u"ok"_qs).toBool())
        return -1;
    return int(answer->value(u"data"_qs).toObject().value(u"rows"_qs).toArray().size());
}

// The longest time between two samples of a history, in ms.
static qint64 widestGap(const QJsonArray &samples)
{
    qint64 previous = -1, widest = 0;
    for (const QJsonValue &v : samples) {
        const qint64 t = QDateTime::fromString(v.toObject().value(u"timestamp"_qs).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        if (previous >= 0)
            widest = std::max(widest, t - previous);
        previous = t;
    }
    return widest;
}

static QByteArray batch(const QString &host, const QJsonArray &entries)
{
    return QJsonDocument(QJsonObject{{u"host"_qs, host},
                                     {u"buffer_id"_qs, u"test-buffer-0001"_qs},
                                     {u"version"_qs, u"test"_qs},
                                     {u"started"_qs, u"2026-12-01T00:00:00Z"_qs},
                                     {u"entries"_qs, entries}})
        .toJson(QJsonDocument::Compact);
}

void tst_Agent::theAgentTokenReachesNothingElse()
{
    // Not a console session, not a command, not another route, not another host.
    WsClient ws;
    QVERIFY(!ws.open(m_hub->port(), m_agentToken) || !ws.request(u"metrics.current"_qs, {}, 3000).value_or(QJsonObject()).value(u"ok"_qs).toBool());
    WsClient later;
    QVERIFY(later.open(m_hub->port()));
    const auto auth = later.request(u"auth"_qs, {{u"token"_qs, QString::fromLatin1(m_agentToken)}});
    QVERIFY(auth);
    QCOMPARE(auth->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"forbidden"_qs);
    rawhttp::Answer a = rawhttp::request(m_hubPort, rawhttp::head("GET", "/api/v1/metrics/current", m_agentToken));
    QCOMPARE(a.status, 403);
    const QByteArray lines = "{\"message\":\"from a stolen agent token\"}\n";
    a = rawhttp::request(m_hubPort, rawhttp::head("POST", "/api/v1/logs", m_agentToken, "Content-Length: " + QByteArray::number(lines.size()) + "\r\n") + lines);
    QCOMPARE(a.status, 403);
    // /healthz answers as to anyone: no checks for an agent token.
    a = rawhttp::request(m_hubPort, rawhttp::head("GET", "/healthz", m_agentToken));
    QVERIFY(!QJsonDocument::fromJson(a.body).object().contains(u"checks"_qs));

    // The agents' route takes agent tokens only, and the token's own host only.
    a = push(m_hubAdmin, batch(AgentHost, {}));
    QCOMPARE(a.status, 403);
    a = push(m_agentToken, batch(u"hub-1"_qs, {}));
    QCOMPARE(a.status, 400);
    QVERIFY2(a.body.contains("agent-1"), a.body.constData());
    // Malformed, out of order, wrong kinds, a sample that is not one: refused, nothing stored.
    const QJsonObject sample{{u"timestamp"_qs, u"2026-12-01T00:00:00Z"_qs}};
    for (const QByteArray &body : {QByteArray("{"), QByteArray("[]"), batch(AgentHost, {QJsonObject{{u"seq"_qs, 2}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, QJsonArray()}},
                                                                                      QJsonObject{{u"seq"_qs, 1}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, QJsonArray()}}}),
                                   batch(AgentHost, {QJsonObject{{u"seq"_qs, 1}, {u"kind"_qs, u"shell"_qs}, {u"data"_qs, QJsonObject()}}}),
                                   batch(AgentHost, {QJsonObject{{u"seq"_qs, 1.5}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, QJsonArray()}}}),
                                   batch(AgentHost, {QJsonObject{{u"seq"_qs, 1}, {u"kind"_qs, u"sample"_qs}, {u"data"_qs, sample}}})}) {
        a = push(m_agentToken, body);
        QVERIFY2(a.status == 400, a.head.constData());
        QVERIFY2(QJsonDocument::fromJson(a.body).object().value(u"error"_qs).toObject().value(u"code"_qs).toString() == u"bad_request"_qs, a.body.constData());
    }
    // A fault in one entry names it (the agent drops that one and keeps the rest); a fault of
    // the whole push (the host above) names none.
    a = push(m_agentToken, batch(AgentHost, {QJsonObject{{u"seq"_qs, 7}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, QJsonArray()}},
                                             QJsonObject{{u"seq"_qs, 9}, {u"kind"_qs, u"sample"_qs}, {u"data"_qs, sample}}}));
    QCOMPARE(a.status, 400);
    QJsonObject refused = QJsonDocument::fromJson(a.body).object().value(u"error"_qs).toObject();
    QCOMPARE(refused.value(u"key"_qs).toString(), u"error.agent_entry_refused"_qs);
    QCOMPARE(refused.value(u"params"_qs).toObject().value(u"seq"_qs).toInteger(), 9);
    // A sample dated a day ahead of the hub's clock is refused too (a wrong clock would move the
    // agent's history and its live figures).
    QJsonObject ahead;
    QTRY_VERIFY_WITH_TIMEOUT(!(ahead = m_hubClient->request(u"metrics.current"_qs).value_or(QJsonObject()).value(u"data"_qs).toObject())
                                  .value(u"timestamp"_qs).toString().isEmpty(),
                             10000);
    ahead.insert(u"timestamp"_qs, protocol::isoTimestamp(QDateTime::currentMSecsSinceEpoch() + 86400000));
    a = push(m_agentToken, batch(AgentHost, {QJsonObject{{u"seq"_qs, 3}, {u"kind"_qs, u"sample"_qs}, {u"data"_qs, ahead}}}));
    QCOMPARE(a.status, 400);
    QCOMPARE(QJsonDocument::fromJson(a.body).object().value(u"error"_qs).toObject().value(u"key"_qs).toString(), u"error.agent_entry_refused"_qs);
    QVERIFY2(a.body.contains("clock"), a.body.constData());
    // Larger than a command body: refused before it is read.
    const rawhttp::Flood big = rawhttp::flood(m_hubPort, rawhttp::head("POST", "/api/v1/agent/push", m_agentToken,
                                                                       "Content-Length: 8388608\r\n", false), 8388608, false);
    QCOMPARE(big.status, 413);
    QVERIFY2(hubHost(AgentHost).isEmpty(), "nothing refused registered the agent");
    // Log lines the hub cannot take are left out and counted; the good one beside them is stored.
    const QJsonArray mixed{QJsonObject{{u"ts"_qs, 1}, {u"level"_qs, u"EVIL"_qs}, {u"message"_qs, u"x"_qs}},
                           QJsonObject{{u"ts"_qs, double(QDateTime::currentMSecsSinceEpoch())}, {u"level"_qs, u"INFO"_qs},
                                       {u"message"_qs, u"agentword0 beside a bad line"_qs}},
                           QJsonObject{{u"ts"_qs, 1}, {u"level"_qs, u"INFO"_qs}, {u"message"_qs, u"y"_qs}, {u"extra"_qs, u"not json"_qs}}};
    a = push(m_agentToken, batch(AgentHost, {QJsonObject{{u"seq"_qs, 1}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, mixed}}}));
    QVERIFY2(a.status == 200, a.body.constData());
    const QJsonObject stored = QJsonDocument::fromJson(a.body).object().value(u"data"_qs).toObject();
    QCOMPARE(stored.value(u"lines"_qs).toInt(), 1);
    QCOMPARE(stored.value(u"lines_skipped"_qs).toInt(), 2);
    QCOMPARE(stored.value(u"acked"_qs).toInteger(), 1);
    // Sent again (its answer lost): nothing stored twice.
    a = push(m_agentToken, batch(AgentHost, {QJsonObject{{u"seq"_qs, 1}, {u"kind"_qs, u"logs"_qs}, {u"data"_qs, mixed}}}));
    QCOMPARE(QJsonDocument::fromJson(a.body).object().value(u"data"_qs).toObject().value(u"lines"_qs).toInt(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(hubLines(u"agentword0"_qs), 1, 10000);
}

void tst_Agent::anAgentShowsInTheFleet()
{
    QString error;
    QVERIFY2(startAgent(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(hubHost(AgentHost).value(u"state"_qs).toString() == u"up"_qs, 20000);
    // (Its first push may carry only its startup log lines: the summary comes with a sample.)
    QTRY_VERIFY_WITH_TIMEOUT(hubHost(AgentHost).value(u"summary"_qs).toObject().contains(u"cpu_percent"_qs), 10000);
    const QJsonObject row = hubHost(AgentHost);
    QCOMPARE(row.value(u"role"_qs).toString(), u"agent"_qs);
    QVERIFY(!row.value(u"leader"_qs).toBool());
    // Its figures are the hub's to answer for: now, its health, a log line sent to the agent.
    std::optional<QJsonObject> current;
    QTRY_VERIFY_WITH_TIMEOUT((current = m_hubClient->request(u"metrics.current"_qs, {{u"host"_qs, AgentHost}}))
                                 && current->value(u"ok"_qs).toBool(), 10000);
    QCOMPARE(current->value(u"data"_qs).toObject().value(u"host"_qs).toString(), AgentHost);
    QTRY_VERIFY_WITH_TIMEOUT(m_hubClient->request(u"health.report"_qs, {{u"host"_qs, AgentHost}}).value_or(QJsonObject())
                                 .value(u"data"_qs).toObject().value(u"checks"_qs).toObject().contains(u"fleet"_qs), 40000);
    const QByteArray line = "{\"level\":\"error\",\"message\":\"agentword1 from the agent's service\",\"logger\":\"worker\"}\n";
    const rawhttp::Answer sent = rawhttp::request(m_agent->port(), rawhttp::head("POST", "/api/v1/logs", m_agentAdmin,
                                                                                 "Content-Length: " + QByteArray::number(line.size()) + "\r\n") + line);
    QCOMPARE(sent.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(hubLines(u"agentword1"_qs), 1, 10000);
    // A live sample of the agent reaches a client of the hub that watches it.
    QVERIFY(m_hubClient->request(u"metrics.watch"_qs, {{u"host"_qs, AgentHost}}).value_or(QJsonObject()).value(u"ok"_qs).toBool());
    QVERIFY(m_hubClient->waitFor([](const QJsonObject &m) {
        return m.value(u"type"_qs) == u"metrics_update"_qs && m.value(u"data"_qs).toObject().value(u"host"_qs) == AgentHost
            && QDateTime::currentMSecsSinceEpoch() - QDateTime::fromString(m.value(u"data"_qs).toObject().value(u"timestamp"_qs).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch() < 3000;
    }, 10000));
    QVERIFY(m_hubClient->request(u"metrics.watch"_qs, {{u"host"_qs, u""_qs}}));

    // The fleet's rules judge the agent's figures on the hub: its own incident, its host.
    const auto set = m_hubClient->request(u"alert_rule.set"_qs, {{u"name"_qs, u"agent_cpu_seen"_qs}, {u"expression"_qs, u"cpu_percent >= 0"_qs},
                                                                 {u"level"_qs, u"warning"_qs}});
    QVERIFY2(set && set->value(u"ok"_qs).toBool(), set ? QJsonDocument(*set).toJson().constData() : "no answer");
    auto agentAlerts = [&] {
        QJsonArray out;
        const auto list = m_hubClient->request(u"alerts.list"_qs, {{u"host"_qs, AgentHost}});
        for (const QJsonValue &v : list ? list->value(u"data"_qs).toObject().value(u"alerts"_qs).toArray() : QJsonArray()) {
            if (v.toObject().value(u"rule"_qs).toString() == u"agent_cpu_seen"_qs)
                out.append(v);
        }
        return out;
    };
    QTRY_COMPARE_WITH_TIMEOUT(agentAlerts().size(), 1, 10000);
    QCOMPARE(agentAlerts().at(0).toObject().value(u"fingerprint"_qs).toString(), AgentHost + u"/agent_cpu_seen"_qs);
    QTest::qWait(3000);
    QCOMPARE(agentAlerts().size(), 1); // one incident however many samples
    QVERIFY(m_hubClient->request(u"alert_rule.delete"_qs, {{u"name"_qs, u"agent_cpu_seen"_qs}}).value_or(QJsonObject()).value(u"ok"_qs).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(agentAlerts().isEmpty() || agentAlerts().at(0).toObject().value(u"state"_qs).toString() == u"resolved"_qs, 10000);
}

void tst_Agent::aHubOutageLeavesNoGap()
{
    if (!m_agent->isRunning())
        QSKIP("needs the agent of the previous test");
    QString error;
    m_hubClient.reset();
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    m_hub->stop();
    QTest::qWait(8000);
    // A line sent to the agent while its hub is away.
    const QByteArray line = "{\"level\":\"info\",\"message\":\"agentword2 while the hub was away\"}\n";
    QCOMPARE(rawhttp::request(m_agent->port(), rawhttp::head("POST", "/api/v1/logs", m_agentAdmin,
                                                             "Content-Length: " + QByteArray::number(line.size()) + "\r\n") + line).status, 200);
    QTest::qWait(2000);
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(startHub(&error), qPrintable(error));
    // The buffer drains; the hub's history of the agent has no gap over the outage.
    QJsonArray samples;
    auto covered = [&] {
        samples = hubSamples(before - 2000, after + 2000);
        if (samples.isEmpty())
            return false;
        const qint64 last = QDateTime::fromString(samples.last().toObject().value(u"timestamp"_qs).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        return last >= after;
    };
    QTRY_VERIFY_WITH_TIMEOUT(covered(), 30000);
    const qint64 widest = widestGap(samples);
    qInfo() << samples.size() << "samples of the agent over a" << (after - before) / 1000 << "s hub outage; widest gap" << widest << "ms";
    QVERIFY2(samples.size() >= (after - before) / 1000 - 1, qPrintable(QString::number(samples.size())));
    QVERIFY2(widest <= 2500, qPrintable(QStringLiteral("a %1 ms gap in the agent's history").arg(widest)));
    QTRY_COMPARE_WITH_TIMEOUT(hubLines(u"agentword2"_qs), 1, 10000);
    QCOMPARE(hubLines(u"agentword1"_qs), 1); // nothing stored twice
}

void tst_Agent::aKilledAgentLosesNothingItBuffered()
{
    if (!m_agent->isRunning())
        QSKIP("needs the agent of the previous test");
    QString error;
    m_hubClient.reset();
    m_hub->stop();
    const qint64 from = QDateTime::currentMSecsSinceEpoch();
    QTest::qWait(5000);
    const qint64 killed = QDateTime::currentMSecsSinceEpoch();
    m_agent->signal(SIGKILL);
    QCOMPARE(m_agent->waitForExit(5000), -1);
    QVERIFY2(startAgent(&error), qPrintable(error));
    QTest::qWait(2000);
    QVERIFY2(startHub(&error), qPrintable(error));
    // What the agent had buffered before it was killed reaches the hub after both are back.
    QJsonArray samples;
    QTRY_VERIFY_WITH_TIMEOUT((samples = hubSamples(from, killed - 1000)).size() >= 3, 30000);
    qInfo() << samples.size() << "samples buffered before the kill -9 arrived";
    const qint64 widest = widestGap(samples);
    QVERIFY2(widest <= 2500, qPrintable(QStringLiteral("a %1 ms gap in what was buffered before the kill").arg(widest)));
}

void tst_Agent::aStoppedAgentIsDown()
{
    if (!m_agent->isRunning())
        QSKIP("needs the agent of the previous test");
    QTRY_VERIFY_WITH_TIMEOUT(hubHost(AgentHost).value(u"state"_qs).toString() == u"up"_qs, 20000);
    m_agent->stop();
    QTRY_VERIFY_WITH_TIMEOUT(hubHost(AgentHost).value(u"state"_qs).toString() == u"down"_qs, 30000);
    // The leader raises host_down for it, as for a member.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto list = m_hubClient->request(u"alerts.list"_qs, {{u"host"_qs, AgentHost}});
            for (const QJsonValue &v : list ? list->value(u"data"_qs).toObject().value(u"alerts"_qs).toArray() : QJsonArray()) {
                if (v.toObject().value(u"rule"_qs).toString() == u"host_down"_qs && v.toObject().value(u"state"_qs).toString() != u"resolved"_qs)
                    return true;
            }
            return false;
        }(),
        20000);
}

namespace {
bool openssl(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(u"openssl"_qs, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << "openssl" << args << p.readAll();
        return false;
    }
    return true;
}
// name.crt/name.key signed by ca.crt/ca.key, for TLS servers (serverAuth) or clients (clientAuth).
bool issue(const QString &dir, const QString &name, const QString &usage)
{
    testsupport::writeFile(QDir(dir).filePath(name + u".ext"_qs),
                           "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=" + usage.toUtf8()
                               + "\nsubjectAltName=IP:127.0.0.1\n");
    return openssl(dir, {u"req"_qs, u"-new"_qs, u"-newkey"_qs, u"ec"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs, u"-nodes"_qs,
                         u"-keyout"_qs, name + u".key"_qs, u"-out"_qs, name + u".csr"_qs, u"-subj"_qs, u"/CN="_qs + name})
        && openssl(dir, {u"x509"_qs, u"-req"_qs, u"-in"_qs, name + u".csr"_qs, u"-CA"_qs, u"ca.crt"_qs, u"-CAkey"_qs, u"ca.key"_qs,
                         u"-CAcreateserial"_qs, u"-days"_qs, u"30"_qs, u"-extfile"_qs, name + u".ext"_qs, u"-out"_qs, name + u".crt"_qs});
}
} // namespace

// A hub on TLS that asks for client certificates (tls_client_ca_file), its own certificate
// from a private CA: an agent with the CA (hub_ca_file) and a client certificate pushes and
// registers; one without a client certificate, and one pinning another certificate
// (hub_fingerprint), never reach it, and say why.
void tst_Agent::overTlsWithAPinnedHubAndAClientCertificate()
{
    QString error;
    const QString dir = m_dir.filePath(u"tls"_qs);
    QDir().mkpath(dir);
    QVERIFY(openssl(dir, {u"req"_qs, u"-x509"_qs, u"-newkey"_qs, u"ec"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs, u"-nodes"_qs,
                          u"-keyout"_qs, u"ca.key"_qs, u"-out"_qs, u"ca.crt"_qs, u"-days"_qs, u"30"_qs, u"-subj"_qs, u"/CN=fleet test CA"_qs}));
    QVERIFY(issue(dir, u"hub"_qs, u"serverAuth"_qs));
    QVERIFY(issue(dir, u"agent"_qs, u"clientAuth"_qs));
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    DaemonProcess hub(m_binary, QDir(dir).filePath(u"hub-data"_qs));
    const QByteArray hubConfig = QStringLiteral("[server]\ntls = \"on\"\ntls_cert_file = \"%1/hub.crt\"\ntls_key_file = \"%1/hub.key\"\n"
                                                "tls_client_ca_file = \"%1/ca.crt\"\n[monitoring]\ninterval_seconds = 1\n"
                                                "[auth]\npassword_hash_strength = \"interactive\"\n[fleet]\nhost = \"tls-hub\"\n")
                                     .arg(dir)
                                     .toUtf8();
    QVERIFY2(hub.start(hubConfig, {u"--listen"_qs, QStringLiteral("127.0.0.1:%1").arg(port)}, &error, 30000), qPrintable(error));
    auto tokenFor = [&](const QString &host) {
        const DaemonProcess::Run made = hub.cli({u"fleet"_qs, u"agent-token"_qs, host});
        const QString path = QDir(dir).filePath(host + u".token"_qs);
        testsupport::writeFile(path, made.out.trimmed() + '\n');
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return made.exitCode == 0 ? path : QString();
    };
    auto agentConfig = [&](const QString &host, const QString &extra) {
        return QStringLiteral("[monitoring]\ninterval_seconds = 1\n[auth]\npassword_hash_strength = \"interactive\"\n[fleet]\n"
                              "host = \"%1\"\nmode = \"agent\"\nhub_url = \"wss://127.0.0.1:%2\"\ntoken_file = \"%3\"\n%4")
            .arg(host)
            .arg(port)
            .arg(tokenFor(host), extra)
            .toUtf8();
    };
    // Whether the hub stored this host as an agent (its store, read beside it).
    auto registered = [&](const QString &host) {
        DatabaseUrl url;
        url.kind = DatabaseUrl::Kind::Sqlite;
        url.path = QDir(dir).filePath(u"hub-data/ops.db"_qs);
        QString why;
        if (!openDatabase(url, u"tls-hub"_qs, true, &why))
            return false;
        bool found = false;
        {
            QSqlQuery q(QSqlDatabase::database(u"tls-hub"_qs, false));
            q.prepare(u"SELECT COUNT(*) FROM fleet_hosts WHERE host = ? AND role = 'agent'"_qs);
            q.addBindValue(host);
            found = q.exec() && q.next() && q.value(0).toInt() == 1;
        }
        closeDatabase(u"tls-hub"_qs);
        return found;
    };
    DaemonProcess good(m_binary, QDir(dir).filePath(u"good-data"_qs));
    QVERIFY2(good.start(agentConfig(u"edge-tls"_qs, QStringLiteral("hub_ca_file = \"%1/ca.crt\"\ntls_cert_file = \"%1/agent.crt\"\n"
                                                                   "tls_key_file = \"%1/agent.key\"\n").arg(dir)),
                        {u"--listen"_qs, u"127.0.0.1:0"_qs}, &error, 30000),
             qPrintable(error));
    DaemonProcess noCert(m_binary, QDir(dir).filePath(u"nocert-data"_qs));
    QVERIFY2(noCert.start(agentConfig(u"edge-nocert"_qs, QStringLiteral("hub_ca_file = \"%1/ca.crt\"\n").arg(dir)),
                          {u"--listen"_qs, u"127.0.0.1:0"_qs}, &error, 30000),
             qPrintable(error));
    // Pinned to another certificate (the agent's own): the CA vouches for the hub's, and still no.
    QFile agentCert(QDir(dir).filePath(u"agent.crt"_qs));
    QVERIFY(agentCert.open(QIODevice::ReadOnly));
    const QString otherPin = QString::fromLatin1(QSslCertificate(agentCert.readAll()).digest(QCryptographicHash::Sha256).toHex());
    DaemonProcess wrongPin(m_binary, QDir(dir).filePath(u"pin-data"_qs));
    QVERIFY2(wrongPin.start(agentConfig(u"edge-pin"_qs, QStringLiteral("hub_ca_file = \"%1/ca.crt\"\nhub_fingerprint = \"%2\"\n"
                                                                      "tls_cert_file = \"%1/agent.crt\"\ntls_key_file = \"%1/agent.key\"\n")
                                                            .arg(dir, otherPin)),
                            {u"--listen"_qs, u"127.0.0.1:0"_qs}, &error, 30000),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(registered(u"edge-tls"_qs), 20000);
    QTest::qWait(4000);
    QVERIFY(!registered(u"edge-nocert"_qs));
    QVERIFY(!registered(u"edge-pin"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(wrongPin.log().contains("other than the one pinned"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(noCert.log().contains("agent: cannot reach the hub"), 10000);
    good.stop();
    noCert.stop();
    wrongPin.stop();
    hub.stop();
}

QTEST_GUILESS_MAIN(tst_Agent)
#include "tst_agent.moc"
