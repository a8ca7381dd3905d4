#include "server/config/config.h"
#include "server/storage/database.h"
#include "tests/support/daemonprocess.h"
#include "tests/support/healthprober.h"
#include "tests/support/httpreceiver.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QDateTime>
#include <QDir>
#include <QTimeZone>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QTest>
#include <csignal>
#include <memory>
#include <vector>

// Three formauto-opsd processes on one real PostgreSQL store: one leader at a time, each
// scheduled slot run once across the fleet, a leader killed -9 replaced within 15 s and
// reported down until it is back, one audit chain that every member verifies, and a member
// with another audit key refused.
class tst_Fleet final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void oneLeaderOneRunPerSlotAndFailover();
    void anyMemberAnswersForEveryHost();
    void oneAuditChainVerifiedByEveryMember();
    void everyNotificationArrivesAcrossALeaderChange();
    void aSecondDaemonUnderOneHostNameStandsAside();
    void aMemberWithAnotherAuditKeyIsRefused();
    void aPausedStoreDoesNotStopTheLoop();

private:
    struct Member {
        QString name;
        std::unique_ptr<DaemonProcess> process;
        std::unique_ptr<WsClient> client;
    };
    QByteArray config(const QString &host) const;
    // The store's server processes (the postmaster and its children).
    QList<qint64> postgresProcesses() const;
    bool start(Member &m, QString *error);
    QJsonObject hosts(Member &m);
    // job_runs of the scheduled backup: slot → how many runs, by which hosts.
    QHash<qint64, QStringList> backupRunsBySlot();
    QSqlDatabase store() const { return QSqlDatabase::database(u"fleet-test"_qs, false); }

    QString m_binary;
    std::optional<DatabaseUrl> m_url;
    QTemporaryDir m_dir;
    std::unique_ptr<testsupport::HttpReceiver> m_receiver; // every member's webhook
    std::vector<Member> m_members; // fixed once filled: tests keep pointers into it
};

static const QString Database = QStringLiteral("formauto_ops_fleet_test");

void tst_Fleet::initTestCase()
{
    m_binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(m_binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
    QString error;
    m_url = testsupport::createPostgresDatabase(Database, &error);
    if (!m_url)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    testsupport::writeFile(m_dir.filePath(u"pgpw"_qs), m_url->password.toUtf8() + '\n');
    m_receiver = std::make_unique<testsupport::HttpReceiver>();
    testsupport::writeFile(m_dir.filePath(u"webhook-url"_qs), QStringLiteral("http://127.0.0.1:%1/hook\n").arg(m_receiver->port()).toUtf8());
    QVERIFY2(openDatabase(*m_url, u"fleet-test"_qs, false, &error), qPrintable(error));
    for (const char *name : {"fleet-a", "fleet-b", "fleet-c"})
        m_members.push_back(Member{QString::fromLatin1(name), nullptr, nullptr});
}

void tst_Fleet::cleanupTestCase()
{
    m_members.clear();
    closeDatabase(u"fleet-test"_qs);
    if (m_url)
        testsupport::dropPostgresDatabase(Database);
}

QByteArray tst_Fleet::config(const QString &host) const
{
    // A backup every minute (the demo's task database and the ops store); nothing else scheduled.
    return QStringLiteral(R"([store]
url = "postgresql://%1@%2:%3/%4"
password_file = "%5"
[monitoring]
interval_seconds = 1
[auth]
password_hash_strength = "interactive"
[fleet]
host = "%6"
down_after_seconds = 15
[schedule]
backup = "* * * * *"
verify = ""
restore_drill = ""
retention = ""
log_retention = ""
diagnosis = ""
[notify]
webhook_url_file = "%7"
route_warning = ["webhook"]
route_error = ["webhook"]
route_critical = ["webhook"]
allow_destinations = ["127.0.0.1/32"]
)")
        .arg(m_url->user, m_url->host)
        .arg(m_url->port)
        .arg(m_url->database, m_dir.filePath(u"pgpw"_qs), host, m_dir.filePath(u"webhook-url"_qs))
        .toUtf8();
}

bool tst_Fleet::start(Member &m, QString *error)
{
    const QString data = m_dir.filePath(m.name + u"/data"_qs);
    if (!m.process)
        m.process = std::make_unique<DaemonProcess>(m_binary, data);
    if (!m.process->start(config(m.name), {u"--demo"_qs, u"--listen"_qs, u"127.0.0.1:0"_qs}, error, 30000))
        return false;
    m.client = std::make_unique<WsClient>();
    const QByteArray token = testsupport::readFile(data + u"/demo-admin-token"_qs).trimmed();
    if (!m.client->open(m.process->port(), token)) {
        *error = u"cannot connect to "_qs + m.name;
        return false;
    }
    return true;
}

QJsonObject tst_Fleet::hosts(Member &m)
{
    const auto answer = m.client->request(u"fleet.hosts"_qs);
    return answer ? answer->value(u"data"_qs).toObject() : QJsonObject();
}

QHash<qint64, QStringList> tst_Fleet::backupRunsBySlot()
{
    QHash<qint64, QStringList> out;
    QSqlQuery q(store());
    if (!q.exec(u"SELECT slot, host, ok FROM job_runs WHERE job = 'backup' AND slot IS NOT NULL ORDER BY slot"_qs))
        qWarning() << q.lastError().text();
    while (q.next())
        out[q.value(0).toLongLong()].append(q.value(1).toString() + (q.value(2).toInt() ? QString() : u" (failed)"_qs));
    return out;
}

void tst_Fleet::oneLeaderOneRunPerSlotAndFailover()
{
    QString error;
    // The first member creates the fleet's audit key; the others get a copy, as an operator
    // copies it (formauto-opsd fleet join checks it).
    QVERIFY2(start(m_members[0], &error), qPrintable(error));
    const QString key = m_dir.filePath(u"fleet-a/data/audit-hmac.key"_qs);
    for (int i = 1; i < 3; ++i) {
        const QString data = m_dir.filePath(m_members[i].name + u"/data"_qs);
        QDir().mkpath(data);
        QVERIFY(QFile::copy(key, data + u"/audit-hmac.key"_qs));
        QFile::setPermissions(data + u"/audit-hmac.key"_qs, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(start(m_members[i], &error), qPrintable(error));
    }

    // Every member sees the three hosts up and agrees on one leader.
    QString leader;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        QSet<QString> leaders;
        for (Member &m : m_members) {
            const QJsonObject h = hosts(m);
            int up = 0, marked = 0;
            for (const QJsonValue &v : h.value(u"hosts"_qs).toArray()) {
                up += v[u"state"_qs].toString() == u"up"_qs;
                marked += v[u"leader"_qs].toBool();
            }
            if (up != 3 || marked != 1)
                return false;
            leaders.insert(h.value(u"leader"_qs).toString());
        }
        leader = *leaders.begin();
        return leaders.size() == 1 && !leader.isEmpty();
    }()), 20000);
    // Each host's heartbeat carries its figures (from its first sample with a CPU delta on).
    QJsonObject first;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        first = hosts(m_members[0]);
        const QJsonArray list = first.value(u"hosts"_qs).toArray();
        return list.size() == 3 && std::all_of(list.begin(), list.end(), [](const QJsonValue &v) {
                   return v[u"summary"_qs][u"cpu_percent"_qs].isDouble() && v[u"summary"_qs][u"memory.percent"_qs].isDouble()
                       && v[u"summary"_qs][u"open_alerts"_qs].isObject() && !v[u"version"_qs].toString().isEmpty();
               });
    }()), 10000);
    qInfo().noquote() << "leader:" << leader << "term" << first.value(u"term"_qs).toDouble();

    // Scheduled backups: wait for two slots, each run once.
    QTRY_VERIFY_WITH_TIMEOUT(backupRunsBySlot().size() >= 2, 150000);
    Member *leaderMember = nullptr;
    for (Member &m : m_members) {
        if (m.name == leader)
            leaderMember = &m;
    }
    QVERIFY(leaderMember);
    const qint64 termBefore = qint64(first.value(u"term"_qs).toDouble());

    // kill -9 the leader just after its run of the latest slot: a survivor leads within 15 s.
    leaderMember->client.reset();
    leaderMember->process->signal(SIGKILL);
    QCOMPARE(leaderMember->process->waitForExit(5000), -1);
    QElapsedTimer sinceKill;
    sinceKill.start();
    Member *survivor = leaderMember == &m_members[0] ? &m_members[1] : &m_members[0];
    QString newLeader;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        const QJsonObject h = hosts(*survivor);
        newLeader = h.value(u"leader"_qs).toString();
        return !newLeader.isEmpty() && newLeader != leader && qint64(h.value(u"term"_qs).toDouble()) > termBefore;
    }()), 15000);
    qInfo().noquote() << "new leader" << newLeader << "after" << sinceKill.elapsed() << "ms";
    QVERIFY2(sinceKill.elapsed() < 15000, "a new leader within 15 s");

    // The killed host is reported down (after down_after_seconds), as an alert labelled with it.
    auto hostDownAlert = [&](const QString &state) {
        const auto list = survivor->client->request(u"alerts.list"_qs, {{u"active"_qs, false}, {u"host"_qs, leader}});
        if (!list)
            return false;
        for (const QJsonValue &v : list->value(u"data"_qs)[u"alerts"_qs].toArray()) {
            if (v[u"rule"_qs].toString() == u"host_down"_qs && v[u"host"_qs].toString() == leader && v[u"state"_qs].toString() == state)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hostDownAlert(u"firing"_qs), 30000);
    // The survivor may not be the member that raised it: its own list follows at its next
    // heartbeat (one sample interval).
    auto downListed = [&] {
        bool down = false;
        for (const QJsonValue &v : hosts(*survivor).value(u"hosts"_qs).toArray())
            down |= v[u"host"_qs].toString() == leader && v[u"state"_qs].toString() == u"down"_qs;
        return down;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(downListed(), "fleet.hosts lists the killed host as down", 10000);

    // The next slot runs once, on the new leader; then the killed host comes back.
    const QHash<qint64, QStringList> beforeNext = backupRunsBySlot();
    QTRY_VERIFY_WITH_TIMEOUT(backupRunsBySlot().size() > beforeNext.size(), 90000);
    QString startError;
    QVERIFY2(start(*leaderMember, &startError), qPrintable(startError));
    QTRY_VERIFY_WITH_TIMEOUT(hostDownAlert(u"resolved"_qs), 30000);

    // Across the whole run: every slot from the first to the last ran exactly once, nothing
    // in between was skipped, and as many archives exist across the three hosts.
    const QHash<qint64, QStringList> runs = backupRunsBySlot();
    QList<qint64> slots = runs.keys();
    std::sort(slots.begin(), slots.end());
    for (qint64 slot : std::as_const(slots))
        QVERIFY2(runs.value(slot).size() == 1, qPrintable(u"slot %1 ran %2 times: %3"_qs.arg(slot).arg(runs.value(slot).size()).arg(runs.value(slot).join(u", "))));
    for (int i = 1; i < slots.size(); ++i)
        QVERIFY2(slots[i] - slots[i - 1] == 60000, qPrintable(u"no slot is lost between %1 and %2"_qs.arg(slots[i - 1]).arg(slots[i])));
    int archives = 0;
    for (const Member &m : std::as_const(m_members))
        archives += QDir(m_dir.filePath(m.name + u"/data/backups"_qs)).entryList({u"full_backup_*.tar.zst"_qs}, QDir::Files).size();
    QCOMPARE(archives, int(slots.size()));
    // Each archive names the host that wrote it, in the store and in backups.list: the one whose
    // directory holds it.
    for (const Member &m : std::as_const(m_members)) {
        const QStringList names = QDir(m_dir.filePath(m.name + u"/data/backups"_qs)).entryList({u"full_backup_*.tar.zst"_qs}, QDir::Files);
        for (const QString &archive : names) {
            // (The newest may be between its file's rename and its row.)
            auto writer = [&] {
                QSqlQuery q(store());
                q.prepare(u"SELECT host FROM backups WHERE name = ?"_qs);
                q.addBindValue(archive);
                return q.exec() && q.next() ? q.value(0).toString() : QString();
            };
            QTRY_COMPARE_WITH_TIMEOUT(writer(), m.name, 30000);
        }
    }
    bool newLeaderRan = false;
    for (const QStringList &by : runs)
        newLeaderRan |= by.contains(newLeader);
    QVERIFY2(newLeaderRan, "the new leader ran the slots after the handover");
}

// Through one member, another host's figures: its current sample, its history (raw and
// rollups), its live samples relayed at most 2 s behind, its health report (not "healthy" once
// it is down), its health runs and its log lines; a host not in the fleet is named as unknown.
void tst_Fleet::anyMemberAnswersForEveryHost()
{
    if (m_members.size() < 3 || !m_members[0].client || !m_members[1].client || !m_members[2].client)
        QSKIP("needs the fleet of the previous test");
    Member &a = m_members[0];
    const QString b = m_members[1].name;
    auto data = [](const std::optional<QJsonObject> &answer) { return answer ? answer->value(u"data"_qs).toObject() : QJsonObject(); };
    auto ok = [](const std::optional<QJsonObject> &answer) { return answer && answer->value(u"ok"_qs).toBool(); };

    auto current = a.client->request(u"metrics.current"_qs, {{u"host"_qs, b}});
    QTRY_VERIFY_WITH_TIMEOUT(ok(current = a.client->request(u"metrics.current"_qs, {{u"host"_qs, b}})), 10000);
    QCOMPARE(data(current).value(u"host"_qs).toString(), b);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(now - QDateTime::fromString(data(current).value(u"timestamp"_qs).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch() < 10000);
    // a was started again moments ago (the previous test): its first sample comes about a
    // second after it listens.
    std::optional<QJsonObject> own;
    QTRY_VERIFY_WITH_TIMEOUT(ok(own = a.client->request(u"metrics.current"_qs)), 10000);
    QCOMPARE(data(own).value(u"host"_qs).toString(), a.name);

    const auto unknown = a.client->request(u"metrics.current"_qs, {{u"host"_qs, u"nobody"_qs}});
    QVERIFY(unknown && !ok(unknown));
    QCOMPARE(unknown->value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"not_found"_qs);
    QCOMPARE(unknown->value(u"error"_qs).toObject().value(u"key"_qs).toString(), u"error.unknown_host"_qs);

    // History: every raw sample of the last 30 s is b's (one a second), and the minute rollups answer too.
    const QString from = QDateTime::fromMSecsSinceEpoch(now - 30000, Qt::UTC).toString(Qt::ISODateWithMs);
    const auto history = a.client->request(u"metrics.history"_qs, {{u"host"_qs, b}, {u"from"_qs, from}});
    QVERIFY2(ok(history), history ? QJsonDocument(*history).toJson().constData() : "no answer");
    const QJsonArray samples = data(history).value(u"samples"_qs).toArray();
    QVERIFY2(samples.size() >= 20, qPrintable(QString::number(samples.size())));
    for (const QJsonValue &v : samples)
        QCOMPARE(v.toObject().value(u"host"_qs).toString(), b);
    const auto rollups = a.client->request(u"metrics.history"_qs,
                                           {{u"host"_qs, b}, {u"from"_qs, QDateTime::fromMSecsSinceEpoch(now - 3600000, Qt::UTC).toString(Qt::ISODate)},
                                            {u"step"_qs, 60}});
    QVERIFY(ok(rollups));
    QVERIFY(!data(rollups).value(u"samples"_qs).toArray().isEmpty());

    // Live: b's samples reach a's client through the store, at most 2 s after b took them.
    QVERIFY(ok(a.client->request(u"metrics.watch"_qs, {{u"host"_qs, b}})));
    QList<qint64> lags;
    qint64 lastSeq = -1;
    int relayedCount = 0;
    QElapsedTimer waited;
    waited.start();
    while (lags.size() < 5 && waited.elapsed() < 20000) {
        const auto push = a.client->waitFor([&](const QJsonObject &m) {
            return m.value(u"type"_qs) == u"metrics_update"_qs && m.value(u"data"_qs).toObject().value(u"host"_qs) == b
                && qint64(m.value(u"seq"_qs).toDouble()) > lastSeq;
        }, 5000);
        if (!push)
            break;
        const qint64 arrived = QDateTime::currentMSecsSinceEpoch();
        lastSeq = qint64(push->value(u"seq"_qs).toDouble());
        const qint64 taken = QDateTime::fromString(push->value(u"data"_qs).toObject().value(u"timestamp"_qs).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        // The first is the newest sample the store had when the watch began (as old as it is);
        // the ones after it were taken while watched.
        if (++relayedCount > 1)
            lags.append(arrived - taken);
    }
    QVERIFY2(lags.size() >= 3, "b's samples are relayed to a's client");
    const qint64 worst = *std::max_element(lags.begin(), lags.end());
    qInfo() << "relayed sample lag (ms):" << lags;
    QVERIFY2(worst <= 2000, qPrintable(u"a relayed sample arrived %1 ms after it was taken"_qs.arg(worst)));
    // a's own pushes go on, with its host.
    QVERIFY(a.client->waitFor([&](const QJsonObject &m) {
        return m.value(u"type"_qs) == u"metrics_update"_qs && m.value(u"data"_qs).toObject().value(u"host"_qs) == a.name;
    }, 5000));
    QVERIFY(ok(a.client->request(u"metrics.watch"_qs, {{u"host"_qs, u""_qs}})));

    // Health: b's report and runs; b's log lines only.
    std::optional<QJsonObject> report;
    QTRY_VERIFY_WITH_TIMEOUT(ok(report = a.client->request(u"health.report"_qs, {{u"host"_qs, b}})), 30000);
    QCOMPARE(data(report).value(u"host"_qs).toString(), b);
    QVERIFY(!data(report).value(u"checks"_qs).toObject().isEmpty());
    QVERIFY(!data(report).value(u"stale"_qs).toBool());
    const auto runs = a.client->request(u"health.history"_qs, {{u"host"_qs, b}, {u"hours"_qs, 1}});
    QVERIFY(ok(runs));
    QVERIFY(!data(runs).value(u"history"_qs).toArray().isEmpty());
    const auto lines = a.client->request(u"logs.search"_qs, {{u"host"_qs, b}, {u"query"_qs, u""_qs}, {u"limit"_qs, 200}});
    QVERIFY(ok(lines));
    const QJsonArray rows = data(lines).value(u"rows"_qs).toArray();
    QVERIFY(!rows.isEmpty());
    for (const QJsonValue &v : rows)
        QCOMPARE(v.toObject().value(u"host"_qs).toString(), b);
    const auto byQuery = a.client->request(u"logs.search"_qs, {{u"query"_qs, QString(u"host:"_qs + a.name)}, {u"limit"_qs, 50}});
    QVERIFY(ok(byQuery));
    for (const QJsonValue &v : data(byQuery).value(u"rows"_qs).toArray())
        QCOMPARE(v.toObject().value(u"host"_qs).toString(), a.name);

    // A host killed -9 is not reported healthy on its last report: once down, "unknown", stale.
    Member &c = m_members[2];
    c.client.reset();
    c.process->signal(SIGKILL);
    QCOMPARE(c.process->waitForExit(5000), -1);
    QTRY_VERIFY_WITH_TIMEOUT(data(a.client->request(u"health.report"_qs, {{u"host"_qs, c.name}})).value(u"stale"_qs).toBool(), 30000);
    const QJsonObject stale = data(a.client->request(u"health.report"_qs, {{u"host"_qs, c.name}}));
    QCOMPARE(stale.value(u"overall_status"_qs).toString(), u"unknown"_qs);
    QVERIFY(stale.contains(u"reported_status"_qs));
    QString error;
    QVERIFY2(start(c, &error), qPrintable(error));
}

void tst_Fleet::oneAuditChainVerifiedByEveryMember()
{
    if (m_members.empty() || !m_members[0].client)
        QSKIP("needs the fleet of the previous test");
    // An audited action on every member, interleaved.
    for (int round = 0; round < 3; ++round) {
        for (Member &m : m_members) {
            const auto r = m.client->request(u"token.create"_qs, QJsonObject{{u"name"_qs, QString(m.name + QString::number(round))}, {u"role"_qs, u"viewer"_qs}});
            QVERIFY(r && r->value(u"ok"_qs).toBool());
        }
    }
    QSqlQuery count(store());
    QVERIFY(count.exec(u"SELECT COUNT(*) FROM audit_log WHERE action = 'token.create'"_qs) && count.next());
    QVERIFY(count.value(0).toInt() >= 9);
    // Each row names the member that wrote it (in its details, under the digest).
    for (Member &m : m_members) {
        QSqlQuery mine(store());
        mine.prepare(u"SELECT details FROM audit_log WHERE action = 'token.create' AND details LIKE ?"_qs);
        mine.addBindValue(QString(u"%\"name\":\""_qs + m.name + u'%'));
        QVERIFY(mine.exec());
        int rows = 0;
        while (mine.next()) {
            ++rows;
            QCOMPARE(QJsonDocument::fromJson(mine.value(0).toString().toUtf8()).object().value(u"host"_qs).toString(), m.name);
        }
        QCOMPARE(rows, 3);
    }
    for (Member &m : m_members) {
        const DaemonProcess::Run run = m.process->cli({u"audit"_qs, u"verify"_qs});
        QVERIFY2(run.exitCode == 0 && run.out.contains("intact"), run.out.constData());
    }
    // A row changed behind the daemons' backs: every member names it.
    QSqlQuery tamper(store());
    QVERIFY2(tamper.exec(u"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"_qs), qPrintable(tamper.lastError().text()));
    QVERIFY(tamper.exec(u"UPDATE audit_log SET resource_id = 'forged' WHERE seq = 3"_qs));
    QVERIFY(tamper.exec(u"ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"_qs));
    for (Member &m : m_members) {
        const DaemonProcess::Run run = m.process->cli({u"audit"_qs, u"verify"_qs});
        QVERIFY2(run.exitCode != 0, run.out.constData());
        QVERIFY2(run.out.contains("first bad row 3:"), QByteArray(run.out + run.err).constData());
    }
}

// A burst of alerts on every member (rules set through one member apply on all) while the
// leader is killed -9 and started again: every alert's notification arrives, and any that
// arrived twice is counted in the store (a claim taken again), so it can be reported.
void tst_Fleet::everyNotificationArrivesAcrossALeaderChange()
{
    if (m_members.empty() || !m_members[0].client || !m_members[1].client || !m_members[2].client)
        QSKIP("needs the fleet of the first test");
    const QString leader = hosts(m_members[0]).value(u"leader"_qs).toString();
    Member *leaderMember = nullptr;
    for (Member &m : m_members)
        leaderMember = m.name == leader ? &m : leaderMember;
    QVERIFY(leaderMember);
    Member *setter = leaderMember == &m_members[0] ? &m_members[1] : &m_members[0];
    for (int i = 0; i < 10; ++i) {
        const auto r = setter->client->request(u"alert_rule.set"_qs, QJsonObject{{u"name"_qs, QStringLiteral("burst_%1").arg(i)},
                                                                            {u"expression"_qs, u"cpu_percent >= 0"_qs},
                                                                            {u"level"_qs, u"warning"_qs}});
        QVERIFY2(r && r->value(u"ok"_qs).toBool(), r ? QJsonDocument(*r).toJson().constData() : "no answer");
    }
    QTest::qWait(1500); // the rules reach the members with their next heartbeat; deliveries start
    leaderMember->client.reset();
    leaderMember->process->signal(SIGKILL);
    QCOMPARE(leaderMember->process->waitForExit(5000), -1);
    QTest::qWait(3000);
    QString error;
    QVERIFY2(start(*leaderMember, &error), qPrintable(error));

    auto burstIds = [this] {
        QSet<QString> ids;
        QSqlQuery q(store());
        if (q.exec(u"SELECT id FROM alerts WHERE rule LIKE 'burst_%'"_qs)) {
            while (q.next())
                ids.insert(q.value(0).toString());
        }
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(burstIds().size(), 30, 60000); // ten rules on three hosts
    const QSet<QString> ids = burstIds();
    int deliveries = 0;
    QSet<QString> received;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        received.clear();
        deliveries = 0;
        for (const QByteArray &body : std::as_const(m_receiver->bodies)) {
            const QString id = QJsonDocument::fromJson(body).object().value(u"alert"_qs).toObject().value(u"id"_qs).toString();
            if (ids.contains(id)) {
                received.insert(id);
                ++deliveries;
            }
        }
        return received == ids;
    }()), 120000);
    QSqlQuery reclaims(store());
    QVERIFY(reclaims.exec(u"SELECT COALESCE(SUM(reclaims), 0) FROM notifications"_qs) && reclaims.next());
    const int duplicates = deliveries - int(received.size());
    qInfo().noquote() << ids.size() << "alerts," << deliveries << "deliveries," << duplicates << "duplicates;" << reclaims.value(0).toInt()
                      << "claims taken again (counted as possible duplicates)";
    QVERIFY2(reclaims.value(0).toInt() >= duplicates, "every duplicate is counted");
    for (int i = 0; i < 10; ++i)
        m_members[0].client->request(u"alert_rule.delete"_qs, QJsonObject{{u"name"_qs, QStringLiteral("burst_%1").arg(i)}});
}

// A copied config: a second daemon starts as fleet-b while fleet-b runs. It finds the row
// fresh, waits a heartbeat, sees fleet-b write again and stands aside, saying why; fleet-b
// goes on undisturbed.
void tst_Fleet::aSecondDaemonUnderOneHostNameStandsAside()
{
    if (m_members.size() < 2 || !m_members[1].client)
        QSKIP("needs the fleet of the first test");
    Member twin{u"fleet-b"_qs, nullptr, nullptr};
    const QString data = m_dir.filePath(u"fleet-b-twin/data"_qs);
    QDir().mkpath(data);
    QVERIFY(QFile::copy(m_dir.filePath(u"fleet-a/data/audit-hmac.key"_qs), data + u"/audit-hmac.key"_qs));
    QFile::setPermissions(data + u"/audit-hmac.key"_qs, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    twin.process = std::make_unique<DaemonProcess>(m_binary, data);
    QString error;
    QVERIFY2(start(twin, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(hosts(twin).value(u"error"_qs).toString().contains(u"another daemon heartbeats as host fleet-b"_qs), 15000);
    QCOMPARE(hosts(m_members[1]).value(u"error"_qs).toString(), QString());
    for (const QJsonValue &v : hosts(m_members[1]).value(u"hosts"_qs).toArray()) {
        if (v[u"host"_qs].toString() == u"fleet-b"_qs)
            QCOMPARE(v[u"state"_qs].toString(), u"up"_qs);
    }
    twin.client.reset();
    twin.process->stop();
}

void tst_Fleet::aMemberWithAnotherAuditKeyIsRefused()
{
    if (!m_url)
        QSKIP("needs PostgreSQL");
    // A fourth host that made its own key: its rows would not verify, so it does not start.
    Member stranger{u"fleet-d"_qs, nullptr, nullptr};
    stranger.process = std::make_unique<DaemonProcess>(m_binary, m_dir.filePath(u"fleet-d/data"_qs));
    QVERIFY(stranger.process->writeConfig(config(stranger.name)));
    const DaemonProcess::Run before = stranger.process->cli({u"fleet"_qs, u"join"_qs});
    QVERIFY2(before.exitCode != 0 && before.out.contains("is missing") && before.out.contains("scp "), before.out.constData());
    QString error;
    QVERIFY(!start(stranger, &error));
    QVERIFY2(stranger.process->log().contains("audit-hmac.key"), stranger.process->log().constData());
    QVERIFY2(stranger.process->log().contains("fleet join"), "the error says how to fix it");
    const DaemonProcess::Run after = stranger.process->cli({u"fleet"_qs, u"join"_qs});
    QVERIFY2(after.exitCode != 0 && after.out.contains("is not the key that sealed"), after.out.constData());
    // A member with the fleet's key is told it can join, and fleet hosts lists the fleet.
    const DaemonProcess::Run member = m_members[1].process->cli({u"fleet"_qs, u"join"_qs});
    QVERIFY2(member.exitCode == 0 && member.out.contains("can join"), member.out.constData());
    const DaemonProcess::Run list = m_members[1].process->cli({u"fleet"_qs, u"hosts"_qs});
    QVERIFY2(list.exitCode == 0 && list.out.contains("fleet-a") && list.out.contains("(leader)"), list.out.constData());
}

QTEST_GUILESS_MAIN(tst_Fleet)
#include "tst_fleet.moc"

QList<qint64> tst_Fleet::postgresProcesses() const
{
    QList<qint64> out;
    qint64 postmaster = -1;
    QHash<qint64, qint64> parents;
    const QString portArgument = u"port=%1"_qs.arg(m_url->port);
    for (const QString &entry : QDir(u"/proc"_qs).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QByteArray stat = testsupport::readFile(u"/proc/%1/stat"_qs.arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1)
            parents.insert(pid, fields.at(1).toLongLong());
        const QList<QByteArray> args = testsupport::readFile(u"/proc/%1/cmdline"_qs.arg(pid)).split('\0');
        if (!args.isEmpty() && args.first().endsWith("/postgres") && args.contains(portArgument.toUtf8()))
            postmaster = pid;
    }
    if (postmaster < 0)
        return out;
    out.append(postmaster);
    for (auto it = parents.constBegin(); it != parents.constEnd(); ++it) {
        if (it.value() == postmaster)
            out.append(it.key());
    }
    return out;
}

// Store I/O never runs on the event loop: with PostgreSQL stopped (SIGSTOP) for 10 s, the daemon
// goes on pushing its samples and answering /healthz at once, its Health says the store does
// not answer (never "healthy") with a backlog that rises, and after SIGCONT the backlog drains
// and what waited (health runs, samples, the alert the failing check raised) is in the store.
void tst_Fleet::aPausedStoreDoesNotStopTheLoop()
{
    // One daemon alone on the store: the fleet of the earlier tests goes.
    for (Member &m : m_members) {
        m.client.reset();
        if (m.process)
            m.process->stop();
    }
    Member p{u"fleet-pause"_qs, nullptr, nullptr};
    const QString data = m_dir.filePath(p.name + u"/data"_qs);
    QVERIFY(QDir().mkpath(data));
    const QString key = m_dir.filePath(u"fleet-a/data/audit-hmac.key"_qs);
    if (QFile::exists(key)) { // the fleet's key, when the earlier tests ran
        QVERIFY(QFile::copy(key, data + u"/audit-hmac.key"_qs));
        QFile::setPermissions(data + u"/audit-hmac.key"_qs, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    p.process = std::make_unique<DaemonProcess>(m_binary, data);
    QString error;
    QVERIFY2(p.process->start(config(p.name) + "[health]\ninterval_seconds = 1\ntimeout_ms = 1000\n",
                              {u"--demo"_qs, u"--listen"_qs, u"127.0.0.1:0"_qs}, &error, 30000),
             qPrintable(error));
    p.client = std::make_unique<WsClient>();
    QVERIFY(p.client->open(p.process->port(), testsupport::readFile(data + u"/demo-admin-token"_qs).trimmed()));
    auto check = [&](const char *name) {
        const auto answer = p.client->request(u"health.report"_qs, {}, 15000);
        return answer ? answer->value(u"data"_qs).toObject().value(u"checks"_qs).toObject().value(QLatin1StringView(name)).toObject()
                      : QJsonObject();
    };
    QTRY_COMPARE_WITH_TIMEOUT(check("ops_store").value(u"status"_qs).toString(), u"healthy"_qs, 20000);

    const QList<qint64> pids = postgresProcesses();
    QVERIFY2(pids.size() >= 2, "the test's PostgreSQL server processes are found");
    HealthProber prober(p.process->port(), {}, p.process->pid());
    prober.start();
    const qint64 pausedAt = QDateTime::currentMSecsSinceEpoch();
    for (qint64 pid : pids)
        ::kill(pid_t(pid), SIGSTOP);
    auto resume = qScopeGuard([&] {
        for (qint64 pid : pids)
            ::kill(pid_t(pid), SIGCONT);
    });

    // 10 s: a sample a second, Health asked twice.
    QList<qint64> arrivals;
    QList<QJsonObject> storeChecks;
    qint64 lastSeq = -1;
    QElapsedTimer paused;
    paused.start();
    while (paused.elapsed() < 10000) {
        const auto push = p.client->waitFor([&](const QJsonObject &m) {
            return m.value(u"type"_qs) == u"metrics_update"_qs && qint64(m.value(u"seq"_qs).toDouble()) > lastSeq;
        }, 3000);
        if (!push)
            break;
        lastSeq = qint64(push->value(u"seq"_qs).toDouble());
        arrivals.append(paused.elapsed());
        if ((storeChecks.isEmpty() && paused.elapsed() > 3000) || (storeChecks.size() == 1 && paused.elapsed() > 8000))
            storeChecks.append(check("ops_store"));
    }
    const qint64 pauseLength = paused.elapsed();
    const HealthProber::Stats healthz = prober.stop();
    resume.dismiss();
    for (qint64 pid : pids)
        ::kill(pid_t(pid), SIGCONT);
    const qint64 resumedAt = QDateTime::currentMSecsSinceEpoch();

    qInfo() << "store paused for" << pauseLength << "ms: pushes at" << arrivals << "; /healthz p50" << healthz.p50Ms << "ms, max"
            << healthz.maxMs << "ms over" << healthz.samples << "answers," << healthz.failures << "failed";
    QVERIFY2(arrivals.size() >= 8, qPrintable(u"%1 pushes in 10 s"_qs.arg(arrivals.size())));
    qint64 worstGap = arrivals.first();
    for (qsizetype i = 1; i < arrivals.size(); ++i)
        worstGap = std::max(worstGap, arrivals.at(i) - arrivals.at(i - 1));
    QVERIFY2(worstGap <= 2500, qPrintable(u"no push for %1 ms while the store was paused"_qs.arg(worstGap)));
    QCOMPARE(healthz.failures, 0);
    QVERIFY(healthz.samples >= 50);
    QVERIFY2(healthz.maxMs < 1000, qPrintable(u"/healthz took %1 ms"_qs.arg(healthz.maxMs)));
    // Health tells the truth: the store does not answer, and the writes waiting for it grow.
    QCOMPARE(storeChecks.size(), 2);
    for (const QJsonObject &c : storeChecks) {
        QCOMPARE(c.value(u"status"_qs).toString(), u"unhealthy"_qs);
        QCOMPARE(c.value(u"message_key"_qs).toString(), u"health.store_no_answer"_qs);
    }
    const double before = storeChecks.at(0).value(u"details"_qs).toObject().value(u"backlog"_qs).toDouble();
    const double later = storeChecks.at(1).value(u"details"_qs).toObject().value(u"backlog"_qs).toDouble();
    qInfo() << "store backlog during the pause:" << before << "then" << later << "jobs, oldest waiting"
            << storeChecks.at(1).value(u"details"_qs).toObject().value(u"oldest_wait_seconds"_qs).toDouble() << "s";
    QVERIFY2(before > 0 && later > before, qPrintable(u"backlog %1 then %2"_qs.arg(before).arg(later)));

    // After SIGCONT: drained, healthy again, and nothing that waited is lost.
    QTRY_COMPARE_WITH_TIMEOUT(check("ops_store").value(u"status"_qs).toString(), u"healthy"_qs, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(check("ops_store").value(u"details"_qs).toObject().value(u"backlog"_qs).toDouble(), 0.0, 30000);
    auto count = [&](const QString &sql) {
        QSqlQuery q(store());
        q.prepare(sql);
        q.addBindValue(p.name);
        q.addBindValue(pausedAt + 1000);
        q.addBindValue(resumedAt - 1000);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    };
    const qint64 runs = count(u"SELECT COUNT(DISTINCT ts) FROM health_history WHERE host = ? AND ts BETWEEN ? AND ?"_qs);
    const qint64 samples = count(u"SELECT COUNT(*) FROM metric_samples WHERE host = ? AND ts BETWEEN ? AND ?"_qs);
    qInfo() << "stored from the pause:" << runs << "health runs," << samples << "samples";
    QVERIFY2(runs >= 4, qPrintable(QString::number(runs)));
    QVERIFY2(samples >= 7, qPrintable(QString::number(samples)));
    // The check failed twice in a row while paused: its alert went through the store thread.
    std::optional<QJsonObject> alerts;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            alerts = p.client->request(u"alerts.list"_qs, {{u"active"_qs, false}, {u"limit"_qs, 200}});
            const QJsonArray list = alerts ? alerts->value(u"data"_qs).toObject().value(u"alerts"_qs).toArray() : QJsonArray();
            return std::any_of(list.begin(), list.end(), [&](const QJsonValue &v) {
                const QJsonObject a = v.toObject();
                return a.value(u"host"_qs).toString() == p.name && a.value(u"rule"_qs).toString() == u"health_check"_qs
                    && a.value(u"details"_qs).toObject().value(u"labels"_qs).toObject().value(u"check"_qs).toString() == u"ops_store"_qs;
            });
        }(),
        15000);
    p.client.reset();
    p.process->stop();
}
