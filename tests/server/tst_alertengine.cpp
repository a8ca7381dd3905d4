#include "server/alerts/alertengine.h"
#include "server/alerts/escalation.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr qint64 T0 = 1764300000000;

protocol::MetricsSample sample(qint64 ms, double cpu, bool tasks = true)
{
    protocol::MetricsSample s;
    s.timestampMs = ms;
    s.system.cpuPercent = cpu;
    s.system.memoryPercent = 40;
    s.system.disk.percent = 50;
    s.tasks.available = tasks;
    s.tasks.successRate = 95;
    return s;
}
} // namespace

// Alert rules on an injected clock: minutes of samples in milliseconds.
class tst_AlertEngine final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void parseRules_data();
    void parseRules();
    void firesAfterDuration_data();
    void firesAfterDuration();
    void oneAlertWhileTheConditionLasts();
    void resolvesOnlyAfterHold();
    void lifecycleAndTimeline();
    void restartKeepsOpenAlerts();
    void missingSeriesNeitherFiresNorResolves();
    void escalationStepsUntilAcknowledged();
    void remindersForCriticalAlerts();
    void restartInTheMiddleOfAPolicy();
    void matchers_data();
    void matchers();
    void silenceHoldsNotificationsUntilItEnds();
    void expiredSilenceSendsWhatStillFires();
    void maintenanceWindows_data();
    void maintenanceWindows();
    void maintenanceWindowQuietsEscalation();
    void rulesFromTheApiPersistAndOverride();
    void conditionsAreOneAlertUntilCleared();
    void previewAsData();

private:
    // Feeds cpu values every `stepMs` from the clock's now; returns alerts fired.
    int feed(AlertEngine &engine, const QList<double> &cpu, qint64 stepMs = 5000);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsStore> m_store;
    std::unique_ptr<ManualClock> m_clock;
    AlertRule m_rule;
};

void tst_AlertEngine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    DatabaseUrl url;
    url.path = m_dir->filePath(u"ops.db"_qs);
    m_store = std::make_unique<OpsStore>(url, u"alerts"_qs);
    QString error;
    QVERIFY2(m_store->open(&error), qPrintable(error));
    m_clock = std::make_unique<ManualClock>(T0);
    m_rule = *AlertRule::parse(u"cpu_high"_qs, u"cpu_percent > 80 for 2m"_qs, u"warning"_qs, &error);
    m_rule.holdMs = 60000;
}

void tst_AlertEngine::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

int tst_AlertEngine::feed(AlertEngine &engine, const QList<double> &cpu, qint64 stepMs)
{
    QSignalSpy changed(&engine, &AlertEngine::changed);
    int fired = 0;
    for (double v : cpu) {
        engine.evaluate(sample(m_clock->nowMs(), v));
        m_clock->advance(stepMs);
    }
    for (const auto &args : changed)
        fired += args.at(0).value<protocol::Alert>().state == u"firing"_qs ? 1 : 0;
    return fired;
}

void tst_AlertEngine::parseRules_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("forMs");
    QTest::newRow("ticket cpu") << u"cpu_percent > 80 for 2m"_qs << true << qint64(120000);
    QTest::newRow("seconds, >=") << u"memory.percent >= 85.5 for 30s"_qs << true << qint64(30000);
    QTest::newRow("no duration") << u"tasks.success_rate < 50"_qs << true << qint64(0);
    QTest::newRow("bad op") << u"cpu_percent => 80"_qs << false << qint64(0);
    QTest::newRow("bad unit") << u"cpu_percent > 80 for 2y"_qs << false << qint64(0);
    QTest::newRow("injection") << u"cpu; drop > 1"_qs << false << qint64(0);
}

void tst_AlertEngine::parseRules()
{
    QFETCH(QString, expression);
    QFETCH(bool, ok);
    QFETCH(qint64, forMs);
    QString error;
    const auto rule = AlertRule::parse(u"r"_qs, expression, u"warning"_qs, &error);
    QCOMPARE(rule.has_value(), ok);
    if (ok)
        QCOMPARE(rule->forMs, forMs);
    else
        QVERIFY(!error.isEmpty());
    QVERIFY(!AlertRule::parse(u"r"_qs, u"cpu_percent > 1"_qs, u"loud"_qs, &error));
    QCOMPARE(AlertRule::defaults().size(), 6);
}

void tst_AlertEngine::firesAfterDuration_data()
{
    QTest::addColumn<QList<double>>("cpu"); // one value every 5 s
    QTest::addColumn<int>("fired");
    QList<double> twoMinutes(25, 90.0);   // 0 s .. 120 s above
    QList<double> almost(24, 90.0);       // 0 s .. 115 s above
    QList<double> interrupted = almost;
    interrupted.append(50);
    interrupted += QList<double>(24, 90.0);
    QTest::newRow("held 2 minutes") << twoMinutes << 1;
    QTest::newRow("held 1:55") << almost << 0;
    QTest::newRow("interrupted just before") << interrupted << 0;
    QTest::newRow("at the threshold is not above") << QList<double>(40, 80.0) << 0;
}

void tst_AlertEngine::firesAfterDuration()
{
    QFETCH(QList<double>, cpu);
    QFETCH(int, fired);
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    QCOMPARE(feed(engine, cpu), fired);
}

void tst_AlertEngine::oneAlertWhileTheConditionLasts()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    QCOMPARE(feed(engine, QList<double>(360, 97.0)), 1); // half an hour above
    QCOMPARE(engine.list(true, 100, &error).size(), 1);
}

void tst_AlertEngine::resolvesOnlyAfterHold()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    QCOMPARE(feed(engine, QList<double>(30, 90.0)), 1);
    // Below for 30 s, then above again: the same alert stays open (no flapping).
    QCOMPARE(feed(engine, QList<double>(6, 50.0) + QList<double>(6, 90.0)), 0);
    QCOMPARE(engine.list(true, 100, &error).first().state, u"firing"_qs);
    // Below for longer than the hold: resolved.
    QSignalSpy changed(&engine, &AlertEngine::changed);
    feed(engine, QList<double>(14, 50.0));
    QCOMPARE(engine.list(true, 100, &error).size(), 0);
    QCOMPARE(changed.last().at(0).value<protocol::Alert>().state, u"resolved"_qs);
    // A new breach is a new incident, after its duration again.
    QCOMPARE(feed(engine, QList<double>(25, 90.0)), 1);
    QCOMPARE(engine.list(false, 100, &error).size(), 2);
}

void tst_AlertEngine::lifecycleAndTimeline()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    feed(engine, QList<double>(30, 99.0));
    const QString id = engine.list(true, 10, &error).first().id;
    AlertEngine::Outcome ack = engine.acknowledge(id, u"bob"_qs, u"looking <b>now</b>"_qs);
    QVERIFY(ack.errorCode.isEmpty());
    QCOMPARE(ack.alert.state, u"acknowledged"_qs);
    QCOMPARE(ack.alert.acknowledgedBy, u"bob"_qs);
    QCOMPARE(engine.acknowledge(id, u"carol"_qs, {}).errorCode, u"conflict"_qs);
    QCOMPARE(engine.acknowledge(u"nope"_qs, u"carol"_qs, {}).errorCode, u"not_found"_qs);
    QVERIFY(engine.resolve(id, u"bob"_qs, u"fixed"_qs).errorCode.isEmpty());
    QCOMPARE(engine.resolve(id, u"bob"_qs, {}).errorCode, u"conflict"_qs);
    const auto full = engine.get(id, &error);
    QVERIFY(full);
    QStringList kinds;
    for (const QJsonValue &e : full->timeline)
        kinds << e.toObject().value(u"kind"_qs).toString();
    QCOMPARE(kinds, (QStringList{u"fired"_qs, u"acknowledged"_qs, u"resolved"_qs}));
    QCOMPARE(full->ackComment, u"looking <b>now</b>"_qs); // kept as text
    // Wire round trip keeps the lifecycle.
    const auto back = protocol::Alert::fromJson(full->toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->state, u"resolved"_qs);
    QCOMPARE(back->timeline.size(), 3);
    // since() gives every change in order, for clients that reconnect.
    const auto changes = engine.since(0, 100, &error);
    QCOMPARE(changes.size(), 1); // one row, at its latest seq
    QCOMPARE(changes.first().seq, 3);
}

void tst_AlertEngine::restartKeepsOpenAlerts()
{
    {
        AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
        QString error;
        QVERIFY(engine.open(&error));
        QCOMPARE(feed(engine, QList<double>(30, 99.0)), 1);
    }
    AlertEngine again(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(again.open(&error));
    QCOMPARE(feed(again, QList<double>(60, 99.0)), 0); // still the same incident
    QCOMPARE(again.list(true, 10, &error).size(), 1);
    feed(again, QList<double>(14, 10.0));
    QCOMPARE(again.list(true, 10, &error).size(), 0); // and it can resolve after the restart
}

void tst_AlertEngine::missingSeriesNeitherFiresNorResolves()
{
    QString parseError;
    AlertRule success = *AlertRule::parse(u"success_low"_qs, u"tasks.success_rate < 99 for 1m"_qs, u"warning"_qs, &parseError);
    success.holdMs = 10000;
    AlertEngine engine(m_store.get(), m_clock.get(), {success});
    QString error;
    QVERIFY(engine.open(&error));
    for (int i = 0; i < 20; ++i) {
        engine.evaluate(sample(m_clock->nowMs(), 10));
        m_clock->advance(5000);
    }
    QCOMPARE(engine.list(true, 10, &error).size(), 1);
    for (int i = 0; i < 20; ++i) { // the task database is down: no value, no verdict
        engine.evaluate(sample(m_clock->nowMs(), 10, false));
        m_clock->advance(5000);
    }
    QCOMPARE(engine.list(true, 10, &error).size(), 1);
}

void tst_AlertEngine::escalationStepsUntilAcknowledged()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    const auto policy = EscalationPolicy::parse({u"15m:email:raise"_qs, u"30m:slack,email,webhook:raise"_qs}, 0, &error);
    QVERIFY2(policy, qPrintable(error));
    QCOMPARE(policy->preview(), (QStringList{u"T+0 the channels routed for the alert's level"_qs, u"T+15m email (raise the level)"_qs,
                                              u"T+30m slack, email, webhook (raise the level)"_qs}));
    QVERIFY(!EscalationPolicy::parse({u"30m:email"_qs, u"15m:slack"_qs}, 0, &error)); // steps must come later and later
    Escalator escalator(&engine, m_clock.get(), *policy);
    QSignalSpy notified(&escalator, &Escalator::notify);
    feed(engine, QList<double>(25, 90.0)); // fires at T+2m (warning)
    QCOMPARE(notified.size(), 1);          // when it fired: the channels routed for its level
    QVERIFY(notified.at(0).at(1).toStringList().isEmpty());
    const QString id = engine.list(true, 10, &error).first().id;
    m_clock->advance(14 * 60000 - 5000); // T+14m since it fired (feeding ended 5 s after it fired)
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    m_clock->advance(60000 + 1);  // T+15m
    escalator.tick();
    QCOMPARE(notified.size(), 2); // the step alone: raising the level does not send it twice
    QCOMPARE(notified.at(1).at(1).toStringList(), QStringList{u"email"_qs});
    QCOMPARE(notified.at(1).at(0).value<protocol::Alert>().level, u"error"_qs); // raised
    escalator.tick();
    QCOMPARE(notified.size(), 2); // a step is taken once
    QVERIFY(engine.acknowledge(id, u"dora"_qs, u"mine"_qs).errorCode.isEmpty());
    m_clock->advance(20 * 60000); // past T+30m, but acknowledged: no more steps
    escalator.tick();
    QCOMPARE(notified.size(), 2);
    QStringList kinds;
    const auto full = engine.get(id, &error); // held: the loop below must not outlive it
    for (const QJsonValue &e : full->timeline)
        kinds << e.toObject().value(u"kind"_qs).toString();
    QCOMPARE(kinds, (QStringList{u"fired"_qs, u"escalated"_qs, u"acknowledged"_qs}));
}

void tst_AlertEngine::remindersForCriticalAlerts()
{
    QString error;
    AlertRule critical = m_rule;
    critical.level = u"critical"_qs;
    AlertEngine engine(m_store.get(), m_clock.get(), {critical});
    QVERIFY(engine.open(&error));
    Escalator escalator(&engine, m_clock.get(), *EscalationPolicy::parse({}, 60, &error));
    QSignalSpy notified(&escalator, &Escalator::notify);
    feed(engine, QList<double>(25, 99.0));
    QCOMPARE(notified.size(), 1); // fired
    const QString id = engine.list(true, 10, &error).first().id;
    QVERIFY(engine.acknowledge(id, u"dora"_qs, {}).errorCode.isEmpty()); // acknowledged, still unresolved
    m_clock->advance(59 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    m_clock->advance(60000);
    escalator.tick();
    QCOMPARE(notified.size(), 2);
    QVERIFY(notified.at(1).at(1).toStringList().isEmpty()); // the routed channels
    m_clock->advance(60 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 3);
    QVERIFY(engine.resolve(id, u"dora"_qs, {}).errorCode.isEmpty());
    m_clock->advance(60 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 3); // resolved: quiet
}

void tst_AlertEngine::restartInTheMiddleOfAPolicy()
{
    QString error;
    const auto policy = EscalationPolicy::parse({u"15m:email:raise"_qs, u"30m:slack:raise"_qs, u"45m:webhook"_qs}, 60, &error);
    QVERIFY2(policy, qPrintable(error));
    QString id;
    qint64 firedAt = 0;
    {
        AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
        QVERIFY(engine.open(&error));
        Escalator escalator(&engine, m_clock.get(), *policy);
        QSignalSpy notified(&escalator, &Escalator::notify);
        feed(engine, QList<double>(25, 90.0));
        QCOMPARE(notified.size(), 1);
        id = engine.list(true, 10, &error).first().id;
        firedAt = engine.list(true, 10, &error).first().firedAtMs;
        m_clock->set(firedAt + 15 * 60000);
        escalator.tick();
        QCOMPARE(notified.size(), 2);
        QCOMPARE(notified.at(1).at(1).toStringList(), QStringList{u"email"_qs});
        QCOMPARE(engine.get(id, &error)->level, u"error"_qs);
    } // the daemon stops between the first and the second step
    m_clock->set(firedAt + 20 * 60000);
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QVERIFY(engine.open(&error));
    QCOMPARE(engine.get(id, &error)->level, u"error"_qs); // the raised level was stored
    Escalator escalator(&engine, m_clock.get(), *policy);
    QSignalSpy notified(&escalator, &Escalator::notify);
    QSignalSpy changed(&engine, &AlertEngine::changed);
    escalator.tick();
    QCOMPARE(notified.size(), 0); // nothing replayed, nothing sent again
    QCOMPARE(feed(engine, QList<double>(40, 95.0), 5000), 0); // the same incident: not raised again
    QCOMPARE(engine.list(true, 10, &error).size(), 1);
    m_clock->set(firedAt + 30 * 60000 - 1);
    escalator.tick();
    QCOMPARE(notified.size(), 0);
    m_clock->set(firedAt + 30 * 60000); // the second step, at its due time
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(1).toStringList(), QStringList{u"slack"_qs});
    QCOMPARE(notified.at(0).at(0).value<protocol::Alert>().level, u"critical"_qs);
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    // A second restart just before the third step: that step still comes once, at T+45m.
    Escalator third(&engine, m_clock.get(), *policy);
    QSignalSpy notifiedThird(&third, &Escalator::notify);
    m_clock->set(firedAt + 45 * 60000);
    third.tick();
    QCOMPARE(notifiedThird.size(), 1);
    QCOMPARE(notifiedThird.at(0).at(1).toStringList(), QStringList{u"webhook"_qs});
    third.tick();
    QCOMPARE(notifiedThird.size(), 1);
    QStringList kinds;
    const auto full = engine.get(id, &error);
    for (const QJsonValue &e : full->timeline)
        kinds << e.toObject().value(u"kind"_qs).toString();
    QCOMPARE(kinds, (QStringList{u"fired"_qs, u"escalated"_qs, u"escalated"_qs}));
}

void tst_AlertEngine::matchers_data()
{
    QTest::addColumn<QStringList>("matchers");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("matches"); // against a warning from rule cpu_high with label channel=slack
    QTest::newRow("rule equal") << QStringList{u"rule=cpu_high"_qs} << true << true;
    QTest::newRow("rule other") << QStringList{u"rule=disk_high"_qs} << true << false;
    QTest::newRow("level not") << QStringList{u"level!=critical"_qs} << true << true;
    QTest::newRow("regex anchored") << QStringList{u"rule=~cpu_.*"_qs} << true << true;
    QTest::newRow("regex is whole") << QStringList{u"rule=~cpu"_qs} << true << false;
    QTest::newRow("label") << QStringList{u"channel=slack"_qs} << true << true;
    QTest::newRow("all must match") << QStringList{u"rule=cpu_high"_qs, u"level=critical"_qs} << true << false;
    QTest::newRow("empty matches nothing") << QStringList{} << true << false;
    QTest::newRow("bad regex") << QStringList{u"rule=~cpu_(("_qs} << false << false;
    QTest::newRow("no operator") << QStringList{u"cpu_high"_qs} << false << false;
    QTest::newRow("bad label") << QStringList{u"Rule;drop=x"_qs} << false << false;
}

void tst_AlertEngine::matchers()
{
    QFETCH(QStringList, matchers);
    QFETCH(bool, valid);
    QFETCH(bool, matches);
    protocol::Alert a;
    a.rule = u"cpu_high"_qs;
    a.fingerprint = u"cpu_high"_qs;
    a.level = u"warning"_qs;
    a.details = {{u"labels"_qs, QJsonObject{{u"channel"_qs, u"slack"_qs}}}};
    QString error;
    const auto parsed = AlertMatcher::parseList(matchers, &error);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QCOMPARE(AlertMatcher::allMatch(*parsed, a), matches);
}

void tst_AlertEngine::silenceHoldsNotificationsUntilItEnds()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    Escalator escalator(&engine, m_clock.get(), *EscalationPolicy::parse({u"15m:email"_qs}, 0, &error));
    QSignalSpy notified(&escalator, &Escalator::notify);
    QVERIFY(!engine.addSilence({}, 3600000, u"x"_qs, u"dora"_qs, &error)); // needs a matcher
    QVERIFY(!engine.addSilence(*AlertMatcher::parseList({u"rule=cpu_high"_qs}, &error), 3600000, u" "_qs, u"dora"_qs, &error)); // and a comment
    const auto silence = engine.addSilence(*AlertMatcher::parseList({u"rule=cpu_high"_qs}, &error), 30 * 60000, u"deploy"_qs, u"dora"_qs, &error);
    QVERIFY2(silence, qPrintable(error));
    QCOMPARE(feed(engine, QList<double>(25, 90.0)), 1); // the alert is recorded and shown
    QCOMPARE(notified.size(), 0);                        // but nobody is paged
    const QString id = engine.list(true, 10, &error).first().id;
    QVERIFY(engine.suppressedBy(engine.list(true, 10, &error).first()).startsWith(u"silence:"_qs));
    m_clock->advance(20 * 60000); // the 15 min step would be due: quiet too
    escalator.tick();
    QCOMPARE(notified.size(), 0);
    // A restart keeps the silence.
    AlertEngine again(m_store.get(), m_clock.get(), {m_rule});
    QVERIFY(again.open(&error));
    QCOMPARE(again.silences(false, &error).size(), 1);
    QVERIFY(!again.suppressedBy(again.list(true, 10, &error).first()).isEmpty());
    m_clock->advance(11 * 60000); // the silence ended; the condition still stands
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    QVERIFY(notified.at(0).at(1).toStringList().isEmpty());
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    m_clock->advance(15 * 60000); // steps count from when it was first sent
    escalator.tick();
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.at(1).at(1).toStringList(), QStringList{u"email"_qs});
    QStringList kinds;
    const auto full = engine.get(id, &error);
    for (const QJsonValue &e : full->timeline)
        kinds << e.toObject().value(u"kind"_qs).toString();
    QCOMPARE(kinds, (QStringList{u"fired"_qs, u"silenced"_qs, u"unsilenced"_qs}));
}

void tst_AlertEngine::expiredSilenceSendsWhatStillFires()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    Escalator escalator(&engine, m_clock.get(), *EscalationPolicy::parse({}, 0, &error));
    QSignalSpy notified(&escalator, &Escalator::notify);
    const auto silence = engine.addSilence(*AlertMatcher::parseList({u"level=warning"_qs}, &error), 24 * 3600000, u"noisy"_qs, u"dora"_qs, &error);
    feed(engine, QList<double>(25, 90.0));
    QCOMPARE(notified.size(), 0);
    QCOMPARE(engine.expireSilence(u"nope"_qs, u"dora"_qs).errorCode, QString(protocol::Error::NotFound));
    QVERIFY(engine.expireSilence(silence->id, u"erik"_qs).errorCode.isEmpty());
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    const QList<Silence> all = engine.silences(true, &error);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().expiredBy, u"erik"_qs);
    QVERIFY(engine.silences(false, &error).isEmpty());
}

void tst_AlertEngine::maintenanceWindows_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QStringList>("days");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("at"); // UTC
    QTest::addColumn<bool>("active");
    // 2026-11-28 is a Saturday.
    QTest::newRow("inside, Tokyo") << u"Asia/Tokyo"_qs << QStringList{u"sat"_qs} << u"02:00"_qs << u"2h"_qs << u"2026-11-27T17:30:00Z"_qs << true;
    QTest::newRow("before, Tokyo") << u"Asia/Tokyo"_qs << QStringList{u"sat"_qs} << u"02:00"_qs << u"2h"_qs << u"2026-11-27T16:59:00Z"_qs << false;
    QTest::newRow("end is open") << u"Asia/Tokyo"_qs << QStringList{u"sat"_qs} << u"02:00"_qs << u"2h"_qs << u"2026-11-27T19:00:00Z"_qs << false;
    QTest::newRow("other day") << u"UTC"_qs << QStringList{u"sun"_qs} << u"02:00"_qs << u"2h"_qs << u"2026-11-28T03:00:00Z"_qs << false;
    QTest::newRow("over midnight") << u"UTC"_qs << QStringList{u"fri"_qs} << u"23:00"_qs << u"3h"_qs << u"2026-11-28T01:30:00Z"_qs << true;
    QTest::newRow("weekends") << u"UTC"_qs << QStringList{u"weekends"_qs} << u"00:00"_qs << u"1d"_qs << u"2026-11-28T12:00:00Z"_qs << true;
    // Berlin: summer time ends 2026-10-25 03:00 CEST -> 02:00 CET. A 01:00 local window on that
    // day starts at 23:00 UTC the day before; a week later at 00:00 UTC.
    QTest::newRow("DST, before change") << u"Europe/Berlin"_qs << QStringList{u"sun"_qs} << u"01:00"_qs << u"1h"_qs << u"2026-10-24T23:30:00Z"_qs << true;
    QTest::newRow("DST, after change") << u"Europe/Berlin"_qs << QStringList{u"sun"_qs} << u"01:00"_qs << u"1h"_qs << u"2026-11-01T00:30:00Z"_qs << true;
    QTest::newRow("DST, UTC hour of old") << u"Europe/Berlin"_qs << QStringList{u"sun"_qs} << u"01:00"_qs << u"1h"_qs << u"2026-10-31T23:30:00Z"_qs << false;
    // Spring forward 2026-03-29: 02:00 -> 03:00 CEST; a 02:30 start does not exist that day and
    // moves forward rather than vanishing.
    QTest::newRow("DST, gap start") << u"Europe/Berlin"_qs << QStringList{u"sun"_qs} << u"02:30"_qs << u"1h"_qs << u"2026-03-29T01:45:00Z"_qs << true;
}

void tst_AlertEngine::maintenanceWindows()
{
    QFETCH(QString, zone);
    QFETCH(QStringList, days);
    QFETCH(QString, start);
    QFETCH(QString, duration);
    QFETCH(QString, at);
    QFETCH(bool, active);
    QString error;
    const auto w = MaintenanceWindow::parse(u"w"_qs, days, start, duration, zone, {}, &error);
    QVERIFY2(w, qPrintable(error));
    const qint64 ms = QDateTime::fromString(at, Qt::ISODate).toMSecsSinceEpoch();
    QCOMPARE(w->activeAt(ms), active);
    if (!active) {
        const qint64 next = w->nextStart(ms);
        QVERIFY(next > ms);
        QVERIFY(w->activeAt(next));
    }
    QVERIFY(!MaintenanceWindow::parse(u"w"_qs, {u"someday"_qs}, start, duration, zone, {}, &error));
    QVERIFY(!MaintenanceWindow::parse(u"w"_qs, days, u"25:00"_qs, duration, zone, {}, &error));
    QVERIFY(!MaintenanceWindow::parse(u"w"_qs, days, start, u"forever"_qs, zone, {}, &error));
    QVERIFY(!MaintenanceWindow::parse(u"w"_qs, days, start, duration, u"Mars/Olympus"_qs, {}, &error));
}

void tst_AlertEngine::maintenanceWindowQuietsEscalation()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {m_rule});
    QString error;
    QVERIFY(engine.open(&error));
    // T0 is 2025-11-28 03:20 UTC; a daily window from 03:00 UTC for an hour covers it.
    auto window = MaintenanceWindow::parse(u"nightly"_qs, {u"daily"_qs}, u"03:00"_qs, u"1h"_qs, u"UTC"_qs, {u"rule=~cpu_.*"_qs}, &error);
    QVERIFY2(window, qPrintable(error));
    QVERIFY(window->activeAt(T0));
    engine.setMaintenanceWindows({*window});
    Escalator escalator(&engine, m_clock.get(), *EscalationPolicy::parse({}, 0, &error));
    QSignalSpy notified(&escalator, &Escalator::notify);
    feed(engine, QList<double>(25, 90.0));
    QCOMPARE(notified.size(), 0);
    QCOMPARE(engine.suppressedBy(engine.list(true, 1, &error).first()), u"maintenance:nightly"_qs);
    m_clock->advance(40 * 60000); // 04:02: the window is over
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    // A window the daemon opens itself (a backup running).
    engine.beginMaintenance(u"backup"_qs, m_clock->nowMs() + 60000);
    protocol::Alert other;
    other.rule = u"disk_high"_qs;
    QCOMPARE(engine.suppressedBy(other), u"maintenance:backup"_qs);
    engine.endMaintenance(u"backup"_qs);
    QVERIFY(engine.suppressedBy(other).isEmpty());
}

void tst_AlertEngine::rulesFromTheApiPersistAndOverride()
{
    QString error;
    AlertEngine engine(m_store.get(), m_clock.get(), AlertRule::defaults());
    QVERIFY(engine.open(&error));
    QCOMPARE(engine.rules().size(), 6);
    // Override a config rule: a lower CPU threshold.
    auto lower = AlertRule::parse(u"cpu_high"_qs, u"cpu_percent > 70 for 1m"_qs, u"warning"_qs, &error);
    lower->title = u"CPU above 70 %"_qs;
    QVERIFY2(engine.putRule(*lower, true, u"admin"_qs, &error), qPrintable(error));
    auto custom = AlertRule::parse(u"load_low"_qs, u"tasks.success_rate < 90 for 5m"_qs, u"error"_qs, &error);
    QVERIFY(engine.putRule(*custom, true, u"admin"_qs, &error));
    QCOMPARE(engine.rules().size(), 7);
    // Open an alert on the overridden rule, then disable the rule: the alert resolves.
    for (int i = 0; i < 14; ++i) {
        engine.evaluate(sample(m_clock->nowMs(), 75));
        m_clock->advance(5000);
    }
    QCOMPARE(engine.list(true, 10, &error).size(), 1);
    QVERIFY(engine.putRule(*lower, false, u"admin"_qs, &error));
    QCOMPARE(engine.list(true, 10, &error).size(), 0);
    QCOMPARE(engine.rules().size(), 6); // the config cpu_high is overridden by the disabled one
    // After a restart the same.
    AlertEngine again(m_store.get(), m_clock.get(), AlertRule::defaults());
    QVERIFY(again.open(&error));
    QCOMPARE(again.rules().size(), 6);
    const auto infos = again.ruleInfos();
    const auto cpu = std::find_if(infos.begin(), infos.end(), [](const auto &i) { return i.rule.name == u"cpu_high"_qs; });
    QCOMPARE(cpu->source, u"api"_qs);
    QVERIFY(!cpu->enabled);
    QCOMPARE(cpu->rule.expression(), u"cpu_percent > 70 for 1m"_qs);
    QCOMPARE(cpu->updatedBy, u"admin"_qs);
    // Deleting the API rule brings the config rule back.
    QVERIFY(again.deleteRule(u"cpu_high"_qs, &error));
    QVERIFY(!again.deleteRule(u"cpu_high"_qs, &error));
    QVERIFY(!again.deleteRule(u"memory_high"_qs, &error)); // config rules are disabled, not deleted
    QCOMPARE(again.rules().size(), 7);
    const auto back = std::find_if(again.rules().begin(), again.rules().end(), [](const AlertRule &r) { return r.name == u"cpu_high"_qs; });
    QCOMPARE(back->expression(), u"cpu_percent > 80 for 2m"_qs);
}

void tst_AlertEngine::conditionsAreOneAlertUntilCleared()
{
    AlertEngine engine(m_store.get(), m_clock.get(), {});
    QString error;
    QVERIFY(engine.open(&error));
    QSignalSpy changed(&engine, &AlertEngine::changed);
    AlertEngine::Condition c;
    c.key = u"channel:slack"_qs;
    c.rule = u"channel_failing"_qs;
    c.title = u"Notification channel slack is failing"_qs;
    c.messageKey = u"alert.channel_failing"_qs;
    c.params = {{u"channel"_qs, u"slack"_qs}};
    c.labels = {{u"channel"_qs, u"slack"_qs}};
    engine.raiseCondition(c);
    engine.raiseCondition(c);
    engine.raiseCondition(c);
    QCOMPARE(changed.size(), 1);
    QVERIFY(engine.isOpen(c.key));
    const protocol::Alert a = engine.list(true, 10, &error).first();
    QCOMPARE(a.level, u"error"_qs);
    QCOMPARE(a.details.value(u"labels"_qs).toObject().value(u"channel"_qs).toString(), u"slack"_qs);
    // Silences match labels.
    QVERIFY(AlertMatcher::allMatch(*AlertMatcher::parseList({u"channel=slack"_qs}, &error), a));
    // A restart knows it is open.
    AlertEngine again(m_store.get(), m_clock.get(), {});
    QVERIFY(again.open(&error));
    QVERIFY(again.isOpen(c.key));
    again.raiseCondition(c);
    QCOMPARE(again.list(true, 10, &error).size(), 1);
    again.clearCondition(c.key, u"delivered again"_qs);
    QVERIFY(again.list(true, 10, &error).isEmpty());
    again.raiseCondition(c); // a new incident
    QCOMPARE(again.list(true, 10, &error).size(), 1);
    QCOMPARE(again.list(false, 10, &error).size(), 2);

    // The store refuses the resolution (busy, full): the alert stays open, and the next sample
    // resolves it once the store takes writes again; it never fires for ever in the store.
    QSqlQuery refuse(m_store->database());
    QVERIFY2(refuse.exec(u"CREATE TRIGGER refuse_resolution BEFORE UPDATE ON alerts WHEN NEW.state = 'resolved' "
                         "BEGIN SELECT RAISE(ABORT, 'store refused'); END"_qs),
             qPrintable(refuse.lastError().text()));
    again.clearCondition(c.key, u"delivered again"_qs);
    QCOMPARE(again.list(true, 10, &error).size(), 1);
    QVERIFY(again.isOpen(c.key));
    again.evaluate(protocol::MetricsSample{});
    QCOMPARE(again.list(true, 10, &error).size(), 1); // still refused
    QVERIFY(refuse.exec(u"DROP TRIGGER refuse_resolution"_qs));
    again.evaluate(protocol::MetricsSample{});
    QVERIFY(again.list(true, 10, &error).isEmpty());
    QVERIFY(!again.isOpen(c.key));
}

void tst_AlertEngine::previewAsData()
{
    QString error;
    const auto policy = EscalationPolicy::parse({u"5m:email"_qs, u"15m:email,webhook:raise"_qs}, 30, &error);
    const QJsonObject p = policy->previewJson({u"slack"_qs});
    const QJsonArray steps = p.value(u"steps"_qs).toArray();
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.at(0).toObject().value(u"channels"_qs).toArray(), QJsonArray{u"slack"_qs});
    QCOMPARE(steps.at(1).toObject().value(u"after_seconds"_qs).toInt(), 300);
    QCOMPARE(steps.at(2).toObject().value(u"raise"_qs).toBool(), true);
    QCOMPARE(p.value(u"reminder_seconds"_qs).toInt(), 1800);
}

QTEST_GUILESS_MAIN(tst_AlertEngine)
#include "tst_alertengine.moc"
