#include "server/alerts/alertengine.h"
#include "server/alerts/escalation.h"

#include <QSignalSpy>
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
    const QString id = engine.list(true, 10, &error).first().id;
    m_clock->advance(14 * 60000 - 5000); // T+14m since it fired (feeding ended 5 s after it fired)
    escalator.tick();
    QCOMPARE(notified.size(), 0);
    m_clock->advance(60000 + 1);  // T+15m
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(1).toStringList(), QStringList{u"email"_qs});
    QCOMPARE(notified.at(0).at(0).value<protocol::Alert>().level, u"error"_qs); // raised
    escalator.tick();
    QCOMPARE(notified.size(), 1); // a step is taken once
    QVERIFY(engine.acknowledge(id, u"dora"_qs, u"mine"_qs).errorCode.isEmpty());
    m_clock->advance(20 * 60000); // past T+30m, but acknowledged: no more steps
    escalator.tick();
    QCOMPARE(notified.size(), 1);
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
    const QString id = engine.list(true, 10, &error).first().id;
    QVERIFY(engine.acknowledge(id, u"dora"_qs, {}).errorCode.isEmpty()); // acknowledged, still unresolved
    m_clock->advance(59 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 0);
    m_clock->advance(60000);
    escalator.tick();
    QCOMPARE(notified.size(), 1);
    QVERIFY(notified.at(0).at(1).toStringList().isEmpty()); // the routed channels
    m_clock->advance(60 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 2);
    QVERIFY(engine.resolve(id, u"dora"_qs, {}).errorCode.isEmpty());
    m_clock->advance(60 * 60000);
    escalator.tick();
    QCOMPARE(notified.size(), 2); // resolved: quiet
}

QTEST_GUILESS_MAIN(tst_AlertEngine)
#include "tst_alertengine.moc"
