#include "server/backup/archive.h"
#include "server/backup/backupjob.h"
#include "server/storage/database.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace {

// Every file under root with its content, for "identical to the backed-up state".
QMap<QString, QByteArray> snapshotTree(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString rel = QDir(root).relativeFilePath(it.filePath());
        out.insert(rel, it.fileInfo().isDir() ? QByteArray("<dir>") : testsupport::readFile(it.filePath()));
    }
    return out;
}

QStringList rows(const DatabaseUrl &url)
{
    QString error;
    const QString name = u"rows-"_qs + QString::number(quintptr(&url)) + QString::number(QDateTime::currentMSecsSinceEpoch());
    QStringList out;
    if (!openDatabase(url, name, true, &error))
        return {u"open failed: "_qs + error};
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        if (!q.exec(u"SELECT id, status, note FROM tasks ORDER BY id"_qs))
            out << q.lastError().text();
        while (q.next())
            out << q.value(0).toString() + u'|' + q.value(1).toString() + u'|' + q.value(2).toString();
    }
    closeDatabase(name);
    return out;
}

bool exec(const DatabaseUrl &url, const QStringList &statements)
{
    QString error;
    const QString name = u"exec-"_qs + QString::number(QDateTime::currentMSecsSinceEpoch()) + QString::number(qHash(statements.join(u';')));
    if (!openDatabase(url, name, false, &error))
        return false;
    bool ok = true;
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        for (const QString &s : statements) {
            if (!q.exec(s)) {
                qWarning() << s << q.lastError().text();
                ok = false;
            }
        }
    }
    closeDatabase(name);
    return ok;
}

// A tar.gz written entry by entry, for hostile archives.
struct Entry {
    QByteArray path;
    mode_t type = AE_IFREG;
    QByteArray data;
    QByteArray link; // symlink target or hardlink
    bool hardlink = false;
    qint64 declaredSize = -1;
};

void writeArchive(const QString &file, const QList<Entry> &entries)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
    archive_write_open_filename(a, QFile::encodeName(file).constData());
    for (const Entry &e : entries) {
        struct archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.constData());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, 0644);
        if (e.type == AE_IFCHR)
            archive_entry_set_rdev(entry, makedev(1, 3));
        if (!e.link.isEmpty()) {
            if (e.hardlink)
                archive_entry_set_hardlink(entry, e.link.constData());
            else
                archive_entry_set_symlink(entry, e.link.constData());
        }
        archive_entry_set_size(entry, e.declaredSize >= 0 ? e.declaredSize : e.data.size());
        archive_write_header(a, entry);
        if (!e.data.isEmpty())
            archive_write_data(a, e.data.constData(), size_t(e.data.size()));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
}

} // namespace

// Backups, verification, drills and restores on real data: SQLite files, directories and a
// real PostgreSQL (started by ./build.sh test); damaged and hostile archives.
class tst_Backup final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void roundTripSqliteAndFiles();
    void roundTripPostgres();
    void damagedArchivesFailVerify_data();
    void damagedArchivesFailVerify();
    void hostileArchivesAreRefused_data();
    void hostileArchivesAreRefused();
    void cancelledRestoreRollsBack();
    void cancelledBackupLeavesNothing();
    void legacyPythonArchiveRestores();
    void unsafeMemberPaths_data();
    void unsafeMemberPaths();

private:
    BackupPlan sqlitePlan();
    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseUrl m_service;
};

void tst_Backup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_service = DatabaseUrl{};
    m_service.path = m_dir->filePath(u"app.db"_qs);
    QVERIFY(exec(m_service, {u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, status TEXT, note TEXT)"_qs,
                             u"INSERT INTO tasks VALUES (1, 'COMPLETED', 'first'), (2, 'RUNNING', '日本語'), (3, 'FAILED', NULL)"_qs}));
    QDir().mkpath(m_dir->filePath(u"srv/uploads/2026/11"_qs));
    QDir().mkpath(m_dir->filePath(u"srv/uploads/empty"_qs));
    QDir().mkpath(m_dir->filePath(u"etc/config"_qs));
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/2026/11/form.csv"_qs), "name,url\nx,https://example.com\n");
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/.hidden"_qs), QByteArray(300000, 'h'));
    testsupport::writeFile(m_dir->filePath(u"etc/config/app.toml"_qs), "x = 1\n");
}

BackupPlan tst_Backup::sqlitePlan()
{
    BackupPlan plan;
    plan.directory = m_dir->filePath(u"backups"_qs);
    plan.serviceDatabase = m_service;
    plan.directories = {m_dir->filePath(u"srv/uploads"_qs), m_dir->filePath(u"etc/config"_qs)};
    return plan;
}

void tst_Backup::roundTripSqliteAndFiles()
{
    const BackupPlan plan = sqlitePlan();
    QString error;
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    QVERIFY(backupjob::isBackupFileName(created->name));
    QVERIFY(created->name.endsWith(u".tar.zst"_qs));
    QVERIFY(!QFileInfo::exists(created->path + u".partial"_qs));
    const QJsonArray components = created->manifest.value(u"components"_qs).toArray();
    QCOMPARE(components.size(), 3);
    QCOMPARE(components.at(0).toObject().value(u"tables"_qs).toObject().value(u"tasks"_qs).toInt(), 3);
    const auto before = snapshotTree(m_dir->filePath(u"srv/uploads"_qs));
    const auto configBefore = snapshotTree(m_dir->filePath(u"etc/config"_qs));
    const QStringList rowsBefore = rows(m_service);

    const auto verified = backupjob::verify(created->path, plan.policy, {});
    QVERIFY2(verified.ok, qPrintable(verified.problems.join(u"; ")));
    const auto drill = backupjob::drill(plan, created->path, {});
    QVERIFY2(drill.ok, qPrintable(drill.message));

    // Change everything.
    QVERIFY(exec(m_service, {u"DELETE FROM tasks WHERE id = 1"_qs, u"INSERT INTO tasks VALUES (9, 'RUNNING', 'new')"_qs}));
    QFile::remove(m_dir->filePath(u"srv/uploads/2026/11/form.csv"_qs));
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/intruder.txt"_qs), "x");
    testsupport::writeFile(m_dir->filePath(u"etc/config/app.toml"_qs), "x = 2\n");

    // Dry run: reports, changes nothing.
    int safetyCalls = 0;
    auto safety = [&]() -> std::optional<QString> {
        ++safetyCalls;
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + 1000, u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const auto dry = backupjob::restore(plan, created->path, true, safety, {});
    QVERIFY2(dry.ok, qPrintable(dry.error));
    QCOMPARE(safetyCalls, 0);
    QCOMPARE(dry.steps.size(), 3);
    QCOMPARE(dry.steps.at(0).toObject().value(u"action"_qs).toString(), u"would replace"_qs);
    QCOMPARE(dry.steps.at(1).toObject().value(u"current_files"_qs).toInt(), 2);
    QCOMPARE(dry.steps.at(1).toObject().value(u"backup_files"_qs).toInt(), 2);
    QVERIFY(QFileInfo::exists(m_dir->filePath(u"srv/uploads/intruder.txt"_qs)));

    const auto done = backupjob::restore(plan, created->path, false, safety, {});
    QVERIFY2(done.ok, qPrintable(done.error));
    QCOMPARE(safetyCalls, 1);
    QCOMPARE(rows(m_service), rowsBefore);
    QCOMPARE(snapshotTree(m_dir->filePath(u"srv/uploads"_qs)), before);
    QCOMPARE(snapshotTree(m_dir->filePath(u"etc/config"_qs)), configBefore);
    // No leftovers beside the restored directories.
    QCOMPARE(QDir(m_dir->filePath(u"srv"_qs)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{u"uploads"_qs});
}

void tst_Backup::roundTripPostgres()
{
    QString error;
    auto url = testsupport::createPostgresDatabase(u"backup_roundtrip"_qs, &error);
    if (!url)
        REQUIRE_SERVICE_OR_SKIP("no PostgreSQL (./build.sh test starts one)");
    QVERIFY(exec(*url, {u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, status TEXT, note TEXT)"_qs,
                        u"INSERT INTO tasks SELECT g, 'COMPLETED', 'row ' || g FROM generate_series(1, 500) g"_qs,
                        u"CREATE TABLE other (k TEXT)"_qs, u"INSERT INTO other VALUES ('a'), ('b')"_qs}));
    BackupPlan plan = sqlitePlan();
    plan.serviceDatabase = *url;
    plan.directories = {m_dir->filePath(u"srv/uploads"_qs)};
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    const QJsonObject db = created->manifest.value(u"components"_qs).toArray().at(0).toObject();
    QCOMPARE(db.value(u"kind"_qs).toString(), u"postgresql"_qs);
    QCOMPARE(db.value(u"tables"_qs).toObject().value(u"public.tasks"_qs).toInt(), 500);
    const QStringList rowsBefore = rows(*url);
    const auto before = snapshotTree(m_dir->filePath(u"srv/uploads"_qs));

    // The drill restores into a scratch database and compares row counts.
    const auto drill = backupjob::drill(plan, created->path, {});
    QVERIFY2(drill.ok, qPrintable(drill.message));

    QVERIFY(exec(*url, {u"DELETE FROM tasks WHERE id < 100"_qs, u"UPDATE tasks SET note = 'changed'"_qs, u"DROP TABLE other"_qs,
                        u"CREATE TABLE extra (x INT)"_qs}));
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/intruder.txt"_qs), "x");
    auto safety = [&]() -> std::optional<QString> {
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + 1000, u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const auto done = backupjob::restore(plan, created->path, false, safety, {});
    QVERIFY2(done.ok, qPrintable(done.error));
    QCOMPARE(rows(*url), rowsBefore);
    QCOMPARE(snapshotTree(m_dir->filePath(u"srv/uploads"_qs)), before);
    const auto counts = backupjob::rowCounts(*url, &error);
    QVERIFY(counts);
    QCOMPARE(counts->value(u"public.other"_qs).toInt(), 2);
    testsupport::dropPostgresDatabase(u"backup_roundtrip"_qs);
}

void tst_Backup::damagedArchivesFailVerify_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<bool>("gzip");
    QTest::newRow("flipped byte, zstd") << u"flip"_qs << false;
    QTest::newRow("flipped byte, gzip") << u"flip"_qs << true;
    QTest::newRow("cut in half, zstd") << u"truncate"_qs << false;
    QTest::newRow("cut in half, gzip") << u"truncate"_qs << true;
    QTest::newRow("last bytes missing") << u"tail"_qs << false;
}

void tst_Backup::damagedArchivesFailVerify()
{
    QFETCH(QString, damage);
    QFETCH(bool, gzip);
    BackupPlan plan = sqlitePlan();
    plan.compression = gzip ? ArchiveWriter::Compression::Gzip : ArchiveWriter::Compression::Zstd;
    // Incompressible content, so a flipped byte lands in member data rather than only in the
    // compressor's framing.
    QByteArray noise(400000, Qt::Uninitialized);
    for (qsizetype i = 0; i < noise.size(); ++i)
        noise[i] = char(QRandomGenerator::global()->generate());
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/noise.bin"_qs), noise);
    QString error;
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    QVERIFY(backupjob::verify(created->path, plan.policy, {}).ok);
    QFile f(created->path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const qint64 size = f.size();
    if (damage == u"flip"_qs) {
        f.seek(size / 2);
        char c = 0;
        f.getChar(&c);
        f.seek(size / 2);
        f.putChar(char(c ^ 0x01));
    } else {
        f.resize(damage == u"truncate"_qs ? size / 2 : size - 16);
    }
    f.close();
    const auto verified = backupjob::verify(created->path, plan.policy, {});
    QVERIFY(!verified.ok);
    QVERIFY(!verified.problems.isEmpty());
    // And a restore of it changes nothing.
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/after.txt"_qs), "still here");
    const auto restored = backupjob::restore(plan, created->path, false, [] { return std::optional<QString>(u"unused"_qs); }, {});
    QVERIFY(!restored.ok);
    QVERIFY(QFileInfo::exists(m_dir->filePath(u"srv/uploads/after.txt"_qs)));
}

void tst_Backup::hostileArchivesAreRefused_data()
{
    QTest::addColumn<QList<Entry>>("entries");
    QTest::addColumn<QString>("reason");
    const Entry ok{"files/uploads/ok.txt", AE_IFREG, "fine", {}, false, -1};
    QTest::newRow("dot-dot") << QList<Entry>{ok, {"files/../../evil.txt", AE_IFREG, "x", {}, false, -1}} << u"unsafe path"_qs;
    QTest::newRow("absolute") << QList<Entry>{{"/tmp/formauto-evil-absolute.txt", AE_IFREG, "x", {}, false, -1}} << u"unsafe path"_qs;
    QTest::newRow("symlink then write-through")
        << QList<Entry>{{"files/uploads/link", AE_IFLNK, {}, "../../../outside", false, -1},
                        {"files/uploads/link/evil.txt", AE_IFREG, "x", {}, false, -1}}
        << u"links"_qs;
    QTest::newRow("hardlink") << QList<Entry>{{"files/uploads/passwd", AE_IFREG, {}, "/etc/passwd", true, 0}} << u"links"_qs;
    QTest::newRow("device node") << QList<Entry>{{"files/uploads/null", AE_IFCHR, {}, {}, false, 0}} << u"regular file"_qs;
    QTest::newRow("fifo") << QList<Entry>{{"files/uploads/fifo", AE_IFIFO, {}, {}, false, 0}} << u"regular file"_qs;
    QTest::newRow("huge entry") << QList<Entry>{{"files/uploads/big.bin", AE_IFREG, QByteArray(3 * 1024 * 1024, 'b'), {}, false, -1}}
                                << u"over the limit"_qs;
    QTest::newRow("twice") << QList<Entry>{ok, ok} << u"twice"_qs;
}

void tst_Backup::hostileArchivesAreRefused()
{
    QFETCH(QList<Entry>, entries);
    QFETCH(QString, reason);
    const QString archivePath = m_dir->filePath(u"hostile.tar.gz"_qs);
    writeArchive(archivePath, entries);
    QDir().mkpath(m_dir->filePath(u"root/staging"_qs));
    ExtractPolicy policy;
    policy.maxEntryBytes = 1024 * 1024;
    ArchiveScan scan;
    QString error;
    QVERIFY(!archiveio::scan(archivePath, m_dir->filePath(u"root/staging"_qs), policy, {}, &scan, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    // Nothing outside the staging directory.
    QCOMPARE(QDir(m_dir->filePath(u"root"_qs)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList{u"staging"_qs});
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"evil.txt"_qs)));
    QVERIFY(!QFileInfo::exists(u"/tmp/formauto-evil-absolute.txt"_qs));
    // Restoring it changes nothing and leaves no staging behind.
    BackupPlan plan = sqlitePlan();
    plan.policy = policy;
    const auto before = snapshotTree(m_dir->filePath(u"srv"_qs));
    const auto report = backupjob::restore(plan, archivePath, false, [] { return std::optional<QString>(u"unused"_qs); }, {});
    QVERIFY(!report.ok);
    QCOMPARE(snapshotTree(m_dir->filePath(u"srv"_qs)), before);
    QVERIFY(QDir(plan.directory).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
}

void tst_Backup::cancelledRestoreRollsBack()
{
    const BackupPlan plan = sqlitePlan();
    QString error;
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    QVERIFY(exec(m_service, {u"INSERT INTO tasks VALUES (50, 'RUNNING', 'after the backup')"_qs}));
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/after.txt"_qs), "after");
    const QStringList rowsNow = rows(m_service);
    const auto uploadsNow = snapshotTree(m_dir->filePath(u"srv/uploads"_qs));
    const auto configNow = snapshotTree(m_dir->filePath(u"etc/config"_qs));
    auto safety = [&]() -> std::optional<QString> {
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + 1000, u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    // Stop after the database and the first directory were replaced.
    const auto report = backupjob::restore(plan, created->path, false, safety, [](const QString &phase, qint64, qint64) {
        return phase != u"restore files:config"_qs;
    });
    QVERIFY(!report.ok);
    QVERIFY(report.rolledBack);
    QVERIFY2(report.error.contains(u"rolled back"_qs), qPrintable(report.error));
    QCOMPARE(rows(m_service), rowsNow);
    QCOMPARE(snapshotTree(m_dir->filePath(u"srv/uploads"_qs)), uploadsNow);
    QCOMPARE(snapshotTree(m_dir->filePath(u"etc/config"_qs)), configNow);
}

void tst_Backup::cancelledBackupLeavesNothing()
{
    QByteArray big(6 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(QRandomGenerator::global()->generate());
    testsupport::writeFile(m_dir->filePath(u"srv/uploads/big.bin"_qs), big);
    const BackupPlan plan = sqlitePlan();
    QString error;
    int calls = 0;
    // Cancelled halfway through the archive.
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs,
                                           [&](const QString &phase, qint64 done, qint64 total) {
                                               ++calls;
                                               return !(phase == u"archive"_qs && total > 0 && done > total / 2);
                                           },
                                           &error);
    QVERIFY(!created);
    QCOMPARE(error, u"cancelled"_qs);
    QVERIFY(calls > 2);
    // No archive, no partial file, no work directory.
    QCOMPARE(QDir(plan.directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{});
}

void tst_Backup::legacyPythonArchiveRestores()
{
    // The ticket's BackupService: full_backup_*.tar.gz with files.tar (uploads/, config/) and
    // database.sql. Without PostgreSQL the files still restore; the database step needs it.
    const QString inner = m_dir->filePath(u"files.tar"_qs);
    writeArchive(inner, {{"uploads/", AE_IFDIR, {}, {}, false, 0}, {"uploads/legacy.csv", AE_IFREG, "a,b\n", {}, false, -1},
                         {"config/", AE_IFDIR, {}, {}, false, 0}, {"config/app.toml", AE_IFREG, "legacy = true\n", {}, false, -1}});
    const QString outer = m_dir->filePath(u"full_backup_20250101_000000.tar.gz"_qs);
    writeArchive(outer, {{"files.tar", AE_IFREG, testsupport::readFile(inner), {}, false, -1}});
    BackupPlan plan = sqlitePlan();
    const auto verified = backupjob::verify(outer, plan.policy, {});
    QVERIFY(verified.ok);
    QVERIFY(verified.legacy);
    auto safety = [&]() -> std::optional<QString> {
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const auto report = backupjob::restore(plan, outer, false, safety, {});
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(testsupport::readFile(m_dir->filePath(u"srv/uploads/legacy.csv"_qs)), QByteArray("a,b\n"));
    QCOMPARE(testsupport::readFile(m_dir->filePath(u"etc/config/app.toml"_qs)), QByteArray("legacy = true\n"));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"srv/uploads/.hidden"_qs)));
}

void tst_Backup::unsafeMemberPaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("safe");
    QTest::newRow("plain") << u"files/a/b.txt"_qs << true;
    QTest::newRow("directory") << u"files/a/"_qs << true;
    QTest::newRow("japanese") << u"files/アップロード/書類.pdf"_qs << true;
    QTest::newRow("absolute") << u"/etc/passwd"_qs << false;
    QTest::newRow("dot-dot") << u"files/../x"_qs << false;
    QTest::newRow("dot") << u"./x"_qs << false;
    QTest::newRow("empty component") << u"files//x"_qs << false;
    QTest::newRow("backslash") << u"files\\..\\x"_qs << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_Backup::unsafeMemberPaths()
{
    QFETCH(QString, path);
    QFETCH(bool, safe);
    QCOMPARE(archiveio::safeMemberPath(path), safe);
}

QTEST_GUILESS_MAIN(tst_Backup)
#include "tst_backup.moc"
