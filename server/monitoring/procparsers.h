#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

// Parsers for the Linux /proc text formats the system collector reads. Pure functions on
// the file's bytes, so fixtures captured from other machines test them.
namespace proc {

struct CpuTimes {
    quint64 user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    quint64 total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }
    quint64 idleAll() const { return idle + iowait; }
};

// Entry 0 is the aggregate "cpu" line, then cpu0, cpu1, ... in order.
QList<CpuTimes> parseStat(const QByteArray &text);
// Busy share of the interval between two readings, 0-100; 0 when no time passed or counters went back.
double cpuPercent(const CpuTimes &previous, const CpuTimes &current);

struct MemInfo {
    quint64 total = 0, available = 0, free = 0, buffers = 0, cached = 0, swapTotal = 0, swapFree = 0; // bytes
};
MemInfo parseMeminfo(const QByteArray &text);

struct LoadAverage {
    double one = 0, five = 0, fifteen = 0;
};
LoadAverage parseLoadavg(const QByteArray &text);

struct NetCounters {
    QString name;
    quint64 rxBytes = 0, txBytes = 0;
};
QList<NetCounters> parseNetDev(const QByteArray &text);

struct DiskCounters {
    QString name;
    quint64 sectorsRead = 0, sectorsWritten = 0; // 512-byte units whatever the device's sector size
};
QList<DiskCounters> parseDiskstats(const QByteArray &text);

struct MountEntry {
    QString device, mountpoint, fstype;
};
QList<MountEntry> parseMounts(const QByteArray &text);
// File system types /proc/filesystems marks "nodev" (proc, tmpfs, cgroup, ...).
QSet<QString> parseNodevFilesystems(const QByteArray &text);

// Growth of a monotonic counter between two readings. A counter below its previous value
// either wrapped at 32 bits (older drivers: it was in the upper half of the 32-bit range
// and is now in the lower half) or was reset (device re-created); a reset yields 0 for
// that interval instead of a huge spike.
quint64 counterDelta(quint64 previous, quint64 current);

} // namespace proc
