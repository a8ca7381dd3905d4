#include "server/monitoring/metricshistory.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"

#include <QMap>

MetricsHistory::MetricsHistory(OpsStore *store, Retention retention)
    : m_store(store), m_retention(retention)
{
}

QList<std::pair<QString, double>> MetricsHistory::flatten(const protocol::MetricsSample &s)
{
    QList<std::pair<QString, double>> out;
    const protocol::SystemMetrics &m = s.system;
    out.reserve(24 + m.cpuPerCore.size() + 2 * m.disks.size() + 2 * m.interfaces.size());
    out.append({QStringLiteral("cpu_percent"), m.cpuPercent});
    for (qsizetype i = 0; i < m.cpuPerCore.size(); ++i)
        out.append({QStringLiteral("cpu_core.%1").arg(i), m.cpuPerCore.at(i)});
    out.append({QStringLiteral("load.1"), m.load1});
    out.append({QStringLiteral("load.5"), m.load5});
    out.append({QStringLiteral("load.15"), m.load15});
    out.append({QStringLiteral("memory.total"), double(m.memoryTotal)});
    out.append({QStringLiteral("memory.available"), double(m.memoryAvailable)});
    out.append({QStringLiteral("memory.percent"), m.memoryPercent});
    out.append({QStringLiteral("swap.percent"), m.swapPercent});
    out.append({QStringLiteral("disk.total"), double(m.disk.total)});
    out.append({QStringLiteral("disk.free"), double(m.disk.free)});
    out.append({QStringLiteral("disk.percent"), m.disk.percent});
    for (const protocol::MountUsage &d : m.disks) {
        out.append({QStringLiteral("mount.%1.percent").arg(d.mountpoint), d.percent});
        out.append({QStringLiteral("mount.%1.free").arg(d.mountpoint), double(d.free)});
    }
    out.append({QStringLiteral("disk_io.read_bytes_per_sec"), m.diskReadBytesPerSec});
    out.append({QStringLiteral("disk_io.write_bytes_per_sec"), m.diskWriteBytesPerSec});
    out.append({QStringLiteral("network.bytes_sent"), double(m.bytesSent)});
    out.append({QStringLiteral("network.bytes_recv"), double(m.bytesRecv)});
    out.append({QStringLiteral("network.sent_bytes_per_sec"), m.sentBytesPerSec});
    out.append({QStringLiteral("network.recv_bytes_per_sec"), m.recvBytesPerSec});
    for (const protocol::InterfaceTraffic &i : m.interfaces) {
        out.append({QStringLiteral("iface.%1.sent_bytes_per_sec").arg(i.name), i.sentBytesPerSec});
        out.append({QStringLiteral("iface.%1.recv_bytes_per_sec").arg(i.name), i.recvBytesPerSec});
    }
    if (s.tasks.available) {
        out.append({QStringLiteral("tasks.running_tasks"), double(s.tasks.runningTasks)});
        out.append({QStringLiteral("tasks.completed_today"), double(s.tasks.completedToday)});
        out.append({QStringLiteral("tasks.success_rate"), s.tasks.successRate});
        out.append({QStringLiteral("tasks.total_completed"), double(s.tasks.totalCompleted)});
    }
    return out;
}

QJsonObject MetricsHistory::unflatten(qint64 timestampMs, const QHash<QString, double> &v)
{
    protocol::MetricsSample s;
    s.timestampMs = timestampMs;
    protocol::SystemMetrics &m = s.system;
    auto get = [&v](const QString &key) { return v.value(key, 0.0); };
    m.cpuPercent = get(QStringLiteral("cpu_percent"));
    for (int i = 0; v.contains(QStringLiteral("cpu_core.%1").arg(i)); ++i)
        m.cpuPerCore.append(v.value(QStringLiteral("cpu_core.%1").arg(i)));
    m.load1 = get(QStringLiteral("load.1"));
    m.load5 = get(QStringLiteral("load.5"));
    m.load15 = get(QStringLiteral("load.15"));
    m.memoryTotal = quint64(get(QStringLiteral("memory.total")));
    m.memoryAvailable = quint64(get(QStringLiteral("memory.available")));
    m.memoryPercent = get(QStringLiteral("memory.percent"));
    m.swapPercent = get(QStringLiteral("swap.percent"));
    m.disk.mountpoint = QStringLiteral("/");
    m.disk.total = quint64(get(QStringLiteral("disk.total")));
    m.disk.free = quint64(get(QStringLiteral("disk.free")));
    m.disk.percent = get(QStringLiteral("disk.percent"));
    m.diskReadBytesPerSec = get(QStringLiteral("disk_io.read_bytes_per_sec"));
    m.diskWriteBytesPerSec = get(QStringLiteral("disk_io.write_bytes_per_sec"));
    m.bytesSent = quint64(get(QStringLiteral("network.bytes_sent")));
    m.bytesRecv = quint64(get(QStringLiteral("network.bytes_recv")));
    m.sentBytesPerSec = get(QStringLiteral("network.sent_bytes_per_sec"));
    m.recvBytesPerSec = get(QStringLiteral("network.recv_bytes_per_sec"));
    QMap<QString, protocol::MountUsage> mounts;
    QMap<QString, protocol::InterfaceTraffic> ifaces;
    for (auto it = v.constBegin(); it != v.constEnd(); ++it) {
        const QString &key = it.key();
        if (key.startsWith(QLatin1StringView("mount."))) {
            const qsizetype dot = key.lastIndexOf(u'.');
            const QString mp = key.mid(6, dot - 6);
            protocol::MountUsage &mu = mounts[mp];
            mu.mountpoint = mp;
            if (key.endsWith(QLatin1StringView(".percent")))
                mu.percent = it.value();
            else
                mu.free = quint64(it.value());
        } else if (key.startsWith(QLatin1StringView("iface."))) {
            const qsizetype dot = key.lastIndexOf(u'.');
            const QString name = key.mid(6, dot - 6);
            protocol::InterfaceTraffic &t = ifaces[name];
            t.name = name;
            if (key.endsWith(QLatin1StringView(".sent_bytes_per_sec")))
                t.sentBytesPerSec = it.value();
            else
                t.recvBytesPerSec = it.value();
        }
    }
    m.disks = mounts.values();
    m.interfaces = ifaces.values();
    s.tasks.available = v.contains(QStringLiteral("tasks.running_tasks"));
    s.tasks.runningTasks = qint64(get(QStringLiteral("tasks.running_tasks")));
    s.tasks.completedToday = qint64(get(QStringLiteral("tasks.completed_today")));
    s.tasks.successRate = get(QStringLiteral("tasks.success_rate"));
    s.tasks.totalCompleted = qint64(get(QStringLiteral("tasks.total_completed")));
    return s.toJson();
}

void MetricsHistory::add(const protocol::MetricsSample &sample)
{
    const qint64 bucket = sample.timestampMs / 1000 / 60 * 60;
    if (m_minuteBucket >= 0 && bucket != m_minuteBucket)
        closeMinute();
    m_minuteBucket = bucket;
    for (const auto &[name, value] : flatten(sample))
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
    QString error;
    if (!m_store->mergeRollups(60, rows, &error))
        qCWarning(lcOps).noquote() << "writing 1-minute rollups failed:" << error;
    for (RollupRow &row : rows)
        row.bucket = m_minuteBucket / 3600 * 3600;
    if (!m_store->mergeRollups(3600, rows, &error))
        qCWarning(lcOps).noquote() << "writing 1-hour rollups failed:" << error;
    m_minute.clear();
}

void MetricsHistory::prune(qint64 nowMs)
{
    const qint64 hour = nowMs / 3600000;
    if (!m_store || hour == m_lastPruneHour)
        return;
    m_lastPruneHour = hour;
    QString error;
    const qint64 nowS = nowMs / 1000;
    if (!m_store->pruneRollups(60, nowS - qint64(m_retention.minuteDays) * 86400, &error)
        || !m_store->pruneRollups(3600, nowS - qint64(m_retention.hourDays) * 86400, &error))
        qCWarning(lcOps).noquote() << "pruning rollups failed:" << error;
}

QJsonArray MetricsHistory::query(qint64 fromMs, qint64 toMs, int stepSeconds, QString *error) const
{
    QJsonArray out;
    const qint64 rawStart = m_raw.empty() ? toMs + 1 : m_raw.front().timestampMs;
    if (stepSeconds >= 3600 || toMs - fromMs > qint64(m_retention.minuteDays) * 86400000)
        return rollupQuery(3600, fromMs, toMs, stepSeconds, error);
    if (stepSeconds >= 60)
        return rollupQuery(60, fromMs, toMs, stepSeconds, error);

    if (fromMs < rawStart) {
        // Before the raw window: minute rollups fill in.
        out = rollupQuery(60, fromMs, qMin(toMs, rawStart - 1), 60, error);
        if (!error->isEmpty())
            return {};
    }
    const qint64 stepMs = qint64(stepSeconds) * 1000;
    qint64 lastBucket = std::numeric_limits<qint64>::min();
    for (const protocol::MetricsSample &s : m_raw) {
        if (s.timestampMs < fromMs || s.timestampMs > toMs)
            continue;
        const qint64 bucket = s.timestampMs / qMax<qint64>(stepMs, 1);
        if (stepSeconds > 0 && bucket == lastBucket)
            continue; // first sample of each step
        lastBucket = bucket;
        out.append(s.toJson());
    }
    return out;
}

QJsonArray MetricsHistory::rollupQuery(int resolution, qint64 fromMs, qint64 toMs, int stepSeconds, QString *error) const
{
    QJsonArray out;
    if (!m_store)
        return out;
    const qint64 step = qMax<qint64>(resolution, stepSeconds / resolution * resolution);
    const qint64 fromBucket = fromMs / 1000 / resolution * resolution;
    const qint64 toBucket = toMs / 1000 + 1;
    const QList<RollupRow> rows = m_store->rollups(resolution, fromBucket, toBucket, error);
    if (!error->isEmpty())
        return out;
    struct Group {
        QHash<QString, double> sum, min, max;
        QHash<QString, qint64> count;
    };
    QMap<qint64, Group> groups;
    for (const RollupRow &row : rows) {
        Group &g = groups[row.bucket / step * step];
        if (!g.count.contains(row.metric)) {
            g.min.insert(row.metric, row.min);
            g.max.insert(row.metric, row.max);
        } else {
            g.min[row.metric] = qMin(g.min.value(row.metric), row.min);
            g.max[row.metric] = qMax(g.max.value(row.metric), row.max);
        }
        g.sum[row.metric] += row.sum;
        g.count[row.metric] += row.count;
    }
    for (auto it = groups.constBegin(); it != groups.constEnd(); ++it) {
        QHash<QString, double> avg;
        QJsonObject mins, maxs;
        for (auto c = it->count.constBegin(); c != it->count.constEnd(); ++c) {
            avg.insert(c.key(), c.value() ? it->sum.value(c.key()) / double(c.value()) : 0);
            mins.insert(c.key(), it->min.value(c.key()));
            maxs.insert(c.key(), it->max.value(c.key()));
        }
        QJsonObject sample = unflatten(it.key() * 1000, avg);
        sample.insert(QStringLiteral("step"), double(step));
        sample.insert(QStringLiteral("min"), mins);
        sample.insert(QStringLiteral("max"), maxs);
        out.append(sample);
    }
    return out;
}
