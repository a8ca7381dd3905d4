#include "server/protocol/metrics.h"

#include "server/protocol/protocol.h"

#include <QJsonArray>
#include <QMap>
#include <cmath>

namespace protocol {

namespace {
// A JSON number as a whole count; fallback when it is none a qint64 holds (a huge, negative or
// non-finite value from a hostile peer would make the conversion undefined).
qint64 wholeOr(const QJsonValue &v, qint64 fallback)
{
    if (!v.isDouble())
        return fallback;
    const double d = v.toDouble();
    return std::isfinite(d) && d >= 0 && d <= 9007199254740991.0 ? qint64(d) : fallback;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

// Small reader that remembers the first missing or mistyped field.
class Reader {
public:
    Reader(const QJsonObject &json, QString *error, QString path = {})
        : m_json(json), m_error(error), m_path(std::move(path)) {}

    double number(QLatin1StringView key, bool required = true)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isDouble())
            return v.toDouble();
        if (required || !v.isUndefined())
            fail(key, "a number");
        return 0;
    }
    quint64 count(QLatin1StringView key, bool required = true)
    {
        const double v = number(key, required);
        if (v < 0) {
            fail(key, "a non-negative number");
            return 0;
        }
        return quint64(v);
    }
    QString string(QLatin1StringView key, bool required = true)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isString())
            return v.toString();
        if (required || !v.isUndefined())
            fail(key, "a string");
        return {};
    }
    bool boolean(QLatin1StringView key, bool required = true)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isBool())
            return v.toBool();
        if (required || !v.isUndefined())
            fail(key, "a boolean");
        return false;
    }
    QJsonObject object(QLatin1StringView key, bool required = true)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isObject())
            return v.toObject();
        if (required || !v.isUndefined())
            fail(key, "an object");
        return {};
    }
    QJsonArray array(QLatin1StringView key)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isArray())
            return v.toArray();
        if (!v.isUndefined())
            fail(key, "an array");
        return {};
    }
    QString child(QLatin1StringView key) const { return m_path.isEmpty() ? QString(key) : m_path + u'.' + key; }
    bool ok() const { return m_error->isEmpty(); }
    QString *error() const { return m_error; }

private:
    void fail(QLatin1StringView key, const char *what)
    {
        if (m_error->isEmpty())
            *m_error = QStringLiteral("\"%1\" must be %2").arg(child(key), QLatin1StringView(what));
    }
    QJsonObject m_json;
    QString *m_error;
    QString m_path;
};

QJsonObject mountToJson(const MountUsage &m)
{
    return {{u"mountpoint"_qs, m.mountpoint}, {u"device"_qs, m.device}, {u"fstype"_qs, m.fstype},
            {u"total"_qs, double(m.total)}, {u"free"_qs, double(m.free)}, {u"percent"_qs, round2(m.percent)}};
}

MountUsage mountFromJson(Reader &r)
{
    MountUsage m;
    m.total = r.count(QLatin1StringView("total"));
    m.free = r.count(QLatin1StringView("free"));
    m.percent = r.number(QLatin1StringView("percent"));
    m.mountpoint = r.string(QLatin1StringView("mountpoint"), false);
    m.device = r.string(QLatin1StringView("device"), false);
    m.fstype = r.string(QLatin1StringView("fstype"), false);
    return m;
}

} // namespace

QJsonObject SystemMetrics::toJson() const
{
    QJsonArray cores;
    for (double c : cpuPerCore)
        cores.append(round2(c));
    QJsonArray mounts;
    for (const MountUsage &m : disks)
        mounts.append(mountToJson(m));
    QJsonArray devices;
    for (const DiskDeviceIo &d : diskDevices)
        devices.append(QJsonObject{{u"name"_qs, d.name}, {u"read_bytes_per_sec"_qs, round2(d.readBytesPerSec)},
                                   {u"write_bytes_per_sec"_qs, round2(d.writeBytesPerSec)}});
    QJsonArray ifaces;
    for (const InterfaceTraffic &i : interfaces)
        ifaces.append(QJsonObject{{u"name"_qs, i.name}, {u"bytes_sent"_qs, double(i.bytesSent)},
                                  {u"bytes_recv"_qs, double(i.bytesRecv)},
                                  {u"sent_bytes_per_sec"_qs, round2(i.sentBytesPerSec)},
                                  {u"recv_bytes_per_sec"_qs, round2(i.recvBytesPerSec)}});
    return {
        {u"cpu_percent"_qs, round2(cpuPercent)},
        {u"cpu_per_core"_qs, cores},
        {u"load_average"_qs, QJsonArray{round2(load1), round2(load5), round2(load15)}},
        {u"memory"_qs, QJsonObject{{u"total"_qs, double(memoryTotal)}, {u"available"_qs, double(memoryAvailable)},
                                   {u"percent"_qs, round2(memoryPercent)}}},
        {u"swap"_qs, QJsonObject{{u"total"_qs, double(swapTotal)}, {u"free"_qs, double(swapFree)},
                                 {u"percent"_qs, round2(swapPercent)}}},
        {u"disk"_qs, mountToJson(disk)},
        {u"disks"_qs, mounts},
        {u"disk_io"_qs, QJsonObject{{u"read_bytes_per_sec"_qs, round2(diskReadBytesPerSec)},
                                    {u"write_bytes_per_sec"_qs, round2(diskWriteBytesPerSec)},
                                    {u"devices"_qs, devices}}},
        {u"network"_qs, QJsonObject{{u"bytes_sent"_qs, double(bytesSent)}, {u"bytes_recv"_qs, double(bytesRecv)},
                                    {u"sent_bytes_per_sec"_qs, round2(sentBytesPerSec)},
                                    {u"recv_bytes_per_sec"_qs, round2(recvBytesPerSec)},
                                    {u"interfaces"_qs, ifaces}}},
    };
}

std::optional<SystemMetrics> SystemMetrics::fromJson(const QJsonObject &json, QString *error)
{
    error->clear();
    SystemMetrics s;
    Reader r(json, error, QStringLiteral("system"));
    s.cpuPercent = r.number(QLatin1StringView("cpu_percent"));
    for (const QJsonValue &v : r.array(QLatin1StringView("cpu_per_core")))
        s.cpuPerCore.append(v.toDouble());
    const QJsonArray load = r.array(QLatin1StringView("load_average"));
    if (load.size() == 3) {
        s.load1 = load.at(0).toDouble();
        s.load5 = load.at(1).toDouble();
        s.load15 = load.at(2).toDouble();
    }
    Reader mem(r.object(QLatin1StringView("memory")), error, r.child(QLatin1StringView("memory")));
    s.memoryTotal = mem.count(QLatin1StringView("total"));
    s.memoryAvailable = mem.count(QLatin1StringView("available"));
    s.memoryPercent = mem.number(QLatin1StringView("percent"));
    Reader swap(r.object(QLatin1StringView("swap"), false), error, r.child(QLatin1StringView("swap")));
    s.swapTotal = swap.count(QLatin1StringView("total"), false);
    s.swapFree = swap.count(QLatin1StringView("free"), false);
    s.swapPercent = swap.number(QLatin1StringView("percent"), false);
    Reader disk(r.object(QLatin1StringView("disk")), error, r.child(QLatin1StringView("disk")));
    s.disk = mountFromJson(disk);
    for (const QJsonValue &v : r.array(QLatin1StringView("disks"))) {
        Reader m(v.toObject(), error, r.child(QLatin1StringView("disks")));
        s.disks.append(mountFromJson(m));
    }
    Reader io(r.object(QLatin1StringView("disk_io"), false), error, r.child(QLatin1StringView("disk_io")));
    s.diskReadBytesPerSec = io.number(QLatin1StringView("read_bytes_per_sec"), false);
    s.diskWriteBytesPerSec = io.number(QLatin1StringView("write_bytes_per_sec"), false);
    for (const QJsonValue &v : io.array(QLatin1StringView("devices"))) {
        Reader d(v.toObject(), error, io.child(QLatin1StringView("devices")));
        s.diskDevices.append({d.string(QLatin1StringView("name")), d.number(QLatin1StringView("read_bytes_per_sec")),
                              d.number(QLatin1StringView("write_bytes_per_sec"))});
    }
    Reader net(r.object(QLatin1StringView("network")), error, r.child(QLatin1StringView("network")));
    s.bytesSent = net.count(QLatin1StringView("bytes_sent"));
    s.bytesRecv = net.count(QLatin1StringView("bytes_recv"));
    s.sentBytesPerSec = net.number(QLatin1StringView("sent_bytes_per_sec"), false);
    s.recvBytesPerSec = net.number(QLatin1StringView("recv_bytes_per_sec"), false);
    for (const QJsonValue &v : net.array(QLatin1StringView("interfaces"))) {
        Reader i(v.toObject(), error, net.child(QLatin1StringView("interfaces")));
        InterfaceTraffic t;
        t.name = i.string(QLatin1StringView("name"));
        t.bytesSent = i.count(QLatin1StringView("bytes_sent"));
        t.bytesRecv = i.count(QLatin1StringView("bytes_recv"));
        t.sentBytesPerSec = i.number(QLatin1StringView("sent_bytes_per_sec"), false);
        t.recvBytesPerSec = i.number(QLatin1StringView("recv_bytes_per_sec"), false);
        s.interfaces.append(t);
    }
    if (!error->isEmpty())
        return std::nullopt;
    return s;
}

QJsonObject TaskMetrics::toJson() const
{
    QJsonObject json{
        {u"running_tasks"_qs, double(runningTasks)},
        {u"completed_today"_qs, double(completedToday)},
        {u"success_rate"_qs, successRate},
        {u"total_completed"_qs, double(totalCompleted)},
        {u"available"_qs, available},
    };
    if (!error.isEmpty())
        json.insert(u"error"_qs, error);
    return json;
}

std::optional<TaskMetrics> TaskMetrics::fromJson(const QJsonObject &json, QString *error)
{
    error->clear();
    Reader r(json, error, QStringLiteral("tasks"));
    TaskMetrics t;
    t.runningTasks = qint64(r.count(QLatin1StringView("running_tasks")));
    t.completedToday = qint64(r.count(QLatin1StringView("completed_today")));
    t.successRate = r.number(QLatin1StringView("success_rate"));
    t.totalCompleted = qint64(r.count(QLatin1StringView("total_completed")));
    t.available = r.boolean(QLatin1StringView("available"), false);
    if (!json.contains(QLatin1StringView("available")))
        t.available = true; // a sender that predates the flag only sends what it read
    t.error = r.string(QLatin1StringView("error"), false);
    if (!error->isEmpty())
        return std::nullopt;
    if (t.successRate < 0 || t.successRate > 100) {
        *error = QStringLiteral("\"tasks.success_rate\" must be between 0 and 100");
        return std::nullopt;
    }
    return t;
}

QJsonObject PerformanceMetrics::toJson() const
{
    return {{u"average_response_time"_qs, averageResponseTime}, {u"error_rate"_qs, errorRate},
            {u"requests_per_minute"_qs, requestsPerMinute}, {u"uptime"_qs, uptime},
            {u"p50_response_time"_qs, p50}, {u"p95_response_time"_qs, p95}, {u"p99_response_time"_qs, p99},
            {u"requests"_qs, double(requests)}};
}

PerformanceMetrics PerformanceMetrics::fromJson(const QJsonObject &json)
{
    PerformanceMetrics p;
    p.available = !json.isEmpty();
    p.averageResponseTime = json.value(u"average_response_time"_qs).toDouble();
    p.errorRate = json.value(u"error_rate"_qs).toDouble();
    p.requestsPerMinute = json.value(u"requests_per_minute"_qs).toDouble();
    p.uptime = json.value(u"uptime"_qs).toDouble();
    p.p50 = json.value(u"p50_response_time"_qs).toDouble();
    p.p95 = json.value(u"p95_response_time"_qs).toDouble();
    p.p99 = json.value(u"p99_response_time"_qs).toDouble();
    p.requests = wholeOr(json.value(u"requests"_qs), 0);
    return p;
}

QJsonObject MetricsSample::toJson() const
{
    QJsonObject json{
        {u"system"_qs, system.toJson()},
        {u"tasks"_qs, tasks.toJson()},
        {Key::Timestamp, isoTimestamp(timestampMs)},
    };
    if (seq >= 0)
        json.insert(Key::Seq, double(seq));
    if (demo)
        json.insert(u"demo"_qs, true);
    if (!host.isEmpty())
        json.insert(u"host"_qs, host);
    if (performance.available)
        json.insert(u"performance"_qs, performance.toJson());
    return json;
}

std::optional<MetricsSample> MetricsSample::fromJson(const QJsonObject &json, QString *error)
{
    error->clear();
    MetricsSample s;
    const qint64 ts = parseIsoTimestamp(json.value(Key::Timestamp).toString());
    if (ts < 0) {
        *error = QStringLiteral("\"timestamp\" must be an ISO-8601 time");
        return std::nullopt;
    }
    s.timestampMs = ts;
    s.seq = wholeOr(json.value(Key::Seq), -1);
    s.demo = json.value(u"demo"_qs).toBool(false);
    s.host = json.value(u"host"_qs).toString().left(200);
    auto system = SystemMetrics::fromJson(json.value(u"system"_qs).toObject(), error);
    if (!system)
        return std::nullopt;
    auto tasks = TaskMetrics::fromJson(json.value(u"tasks"_qs).toObject(), error);
    if (!tasks)
        return std::nullopt;
    s.system = *system;
    s.tasks = *tasks;
    if (json.value(u"performance"_qs).isObject())
        s.performance = PerformanceMetrics::fromJson(json.value(u"performance"_qs).toObject());
    return s;
}

QList<std::pair<QString, double>> seriesOf(const MetricsSample &s)
{
    QList<std::pair<QString, double>> out;
    const SystemMetrics &m = s.system;
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
    for (const MountUsage &d : m.disks) {
        out.append({QStringLiteral("mount.%1.percent").arg(d.mountpoint), d.percent});
        out.append({QStringLiteral("mount.%1.free").arg(d.mountpoint), double(d.free)});
    }
    out.append({QStringLiteral("disk_io.read_bytes_per_sec"), m.diskReadBytesPerSec});
    out.append({QStringLiteral("disk_io.write_bytes_per_sec"), m.diskWriteBytesPerSec});
    out.append({QStringLiteral("network.bytes_sent"), double(m.bytesSent)});
    out.append({QStringLiteral("network.bytes_recv"), double(m.bytesRecv)});
    out.append({QStringLiteral("network.sent_bytes_per_sec"), m.sentBytesPerSec});
    out.append({QStringLiteral("network.recv_bytes_per_sec"), m.recvBytesPerSec});
    for (const InterfaceTraffic &i : m.interfaces) {
        out.append({QStringLiteral("iface.%1.sent_bytes_per_sec").arg(i.name), i.sentBytesPerSec});
        out.append({QStringLiteral("iface.%1.recv_bytes_per_sec").arg(i.name), i.recvBytesPerSec});
    }
    if (s.tasks.available) {
        out.append({QStringLiteral("tasks.running_tasks"), double(s.tasks.runningTasks)});
        out.append({QStringLiteral("tasks.completed_today"), double(s.tasks.completedToday)});
        out.append({QStringLiteral("tasks.success_rate"), s.tasks.successRate});
        out.append({QStringLiteral("tasks.total_completed"), double(s.tasks.totalCompleted)});
    }
    if (s.performance.available) {
        out.append({QStringLiteral("performance.average_response_time"), s.performance.averageResponseTime});
        out.append({QStringLiteral("performance.error_rate"), s.performance.errorRate});
        out.append({QStringLiteral("performance.requests_per_minute"), s.performance.requestsPerMinute});
        out.append({QStringLiteral("performance.p95_response_time"), s.performance.p95});
    }
    return out;
}

MetricsSample sampleFromSeries(qint64 timestampMs, const QHash<QString, double> &v)
{
    MetricsSample s;
    s.timestampMs = timestampMs;
    SystemMetrics &m = s.system;
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
    QMap<QString, MountUsage> mounts;
    QMap<QString, InterfaceTraffic> ifaces;
    for (auto it = v.constBegin(); it != v.constEnd(); ++it) {
        const QString &key = it.key();
        if (key.startsWith(QLatin1StringView("mount."))) {
            const qsizetype dot = key.lastIndexOf(u'.');
            const QString mp = key.mid(6, dot - 6);
            MountUsage &mu = mounts[mp];
            mu.mountpoint = mp;
            if (key.endsWith(QLatin1StringView(".percent")))
                mu.percent = it.value();
            else
                mu.free = quint64(it.value());
        } else if (key.startsWith(QLatin1StringView("iface."))) {
            const qsizetype dot = key.lastIndexOf(u'.');
            const QString name = key.mid(6, dot - 6);
            InterfaceTraffic &t = ifaces[name];
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
    s.performance.available = v.contains(QStringLiteral("performance.requests_per_minute"));
    s.performance.averageResponseTime = get(QStringLiteral("performance.average_response_time"));
    s.performance.errorRate = get(QStringLiteral("performance.error_rate"));
    s.performance.requestsPerMinute = get(QStringLiteral("performance.requests_per_minute"));
    s.performance.p95 = get(QStringLiteral("performance.p95_response_time"));
    return s;
}

} // namespace protocol
