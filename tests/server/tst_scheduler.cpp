#include "server/backup/retention.h"
#include "server/protocol/messagecatalogue.h"
#include "server/schedule/cron.h"
#include "server/schedule/scheduler.h"
#include "server/storage/sqlfiles.h"
#include "tests/support/testsupport.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <memory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}
QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}
} // namespace

// Cron parsing and next runs (time zones, daylight saving), the scheduler on an injected clock
// (missed runs once, history, failures), and retention decisions.
class tst_Scheduler final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void next_data();
    void next();
    void missedRunsRunOnce();
    void clockJumps();
    void fleetSlotsAreClaimedOnceUnderTheCurrentTerm_data();
    void fleetSlotsAreClaimedOnceUnderTheCurrentTerm();
    void anUnansweredClaimIsTriedAgain();
    void retention_data();
    void retention();
};

void tst_Scheduler::parse_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::newRow("daily at 3") << u"0 3 * * *"_qs << QString();
    QTest::newRow("macro") << u"@daily"_qs << QString();
    QTest::newRow("names") << u"30 2 * jan-mar mon-fri"_qs << QString();
    QTest::newRow("steps and lists") << u"*/15 1,13 1-7 * *"_qs << QString();
    QTest::newRow("sunday as 7") << u"0 0 * * 7"_qs << QString();
    QTest::newRow("four fields") << u"0 3 * *"_qs << u"five fields"_qs;
    QTest::newRow("minute 60") << u"60 3 * * *"_qs << u"minute"_qs;
    QTest::newRow("hour range backwards") << u"0 5-2 * * *"_qs << u"hour"_qs;
    QTest::newRow("step 0") << u"*/0 * * * *"_qs << u"bad step"_qs;
    QTest::newRow("bad name") << u"0 0 * foo *"_qs << u"month"_qs;
    QTest::newRow("day 0") << u"0 0 0 * *"_qs << u"day of month"_qs;
    QTest::newRow("unknown macro") << u"@sometimes"_qs << u"unknown schedule"_qs;
}

void tst_Scheduler::parse()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    QString why;
    const auto c = CronExpression::parse(expression, &why);
    QCOMPARE(c.has_value(), error.isEmpty());
    if (!error.isEmpty())
        QVERIFY2(why.contains(error), qPrintable(why));
}

void tst_Scheduler::next_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("after"); // UTC
    QTest::addColumn<QString>("expected"); // UTC
    QTest::newRow("daily, same day") << u"0 3 * * *"_qs << u"UTC"_qs << u"2026-11-28T01:00:00Z"_qs << u"2026-11-28T03:00:00Z"_qs;
    QTest::newRow("daily, strictly after") << u"0 3 * * *"_qs << u"UTC"_qs << u"2026-11-28T03:00:00Z"_qs << u"2026-11-29T03:00:00Z"_qs;
    QTest::newRow("Tokyo 03:00") << u"0 3 * * *"_qs << u"Asia/Tokyo"_qs << u"2026-11-28T00:00:00Z"_qs << u"2026-11-28T18:00:00Z"_qs;
    QTest::newRow("every 15 min") << u"*/15 * * * *"_qs << u"UTC"_qs << u"2026-11-28T10:07:00Z"_qs << u"2026-11-28T10:15:00Z"_qs;
    QTest::newRow("weekly sunday") << u"@weekly"_qs << u"UTC"_qs << u"2026-11-28T12:00:00Z"_qs << u"2026-11-29T00:00:00Z"_qs;
    QTest::newRow("dom or dow") << u"0 0 1 * mon"_qs << u"UTC"_qs << u"2026-11-24T12:00:00Z"_qs << u"2026-11-30T00:00:00Z"_qs;
    QTest::newRow("month end skip") << u"0 0 31 * *"_qs << u"UTC"_qs << u"2026-11-01T00:00:00Z"_qs << u"2026-12-31T00:00:00Z"_qs;
    QTest::newRow("leap day") << u"0 0 29 2 *"_qs << u"UTC"_qs << u"2026-03-01T00:00:00Z"_qs << u"2028-02-29T00:00:00Z"_qs;
    // Berlin, spring forward 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 does not exist that day;
    // the run happens at 03:30 CEST (01:30 UTC), once.
    QTest::newRow("DST gap") << u"30 2 * * *"_qs << u"Europe/Berlin"_qs << u"2026-03-28T12:00:00Z"_qs << u"2026-03-29T01:30:00Z"_qs;
    QTest::newRow("DST gap, next day normal") << u"30 2 * * *"_qs << u"Europe/Berlin"_qs << u"2026-03-29T01:30:00Z"_qs << u"2026-03-30T00:30:00Z"_qs;
    // Fall back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice; it runs once (the first).
    QTest::newRow("DST repeat, first") << u"30 2 * * *"_qs << u"Europe/Berlin"_qs << u"2026-10-24T12:00:00Z"_qs << u"2026-10-25T00:30:00Z"_qs;
    QTest::newRow("DST repeat, once") << u"30 2 * * *"_qs << u"Europe/Berlin"_qs << u"2026-10-25T00:30:00Z"_qs << u"2026-10-26T01:30:00Z"_qs;
    QTest::newRow("New York daily across DST") << u"0 9 * * *"_qs << u"America/New_York"_qs << u"2026-11-01T13:00:00Z"_qs << u"2026-11-01T14:00:00Z"_qs;
    // Lord Howe springs forward half an hour, 2026-10-04 02:00 -> 02:30: 02:15 moves to 02:45,
    // and 02:40, which exists, still runs first.
    QTest::newRow("half-hour gap, existing first") << u"15,40 2 * * *"_qs << u"Australia/Lord_Howe"_qs << u"2026-10-03T14:30:00Z"_qs << u"2026-10-03T15:40:00Z"_qs;
    QTest::newRow("half-hour gap, moved one next") << u"15,40 2 * * *"_qs << u"Australia/Lord_Howe"_qs << u"2026-10-03T15:40:00Z"_qs << u"2026-10-03T15:45:00Z"_qs;
}

void tst_Scheduler::next()
{
    QFETCH(QString, expression);
    QFETCH(QString, zone);
    QFETCH(QString, after);
    QFETCH(QString, expected);
    QString error;
    const auto c = CronExpression::parse(expression, &error);
    QVERIFY2(c, qPrintable(error));
    const QTimeZone tz(zone.toUtf8());
    QVERIFY(tz.isValid());
    QCOMPARE(iso(c->next(utc(after.toLatin1().constData()), tz)), iso(utc(expected.toLatin1().constData())));
}

void tst_Scheduler::fleetSlotsAreClaimedOnceUnderTheCurrentTerm_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgres") << true;
}

// Two schedulers that both believe they lead (the older one lost its lock and does not know
// yet): only the current term's claims change a slot, each slot once; a new leader reads the
// slots its predecessor moved on and catches up a missed slot once.
void tst_Scheduler::fleetSlotsAreClaimedOnceUnderTheCurrentTerm()
{
    QFETCH(bool, postgres);
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    QString error;
    const QString pgName = u"formauto_ops_scheduler_fleet"_qs;
    if (postgres) {
        const auto pg = testsupport::createPostgresDatabase(pgName, &error);
        if (!pg)
            REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
        url = *pg;
    }
    {
        OpsStore store(url, u"sched-fleet"_qs);
        QVERIFY2(store.open(&error), qPrintable(error));
        auto sql = [&](const QString &name, const QVariantList &binds) {
            QSqlQuery q(store.database());
            q.prepare(sqlfiles::statement(name, postgres));
            for (const QVariant &v : binds)
                q.addBindValue(v);
            if (!q.exec())
                qWarning() << name << q.lastError().text();
            return q;
        };
        auto takeTerm = [&](const QString &host) {
            QSqlQuery q = sql(u"fleet/take_term"_qs, {host, 0});
            return q.next() ? q.value(0).toLongLong() : -1;
        };
        ManualClock clock(utc("2026-11-28T00:10:00Z"));
        struct Member {
            std::unique_ptr<Scheduler> scheduler;
            int runs = 0;
            qint64 term = 0;
        };
        // A member's scheduler on the store, claiming with the statements the daemon uses.
        auto join = [&](Member *m, const QString &host) {
            m->scheduler = std::make_unique<Scheduler>(&store, &clock, QTimeZone::utc());
            Scheduler::Fleet fleet;
            fleet.host = host;
            fleet.load = [&sql](const QStringList &jobs, qint64 seed) {
                for (const QString &job : jobs)
                    sql(u"fleet/seed_slot"_qs, {job, seed});
                QHash<QString, qint64> slots;
                QSqlQuery q = sql(u"fleet/slots"_qs, {});
                while (q.next())
                    slots.insert(q.value(0).toString(), q.value(1).toLongLong());
                return QtFuture::makeReadyFuture(std::optional<QHash<QString, qint64>>(slots));
            };
            fleet.claim = [&sql, m, host](const QString &job, qint64 slot) {
                QSqlQuery q = sql(u"fleet/claim_slot"_qs, {slot, m->term, host, job, slot, m->term});
                return QtFuture::makeReadyFuture(q.numRowsAffected() == 1 ? Scheduler::Claim::Won : Scheduler::Claim::Taken);
            };
            m->scheduler->setFleet(fleet);
            QString why;
            const bool added = m->scheduler->addJob(u"backup"_qs, u"0 * * * *"_qs, [m](Scheduler::Done done) {
                ++m->runs;
                done(true, {u"job.all_verified"_qs, {}});
            }, &why);
            return added && m->scheduler->open(&why);
        };
        Member old, current;
        QVERIFY(join(&old, u"old"_qs));
        QVERIFY(join(&current, u"current"_qs));
        old.term = takeTerm(u"old"_qs);
        current.term = takeTerm(u"current"_qs); // the old leader has not noticed
        QVERIFY(current.term > old.term);
        old.scheduler->setLeader(true, old.term);
        current.scheduler->setLeader(true, current.term);
        QTRY_VERIFY(old.scheduler->isActive() && current.scheduler->isActive());
        QCOMPARE(old.runs + current.runs, 0); // a job never seen starts from now

        clock.set(utc("2026-11-28T01:00:05Z"));
        old.scheduler->tick();
        current.scheduler->tick();
        QTRY_COMPARE(current.runs, 1);
        QTest::qWait(50);
        QCOMPARE(old.runs, 0); // fenced: its term has passed
        old.scheduler->tick();
        current.scheduler->tick();
        QTest::qWait(50);
        QCOMPARE(current.runs, 1); // the slot is taken

        // The current leader dies before 02:00 and 03:00; a third takes over at 03:20 and runs
        // the missed slots once, then the next one on time.
        current.scheduler->setLeader(false, 0);
        Member next;
        QVERIFY(join(&next, u"next"_qs));
        clock.set(utc("2026-11-28T03:20:00Z"));
        next.term = takeTerm(u"next"_qs);
        next.scheduler->setLeader(true, next.term);
        QTRY_COMPARE(next.runs, 1); // 02:00 and 03:00 caught up once
        clock.set(utc("2026-11-28T04:00:01Z"));
        next.scheduler->tick();
        old.scheduler->tick();
        QTRY_COMPARE(next.runs, 2);
        QTest::qWait(50);
        QCOMPARE(old.runs, 0);

        // Who ran which slot, under which term.
        QSqlQuery q(store.database());
        QVERIFY(q.exec(u"SELECT host, term, slot FROM job_runs WHERE job = 'backup' ORDER BY id"_qs));
        QStringList rows;
        while (q.next())
            rows << u"%1/%2/%3"_qs.arg(q.value(0).toString()).arg(q.value(1).toLongLong() == current.term ? u"current-term"_qs : q.value(1).toLongLong() == next.term ? u"next-term"_qs : u"?"_qs).arg(iso(q.value(2).toLongLong()));
        QCOMPARE(rows, QStringList({u"current/current-term/2026-11-28T01:00:00Z"_qs, u"next/next-term/2026-11-28T03:00:00Z"_qs,
                                    u"next/next-term/2026-11-28T04:00:00Z"_qs}));
    }
    if (postgres)
        testsupport::dropPostgresDatabase(pgName);
}

// The store does not answer the first read of the slots, nor the first claim: nothing runs
// then, nothing is skipped either; the next ticks read and claim again, and the slot runs once.
void tst_Scheduler::anUnansweredClaimIsTriedAgain()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    OpsStore store(url, u"sched-unanswered"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    ManualClock clock(utc("2026-11-28T00:10:00Z"));
    int loads = 0, claims = 0, runs = 0;
    Scheduler s(&store, &clock, QTimeZone::utc());
    Scheduler::Fleet fleet;
    fleet.host = u"a"_qs;
    fleet.load = [&](const QStringList &, qint64) {
        using Slots = std::optional<QHash<QString, qint64>>;
        return QtFuture::makeReadyFuture(++loads == 1 ? Slots{} : Slots{QHash<QString, qint64>{{u"backup"_qs, utc("2026-11-28T00:00:00Z")}}});
    };
    fleet.claim = [&](const QString &, qint64) {
        return QtFuture::makeReadyFuture(++claims == 1 ? Scheduler::Claim::Failed : Scheduler::Claim::Won);
    };
    s.setFleet(fleet);
    QVERIFY(s.addJob(u"backup"_qs, u"0 * * * *"_qs, [&](Scheduler::Done done) { ++runs; done(true, {u"job.all_verified"_qs, {}}); }, &error));
    QVERIFY(s.open(&error));
    s.setLeader(true, 7);
    QTest::qWait(20);
    QVERIFY(!s.isActive()); // the slots are not known: nothing may run
    clock.set(utc("2026-11-28T01:00:10Z"));
    s.tick(); // reads again, then ticks: the claim is not answered
    QTRY_COMPARE(claims, 1);
    QTest::qWait(20);
    QCOMPARE(runs, 0);
    QVERIFY(s.isActive());
    s.tick();
    QTRY_COMPARE(runs, 1);
    QCOMPARE(claims, 2);
    s.tick();
    QTest::qWait(20);
    QCOMPARE(runs, 1);
    QCOMPARE(loads, 2);
}

void tst_Scheduler::missedRunsRunOnce()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    OpsStore store(url, u"sched"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    ManualClock clock(utc("2026-11-28T00:10:00Z"));
    int runs = 0;
    bool fail = false;
    {
        Scheduler s(&store, &clock, QTimeZone::utc());
        QVERIFY(s.addJob(u"backup"_qs, u"0 * * * *"_qs, [&](Scheduler::Done done) { ++runs; done(!fail, fail ? protocol::Message{u"job.failed"_qs, {{u"error"_qs, u"disk full"_qs}}} : protocol::Message{u"job.log_retention_done"_qs, {}}); }, &error));
        QVERIFY(!s.addJob(u"bad"_qs, u"61 * * * *"_qs, {}, &error));
        QVERIFY(s.open(&error));
        s.tick();
        QCOMPARE(runs, 0); // first start: waits for the next slot
        QCOMPARE(iso(s.nextRun(u"backup"_qs)), u"2026-11-28T01:00:00Z"_qs);
        clock.advance(50 * 60000); // 01:00
        s.tick();
        QCOMPARE(runs, 1);
        s.tick();
        QCOMPARE(runs, 1);
        fail = true;
        QSignalSpy finished(&s, &Scheduler::jobFinished);
        clock.advance(3600000); // 02:00
        s.tick();
        QCOMPARE(runs, 2);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(finished.at(0).at(2).toString(), u"disk full"_qs);
    }
    // Down from 02:00 to 07:30: five slots missed; after the restart it runs once.
    fail = false;
    clock.set(utc("2026-11-28T07:30:00Z"));
    Scheduler again(&store, &clock, QTimeZone::utc());
    QVERIFY(again.addJob(u"backup"_qs, u"0 * * * *"_qs, [&](Scheduler::Done done) { ++runs; done(true, {u"job.all_verified"_qs, {}}); }, &error));
    QVERIFY(again.open(&error));
    again.tick();
    QCOMPARE(runs, 3);
    again.tick();
    QCOMPARE(runs, 3);
    QCOMPARE(iso(again.nextRun(u"backup"_qs)), u"2026-11-28T08:00:00Z"_qs);
    const QJsonArray history = again.history(10, &error);
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.at(0).toObject().value(u"trigger"_qs).toString(), u"schedule (missed runs caught up once)"_qs);
    QCOMPARE(history.at(1).toObject().value(u"ok"_qs).toBool(), false);
    QCOMPARE(again.status().at(0).toObject().value(u"last"_qs).toObject().value(u"ok"_qs).toBool(), true);
    // Each run keeps its message as a key with parameters beside the English, across a restart.
    const QJsonObject failedRun = history.at(1).toObject();
    QCOMPARE(failedRun.value(u"message"_qs).toString(), u"disk full"_qs);
    QCOMPARE(failedRun.value(u"message_key"_qs).toString(), u"job.failed"_qs);
    QCOMPARE(failedRun.value(u"params"_qs).toObject().value(u"error"_qs).toString(), u"disk full"_qs);
    QCOMPARE(again.status().at(0).toObject().value(u"last"_qs).toObject().value(u"message_key"_qs).toString(), u"job.all_verified"_qs);
    // A job still running when its slot comes is not started twice.
    Scheduler::Done pending;
    Scheduler slow(&store, &clock, QTimeZone::utc());
    QVERIFY(slow.addJob(u"slow"_qs, u"* * * * *"_qs, [&](Scheduler::Done done) { ++runs; pending = done; }, &error));
    QVERIFY(slow.open(&error));
    clock.advance(60000);
    slow.tick();
    QCOMPARE(runs, 4);
    clock.advance(60000);
    slow.tick();
    QCOMPARE(runs, 4);
    QVERIFY(!slow.runNow(u"slow"_qs));
    // A run that deleted 200 archives: the list of names is shortened, the count kept, the JSON whole.
    QStringList names;
    for (int i = 0; i < 200; ++i)
        names << u"full_backup_20261101_%1.tar.zst"_qs.arg(i, 6, 10, QChar(u'0'));
    pending(true, {u"job.retention_done"_qs, {{u"count"_qs, 200}, {u"names"_qs, names.join(u", ")}}});
    const QJsonObject longRun = slow.history(1, &error).at(0).toObject();
    QCOMPARE(longRun.value(u"message_key"_qs).toString(), u"job.retention_done"_qs);
    QCOMPARE(longRun.value(u"params"_qs).toObject().value(u"count"_qs).toInt(), 200);
    QCOMPARE(longRun.value(u"params"_qs).toObject().value(u"names"_qs).toString().size(), 1000);
    QVERIFY2(longRun.value(u"params"_qs).toObject().value(u"names"_qs).toString().startsWith(names.first() + u", "_qs),
             qPrintable(longRun.value(u"params"_qs).toObject().value(u"names"_qs).toString().left(80)));
    QVERIFY(slow.runNow(u"slow"_qs));
    QCOMPARE(runs, 5);
}

void tst_Scheduler::clockJumps()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"ops.db"_qs);
    OpsStore store(url, u"jumps"_qs);
    QString error;
    QVERIFY(store.open(&error));
    ManualClock clock(utc("2026-11-28T02:59:00Z"));
    int runs = 0;
    Scheduler s(&store, &clock, QTimeZone::utc());
    QVERIFY(s.addJob(u"daily"_qs, u"0 3 * * *"_qs, [&](Scheduler::Done done) { ++runs; done(true, {}); }, &error));
    QVERIFY(s.open(&error));
    clock.advance(2 * 60000); // 03:01
    s.tick();
    QCOMPARE(runs, 1);
    clock.set(utc("2026-11-28T01:00:00Z")); // the clock steps back two hours
    s.tick();
    clock.set(utc("2026-11-28T03:30:00Z")); // and forward again: 03:00 was handled
    s.tick();
    QCOMPARE(runs, 1);
    clock.set(utc("2026-12-05T12:00:00Z")); // a week forward: once
    s.tick();
    QCOMPARE(runs, 2);
}

void tst_Scheduler::retention_data()
{
    QTest::addColumn<QList<int>>("ageDays"); // one backup per entry, this many days old (at noon)
    QTest::addColumn<QList<int>>("verified"); // indexes (into ageDays) that are verified
    QTest::addColumn<RetentionPolicy>("policy");
    QTest::addColumn<QList<int>>("deleted"); // ages deleted
    RetentionPolicy ticket; // 30 days, last 3, 7 daily, 4 weekly, 6 monthly
    RetentionPolicy only30{0, 0, 0, 0, 30};
    QTest::newRow("young ones stay") << QList<int>{0, 1, 2, 29} << QList<int>{} << only30 << QList<int>{};
    QTest::newRow("older than 30 days go") << QList<int>{0, 31, 45} << QList<int>{0} << only30 << QList<int>{31, 45};
    QTest::newRow("newest verified stays") << QList<int>{40, 50} << QList<int>{1} << only30 << QList<int>{40};
    QTest::newRow("keep last counts") << QList<int>{40, 50, 60} << QList<int>{} << RetentionPolicy{2, 0, 0, 0, 30} << QList<int>{60};
    QList<int> daily;
    for (int d = 0; d < 200; ++d)
        daily << d;
    QList<int> expectedDaily;
    // ticket policy on daily backups for 200 days: within 30 days, plus monthly newest per
    // month for 6 months (weekly ones fall within 30 days).
    for (int d = 30; d < 200; ++d) {
        const QDate date = QDate(2026, 11, 28).addDays(-d);
        const bool newestOfMonth = date.day() == date.daysInMonth() || d == 0;
        const bool monthly = newestOfMonth && date >= QDate(2026, 6, 1);
        if (!monthly)
            expectedDaily << d;
    }
    QTest::newRow("ticket policy, daily for 200 days") << daily << QList<int>{} << ticket << expectedDaily;
}

void tst_Scheduler::retention()
{
    QFETCH(QList<int>, ageDays);
    QFETCH(QList<int>, verified);
    QFETCH(RetentionPolicy, policy);
    QFETCH(QList<int>, deleted);
    const qint64 now = utc("2026-11-28T12:00:00Z");
    QList<RetentionItem> items;
    for (qsizetype i = 0; i < ageDays.size(); ++i)
        items.append({QString::number(ageDays.at(i)), now - qint64(ageDays.at(i)) * 86400000 - 1000, verified.contains(int(i))});
    QList<int> gone;
    for (const RetentionDecision &d : decideRetention(items, policy, now, QTimeZone::utc())) {
        if (!d.keep)
            gone << d.name.toInt();
        else
            QVERIFY(!d.reason.isEmpty());
        // The reason travels as a key of the catalogue, with every parameter it names.
        const protocol::MessageKey *key = protocol::findMessageKey(d.reasonKey);
        QVERIFY2(key, qPrintable(d.reasonKey));
        QCOMPARE(d.keep, d.reasonKey != u"retention.not_selected"_qs);
        for (const QString &param : key->params)
            QVERIFY2(d.reasonParams.contains(param), qPrintable(d.reasonKey + u' ' + param));
    }
    std::sort(gone.begin(), gone.end());
    QCOMPARE(gone, deleted);
}

QTEST_GUILESS_MAIN(tst_Scheduler)
#include "tst_scheduler.moc"
