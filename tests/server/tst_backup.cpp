#include "server/backup/archive.h"
#include "server/backup/backupjob.h"
#include "server/backup/backupservice.h"
#include "server/backup/plaindumpcheck.h"
#include "server/core/sha256.h"
#include "server/storage/database.h"
#include "server/storage/opsstore.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
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

// Every file below root except the top-level entries named, with its content and mode: "the
// host is byte-for-byte unchanged, nothing new appeared".
QMap<QString, QByteArray> hostState(const QString &root, const QStringList &except)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString rel = QDir(root).relativeFilePath(it.filePath());
        if (except.contains(rel.section(u'/', 0, 0)))
            continue;
        const QFileInfo info = it.fileInfo();
        out.insert(rel, (info.isDir() ? QByteArray("<dir>") : testsupport::readFile(it.filePath())) + " mode "
                            + QByteArray::number(int(info.permissions())));
    }
    return out;
}

QByteArray sha(const QByteArray &data)
{
    return Sha256::hexOf(data).toLatin1();
}

QStringList runLogged(const QString &program, const QStringList &args, const QProcessEnvironment &env, int *exitCode)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.waitForFinished(60000);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return {QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
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
    void manifestAttacksAreRefused_data();
    void manifestAttacksAreRefused();
    void pathInsideRefusesSymlinks();
    void plainDumpCheck_data();
    void plainDumpCheck();
    void plainDumpWithCommandsIsRefused_data();
    void plainDumpWithCommandsIsRefused();
    void realPlainPgDumpRestores();
    void rollbackReportsWhatItCouldNotPutBack();
    void serviceReportsIncompleteRollback();

private:
    BackupPlan sqlitePlan();
    QString manifestArchive(const QString &attack, QList<Entry> *entries);
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
    QTest::newRow("component of 255 bytes") << QString(u"files/"_qs + QString(255, u'a')) << true;
    QTest::newRow("component of 256 bytes") << QString(u"files/"_qs + QString(256, u'a')) << false;
    QTest::newRow("over 4 KiB in all") << QString(u"a/"_qs.repeated(2049)) << false;
    QTest::newRow("NUL") << QString(u"files/a"_qs + QChar(0) + u"b"_qs) << false;
}

void tst_Backup::unsafeMemberPaths()
{
    QFETCH(QString, path);
    QFETCH(bool, safe);
    QCOMPARE(archiveio::safeMemberPath(path), safe);
}

// An archive in the layout backupjob::create() writes (an SQLite service database, an uploads
// directory) whose manifest.json the attack then edits; checksums stay right unless the attack
// is about them.
QString tst_Backup::manifestArchive(const QString &attack, QList<Entry> *entries)
{
    const QString snapshot = m_dir->filePath(u"snapshot.sqlite"_qs);
    QFile::remove(snapshot);
    {
        QString error;
        const QString name = u"snapshot-"_qs + attack;
        if (!openDatabase(m_service, name, false, &error))
            return {};
        QSqlQuery q(QSqlDatabase::database(name, false));
        q.prepare(u"VACUUM INTO ?"_qs);
        q.addBindValue(snapshot);
        q.exec();
    }
    closeDatabase(u"snapshot-"_qs + attack);
    const QByteArray db = testsupport::readFile(snapshot);
    QFile::remove(snapshot);
    *entries = {{"service/database.sqlite", AE_IFREG, db, {}, false, -1},
                {"files/uploads/", AE_IFDIR, {}, {}, false, 0},
                {"files/uploads/a.txt", AE_IFREG, "restored content\n", {}, false, -1}};
    if (attack == u"orphan member"_qs)
        entries->append({"stray/x.txt", AE_IFREG, "x", {}, false, -1});
    if (attack == u"orphan directory"_qs)
        entries->append({"stray/", AE_IFDIR, {}, {}, false, 0});
    if (attack == u"entry twice"_qs)
        entries->append({"files/uploads/a.txt", AE_IFREG, "second copy\n", {}, false, -1});
    QJsonObject members;
    for (const Entry &e : std::as_const(*entries)) {
        if (e.type == AE_IFREG)
            members.insert(QString::fromUtf8(e.path), QJsonObject{{u"size"_qs, double(e.data.size())}, {u"sha256"_qs, QString::fromLatin1(sha(e.data))}});
    }
    QJsonObject database{{u"name"_qs, u"service_database"_qs}, {u"type"_qs, u"database"_qs}, {u"kind"_qs, u"sqlite"_qs},
                         {u"member"_qs, u"service/database.sqlite"_qs}, {u"tables"_qs, QJsonObject{{u"tasks"_qs, 3}}}};
    QJsonObject uploads{{u"name"_qs, u"files:uploads"_qs}, {u"type"_qs, u"directory"_qs},
                        {u"path"_qs, QFileInfo(m_dir->filePath(u"srv/uploads"_qs)).absoluteFilePath()}, {u"prefix"_qs, u"files/uploads/"_qs}};
    int version = 1;
    const QByteArray otherDb = "../../other.db";
    if (attack == u"prefix ../ moves a host directory in"_qs)
        uploads.insert(u"prefix"_qs, u"../../secret/"_qs);
    else if (attack == u"member ../ replaces the database"_qs)
        database.insert(u"member"_qs, QString::fromUtf8(otherDb));
    else if (attack == u"member ../ listed in members"_qs) {
        database.insert(u"member"_qs, QString::fromUtf8(otherDb));
        const QByteArray other = testsupport::readFile(m_dir->filePath(u"other.db"_qs));
        members.insert(QString::fromUtf8(otherDb), QJsonObject{{u"size"_qs, double(other.size())}, {u"sha256"_qs, QString::fromLatin1(sha(other))}});
    } else if (attack == u"member absolute"_qs)
        database.insert(u"member"_qs, m_dir->filePath(u"other.db"_qs));
    else if (attack == u"member with backslashes"_qs)
        database.insert(u"member"_qs, u"service\\..\\..\\..\\other.db"_qs);
    else if (attack == u"member name too long"_qs)
        database.insert(u"member"_qs, QString(u"service/"_qs + QString(300, u'x')));
    else if (attack == u"listed but missing"_qs)
        members.insert(u"files/uploads/ghost.txt"_qs, QJsonObject{{u"size"_qs, 1}, {u"sha256"_qs, QString::fromLatin1(sha("g"))}});
    else if (attack == u"present but not listed"_qs)
        members.remove(u"files/uploads/a.txt"_qs);
    else if (attack == u"size mismatch"_qs)
        members.insert(u"files/uploads/a.txt"_qs, QJsonObject{{u"size"_qs, 3}, {u"sha256"_qs, members.value(u"files/uploads/a.txt"_qs)[u"sha256"_qs]}});
    else if (attack == u"checksum mismatch"_qs)
        members.insert(u"files/uploads/a.txt"_qs, QJsonObject{{u"size"_qs, 17}, {u"sha256"_qs, QString(64, u'0')}});
    else if (attack == u"unsafe key in members"_qs)
        members.insert(u"files/uploads/../../../x"_qs, QJsonObject{{u"size"_qs, 1}, {u"sha256"_qs, QString::fromLatin1(sha("x"))}});
    else if (attack == u"orphan member"_qs || attack == u"orphan directory"_qs || attack == u"entry twice"_qs || attack == u"control"_qs) {
    } else if (attack == u"unknown kind"_qs)
        database.insert(u"kind"_qs, u"shell"_qs);
    else if (attack == u"relative source path"_qs)
        uploads.insert(u"path"_qs, u"../etc"_qs);
    else if (attack == u"prefix not under files/"_qs)
        uploads.insert(u"prefix"_qs, u"service/"_qs);
    else if (attack == u"newer format"_qs)
        version = 2;
    QJsonArray components{database, uploads};
    if (attack == u"component twice"_qs)
        components.append(uploads);
    if (attack == u"second database component"_qs)
        components.append(QJsonObject{{u"name"_qs, u"evil"_qs}, {u"type"_qs, u"database"_qs}, {u"kind"_qs, u"sqlite"_qs}, {u"member"_qs, u"service/database.sqlite"_qs}});
    const QJsonObject manifest{{u"format"_qs, u"formauto-ops-backup"_qs}, {u"format_version"_qs, version}, {u"name"_qs, u"hostile"_qs},
                               {u"components"_qs, components}, {u"members"_qs, members}};
    QByteArray text = QJsonDocument(manifest).toJson();
    if (attack == u"member key twice"_qs) // a second, different entry for a.txt that QJsonDocument would drop
        text.replace("\"members\": {", QByteArray("\"members\": {\n        \"files/uploads/a.txt\": {\"size\": 3, \"sha256\": \"" + sha("abc") + "\"},"));
    entries->append({"manifest.json", AE_IFREG, text, {}, false, -1});
    const QString file = m_dir->filePath(u"full_backup_20250101_000000.tar.gz"_qs);
    writeArchive(file, *entries);
    return file;
}

void tst_Backup::manifestAttacksAreRefused_data()
{
    QTest::addColumn<QString>("attack");
    QTest::addColumn<QString>("problem");
    QTest::newRow("control") << u"control"_qs << QString();
    QTest::newRow("prefix ../") << u"prefix ../ moves a host directory in"_qs << u"prefix \"../../secret/\" is absolute, \"..\" or otherwise unsafe"_qs;
    QTest::newRow("member ../") << u"member ../ replaces the database"_qs << u"member \"../../other.db\" is absolute, \"..\" or otherwise unsafe"_qs;
    QTest::newRow("member ../ listed") << u"member ../ listed in members"_qs << u"member \"../../other.db\": absolute"_qs;
    QTest::newRow("member absolute") << u"member absolute"_qs << u"otherwise unsafe"_qs;
    QTest::newRow("member with backslashes") << u"member with backslashes"_qs << u"otherwise unsafe"_qs;
    QTest::newRow("member name too long") << u"member name too long"_qs << u"otherwise unsafe"_qs;
    QTest::newRow("listed but missing") << u"listed but missing"_qs << u"files/uploads/ghost.txt is listed in the manifest but missing from the archive"_qs;
    QTest::newRow("present but not listed") << u"present but not listed"_qs << u"files/uploads/a.txt is in the archive but not in the manifest"_qs;
    QTest::newRow("size mismatch") << u"size mismatch"_qs << u"files/uploads/a.txt is 17 bytes, the manifest says 3"_qs;
    QTest::newRow("checksum mismatch") << u"checksum mismatch"_qs << u"files/uploads/a.txt does not match its checksum"_qs;
    QTest::newRow("unsafe key in members") << u"unsafe key in members"_qs << u"member \"files/uploads/../../../x\": absolute"_qs;
    QTest::newRow("member key twice") << u"member key twice"_qs << u"the key \"files/uploads/a.txt\" appears twice"_qs;
    QTest::newRow("component twice") << u"component twice"_qs << u"component \"files:uploads\" appears twice"_qs;
    QTest::newRow("second database component") << u"second database component"_qs << u"unknown database component \"evil\""_qs;
    QTest::newRow("orphan member") << u"orphan member"_qs << u"member \"stray/x.txt\" belongs to 0 components"_qs;
    QTest::newRow("orphan directory") << u"orphan directory"_qs << u"directory stray is in the archive but belongs to no component"_qs;
    QTest::newRow("entry twice") << u"entry twice"_qs << u"\"files/uploads/a.txt\": it appears twice in the archive"_qs;
    QTest::newRow("unknown kind") << u"unknown kind"_qs << u"unknown kind \"shell\""_qs;
    QTest::newRow("relative source path") << u"relative source path"_qs << u"path \"../etc\" is not a clean absolute path"_qs;
    QTest::newRow("prefix not under files/") << u"prefix not under files/"_qs << u"prefix \"service/\" is not files/<name>/"_qs;
    QTest::newRow("newer format") << u"newer format"_qs << u"format version 2"_qs;
}

// The issue's two archives and their relatives: refused before anything on the host changes,
// and `backup verify` (job and CLI) says what is wrong.
void tst_Backup::manifestAttacksAreRefused()
{
    QFETCH(QString, attack);
    QFETCH(QString, problem);
    // What the attacks aim at: a directory elsewhere on the host, another SQLite file.
    testsupport::writeFile(m_dir->filePath(u"secret/id_rsa"_qs), "host secret\n");
    DatabaseUrl other;
    other.path = m_dir->filePath(u"other.db"_qs);
    QVERIFY(exec(other, {u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, status TEXT, note TEXT)"_qs, u"INSERT INTO tasks VALUES (666, 'X', 'planted')"_qs}));
    QList<Entry> entries;
    const QString archive = manifestArchive(attack, &entries);
    QVERIFY(!archive.isEmpty());
    BackupPlan plan = sqlitePlan();
    plan.directories = {m_dir->filePath(u"srv/uploads"_qs)};
    const QStringList except{u"backups"_qs, QFileInfo(archive).fileName()};
    const QStringList rowsBefore = rows(m_service);
    const auto before = hostState(m_dir->path(), except); // after the last read of app.db (readers write its -shm)

    const auto verified = backupjob::verify(archive, plan.policy, {});
    const QString problems = verified.problems.join(u"; ");
    if (problem.isEmpty()) {
        QVERIFY2(verified.ok, qPrintable(problems));
    } else {
        QVERIFY(!verified.ok);
        QVERIFY2(problems.contains(problem), qPrintable(problems));
    }

    int safetyCalls = 0;
    auto safety = [&]() -> std::optional<QString> {
        ++safetyCalls;
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + 5000, u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const auto dry = backupjob::restore(plan, archive, true, safety, {});
    QCOMPARE(dry.ok, problem.isEmpty());
    const auto report = backupjob::restore(plan, archive, false, safety, {});
    if (problem.isEmpty()) {
        QVERIFY2(report.ok, qPrintable(report.error));
        QCOMPARE(testsupport::readFile(m_dir->filePath(u"srv/uploads/a.txt"_qs)), QByteArray("restored content\n"));
        return;
    }
    QVERIFY(!report.ok);
    QVERIFY2(report.error.contains(u"nothing was changed"_qs) || report.error.contains(u"twice"_qs), qPrintable(report.error));
    QCOMPARE(safetyCalls, 0);
    const auto after = hostState(m_dir->path(), except);
    for (auto it = after.constBegin(); it != after.constEnd(); ++it)
        QVERIFY2(before.value(it.key()) == it.value(), qPrintable(u"changed or new: "_qs + it.key()));
    QCOMPARE(after.keys(), before.keys());
    QCOMPARE(rows(m_service), rowsBefore);
    QCOMPARE(testsupport::readFile(m_dir->filePath(u"secret/id_rsa"_qs)), QByteArray("host secret\n"));
    QVERIFY(QDir(plan.directory).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    if (!attack.startsWith(u"prefix ../"_qs) && !attack.startsWith(u"member ../ replaces"_qs))
        return;
    // The same verdict from the CLI...
    const QString opsd = qEnvironmentVariable("FORMAUTO_OPSD");
    if (QFile::exists(opsd)) {
        int code = 0;
        const QStringList out = runLogged(opsd, {u"--data-dir"_qs, m_dir->filePath(u"cli-data"_qs), u"backup"_qs, u"verify"_qs, archive},
                                          QProcessEnvironment::systemEnvironment(), &code);
        QCOMPARE(code, 1);
        QVERIFY2(out.at(0).contains(u"NOT intact"_qs) && out.at(0).contains(problem), qPrintable(out.join(u'\n')));
    } else if (qEnvironmentVariableIntValue("FORMAUTO_TEST_REQUIRE_SERVICES") == 1) {
        QFAIL("FORMAUTO_OPSD does not name the built daemon");
    }
    // ...and from the daemon's verify job.
    QDir().mkpath(plan.directory);
    QVERIFY(QFile::copy(archive, QDir(plan.directory).filePath(QFileInfo(archive).fileName())));
    DatabaseUrl storeUrl;
    storeUrl.path = m_dir->filePath(u"ops.db"_qs);
    OpsStore store(storeUrl, u"backup-verify-test"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    ManualClock clock(1764300000000);
    BackupService::Options options;
    options.plan = plan;
    BackupService service(&store, &clock, options);
    QVERIFY2(service.open(&error), qPrintable(error));
    QSignalSpy finished(&service, &BackupService::finished);
    const auto started = service.start(BackupService::Kind::Verify, QFileInfo(archive).fileName(), u"test"_qs);
    QVERIFY2(started.errorCode.isEmpty(), qPrintable(started.message.english()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    const QJsonObject update = finished.at(0).at(0).toJsonObject();
    QCOMPARE(update.value(u"state"_qs).toString(), u"failed"_qs);
    QCOMPARE(update.value(u"result"_qs).toObject().value(u"ok"_qs).toBool(true), false);
    QVERIFY2(update.value(u"message"_qs).toString().contains(problem), qPrintable(update.value(u"message"_qs).toString()));
    const QJsonArray listed = service.list(&error);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.at(0).toObject().value(u"verify_ok"_qs).toBool(true), false);
}

void tst_Backup::pathInsideRefusesSymlinks()
{
    const QString root = m_dir->filePath(u"staging"_qs);
    QDir().mkpath(root + u"/files/uploads"_qs);
    QVERIFY(QFile::link(m_dir->filePath(u"srv"_qs), root + u"/files/link"_qs));
    QString error;
    QCOMPARE(archiveio::pathInside(root, u"files/uploads/a.txt"_qs, &error), root + u"/files/uploads/a.txt"_qs);
    QVERIFY(archiveio::pathInside(root, u"files/link/uploads/"_qs, &error).isEmpty());
    QVERIFY2(error.contains(u"symbolic link"_qs), qPrintable(error));
    QVERIFY(archiveio::pathInside(root, u"files/../../srv"_qs, &error).isEmpty());
    QVERIFY(archiveio::pathInside(root, u"/etc/passwd"_qs, &error).isEmpty());
    // parseManifest on its own: no side effects, just a verdict.
    QVERIFY(!archiveio::parseManifest("{", &error));
    QVERIFY(!archiveio::parseManifest(QByteArray(70 * 1024 * 1024, ' '), &error));
    QVERIFY(error.contains(u"over"_qs));
    QVERIFY(archiveio::parseManifest(R"({"format":"formauto-ops-backup","format_version":1,"components":[],"members":{}})", &error));
}

void tst_Backup::plainDumpCheck_data()
{
    QTest::addColumn<QByteArray>("dump");
    QTest::addColumn<QString>("refusal"); // empty: accepted
    const QString meta = u"meta-command"_qs;
    QTest::newRow("shell") << QByteArray("SELECT 1;\n\\! touch /tmp/x\n") << meta;
    QTest::newRow("output to a pipe") << QByteArray("\\o |sh\nSELECT 'id';\n") << meta;
    QTest::newRow("copy from program") << QByteArray("\\copy t from program 'id'\n") << meta;
    QTest::newRow("include") << QByteArray("\\i /etc/passwd\n") << meta;
    QTest::newRow("gexec mid-line") << QByteArray("SELECT 'x' \\gexec\n") << u"backslash outside quotes"_qs;
    QTest::newRow("set") << QByteArray("\\set ON_ERROR_STOP 0\n") << meta;
    QTest::newRow("separator") << QByteArray("SELECT 1 \\\\ \\! id\n") << u"backslash outside quotes"_qs;
    QTest::newRow("after a statement on its line") << QByteArray("SELECT 1; \\! id\n") << u"backslash outside quotes"_qs;
    QTest::newRow("inside a statement") << QByteArray("SELECT\n\\! id\n1;\n") << u"backslash outside quotes"_qs;
    QTest::newRow("after a COPY block") << QByteArray("COPY public.t (a, b) FROM stdin;\n1\t\\N\n\\.\n\\! touch /tmp/x\n") << meta;
    QTest::newRow("on the COPY line") << QByteArray("COPY public.t (a) FROM stdin; \\! id\n1\n\\.\n") << u"text after COPY"_qs;
    QTest::newRow("COPY FROM PROGRAM") << QByteArray("COPY t (a) FROM PROGRAM 'id';\n") << u"COPY statement other than"_qs;
    QTest::newRow("COPY with options") << QByteArray("COPY t FROM stdin WITH (FORMAT csv);\n1\n\\.\n") << u"COPY statement other than"_qs;
    QTest::newRow("stdin in a multi-statement buffer") << QByteArray("CREATE FUNCTION begin() RETURNS int AS 'select 1' LANGUAGE sql; COPY t FROM stdin; END;\n\\! id\n")
                                                       << u"STDIN outside"_qs;
    QTest::newRow("\\. outside COPY") << QByteArray("\\.\n\\! id\n") << meta;
    QTest::newRow("connect elsewhere") << QByteArray("\\connect postgres\n") << u"not to the database being restored"_qs;
    QTest::newRow("connect with a second command") << QByteArray("\\connect formauto_test \\! id\n") << u"not in the form pg_dump writes"_qs;
    QTest::newRow("connect with backquotes") << QByteArray("\\connect `id`\n") << u"not in the form pg_dump writes"_qs;
    QTest::newRow("restrict with more") << QByteArray("\\restrict abc \\! id\n") << meta;
    QTest::newRow("quote after a backslash") << QByteArray("SELECT '\\'' \\! id '';\n") << u"backslash before a quote"_qs;
    QTest::newRow("E-string continuation") << QByteArray("SELECT E'x'\n'\\'' \\! id '';\n") << u"backslash before a quote"_qs;
    QTest::newRow("string ending in a backslash") << QByteArray("SET standard_conforming_strings = off;\nSELECT 'C:\\';\n\\! id\n';\n")
                                                  << u"backslash before a quote"_qs;
    QTest::newRow("dollar in a name") << QByteArray("SELECT a$b$ \\! id $b$;\n") << u"'$' inside an unquoted name"_qs;
    QTest::newRow("junk after a number") << QByteArray("SELECT 1a$b$;\n") << u"junk after a number"_qs;
    QTest::newRow("psql variable") << QByteArray("SELECT :LAST_ERROR_MESSAGE;\n") << u"variable"_qs;
    QTest::newRow("quoted psql variable") << QByteArray("SELECT :'DBNAME';\n") << u"variable"_qs;
    QTest::newRow("NUL byte") << QByteArray("SELECT 'a", 9) + QByteArray(1, '\0') + QByteArray("';\n") << u"NUL"_qs;
    QTest::newRow("unterminated") << QByteArray("SELECT $$\n\\! id\n") << u"ends inside"_qs;
    // What pg_dump writes, and data that only looks like commands.
    QTest::newRow("pg_dump header")
        << QByteArray("--\n-- PostgreSQL database dump\n--\n\n\\restrict Ab3dEf9GhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx\n\n"
                      "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
                      "SELECT pg_catalog.set_config('search_path', '', false);\n\\connect formauto_test\n")
        << QString();
    QTest::newRow("connect, quoted") << QByteArray("\\connect \"formauto_test\"\n") << QString();
    QTest::newRow("unrestrict at the end") << QByteArray("SELECT 1;\n\\unrestrict abc123\n") << QString();
    QTest::newRow("COPY rows with backslashes")
        << QByteArray("COPY public.tasks (id, note) FROM stdin;\n1\t\\\\! not a command\n2\t\\! neither\n\\\\.\n3\tC:\\\\\\.\\r\n\\.\nSELECT 1;\n")
        << QString();
    QTest::newRow("COPY ended by CRLF") << QByteArray("COPY t (a) FROM stdin;\r\n\\! data\r\n\\.\r\nSELECT 1;\r\n") << QString();
    QTest::newRow("COPY, quoted names") << QByteArray("COPY \"Weird\".\"t t\" (\"a\"\"b\", c) FROM stdin;\n\\! data\n\\.\n") << QString();
    QTest::newRow("dollar-quoted body") << QByteArray("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $_$\n\\! inside\nSELECT 'x\\'\n$_$;\n")
                                        << QString();
    QTest::newRow("string over lines") << QByteArray("COMMENT ON TABLE t IS 'first\n\\! inside the string\nlast';\n") << QString();
    QTest::newRow("regex in a string") << QByteArray("ALTER TABLE t ADD CONSTRAINT c CHECK ((email ~ '^\\S+@\\S+$'::text));\n") << QString();
    QTest::newRow("comments") << QByteArray("-- \\! in a comment\n/* \\! in /* nested */ comment */ SELECT 1;\n") << QString();
    QTest::newRow("BEGIN ATOMIC body")
        << QByteArray("CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT 1;\n SELECT CASE WHEN true THEN 1 END;\nEND;\n"
                      "COPY public.t (a) FROM stdin;\n\\! data\n\\.\n")
        << QString();
    QTest::newRow("casts and slices") << QByteArray("SELECT (ARRAY[1,2])[1:2], 'x'::text, $1;\n") << QString();
}

void tst_Backup::plainDumpCheck()
{
    QFETCH(QByteArray, dump);
    QFETCH(QString, refusal);
    QString error;
    const bool accepted = PlainDumpCheck::checkBytes(dump, u"formauto_test"_qs, &error);
    QVERIFY2(accepted == refusal.isEmpty(), qPrintable(error));
    if (!accepted)
        QVERIFY2(error.contains(refusal), qPrintable(error));
    // Streaming: a byte at a time gives the same verdict.
    PlainDumpCheck bytewise(u"formauto_test"_qs);
    bool ok = true;
    for (const char c : std::as_const(dump))
        ok = ok && bytewise.feed(QByteArrayView(&c, 1));
    ok = ok && bytewise.finish();
    QCOMPARE(ok, accepted);
    QCOMPARE(bytewise.error(), error);
}

void tst_Backup::plainDumpWithCommandsIsRefused_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<bool>("manifest"); // kind postgresql-sql in a manifest, or the ticket's database.sql
    QTest::newRow("\\!, ticket archive") << QByteArray("\\! touch %1") << false;
    QTest::newRow("\\!, manifest") << QByteArray("\\! touch %1") << true;
    QTest::newRow("\\o |cmd") << QByteArray("\\o |touch %1\nSELECT 1;") << false;
    QTest::newRow("\\copy program") << QByteArray("\\copy (SELECT 1) to program 'touch %1'") << false;
    QTest::newRow("\\gexec") << QByteArray("SELECT '\\! touch %1' \\gexec") << true;
    QTest::newRow("after COPY") << QByteArray("COPY public.tasks (id, status, note) FROM stdin;\n7\tX\t\\\\!\n\\.\n\\! touch %1") << false;
}

void tst_Backup::plainDumpWithCommandsIsRefused()
{
    QFETCH(QByteArray, command);
    QFETCH(bool, manifest);
    QString error;
    const auto pg = testsupport::createPostgresDatabase(u"backup_plain_refused"_qs, &error);
    const QString touched = m_dir->filePath(u"psql-ran-this"_qs);
    const QByteArray dump = "SET client_encoding = 'UTF8';\nCREATE TABLE public.tasks (id integer, status text, note text);\n"
                            + QString::fromUtf8(command).arg(touched).toUtf8() + "\nSELECT 1;\n";
    const QString archive = m_dir->filePath(u"full_backup_20250101_000000.tar.gz"_qs);
    if (manifest) {
        const QJsonObject m{{u"format"_qs, u"formauto-ops-backup"_qs}, {u"format_version"_qs, 1},
                            {u"components"_qs, QJsonArray{QJsonObject{{u"name"_qs, u"service_database"_qs}, {u"type"_qs, u"database"_qs},
                                                                      {u"kind"_qs, u"postgresql-sql"_qs}, {u"member"_qs, u"service/database.sql"_qs}}}},
                            {u"members"_qs, QJsonObject{{u"service/database.sql"_qs,
                                                         QJsonObject{{u"size"_qs, double(dump.size())}, {u"sha256"_qs, QString::fromLatin1(sha(dump))}}}}}};
        writeArchive(archive, {{"service/database.sql", AE_IFREG, dump, {}, false, -1}, {"manifest.json", AE_IFREG, QJsonDocument(m).toJson(), {}, false, -1}});
    } else {
        writeArchive(archive, {{"database.sql", AE_IFREG, dump, {}, false, -1}});
    }
    BackupPlan plan = sqlitePlan();
    if (pg)
        plan.serviceDatabase = *pg; // psql would really run it
    const auto verified = backupjob::verify(archive, plan.policy, {});
    QVERIFY(!verified.ok);
    QVERIFY2(verified.problems.join(u' ').contains(u"refused as a plain SQL dump"_qs), qPrintable(verified.problems.join(u' ')));
    const auto before = hostState(m_dir->path(), {u"backups"_qs, QFileInfo(archive).fileName()});
    int safetyCalls = 0;
    const auto report = backupjob::restore(plan, archive, false, [&] { ++safetyCalls; return std::optional<QString>(u"unused"_qs); }, {});
    QVERIFY(!report.ok);
    QVERIFY2(report.error.contains(u"refused before psql saw it"_qs), qPrintable(report.error));
    QCOMPARE(safetyCalls, 0);
    QVERIFY(!QFileInfo::exists(touched));
    QCOMPARE(hostState(m_dir->path(), {u"backups"_qs, QFileInfo(archive).fileName()}), before);
    if (pg) {
        QString why;
        const auto counts = backupjob::rowCounts(*pg, &why);
        QVERIFY2(counts, qPrintable(why));
        QVERIFY(counts->isEmpty()); // not even the CREATE TABLE ran
        testsupport::dropPostgresDatabase(u"backup_plain_refused"_qs);
    }
}

// A real pg_dump in plain format, as the ticket's Python backups made it, with data that looks
// like psql commands: accepted, and restored row for row.
void tst_Backup::realPlainPgDumpRestores()
{
    QString error;
    const auto pg = testsupport::createPostgresDatabase(u"backup_plain_real"_qs, &error);
    if (!pg) {
        if (qEnvironmentVariableIntValue("FORMAUTO_TEST_REQUIRE_SERVICES") == 1)
            QFAIL(qPrintable(u"no PostgreSQL: "_qs + error));
        QSKIP("no PostgreSQL (./build.sh test starts one)");
    }
    QVERIFY(exec(*pg, {u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, status TEXT, note TEXT)"_qs,
                       u"INSERT INTO tasks VALUES (1, 'COMPLETED', E'\\\\! touch /tmp/x'), (2, 'RUNNING', E'line\\n\\\\.\\nnext'), "
                       "(3, 'FAILED', E'tab\\there ''quoted'' \\\\connect x'), (4, 'PENDING', '日本語'), (5, NULL, E'C:\\\\')"_qs,
                       u"CREATE FUNCTION note_of(i integer) RETURNS text LANGUAGE plpgsql AS $f$ BEGIN RETURN (SELECT note FROM tasks WHERE id = i); END $f$"_qs,
                       u"CREATE FUNCTION plus_one(i integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT i + 1; END"_qs,
                       u"CREATE VIEW odd AS SELECT id, note FROM tasks WHERE id % 2 = 1 AND note !~ E'^\\\\S+\\\\\\\\x$'"_qs,
                       u"COMMENT ON TABLE tasks IS E'has \\\\! and a\\nnewline'"_qs}));
    const QString dumpFile = m_dir->filePath(u"database.sql"_qs);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PGPASSWORD"_qs, pg->password);
    int code = 0;
    const QStringList out = runLogged(u"pg_dump"_qs, {u"--host"_qs, pg->host, u"--port"_qs, QString::number(pg->port), u"--username"_qs, pg->user,
                                                      u"--format=plain"_qs, u"--no-owner"_qs, u"--file"_qs, dumpFile, pg->database},
                                      env, &code);
    QVERIFY2(code == 0, qPrintable(out.join(u'\n')));
    QVERIFY2(PlainDumpCheck::checkFile(dumpFile, pg->database, &error), qPrintable(error));
    const QStringList rowsBefore = rows(*pg);
    QCOMPARE(rowsBefore.size(), 5);

    const QString archive = m_dir->filePath(u"full_backup_20250101_000000.tar.gz"_qs);
    writeArchive(archive, {{"database.sql", AE_IFREG, testsupport::readFile(dumpFile), {}, false, -1}});
    BackupPlan plan = sqlitePlan();
    plan.serviceDatabase = *pg;
    const auto verified = backupjob::verify(archive, plan.policy, {}, pg->database);
    QVERIFY2(verified.ok, qPrintable(verified.problems.join(u"; ")));
    QVERIFY(exec(*pg, {u"DELETE FROM tasks WHERE id > 2"_qs, u"DROP VIEW odd"_qs}));
    auto safety = [&]() -> std::optional<QString> {
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"safety"_qs, {}, &e);
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const auto report = backupjob::restore(plan, archive, false, safety, {});
    QVERIFY2(report.ok, qPrintable(report.error));
    QCOMPARE(rows(*pg), rowsBefore);
    const auto counts = backupjob::rowCounts(*pg, &error);
    QVERIFY(counts);
    QCOMPARE(counts->value(u"public.tasks"_qs).toInt(), 5);
    testsupport::dropPostgresDatabase(u"backup_plain_real"_qs);
}

// A restore stopped after the database and uploads were replaced, where neither can be put
// back (the set-aside uploads are gone, the safety backup is damaged): the report says so,
// item by item, instead of "rolled back".
void tst_Backup::rollbackReportsWhatItCouldNotPutBack()
{
    const BackupPlan plan = sqlitePlan();
    QString error;
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    QString safetyPath;
    auto safety = [&]() -> std::optional<QString> {
        QString e;
        const auto s = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() + 1000, u"safety"_qs, {}, &e);
        if (s)
            safetyPath = s->path;
        return s ? std::optional<QString>(s->path) : std::nullopt;
    };
    const QString srv = m_dir->filePath(u"srv"_qs);
    const auto report = backupjob::restore(plan, created->path, false, safety, [&](const QString &phase, qint64, qint64) {
        if (phase != u"restore files:config"_qs)
            return true;
        for (const QString &name : QDir(srv).entryList({u"uploads.restore-old-*"_qs}, QDir::Dirs))
            QDir(QDir(srv).filePath(name)).removeRecursively();
        QFile f(safetyPath);
        f.open(QIODevice::ReadWrite);
        f.resize(f.size() / 3);
        return false;
    });
    QVERIFY(!report.ok);
    QVERIFY(!report.rolledBack);
    QCOMPARE(report.notPutBack.size(), 2);
    QVERIFY2(report.notPutBack.at(0).startsWith(u"files:uploads ("_qs) && report.notPutBack.at(0).contains(u"is gone"_qs),
             qPrintable(report.notPutBack.at(0)));
    QVERIFY2(report.notPutBack.at(1).startsWith(u"service_database ("_qs) && report.notPutBack.at(1).contains(u"cannot be read"_qs),
             qPrintable(report.notPutBack.at(1)));
    QVERIFY2(report.error.startsWith(u"cancelled; rolling back could not put back files:uploads"_qs), qPrintable(report.error));
    QVERIFY(!report.error.contains(u"rolled back to the state"_qs));
    QVERIFY(report.error.contains(safetyPath));
    QCOMPARE(report.rollback.size(), 2);
    QCOMPARE(report.rollback.at(0).toObject().value(u"action"_qs).toString(), u"not put back"_qs);
}

// The same through the daemon's job: the result names what was not put back, and the log has
// one critical line for each.
void tst_Backup::serviceReportsIncompleteRollback()
{
    BackupPlan plan = sqlitePlan();
    QString error;
    const auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch() - 60000, u"test"_qs, {}, &error);
    QVERIFY2(created, qPrintable(error));
    DatabaseUrl storeUrl;
    storeUrl.path = m_dir->filePath(u"ops.db"_qs);
    OpsStore store(storeUrl, u"backup-rollback-test"_qs);
    QVERIFY2(store.open(&error), qPrintable(error));
    ManualClock clock(1764300000000);
    BackupService::Options options;
    options.plan = plan;
    const QString srv = m_dir->filePath(u"srv"_qs);
    options.observer = [&](const QString &phase, qint64, qint64) {
        if (phase != u"restore files:config"_qs)
            return true;
        for (const QString &name : QDir(srv).entryList({u"uploads.restore-old-*"_qs}, QDir::Dirs))
            QDir(QDir(srv).filePath(name)).removeRecursively();
        return false;
    };
    BackupService service(&store, &clock, options);
    QVERIFY2(service.open(&error), qPrintable(error));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"rolled back incompletely: not put back: files:uploads .*is gone"_qs));
    QSignalSpy finished(&service, &BackupService::finished);
    const auto started = service.start(BackupService::Kind::Restore, created->name, u"test"_qs);
    QVERIFY2(started.errorCode.isEmpty(), qPrintable(started.message.english()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    const QJsonObject update = finished.at(0).at(0).toJsonObject();
    QCOMPARE(update.value(u"state"_qs).toString(), u"failed"_qs);
    QVERIFY2(update.value(u"message"_qs).toString().contains(u"rolling back could not put back files:uploads"_qs),
             qPrintable(update.value(u"message"_qs).toString()));
    const QJsonObject result = update.value(u"result"_qs).toObject();
    QCOMPARE(result.value(u"rolled_back"_qs).toBool(true), false);
    const QJsonArray notPutBack = result.value(u"not_put_back"_qs).toArray();
    QCOMPARE(notPutBack.size(), 1); // the database came back from the safety backup
    QVERIFY(notPutBack.at(0).toString().startsWith(u"files:uploads ("_qs));
    QCOMPARE(result.value(u"rollback"_qs).toArray().size(), 2);
}

QTEST_GUILESS_MAIN(tst_Backup)
#include "tst_backup.moc"
