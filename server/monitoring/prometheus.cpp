#include "server/monitoring/prometheus.h"

#include <QCoreApplication>

namespace {

class Writer {
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_current = name;
        m_out += "# HELP formauto_ops_";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE formauto_ops_";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    void value(double v, std::initializer_list<std::pair<const char *, QString>> labels = {})
    {
        m_out += "formauto_ops_";
        m_out += m_current;
        if (labels.size()) {
            m_out += '{';
            bool first = true;
            for (const auto &[k, val] : labels) {
                if (!first)
                    m_out += ',';
                first = false;
                m_out += k;
                m_out += "=\"";
                m_out += escape(val);
                m_out += '"';
            }
            m_out += '}';
        }
        m_out += ' ';
        m_out += QByteArray::number(v, 'g', 15);
        m_out += '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    static QByteArray escape(const QString &v)
    {
        QByteArray out = v.toUtf8();
        out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        return out;
    }
    QByteArray m_out;
    const char *m_current = "";
};

} // namespace

QByteArray renderPrometheus(const protocol::MetricsSample *sample, const DaemonStats &stats)
{
    Writer w;
    w.family("build_info", "gauge", "Version of formauto-opsd.");
    w.value(1, {{"version", QCoreApplication::applicationVersion()}});
    w.family("uptime_seconds", "gauge", "Seconds since formauto-opsd started.");
    w.value(stats.uptimeSeconds);
    w.family("websocket_clients", "gauge", "Authenticated WebSocket clients connected now.");
    w.value(double(stats.clients));
    w.family("websocket_messages_sent_total", "counter", "Messages queued to WebSocket clients.");
    w.value(double(stats.messagesSent));
    w.family("websocket_updates_skipped_total", "counter", "Updates not sent to clients whose send queue was full.");
    w.value(double(stats.updatesSkipped));
    w.family("websocket_clients_dropped_total", "counter", "Clients disconnected for staying too far behind.");
    w.value(double(stats.clientsDropped));
    w.family("sample_duration_seconds", "gauge", "Time the last system sample took.");
    w.value(stats.sampleSeconds);
    w.family("event_loop_lag_p99_seconds", "gauge", "How late the daemon's event loop ran a timer, 99th percentile over the last minute.");
    w.value(stats.eventLoopLagP99Seconds);
    w.family("event_loop_lag_max_seconds", "gauge", "How late the daemon's event loop ran a timer, worst over the last minute.");
    w.value(stats.eventLoopLagMaxSeconds);
    w.family("connections", "gauge", "TCP connections held now (HTTP and WebSocket).");
    w.value(double(stats.connections));
    w.family("connection_capacity", "gauge", "Connections held at most, under the descriptor limit.");
    w.value(double(stats.connectionCapacity));
    w.family("connections_refused_total", "counter", "Connections closed at once (per-address cap or no room).");
    w.value(double(stats.connectionsRefused));
    w.family("connections_evicted_total", "counter", "Unauthenticated connections closed to make room for new ones.");
    w.value(double(stats.connectionsEvicted));
    w.family("store_backlog", "gauge", "Writes waiting for the store (alerts, health runs, rollups, job runs).");
    w.value(double(stats.storeBacklog));
    w.family("store_oldest_wait_seconds", "gauge", "How long the oldest write waiting for the store has waited.");
    w.value(stats.storeOldestWaitSeconds);
    w.family("store_jobs_refused_total", "counter", "Writes refused because the store backlog was full.");
    w.value(double(stats.storeJobsRefused));
    if (!sample)
        return w.take();

    const protocol::SystemMetrics &m = sample->system;
    w.family("last_sample_timestamp_seconds", "gauge", "When the last sample was taken (Unix time).");
    w.value(double(sample->timestampMs) / 1000.0);
    w.family("cpu_usage_ratio", "gauge", "CPU busy share over the last interval, 0 to 1.");
    w.value(m.cpuPercent / 100.0, {{"cpu", QStringLiteral("all")}});
    for (qsizetype i = 0; i < m.cpuPerCore.size(); ++i)
        w.value(m.cpuPerCore.at(i) / 100.0, {{"cpu", QString::number(i)}});
    w.family("load_average", "gauge", "System load average.");
    w.value(m.load1, {{"period", QStringLiteral("1m")}});
    w.value(m.load5, {{"period", QStringLiteral("5m")}});
    w.value(m.load15, {{"period", QStringLiteral("15m")}});
    w.family("memory_total_bytes", "gauge", "Physical memory.");
    w.value(double(m.memoryTotal));
    w.family("memory_available_bytes", "gauge", "Memory available to new work without swapping.");
    w.value(double(m.memoryAvailable));
    w.family("memory_usage_ratio", "gauge", "Share of memory in use, 0 to 1.");
    w.value(m.memoryPercent / 100.0);
    w.family("swap_total_bytes", "gauge", "Swap space.");
    w.value(double(m.swapTotal));
    w.family("swap_free_bytes", "gauge", "Unused swap space.");
    w.value(double(m.swapFree));
    w.family("filesystem_size_bytes", "gauge", "File system size.");
    for (const auto &d : m.disks)
        w.value(double(d.total), {{"mountpoint", d.mountpoint}, {"device", d.device}, {"fstype", d.fstype}});
    w.family("filesystem_free_bytes", "gauge", "File system space available to unprivileged users.");
    for (const auto &d : m.disks)
        w.value(double(d.free), {{"mountpoint", d.mountpoint}, {"device", d.device}, {"fstype", d.fstype}});
    w.family("filesystem_usage_ratio", "gauge", "Share of the file system in use, 0 to 1.");
    for (const auto &d : m.disks)
        w.value(d.percent / 100.0, {{"mountpoint", d.mountpoint}, {"device", d.device}, {"fstype", d.fstype}});
    w.family("disk_read_bytes_per_second", "gauge", "Disk read rate over the last interval.");
    for (const auto &d : m.diskDevices)
        w.value(d.readBytesPerSec, {{"device", d.name}});
    w.family("disk_written_bytes_per_second", "gauge", "Disk write rate over the last interval.");
    for (const auto &d : m.diskDevices)
        w.value(d.writeBytesPerSec, {{"device", d.name}});
    w.family("network_receive_bytes_total", "counter", "Bytes received per interface.");
    for (const auto &i : m.interfaces)
        w.value(double(i.bytesRecv), {{"interface", i.name}});
    w.family("network_transmit_bytes_total", "counter", "Bytes sent per interface.");
    for (const auto &i : m.interfaces)
        w.value(double(i.bytesSent), {{"interface", i.name}});
    w.family("network_receive_bytes_per_second", "gauge", "Receive rate over the last interval.");
    for (const auto &i : m.interfaces)
        w.value(i.recvBytesPerSec, {{"interface", i.name}});
    w.family("network_transmit_bytes_per_second", "gauge", "Send rate over the last interval.");
    for (const auto &i : m.interfaces)
        w.value(i.sentBytesPerSec, {{"interface", i.name}});

    const protocol::TaskMetrics &t = sample->tasks;
    w.family("tasks_up", "gauge", "1 when the formauto tasks table could be read at the last sample.");
    w.value(t.available ? 1 : 0);
    if (t.available) {
        w.family("tasks_running", "gauge", "Tasks in the running state.");
        w.value(double(t.runningTasks));
        w.family("tasks_completed_today", "gauge", "Tasks completed since midnight UTC.");
        w.value(double(t.completedToday));
        w.family("tasks_completed", "gauge", "Tasks in the completed state.");
        w.value(double(t.totalCompleted));
        w.family("tasks_success_ratio", "gauge", "Share of completed tasks with at least one successful URL, 0 to 1.");
        w.value(t.successRate / 100.0);
    }
    const protocol::PerformanceMetrics &p = sample->performance;
    if (p.available) {
        w.family("service_requests_per_minute", "gauge", "Requests to the service over the last minute.");
        w.value(p.requestsPerMinute);
        w.family("service_error_ratio", "gauge", "Share of the last minute's requests that failed, 0 to 1.");
        w.value(p.errorRate / 100.0);
        w.family("service_response_time_seconds", "gauge", "Response time over the last minute: average and percentiles.");
        w.value(p.averageResponseTime, {{"stat", QStringLiteral("avg")}});
        w.value(p.p50, {{"stat", QStringLiteral("p50")}});
        w.value(p.p95, {{"stat", QStringLiteral("p95")}});
        w.value(p.p99, {{"stat", QStringLiteral("p99")}});
    }
    return w.take();
}
