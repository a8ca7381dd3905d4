#include "server/monitoring/procparsers.h"

#include <QByteArrayView>

namespace proc {

namespace {

// Splits on runs of spaces and tabs without allocating per field.
QList<QByteArrayView> fields(QByteArrayView line)
{
    QList<QByteArrayView> out;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < n && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            out.append(line.sliced(start, i - start));
    }
    return out;
}

template<typename F>
void forEachLine(const QByteArray &text, F &&f)
{
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        f(QByteArrayView(text).sliced(start, end - start));
        start = end + 1;
    }
}

quint64 toU64(QByteArrayView v)
{
    bool ok = false;
    const quint64 r = v.toULongLong(&ok);
    return ok ? r : 0;
}

QString unescapeMountField(QByteArrayView v)
{
    // The kernel escapes space, tab, newline and backslash as \ooo.
    QByteArray out;
    out.reserve(v.size());
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 3 < v.size()) {
            bool ok = false;
            const int c = v.sliced(i + 1, 3).toInt(&ok, 8);
            if (ok) {
                out.append(char(c));
                i += 3;
                continue;
            }
        }
        out.append(v[i]);
    }
    return QString::fromUtf8(out);
}

} // namespace

QList<CpuTimes> parseStat(const QByteArray &text)
{
    QList<CpuTimes> out;
    forEachLine(text, [&](QByteArrayView line) {
        if (!line.startsWith("cpu"))
            return;
        const auto f = fields(line);
        if (f.size() < 5)
            return;
        CpuTimes t;
        quint64 *slots[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait, &t.irq, &t.softirq, &t.steal};
        for (qsizetype i = 1; i < f.size() && i <= 8; ++i)
            *slots[i - 1] = toU64(f[i]);
        // guest time is already inside user and nice, so it is not added again.
        if (f[0] == "cpu")
            out.prepend(t);
        else
            out.append(t);
    });
    return out;
}

double cpuPercent(const CpuTimes &previous, const CpuTimes &current)
{
    if (current.total() <= previous.total() || current.idleAll() < previous.idleAll())
        return 0;
    const double total = double(current.total() - previous.total());
    const double idle = double(current.idleAll() - previous.idleAll());
    const double busy = qBound(0.0, (total - idle) / total * 100.0, 100.0);
    return busy;
}

MemInfo parseMeminfo(const QByteArray &text)
{
    MemInfo m;
    bool haveAvailable = false;
    forEachLine(text, [&](QByteArrayView line) {
        const auto f = fields(line);
        if (f.size() < 2)
            return;
        const quint64 bytes = toU64(f[1]) * (f.size() >= 3 && f[2] == "kB" ? 1024 : 1);
        if (f[0] == "MemTotal:")
            m.total = bytes;
        else if (f[0] == "MemAvailable:") {
            m.available = bytes;
            haveAvailable = true;
        } else if (f[0] == "MemFree:")
            m.free = bytes;
        else if (f[0] == "Buffers:")
            m.buffers = bytes;
        else if (f[0] == "Cached:")
            m.cached = bytes;
        else if (f[0] == "SwapTotal:")
            m.swapTotal = bytes;
        else if (f[0] == "SwapFree:")
            m.swapFree = bytes;
    });
    if (!haveAvailable) // kernels before 3.14
        m.available = qMin(m.total, m.free + m.buffers + m.cached);
    return m;
}

LoadAverage parseLoadavg(const QByteArray &text)
{
    const auto f = fields(QByteArrayView(text).trimmed());
    LoadAverage l;
    if (f.size() >= 3) {
        l.one = f[0].toDouble();
        l.five = f[1].toDouble();
        l.fifteen = f[2].toDouble();
    }
    return l;
}

QList<NetCounters> parseNetDev(const QByteArray &text)
{
    QList<NetCounters> out;
    forEachLine(text, [&](QByteArrayView line) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return; // the two header lines
        const QByteArrayView name = line.first(colon).trimmed();
        const auto f = fields(line.sliced(colon + 1));
        if (name.isEmpty() || f.size() < 9)
            return;
        out.append({QString::fromUtf8(name), toU64(f[0]), toU64(f[8])});
    });
    return out;
}

QList<DiskCounters> parseDiskstats(const QByteArray &text)
{
    QList<DiskCounters> out;
    forEachLine(text, [&](QByteArrayView line) {
        const auto f = fields(line);
        // major minor name reads merged sectors_read ms writes merged sectors_written ...
        if (f.size() < 10)
            return;
        out.append({QString::fromUtf8(f[2]), toU64(f[5]), toU64(f[9])});
    });
    return out;
}

QList<MountEntry> parseMounts(const QByteArray &text)
{
    QList<MountEntry> out;
    forEachLine(text, [&](QByteArrayView line) {
        const auto f = fields(line);
        if (f.size() < 3)
            return;
        out.append({unescapeMountField(f[0]), unescapeMountField(f[1]), QString::fromUtf8(f[2])});
    });
    return out;
}

QSet<QString> parseNodevFilesystems(const QByteArray &text)
{
    QSet<QString> out;
    forEachLine(text, [&](QByteArrayView line) {
        const auto f = fields(line);
        if (f.size() == 2 && f[0] == "nodev")
            out.insert(QString::fromUtf8(f[1]));
    });
    return out;
}

quint64 counterDelta(quint64 previous, quint64 current)
{
    if (current >= previous)
        return current - previous;
    constexpr quint64 Wrap32 = quint64(1) << 32;
    if (previous < Wrap32 && previous >= Wrap32 / 2 && current < Wrap32 / 2)
        return current + (Wrap32 - previous);
    return 0;
}

} // namespace proc
