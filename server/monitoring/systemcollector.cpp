#include "server/monitoring/systemcollector.h"

#include <QFile>
#include <QFileInfo>
#include <sys/statvfs.h>

SystemCollector::SystemCollector(Options options)
    : m_options(std::move(options))
{
    const QString &p = m_options.procRoot;
    m_stat = std::make_unique<ProcFile>(p + QStringLiteral("/stat"));
    m_meminfo = std::make_unique<ProcFile>(p + QStringLiteral("/meminfo"));
    m_loadavg = std::make_unique<ProcFile>(p + QStringLiteral("/loadavg"));
    m_netdev = std::make_unique<ProcFile>(p + QStringLiteral("/net/dev"));
    m_diskstats = std::make_unique<ProcFile>(p + QStringLiteral("/diskstats"));
    m_mounts = std::make_unique<ProcFile>(p + QStringLiteral("/self/mounts"));
    ProcFile filesystems(p + QStringLiteral("/filesystems"));
    m_nodevTypes = proc::parseNodevFilesystems(filesystems.read());
    if (!m_options.statFs)
        m_options.statFs = &SystemCollector::statvfsUsage;
}

SystemCollector::~SystemCollector() = default;

bool SystemCollector::statvfsUsage(const QString &mountpoint, FsUsage *usage)
{
    struct statvfs st{};
    if (::statvfs(QFile::encodeName(mountpoint).constData(), &st) != 0)
        return false;
    const quint64 frsize = st.f_frsize ? st.f_frsize : st.f_bsize;
    usage->total = quint64(st.f_blocks) * frsize;
    usage->free = quint64(st.f_bavail) * frsize;
    usage->used = quint64(st.f_blocks - st.f_bfree) * frsize;
    return true;
}

protocol::SystemMetrics SystemCollector::sample(qint64 monotonicMs)
{
    protocol::SystemMetrics m;
    const double seconds = m_prevMs >= 0 && monotonicMs > m_prevMs ? double(monotonicMs - m_prevMs) / 1000.0 : 0.0;
    sampleCpu(m);
    sampleMemory(m);
    sampleDisks(m, seconds);
    sampleNetwork(m, seconds);
    m_prevMs = monotonicMs;
    return m;
}

void SystemCollector::sampleCpu(protocol::SystemMetrics &m)
{
    const QList<proc::CpuTimes> cpu = proc::parseStat(m_stat->read());
    if (!cpu.isEmpty() && m_prevCpu.size() == cpu.size()) {
        m.cpuPercent = proc::cpuPercent(m_prevCpu.at(0), cpu.at(0));
        for (qsizetype i = 1; i < cpu.size(); ++i)
            m.cpuPerCore.append(proc::cpuPercent(m_prevCpu.at(i), cpu.at(i)));
    } else {
        // First sample, or a CPU went on/offline: shares need two readings of the same set.
        for (qsizetype i = 1; i < cpu.size(); ++i)
            m.cpuPerCore.append(0);
    }
    m_prevCpu = cpu;
    const proc::LoadAverage load = proc::parseLoadavg(m_loadavg->read());
    m.load1 = load.one;
    m.load5 = load.five;
    m.load15 = load.fifteen;
}

void SystemCollector::sampleMemory(protocol::SystemMetrics &m)
{
    const proc::MemInfo mem = proc::parseMeminfo(m_meminfo->read());
    m.memoryTotal = mem.total;
    m.memoryAvailable = mem.available;
    m.memoryPercent = mem.total ? double(mem.total - qMin(mem.available, mem.total)) / double(mem.total) * 100.0 : 0;
    m.swapTotal = mem.swapTotal;
    m.swapFree = mem.swapFree;
    m.swapPercent = mem.swapTotal ? double(mem.swapTotal - qMin(mem.swapFree, mem.swapTotal)) / double(mem.swapTotal) * 100.0 : 0;
}

bool SystemCollector::isWholeDisk(const QString &name)
{
    auto it = m_wholeDisk.constFind(name);
    if (it != m_wholeDisk.constEnd())
        return *it;
    QString sysName = name;
    sysName.replace(u'/', u'!');
    const bool whole = !name.startsWith(QLatin1StringView("loop")) && !name.startsWith(QLatin1StringView("ram"))
                       && QFileInfo::exists(m_options.sysRoot + QStringLiteral("/block/") + sysName);
    m_wholeDisk.insert(name, whole);
    return whole;
}

void SystemCollector::sampleDisks(protocol::SystemMetrics &m, double seconds)
{
    QSet<QString> seenDevices;
    bool haveRoot = false;
    for (const proc::MountEntry &e : proc::parseMounts(m_mounts->read())) {
        const bool isRoot = e.mountpoint == QLatin1StringView("/");
        if (!m_options.mounts.isEmpty() ? !m_options.mounts.contains(e.mountpoint)
                                        : (!isRoot && m_nodevTypes.contains(e.fstype)))
            continue;
        if (isRoot ? haveRoot : seenDevices.contains(e.device))
            continue; // bind mounts and over-mounts show the same file system again
        FsUsage usage;
        if (!m_options.statFs(e.mountpoint, &usage) || usage.total == 0)
            continue;
        protocol::MountUsage mu{e.mountpoint, e.device, e.fstype, usage.total, usage.free, 0};
        const quint64 denom = usage.used + usage.free;
        mu.percent = denom ? double(usage.used) / double(denom) * 100.0 : 0;
        seenDevices.insert(e.device);
        if (isRoot) {
            haveRoot = true;
            m.disk = mu;
        }
        m.disks.append(mu);
    }

    QHash<QString, proc::DiskCounters> current;
    for (const proc::DiskCounters &d : proc::parseDiskstats(m_diskstats->read())) {
        if (!isWholeDisk(d.name))
            continue;
        current.insert(d.name, d);
        protocol::DiskDeviceIo io{d.name, 0, 0};
        const auto prev = m_prevDisk.constFind(d.name);
        if (prev != m_prevDisk.constEnd() && seconds > 0) {
            io.readBytesPerSec = double(proc::counterDelta(prev->sectorsRead, d.sectorsRead)) * 512.0 / seconds;
            io.writeBytesPerSec = double(proc::counterDelta(prev->sectorsWritten, d.sectorsWritten)) * 512.0 / seconds;
        }
        m.diskReadBytesPerSec += io.readBytesPerSec;
        m.diskWriteBytesPerSec += io.writeBytesPerSec;
        m.diskDevices.append(io);
    }
    m_prevDisk = std::move(current);
}

void SystemCollector::sampleNetwork(protocol::SystemMetrics &m, double seconds)
{
    QHash<QString, proc::NetCounters> current;
    for (const proc::NetCounters &n : proc::parseNetDev(m_netdev->read())) {
        if (m_options.excludeInterfaces.contains(n.name))
            continue;
        current.insert(n.name, n);
        // psutil's totals include every interface, loopback too; the ticket's numbers keep that meaning.
        m.bytesSent += n.txBytes;
        m.bytesRecv += n.rxBytes;
        protocol::InterfaceTraffic t{n.name, n.txBytes, n.rxBytes, 0, 0};
        const auto prev = m_prevNet.constFind(n.name);
        if (prev != m_prevNet.constEnd() && seconds > 0) {
            t.sentBytesPerSec = double(proc::counterDelta(prev->txBytes, n.txBytes)) / seconds;
            t.recvBytesPerSec = double(proc::counterDelta(prev->rxBytes, n.rxBytes)) / seconds;
        }
        m.sentBytesPerSec += t.sentBytesPerSec;
        m.recvBytesPerSec += t.recvBytesPerSec;
        m.interfaces.append(t);
    }
    m_prevNet = std::move(current);
}
