#include "server/monitoring/procparsers.h"
#include "server/monitoring/systemcollector.h"
#include "tests/support/testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace proc;
using testsupport::writeFile;

// Captured from a 2-core Debian 12 VM; edited copies below model the edge cases.
static const QByteArray statA =
    "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0\n"
    "cpu0 1393280 32966 572056 13930755 6021 0 3546 0 0 0\n"
    "cpu1 1335205 38039 453637 14289713 5321 0 18937 0 0 0\n"
    "intr 199292 27 3 0 0\nctxt 365297\nbtime 1700000000\nprocesses 5000\n";
static const QByteArray statB = // 100 ticks later on each CPU: cpu0 75% busy, cpu1 25% busy
    "cpu  10132253 290696 3084719 46828583 16683 0 25195 0 175628 0\n"
    "cpu0 1393355 32966 572056 13930780 6021 0 3546 0 0 0\n"
    "cpu1 1335230 38039 453637 14289788 5321 0 18937 0 0 0\n";

static const QByteArray meminfo =
    "MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n"
    "Buffers:          200000 kB\nCached:          3000000 kB\nSwapCached:            0 kB\n"
    "SwapTotal:       2000000 kB\nSwapFree:        1500000 kB\n";

static const QByteArray netdevA =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:   12000     100    0    0    0     0          0         0    12000     100    0    0    0     0       0          0\n"
    "  eth0: 4294967000  9000    0    0    0     0          0         0  500000    4000    0    0    0     0       0          0\n";
static const QByteArray netdevB = // eth0 rx wrapped at 32 bits (+1296), tx +10000; docker0 appeared
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:   14000     120    0    0    0     0          0         0    14000     120    0    0    0     0       0          0\n"
    "  eth0:     1000  9100    0    0    0     0          0         0  510000    4100    0    0    0     0       0          0\n"
    "docker0:  777000     10    0    0    0     0          0         0    9000     10    0    0    0     0       0          0\n";

static const QByteArray diskstatsA =
    " 254       0 vda 10000 0 200000 5000 20000 0 400000 9000 0 12000 14000 0 0 0 0 0 0\n"
    " 254       1 vda1 9000 0 190000 4000 19000 0 390000 8000 0 11000 12000 0 0 0 0 0 0\n"
    "   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
static const QByteArray diskstatsB = // vda read 2048 sectors, wrote 4096; sdb hot-plugged
    " 254       0 vda 10100 0 202048 5000 20100 0 404096 9000 0 12000 14000 0 0 0 0 0 0\n"
    " 254       1 vda1 9100 0 192048 4000 19100 0 394096 8000 0 11000 12000 0 0 0 0 0 0\n"
    "   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    "   8      16 sdb 5 0 40 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

static const QByteArray mounts =
    "overlay / overlay rw,relatime 0 0\n"
    "proc /proc proc rw,nosuid 0 0\n"
    "tmpfs /dev tmpfs rw 0 0\n"
    "/dev/vdb /srv/my\\040data ext4 rw 0 0\n"
    "/dev/vdb /mnt/bind ext4 rw 0 0\n"
    "/dev/vdc /var/lib/postgresql xfs rw 0 0\n";
static const QByteArray filesystems = "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\toverlay\n\text4\n\txfs\n";

class tst_ProcParsers final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stat();
    void cpuPercent_data();
    void cpuPercent();
    void meminfoWithAndWithoutAvailable();
    void loadavg();
    void netDev();
    void diskstats();
    void mountsUnescape();
    void counterDelta_data();
    void counterDelta();
    void collectorOnFixtures();
    void collectorOnLiveProc();
};

void tst_ProcParsers::stat()
{
    const auto cpus = parseStat(statA);
    QCOMPARE(cpus.size(), 3);
    QCOMPARE(cpus[0].user, 10132153ULL);
    QCOMPARE(cpus[0].steal, 0ULL);
    QCOMPARE(cpus[2].idle, 14289713ULL);
    QVERIFY(parseStat("garbage\n\n").isEmpty());
    QVERIFY(parseStat(QByteArray()).isEmpty());
}

void tst_ProcParsers::cpuPercent_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QList<double>>("expected");
    QTest::newRow("75/25") << statA << statB << QList<double>{50, 75, 25};
    QTest::newRow("no time passed") << statA << statA << QList<double>{0, 0, 0};
    QTest::newRow("counters went back") << statB << statA << QList<double>{0, 0, 0};
}

void tst_ProcParsers::cpuPercent()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QList<double>, expected);
    const auto a = parseStat(before), b = parseStat(after);
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(proc::cpuPercent(a[i], b[i]), expected[i]);
}

void tst_ProcParsers::meminfoWithAndWithoutAvailable()
{
    const MemInfo m = parseMeminfo(meminfo);
    QCOMPARE(m.total, 8000000ULL * 1024);
    QCOMPARE(m.available, 6000000ULL * 1024);
    QCOMPARE(m.swapTotal, 2000000ULL * 1024);
    QCOMPARE(m.swapFree, 1500000ULL * 1024);
    QByteArray old = meminfo;
    old.replace("MemAvailable:    6000000 kB\n", "");
    const MemInfo o = parseMeminfo(old);
    QCOMPARE(o.available, (1000000ULL + 200000 + 3000000) * 1024); // free + buffers + cached
}

void tst_ProcParsers::loadavg()
{
    const LoadAverage l = parseLoadavg("0.52 0.34 0.13 1/234 5678\n");
    QCOMPARE(l.one, 0.52);
    QCOMPARE(l.five, 0.34);
    QCOMPARE(l.fifteen, 0.13);
    QCOMPARE(parseLoadavg("").one, 0.0);
}

void tst_ProcParsers::netDev()
{
    const auto n = parseNetDev(netdevB);
    QCOMPARE(n.size(), 3);
    QCOMPARE(n[1].name, u"eth0"_qs);
    QCOMPARE(n[1].rxBytes, 1000ULL);
    QCOMPARE(n[1].txBytes, 510000ULL);
    QCOMPARE(n[2].name, u"docker0"_qs); // "docker0:  777000" has no space after the colon's name
    QCOMPARE(n[2].rxBytes, 777000ULL);
}

void tst_ProcParsers::diskstats()
{
    const auto d = parseDiskstats(diskstatsB);
    QCOMPARE(d.size(), 4);
    QCOMPARE(d[0].name, u"vda"_qs);
    QCOMPARE(d[0].sectorsRead, 202048ULL);
    QCOMPARE(d[0].sectorsWritten, 404096ULL);
    QCOMPARE(d[3].name, u"sdb"_qs);
}

void tst_ProcParsers::mountsUnescape()
{
    const auto m = parseMounts(mounts);
    QCOMPARE(m.size(), 6);
    QCOMPARE(m[3].mountpoint, u"/srv/my data"_qs);
    QCOMPARE(m[3].fstype, u"ext4"_qs);
    const auto nodev = parseNodevFilesystems(filesystems);
    QVERIFY(nodev.contains(u"tmpfs"_qs));
    QVERIFY(nodev.contains(u"overlay"_qs));
    QVERIFY(!nodev.contains(u"ext4"_qs));
}

void tst_ProcParsers::counterDelta_data()
{
    QTest::addColumn<quint64>("previous");
    QTest::addColumn<quint64>("current");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("grows") << quint64(100) << quint64(250) << quint64(150);
    QTest::newRow("same") << quint64(7) << quint64(7) << quint64(0);
    QTest::newRow("32-bit wrap") << quint64(4294967000ULL) << quint64(1000) << quint64(1296);
    QTest::newRow("reset of a small counter") << quint64(5000) << quint64(10) << quint64(0);
    QTest::newRow("reset of a 64-bit counter") << quint64(10000000000ULL) << quint64(500) << quint64(0);
}

void tst_ProcParsers::counterDelta()
{
    QFETCH(quint64, previous);
    QFETCH(quint64, current);
    QFETCH(quint64, expected);
    QCOMPARE(proc::counterDelta(previous, current), expected);
}

void tst_ProcParsers::collectorOnFixtures()
{
    QTemporaryDir root;
    const QString procRoot = root.filePath(u"proc"_qs), sysRoot = root.filePath(u"sys"_qs);
    writeFile(procRoot + u"/stat"_qs, statA);
    writeFile(procRoot + u"/meminfo"_qs, meminfo);
    writeFile(procRoot + u"/loadavg"_qs, "1.00 0.50 0.25 1/100 42\n");
    writeFile(procRoot + u"/net/dev"_qs, netdevA);
    writeFile(procRoot + u"/diskstats"_qs, diskstatsA);
    writeFile(procRoot + u"/self/mounts"_qs, mounts);
    writeFile(procRoot + u"/filesystems"_qs, filesystems);
    for (const char *disk : {"vda", "loop0", "sdb"})
        writeFile(sysRoot + u"/block/"_qs + QLatin1StringView(disk) + u"/size"_qs, "1\n");

    SystemCollector::Options options;
    options.procRoot = procRoot;
    options.sysRoot = sysRoot;
    options.statFs = [](const QString &mp, SystemCollector::FsUsage *u) {
        if (mp == u"/mnt/bind"_qs)
            return false; // would be skipped anyway as a second mount of /dev/vdb
        u->total = 1000;
        u->used = mp == u"/"_qs ? 400 : 900;
        u->free = u->total - u->used - 50; // 50 reserved for root, as ext4 does
        return true;
    };
    SystemCollector collector(options);
    const protocol::SystemMetrics first = collector.sample(10000);
    QCOMPARE(first.cpuPercent, 0.0); // no previous reading yet
    QCOMPARE(first.cpuPerCore.size(), 2);
    QCOMPARE(first.memoryPercent, 25.0);
    QCOMPARE(first.swapPercent, 25.0);
    QCOMPARE(first.load1, 1.0);
    // Root is reported although overlay is "nodev"; proc and tmpfs are not; the bind mount is a duplicate.
    QStringList mountpoints;
    for (const auto &d : first.disks)
        mountpoints << d.mountpoint;
    QCOMPARE(mountpoints, (QStringList{u"/"_qs, u"/srv/my data"_qs, u"/var/lib/postgresql"_qs}));
    QCOMPARE(first.disk.mountpoint, u"/"_qs);
    QCOMPARE(first.disk.total, 1000ULL);
    QCOMPARE(first.disk.percent, 400.0 / 950.0 * 100.0); // used / (used + available), as psutil
    QCOMPARE(first.bytesRecv, 12000ULL + 4294967000ULL);
    QCOMPARE(first.diskDevices.size(), 1); // vda only: partitions and loop devices are left out

    writeFile(procRoot + u"/stat"_qs, statB);
    writeFile(procRoot + u"/net/dev"_qs, netdevB);
    writeFile(procRoot + u"/diskstats"_qs, diskstatsB);
    const protocol::SystemMetrics second = collector.sample(12000); // 2 s later
    QCOMPARE(second.cpuPercent, 50.0);
    QCOMPARE(second.cpuPerCore, (QList<double>{75.0, 25.0}));
    QCOMPARE(second.interfaces.size(), 3);
    const auto &eth0 = second.interfaces[1];
    QCOMPARE(eth0.name, u"eth0"_qs);
    QCOMPARE(eth0.recvBytesPerSec, 1296.0 / 2); // across the 32-bit wrap
    QCOMPARE(eth0.sentBytesPerSec, 10000.0 / 2);
    const auto &docker = second.interfaces[2];
    QCOMPARE(docker.name, u"docker0"_qs);
    QCOMPARE(docker.recvBytesPerSec, 0.0); // appeared this tick: no rate yet, and no spike
    QCOMPARE(second.diskDevices.size(), 2);
    QCOMPARE(second.diskDevices[0].readBytesPerSec, 2048.0 * 512 / 2);
    QCOMPARE(second.diskDevices[0].writeBytesPerSec, 4096.0 * 512 / 2);
    QCOMPARE(second.diskDevices[1].name, u"sdb"_qs);
    QCOMPARE(second.diskDevices[1].readBytesPerSec, 0.0); // hot-plugged: first reading
    QCOMPARE(second.diskReadBytesPerSec, 2048.0 * 512 / 2);

    // A third tick: the hot-plugged disk now has a rate; the vanished interface is gone.
    QByteArray diskC = diskstatsB;
    diskC.replace("sdb 5 0 40", "sdb 5 0 1040");
    writeFile(procRoot + u"/diskstats"_qs, diskC);
    writeFile(procRoot + u"/net/dev"_qs, netdevA);
    const protocol::SystemMetrics third = collector.sample(13000);
    QCOMPARE(third.diskDevices[1].readBytesPerSec, 1000.0 * 512);
    QCOMPARE(third.interfaces.size(), 2);
}

void tst_ProcParsers::collectorOnLiveProc()
{
    SystemCollector collector(SystemCollector::Options{});
    collector.sample(0);
    QTest::qWait(200);
    const protocol::SystemMetrics m = collector.sample(200);
    QVERIFY(m.cpuPercent >= 0 && m.cpuPercent <= 100);
    QVERIFY(!m.cpuPerCore.isEmpty());
    QVERIFY(m.memoryTotal > 0);
    QVERIFY(m.memoryAvailable <= m.memoryTotal);
    QCOMPARE(m.disk.mountpoint, u"/"_qs);
    QVERIFY(m.disk.total > 0);
    QVERIFY(!m.interfaces.isEmpty()); // at least lo
}

QTEST_GUILESS_MAIN(tst_ProcParsers)
#include "tst_procparsers.moc"
