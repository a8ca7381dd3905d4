#pragma once

#include "server/monitoring/procfile.h"
#include "server/monitoring/procparsers.h"
#include "server/protocol/metrics.h"

#include <QHash>
#include <QStringList>
#include <functional>
#include <memory>

// Samples the host from /proc, /sys and statvfs. Rates and CPU shares come from the
// difference to the previous sample, so a sample never blocks (psutil's cpu_percent(interval=1)
// sleeps a second); the first sample reports 0 for them.
class SystemCollector final {
    Q_DISABLE_COPY_MOVE(SystemCollector)
public:
    struct FsUsage {
        quint64 total = 0, free = 0, used = 0;
    };
    using StatFs = std::function<bool(const QString &mountpoint, FsUsage *usage)>;

    struct Options {
        QString procRoot = QStringLiteral("/proc");
        QString sysRoot = QStringLiteral("/sys");
        QStringList mounts;            // empty: every local file system
        QStringList excludeInterfaces; // by name
        StatFs statFs;                 // empty: statvfs(2)
    };

    explicit SystemCollector(Options options);
    ~SystemCollector();

    protocol::SystemMetrics sample(qint64 monotonicMs);

    static bool statvfsUsage(const QString &mountpoint, FsUsage *usage);

private:
    bool isWholeDisk(const QString &name);
    void sampleCpu(protocol::SystemMetrics &m);
    void sampleMemory(protocol::SystemMetrics &m);
    void sampleDisks(protocol::SystemMetrics &m, double seconds);
    void sampleNetwork(protocol::SystemMetrics &m, double seconds);

    Options m_options;
    std::unique_ptr<ProcFile> m_stat, m_meminfo, m_loadavg, m_netdev, m_diskstats, m_mounts;
    QSet<QString> m_nodevTypes;
    QList<proc::CpuTimes> m_prevCpu;
    QHash<QString, proc::NetCounters> m_prevNet;
    QHash<QString, proc::DiskCounters> m_prevDisk;
    QHash<QString, bool> m_wholeDisk;
    qint64 m_prevMs = -1;
};
