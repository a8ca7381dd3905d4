// Backup benchmark (label "bench"): ~500 MB of mixed data (compressible logs and CSV, already
// compressed media, many small files) archived by formauto-opsd's writer next to
// `tar -cf - DIR | zstd -3 -T2` in the same run, and extracted next to `zstd -d | tar -x && sync -f`
// (both end with the files on disk).
// Goals: backup >= 80 % of the peer's MB/s at <= 1.05x its size; restore >= 80 % of its MB/s.
#include "server/backup/archive.h"
#include "server/backup/backupjob.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

class bench_Backup final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backupAndRestore();
};

namespace {

qint64 makeData(const QString &root, qint64 targetBytes)
{
    QRandomGenerator rng(42);
    qint64 written = 0;
    // 40 %: log-like text (compresses well).
    const QByteArrayList words{"task", "submitted", "form", "https://example.com/contact", "status=200", "status=500", "retry",
                               "worker-3", "queue", "timeout", "completed", "RUNNING", "COMPLETED", "error", "info"};
    for (int f = 0; written < targetBytes * 4 / 10; ++f) {
        QByteArray text;
        text.reserve(8 * 1024 * 1024);
        while (text.size() < 8 * 1024 * 1024) {
            text += "{\"ts\":\"2026-11-28T10:" + QByteArray::number(rng.bounded(60)) + ":" + QByteArray::number(rng.bounded(60)) + "\",\"msg\":\"";
            for (int w = 0; w < 8; ++w)
                text += words.at(int(rng.bounded(qsizetype(words.size())))) + ' ';
            text += "\",\"id\":" + QByteArray::number(rng.generate()) + "}\n";
        }
        testsupport::writeFile(QStringLiteral("%1/logs/app-%2.jsonl").arg(root).arg(f), text);
        written += text.size();
    }
    // 40 %: incompressible media (uploaded images, PDFs).
    for (int f = 0; written < targetBytes * 8 / 10; ++f) {
        QByteArray blob(4 * 1024 * 1024, Qt::Uninitialized);
        rng.fillRange(reinterpret_cast<quint32 *>(blob.data()), blob.size() / 4);
        testsupport::writeFile(QStringLiteral("%1/uploads/%2/file-%3.bin").arg(root).arg(f % 16).arg(f), blob);
        written += blob.size();
    }
    // 20 %: many small CSV files.
    for (int f = 0; written < targetBytes; ++f) {
        QByteArray csv = "name,url,email\n";
        const int rows = 50 + int(rng.bounded(400));
        for (int r = 0; r < rows; ++r)
            csv += "user" + QByteArray::number(rng.bounded(100000)) + ",https://site" + QByteArray::number(rng.bounded(1000))
                   + ".example/form,u" + QByteArray::number(r) + "@example.com\n";
        testsupport::writeFile(QStringLiteral("%1/forms/%2/%3.csv").arg(root).arg(f % 64).arg(f), csv);
        written += csv.size();
    }
    return written;
}

double run(const QString &command)
{
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(u"/bin/sh"_qs, {u"-c"_qs, command});
    p.waitForFinished(-1);
    if (p.exitCode() != 0)
        qWarning("%s: %s", qPrintable(command), p.readAllStandardError().constData());
    return double(t.nsecsElapsed()) / 1e9;
}

void syncDisks()
{
    QProcess::execute(u"sync"_qs, {});
}

} // namespace

void bench_Backup::backupAndRestore()
{
    const qint64 target = qEnvironmentVariableIntValue("BACKUP_BENCH_MB") ? qEnvironmentVariableIntValue("BACKUP_BENCH_MB") * 1048576LL
                                                                         : 500LL * 1048576;
    QTemporaryDir dir(QDir::currentPath() + u"/bench-backup-XXXXXX"_qs); // on disk, not tmpfs
    const QString data = dir.filePath(u"data"_qs);
    const qint64 bytes = makeData(data, target);
    const double mb = double(bytes) / 1e6;
    syncDisks();
    BackupPlan plan;
    plan.directory = dir.filePath(u"backups"_qs);
    plan.directories = {data};
    plan.threads = 2;
    struct Round {
        double ours = 0, peer = 0, oursRestore = 0, peerRestore = 0;
        qint64 oursSize = 0, peerSize = 0;
    };
    QList<Round> rounds;
    for (int round = 0; round < 3; ++round) {
        Round r;
        QString error;
        QElapsedTimer t;
        t.start();
        const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + round * 1000, u"bench"_qs, {}, &error);
        r.ours = double(t.nsecsElapsed()) / 1e9;
        QVERIFY2(created, qPrintable(error));
        r.oursSize = created->size;
        const QString peerArchive = dir.filePath(u"peer.tar.zst"_qs);
        QFile::remove(peerArchive);
        r.peer = run(QStringLiteral("tar -cf - -C '%1' data | zstd -3 -T2 -q -f -o '%2' && sync -f '%2'").arg(dir.path(), peerArchive));
        r.peerSize = QFileInfo(peerArchive).size();
        syncDisks();
        // Restore: our extraction checks every member against the manifest while writing.
        const QString stagingOurs = dir.filePath(u"restore-ours"_qs);
        QDir(stagingOurs).removeRecursively();
        QDir().mkpath(stagingOurs);
        ArchiveScan scan;
        t.restart();
        QVERIFY(archiveio::scan(created->path, stagingOurs, plan.policy, {}, &scan, &error));
        r.oursRestore = double(t.nsecsElapsed()) / 1e9;
        QVERIFY(scan.problems.isEmpty());
        const QString stagingPeer = dir.filePath(u"restore-peer"_qs);
        QDir(stagingPeer).removeRecursively();
        QDir().mkpath(stagingPeer);
        // Our extraction ends with the files on disk (syncfs) before anything is swapped in; the
        // peer gets the same: `sync -f` after tar.
        r.peerRestore = run(QStringLiteral("zstd -d -c -q '%1' | tar -xf - -C '%2' && sync -f '%2'").arg(peerArchive, stagingPeer));
        QDir(stagingOurs).removeRecursively();
        QDir(stagingPeer).removeRecursively();
        QFile::remove(created->path);
        qInfo("round %d: backup ours %.2f s (%.0f MB/s) peer %.2f s (%.0f MB/s) ratio %.2f; size ours %.1f MB peer %.1f MB (%.3fx); "
              "restore ours %.2f s (%.0f MB/s) peer %.2f s (%.0f MB/s) ratio %.2f",
              round, r.ours, mb / r.ours, r.peer, mb / r.peer, r.peer / r.ours, double(r.oursSize) / 1e6, double(r.peerSize) / 1e6,
              double(r.oursSize) / double(r.peerSize), r.oursRestore, mb / r.oursRestore, r.peerRestore, mb / r.peerRestore,
              r.peerRestore / r.oursRestore);
        rounds.append(r);
    }
    auto median = [&](auto field) {
        QList<double> v;
        for (const Round &r : rounds)
            v << field(r);
        std::sort(v.begin(), v.end());
        return v.at(v.size() / 2);
    };
    const double backupRatio = median([](const Round &r) { return r.peer / r.ours; });
    const double restoreRatio = median([](const Round &r) { return r.peerRestore / r.oursRestore; });
    const double sizeRatio = median([](const Round &r) { return double(r.oursSize) / double(r.peerSize); });
    qInfo("%.0f MB mixed data, median of 3: backup at %.0f %% of tar|zstd -3 -T2 (goal >= 80 %%), archive %.3fx its size (goal <= 1.05x), "
          "restore at %.0f %% of zstd -d|tar -x + sync (goal >= 80 %%)",
          mb, backupRatio * 100, sizeRatio, restoreRatio * 100);
    QVERIFY2(backupRatio >= 0.8, qPrintable(QStringLiteral("goal: backup at >= 80 % of tar|zstd; measured %1 %").arg(backupRatio * 100, 0, 'f', 0)));
    QVERIFY2(sizeRatio <= 1.05, qPrintable(QStringLiteral("goal: archive <= 1.05x of tar|zstd; measured %1x").arg(sizeRatio, 0, 'f', 3)));
    QVERIFY2(restoreRatio >= 0.8, qPrintable(QStringLiteral("goal: restore at >= 80 % of zstd -d|tar -x; measured %1 %").arg(restoreRatio * 100, 0, 'f', 0)));
}

QTEST_GUILESS_MAIN(bench_Backup)
#include "bench_backup.moc"
