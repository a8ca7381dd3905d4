#include "server/monitoring/metricshistory.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"


MetricsHistory::MetricsHistory(OpsStore *store, QString host, Retention retention)
    : m_store(store), m_host(std::move(host)), m_retention(retention)
{
}

void MetricsHistory::add(const protocol::MetricsSample &sample)
{
    const qint64 bucket = sample.timestampMs / 1000 / 60 * 60;
    if (m_minuteBucket >= 0 && bucket != m_minuteBucket)
        closeMinute();
    m_minuteBucket = bucket;
    for (const auto &[name, value] : protocol::seriesOf(sample))
        m_minute[name].add(value);

    m_raw.push_back(sample);
    const qint64 cutoff = sample.timestampMs - m_retention.rawMs;
    while (!m_raw.empty() && m_raw.front().timestampMs < cutoff)
        m_raw.pop_front();
    prune(sample.timestampMs);
}

void MetricsHistory::flush()
{
    closeMinute();
}

void MetricsHistory::closeMinute()
{
    if (m_minute.isEmpty() || !m_store)
        return;
    QList<RollupRow> rows;
    rows.reserve(m_minute.size());
    for (auto it = m_minute.constBegin(); it != m_minute.constEnd(); ++it)
        rows.append({m_minuteBucket, it.key(), it->min, it->max, it->sum, it->count});
    auto write = [host = m_host, rows, minute = m_minuteBucket](OpsStore &store) mutable {
        QString error;
        if (!metricsstore::mergeRollups(store.database(), host, 60, rows, &error))
            qCWarning(lcOps).noquote() << "writing 1-minute rollups failed:" << error;
        for (RollupRow &row : rows)
            row.bucket = minute / 3600 * 3600;
        if (!metricsstore::mergeRollups(store.database(), host, 3600, rows, &error))
            qCWarning(lcOps).noquote() << "writing 1-hour rollups failed:" << error;
    };
    if (m_thread)
        m_thread->post("rollups", std::move(write), StoreThread::Load::Bulk);
    else
        write(*m_store);
    m_minute.clear();
}

void MetricsHistory::prune(qint64 nowMs)
{
    const qint64 hour = nowMs / 3600000;
    if (!m_store || hour == m_lastPruneHour)
        return;
    m_lastPruneHour = hour;
    auto job = [host = m_host, nowS = nowMs / 1000, retention = m_retention](OpsStore &store) {
        QString error;
        if (!metricsstore::pruneRollups(store.database(), host, 60, nowS - qint64(retention.minuteDays) * 86400, &error)
            || !metricsstore::pruneRollups(store.database(), host, 3600, nowS - qint64(retention.hourDays) * 86400, &error))
            qCWarning(lcOps).noquote() << "pruning rollups failed:" << error;
    };
    if (m_thread)
        m_thread->post("rollup prune", std::move(job), StoreThread::Load::Bulk);
    else
        job(*m_store);
}

QJsonArray MetricsHistory::query(qint64 fromMs, qint64 toMs, int stepSeconds, QString *error) const
{
    return run(plan(fromMs, toMs, stepSeconds), m_store ? m_store->database() : QSqlDatabase(), error);
}

MetricsHistory::Plan MetricsHistory::plan(qint64 fromMs, qint64 toMs, int stepSeconds) const
{
    Plan p;
    p.host = m_host;
    auto rollups = [&](int resolution, qint64 from, qint64 to, int step) {
        if (!m_store)
            return;
        p.resolution = resolution;
        p.rollupFromMs = from;
        p.rollupToMs = to;
        p.rollupStep = step;
    };
    if (stepSeconds >= 3600 || toMs - fromMs > qint64(m_retention.minuteDays) * 86400000) {
        rollups(3600, fromMs, toMs, stepSeconds);
        return p;
    }
    if (stepSeconds >= 60) {
        rollups(60, fromMs, toMs, stepSeconds);
        return p;
    }
    const qint64 rawStart = m_raw.empty() ? toMs + 1 : m_raw.front().timestampMs;
    if (fromMs < rawStart)
        rollups(60, fromMs, qMin(toMs, rawStart - 1), 60); // before the raw window: minute rollups fill in
    const qint64 stepMs = qint64(stepSeconds) * 1000;
    qint64 lastBucket = std::numeric_limits<qint64>::min();
    for (const protocol::MetricsSample &s : m_raw) {
        if (s.timestampMs < fromMs || s.timestampMs > toMs)
            continue;
        const qint64 bucket = s.timestampMs / qMax<qint64>(stepMs, 1);
        if (stepSeconds > 0 && bucket == lastBucket)
            continue; // first sample of each step
        lastBucket = bucket;
        p.raw.append(s.toJson());
    }
    return p;
}

QJsonArray MetricsHistory::run(const Plan &plan, const QSqlDatabase &db, QString *error)
{
    QJsonArray out;
    if (plan.resolution > 0) {
        const qint64 fromBucket = plan.rollupFromMs / 1000 / plan.resolution * plan.resolution;
        const QList<RollupRow> rows =
            metricsstore::rollups(db, plan.host, true, plan.resolution, fromBucket, plan.rollupToMs / 1000 + 1, error);
        if (!error->isEmpty())
            return {};
        out = metricsstore::rollupSamples(rows, plan.resolution, plan.rollupFromMs, plan.rollupToMs, plan.rollupStep);
    }
    for (const QJsonValue &v : plan.raw)
        out.append(v);
    return out;
}
