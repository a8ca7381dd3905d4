#include "server/monitoring/metricshistory.h"
#include "server/protocol/protocol.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 T0 = 1764288000000; // 2025-11-28T00:00:00Z, a minute and hour boundary

protocol::MetricsSample sample(qint64 seq, qint64 ms, double cpu)
{
    protocol::MetricsSample s;
    s.seq = seq;
    s.timestampMs = ms;
    s.system.cpuPercent = cpu;
    s.system.cpuPerCore = {cpu, cpu / 2};
    s.system.memoryTotal = 1000;
    s.system.memoryAvailable = 500;
    s.system.memoryPercent = 50;
    s.system.disk = {u"/"_qs, u"/dev/vda"_qs, u"ext4"_qs, 100, 40, 60};
    s.system.disks = {s.system.disk};
    s.system.interfaces = {{u"eth0"_qs, 0, 0, 10, cpu}};
    s.tasks.available = true;
    s.tasks.runningTasks = qint64(cpu) % 7;
    s.tasks.successRate = 90;
    return s;
}

} // namespace

class tst_MetricsHistory final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void flattenAndUnflatten();
    void minuteRollupsClosedAsMinutesEnd();
    void rawQueryWithStep();
    void rollupQueryForLongRanges();
    void restartMergesTheSameMinute();
    void rawWindowAndRetention();
    void hostsKeepTheirOwnFigures();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsStore> m_store;
};

void tst_MetricsHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    DatabaseUrl url;
    url.path = m_dir->filePath(u"ops.db"_qs);
    m_store = std::make_unique<OpsStore>(url, u"history"_qs);
    QString error;
    QVERIFY2(m_store->open(&error), qPrintable(error));
}

void tst_MetricsHistory::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void tst_MetricsHistory::flattenAndUnflatten()
{
    const auto flat = protocol::seriesOf(sample(1, T0, 40));
    QHash<QString, double> map;
    for (const auto &[k, v] : flat)
        map.insert(k, v);
    QCOMPARE(map.value(u"cpu_percent"_qs), 40.0);
    QCOMPARE(map.value(u"cpu_core.1"_qs), 20.0);
    QCOMPARE(map.value(u"mount./.percent"_qs), 60.0);
    QCOMPARE(map.value(u"iface.eth0.recv_bytes_per_sec"_qs), 40.0);
    QCOMPARE(map.value(u"tasks.success_rate"_qs), 90.0);
    const QJsonObject back = protocol::sampleFromSeries(T0, map).toJson();
    const QJsonObject system = back.value(u"system"_qs).toObject();
    QCOMPARE(system.value(u"cpu_percent"_qs).toDouble(), 40.0);
    QCOMPARE(system.value(u"cpu_per_core"_qs).toArray().size(), 2);
    QCOMPARE(system.value(u"disks"_qs).toArray().at(0).toObject().value(u"mountpoint"_qs).toString(), u"/"_qs);
    QCOMPARE(back.value(u"tasks"_qs).toObject().value(u"available"_qs).toBool(), true);
    QCOMPARE(back.value(u"timestamp"_qs).toString(), protocol::isoTimestamp(T0));
}

void tst_MetricsHistory::minuteRollupsClosedAsMinutesEnd()
{
    MetricsHistory history(m_store.get(), u"self"_qs, {});
    // 5-second samples for 2.5 minutes, cpu = 10, 20, 30, ...
    for (int i = 0; i < 30; ++i)
        history.add(sample(i + 1, T0 + i * 5000, 10.0 * (i % 12 + 1)));
    QString error;
    const auto rows = metricsstore::rollups(m_store->database(), u"self"_qs, true, 60, T0 / 1000, T0 / 1000 + 3600, &error);
    QStringList bucketsWithCpu;
    for (const RollupRow &r : rows) {
        if (r.metric == u"cpu_percent"_qs) {
            bucketsWithCpu << QString::number(r.bucket - T0 / 1000);
            QCOMPARE(r.count, 12);
            QCOMPARE(r.min, 10.0);
            QCOMPARE(r.max, 120.0);
            QCOMPARE(r.sum, 780.0);
        }
    }
    QCOMPARE(bucketsWithCpu, (QStringList{u"0"_qs, u"60"_qs})); // the third minute is still open
    const auto hour = metricsstore::rollups(m_store->database(), u"self"_qs, true, 3600, T0 / 1000, T0 / 1000 + 3600, &error);
    auto cpuHour = std::find_if(hour.begin(), hour.end(), [](const RollupRow &r) { return r.metric == u"cpu_percent"_qs; });
    QVERIFY(cpuHour != hour.end());
    QCOMPARE(cpuHour->count, 24);
    history.flush();
    const auto after = metricsstore::rollups(m_store->database(), u"self"_qs, true, 60, T0 / 1000 + 120, T0 / 1000 + 180, &error);
    QVERIFY(std::any_of(after.begin(), after.end(), [](const RollupRow &r) { return r.metric == u"cpu_percent"_qs && r.count == 6; }));
}

void tst_MetricsHistory::rawQueryWithStep()
{
    MetricsHistory history(m_store.get(), u"self"_qs, {});
    for (int i = 0; i < 20; ++i)
        history.add(sample(i + 1, T0 + i * 1000, i));
    QString error;
    const QJsonArray all = history.query(T0 + 5000, T0 + 9000, 0, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(all.size(), 5);
    QCOMPARE(all.first().toObject().value(u"seq"_qs).toInt(), 6);
    QCOMPARE(all.last().toObject().value(u"seq"_qs).toInt(), 10);
    const QJsonArray stepped = history.query(T0, T0 + 19000, 5, &error);
    QCOMPARE(stepped.size(), 4); // the first sample of each 5-second step
    QCOMPARE(stepped.at(1).toObject().value(u"seq"_qs).toInt(), 6);
}

void tst_MetricsHistory::rollupQueryForLongRanges()
{
    MetricsHistory history(m_store.get(), u"self"_qs, {});
    for (int i = 0; i < 6 * 60; ++i) // 6 minutes of 1 s samples, cpu = minute number * 10 + 5 +- 5
        history.add(sample(i + 1, T0 + i * 1000, (i / 60) * 10 + (i % 2 ? 10 : 0)));
    history.flush();
    QString error;
    const QJsonArray minutes = history.query(T0, T0 + 6 * 60000, 60, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(minutes.size(), 6);
    const QJsonObject third = minutes.at(2).toObject();
    // Stamped at the end of the minute: no point before the first sample existed.
    QCOMPARE(minutes.first().toObject().value(u"timestamp"_qs).toString(), protocol::isoTimestamp(T0 + 60000));
    QCOMPARE(third.value(u"timestamp"_qs).toString(), protocol::isoTimestamp(T0 + 180000));
    QCOMPARE(third.value(u"system"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 25.0);
    QCOMPARE(third.value(u"min"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 20.0);
    QCOMPARE(third.value(u"max"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 30.0);
    QCOMPARE(third.value(u"step"_qs).toInt(), 60);
    const QJsonArray threeMinutes = history.query(T0, T0 + 6 * 60000, 180, &error);
    QCOMPARE(threeMinutes.size(), 2);
    QCOMPARE(threeMinutes.at(0).toObject().value(u"min"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 0.0);
    QCOMPARE(threeMinutes.at(0).toObject().value(u"max"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 30.0);
    const QJsonArray hours = history.query(T0, T0 + 86400000LL * 8, 3600, &error);
    QCOMPARE(hours.size(), 1);
    QCOMPARE(hours.at(0).toObject().value(u"step"_qs).toInt(), 3600);
}

void tst_MetricsHistory::restartMergesTheSameMinute()
{
    {
        MetricsHistory before(m_store.get(), u"self"_qs, {});
        before.add(sample(1, T0 + 1000, 10));
        before.add(sample(2, T0 + 2000, 30));
        before.flush(); // daemon stops mid-minute
    }
    MetricsHistory after(m_store.get(), u"self"_qs, {});
    after.add(sample(1, T0 + 40000, 50));
    after.add(sample(2, T0 + 61000, 0)); // closes the minute
    QString error;
    const auto rows = metricsstore::rollups(m_store->database(), u"self"_qs, true, 60, T0 / 1000, T0 / 1000 + 1, &error);
    auto cpu = std::find_if(rows.begin(), rows.end(), [](const RollupRow &r) { return r.metric == u"cpu_percent"_qs; });
    QVERIFY(cpu != rows.end());
    QCOMPARE(cpu->count, 3);
    QCOMPARE(cpu->sum, 90.0);
    QCOMPARE(cpu->max, 50.0);
}

void tst_MetricsHistory::rawWindowAndRetention()
{
    MetricsHistory::Retention retention;
    retention.rawMs = 60000;
    retention.minuteDays = 1;
    MetricsHistory history(m_store.get(), u"self"_qs, retention);
    for (int i = 0; i < 180; ++i)
        history.add(sample(i + 1, T0 + i * 1000, 1));
    QCOMPARE(history.raw().front().timestampMs, T0 + 119000); // only the last minute stays in memory
    QCOMPARE(history.lastSeq(), 180);
    // Older than the raw window: minute rollups fill in, so the answer has no hole.
    QString error;
    const QJsonArray answer = history.query(T0, T0 + 179000, 0, &error);
    QVERIFY(answer.size() >= 2 + 61);
    QCOMPARE(answer.first().toObject().value(u"step"_qs).toInt(), 60);
    // A day and an hour later the first minute rollups are pruned.
    history.add(sample(181, T0 + 86400000LL + 3600000, 1));
    QCOMPARE(metricsstore::rollups(m_store->database(), u"self"_qs, true, 60, 0, T0 / 1000 + 3600, &error).size(), 0);
    QVERIFY(!metricsstore::rollups(m_store->database(), u"self"_qs, true, 3600, 0, T0 / 1000 + 3600, &error).isEmpty()); // hour rollups stay 90 days
}

void tst_MetricsHistory::hostsKeepTheirOwnFigures()
{
    // Two hosts' minutes in one store, and a row from before the fleet (host ''): each host reads
    // only its own; the pre-fleet row is the daemon's own.
    QSqlQuery legacy(m_store->database());
    QVERIFY(legacy.exec(u"INSERT INTO metric_rollups (resolution, host, bucket, metric, min, max, sum, count) "
                        "VALUES (60, '', %1, 'cpu_percent', 70, 70, 70, 1)"_qs.arg(T0 / 1000 - 60)));
    MetricsHistory self(m_store.get(), u"self"_qs, {});
    MetricsHistory other(m_store.get(), u"worker-2"_qs, {});
    for (int i = 0; i < 70; ++i) {
        self.add(sample(i + 1, T0 + i * 1000, 10));
        other.add(sample(i + 1, T0 + i * 1000, 90));
    }
    QString error;
    const QJsonArray mine = self.query(T0 - 60000, T0 + 60000, 60, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(mine.size(), 2);
    QCOMPARE(mine.at(0).toObject().value(u"system"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 70.0);
    QCOMPARE(mine.at(1).toObject().value(u"system"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 10.0);
    // Another member answers for worker-2 from the store: its minutes, not the pre-fleet row.
    const QJsonArray theirs = metricsstore::history(m_store->database(), u"worker-2"_qs, T0 - 60000, T0 + 60000, 60, 7, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(theirs.size(), 1);
    QCOMPARE(theirs.at(0).toObject().value(u"system"_qs).toObject().value(u"cpu_percent"_qs).toDouble(), 90.0);

    // Raw samples a member wrote: steps under a minute come from them, the older part from the
    // minute rollups; the newest is the host's current sample; older than kept are dropped.
    QList<metricsstore::StoredSample> raw;
    for (int i = 0; i < 10; ++i)
        raw.append({T0 + 120000 + i * 5000, 100 + i, sample(100 + i, T0 + 120000 + i * 5000, 40 + i).toJson()});
    QVERIFY2(metricsstore::addSamples(m_store->database(), u"worker-2"_qs, raw, T0 + 125000, &error), qPrintable(error));
    QCOMPARE(metricsstore::latest(m_store->database(), u"worker-2"_qs, &error).seq, 109);
    QCOMPARE(metricsstore::latest(m_store->database(), u"nobody"_qs, &error).timestampMs, 0);
    const QJsonArray mixed = metricsstore::history(m_store->database(), u"worker-2"_qs, T0, T0 + 200000, 10, 7, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(mixed.first().toObject().value(u"step"_qs).toInt(), 60); // the minute before the raw window
    QCOMPARE(mixed.last().toObject().value(u"seq"_qs).toInt(), 108); // the first of the last step (160 s, 165 s)
    int rawCount = 0;
    for (const QJsonValue &v : mixed)
        rawCount += v.toObject().contains(u"step"_qs) ? 0 : 1;
    QCOMPARE(rawCount, 5); // 9 kept (the first pruned), one per 10 s step
    QCOMPARE(metricsstore::samplesAfter(m_store->database(), u"worker-2"_qs, T0 + 150000, 100, &error).size(), 3);
}

QTEST_GUILESS_MAIN(tst_MetricsHistory)
#include "tst_metricshistory.moc"
