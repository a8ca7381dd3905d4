#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace protocol {

// The ticket's metrics_update payload. Field names and units are the ticket's
// (psutil's): bytes, percent 0-100. Everything added stands beside them.

struct MountUsage {
    QString mountpoint;
    QString device;
    QString fstype;
    quint64 total = 0;
    quint64 free = 0; // available to unprivileged users, as psutil reports it
    double percent = 0;
    bool operator==(const MountUsage &) const = default;
};

struct DiskDeviceIo {
    QString name;
    double readBytesPerSec = 0;
    double writeBytesPerSec = 0;
    bool operator==(const DiskDeviceIo &) const = default;
};

struct InterfaceTraffic {
    QString name;
    quint64 bytesSent = 0;
    quint64 bytesRecv = 0;
    double sentBytesPerSec = 0;
    double recvBytesPerSec = 0;
    bool operator==(const InterfaceTraffic &) const = default;
};

struct SystemMetrics {
    double cpuPercent = 0;
    QList<double> cpuPerCore;
    double load1 = 0, load5 = 0, load15 = 0;
    quint64 memoryTotal = 0, memoryAvailable = 0;
    double memoryPercent = 0;
    quint64 swapTotal = 0, swapFree = 0;
    double swapPercent = 0;
    MountUsage disk; // the root file system, the ticket's "disk"
    QList<MountUsage> disks;
    double diskReadBytesPerSec = 0, diskWriteBytesPerSec = 0;
    QList<DiskDeviceIo> diskDevices;
    quint64 bytesSent = 0, bytesRecv = 0;
    double sentBytesPerSec = 0, recvBytesPerSec = 0;
    QList<InterfaceTraffic> interfaces;

    QJsonObject toJson() const;
    static std::optional<SystemMetrics> fromJson(const QJsonObject &json, QString *error);
    bool operator==(const SystemMetrics &) const = default;
};

struct TaskMetrics {
    bool available = false; // false: the task database could not be read; error says why
    QString error;
    qint64 runningTasks = 0;
    qint64 completedToday = 0;
    double successRate = 0; // percent, one decimal, as the ticket rounds it
    qint64 totalCompleted = 0;

    QJsonObject toJson() const;
    static std::optional<TaskMetrics> fromJson(const QJsonObject &json, QString *error);
    bool operator==(const TaskMetrics &) const = default;
};

// The ticket's PerformanceMonitor over a sliding window (60 s): seconds, percent, requests per
// minute; p50/p95/p99 stand beside the ticket's average. Present when requests were seen.
struct PerformanceMetrics {
    bool available = false;
    double averageResponseTime = 0; // seconds
    double errorRate = 0;           // percent of responses with status >= 500
    double requestsPerMinute = 0;
    double uptime = 0;              // seconds since the daemon started
    double p50 = 0, p95 = 0, p99 = 0; // seconds
    qint64 requests = 0;            // in the window

    QJsonObject toJson() const;
    static PerformanceMetrics fromJson(const QJsonObject &json);
    bool operator==(const PerformanceMetrics &) const = default;
};

// One metrics_update "data" object.
struct MetricsSample {
    qint64 seq = -1;
    qint64 timestampMs = 0;
    bool demo = false;
    QString host; // the fleet's name of the host sampled (absent on the wire when empty)
    SystemMetrics system;
    TaskMetrics tasks;
    PerformanceMetrics performance;

    QJsonObject toJson() const;
    static std::optional<MetricsSample> fromJson(const QJsonObject &json, QString *error);
    bool operator==(const MetricsSample &) const = default;
};

// A sample's numeric series as (name, value): "cpu_percent", "cpu_core.0", "load.1",
// "memory.percent", "mount./home.percent", "iface.eth0.recv_bytes_per_sec",
// "tasks.running_tasks", ... These names key the rollups' min/max objects on the wire and
// the console's chart series; task series are left out while the task block is unavailable.
QList<std::pair<QString, double>> seriesOf(const MetricsSample &sample);
// The inverse for averaged series (history rollups): a sample with what the series give.
MetricsSample sampleFromSeries(qint64 timestampMs, const QHash<QString, double> &values);

} // namespace protocol
