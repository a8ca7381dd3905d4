#include "server/backup/backupjob.h"

#include "server/backup/plaindumpcheck.h"
#include "server/protocol/messagecatalogue.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QUuid>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace {

constexpr int FormatVersion = 1;

QString connectionName(const char *what)
{
    return QStringLiteral("backup-%1-%2").arg(QLatin1StringView(what), QUuid::createUuid().toString(QUuid::Id128));
}

// A scoped connection: closed and removed when it goes.
class Connection {
public:
    Connection(const DatabaseUrl &url, bool readOnly, QString *error)
        : m_name(connectionName("db"))
    {
        m_ok = openDatabase(url, m_name, readOnly, error);
    }
    ~Connection() { closeDatabase(m_name); }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_ok = false;
};

// libpq reads the password from a 0600 file named by PGPASSFILE: never argv, never PGPASSWORD.
std::unique_ptr<QTemporaryFile> passFile(const DatabaseUrl &url, QString *error)
{
    auto file = std::make_unique<QTemporaryFile>(QDir::tempPath() + u"/formauto-pgpass-XXXXXX"_qs);
    if (!file->open()) {
        *error = QStringLiteral("cannot create a password file: %1").arg(file->errorString());
        return nullptr;
    }
    file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto escape = [](QString s) { return s.replace(u'\\', u"\\\\"_qs).replace(u':', u"\\:"_qs); };
    file->write((escape(url.host) + u':' + QString::number(url.port) + u":*:" + escape(url.user) + u':' + escape(url.password) + u'\n').toUtf8());
    file->flush();
    return file;
}

QStringList connectionArgs(const DatabaseUrl &url)
{
    return {u"--host"_qs, url.host, u"--port"_qs, QString::number(url.port), u"--username"_qs, url.user, u"--no-password"_qs};
}

// Runs pg_dump, pg_restore or psql with an argument list and the password file.
bool runPg(const QString &program, const QStringList &args, const DatabaseUrl &url, QString *error, const JobProgress &progress = {})
{
    const auto pass = passFile(url, error);
    if (!pass)
        return false;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"PGPASSWORD"_qs);
    env.insert(u"PGPASSFILE"_qs, pass->fileName());
    env.insert(u"PGCONNECT_TIMEOUT"_qs, u"10"_qs);
    for (const QString &option : url.options.split(u';', Qt::SkipEmptyParts)) {
        if (option.startsWith(u"sslmode="_qs))
            env.insert(u"PGSSLMODE"_qs, option.mid(8));
    }
    p.setProcessEnvironment(env);
    p.setProgram(program);
    p.setArguments(args);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start();
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("%1 did not start: %2 (is the PostgreSQL client installed?)").arg(program, p.errorString());
        return false;
    }
    while (!p.waitForFinished(200)) {
        if (p.state() == QProcess::NotRunning)
            break;
        if (progress && !progress(QString(), -1, -1)) {
            p.kill();
            p.waitForFinished(5000);
            *error = QStringLiteral("cancelled");
            return false;
        }
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed().right(2000);
        *error = QStringLiteral("%1 failed (exit %2): %3").arg(program).arg(p.exitCode()).arg(err);
        return false;
    }
    return true;
}

std::optional<QJsonObject> countRows(QSqlDatabase db, bool postgres, QString *error)
{
    QSqlQuery tables(db);
    const QString list = postgres
        ? u"SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
          "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"_qs
        : u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
          "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY 1"_qs;
    if (!tables.exec(list)) {
        *error = tables.lastError().text();
        return std::nullopt;
    }
    QStringList names;
    while (tables.next())
        names << tables.value(0).toString();
    QJsonObject counts;
    for (const QString &name : std::as_const(names)) {
        QSqlQuery q(db);
        // Names come from the catalogue, quoted as identifiers.
        QString quoted;
        for (const QString &part : name.split(u'.'))
            quoted += (quoted.isEmpty() ? QString() : u"."_qs) + u'"' + QString(part).replace(u'"', u"\"\""_qs) + u'"';
        if (!q.exec(u"SELECT COUNT(*) FROM "_qs + quoted) || !q.next()) {
            *error = q.lastError().text();
            return std::nullopt;
        }
        counts.insert(name, q.value(0).toDouble());
    }
    return counts;
}

struct Dump {
    QString file, kind;
    QJsonObject tables;
};

std::optional<Dump> dumpDatabase(const DatabaseUrl &url, const QString &base, const JobProgress &progress, QString *error)
{
    Dump dump;
    if (url.kind == DatabaseUrl::Kind::Sqlite) {
        dump.kind = u"sqlite"_qs;
        dump.file = base + u".sqlite"_qs;
        {
            Connection c(url, false, error);
            if (!c.ok())
                return std::nullopt;
            // A consistent copy while the database is in use (the online-backup equivalent).
            QSqlQuery q(c.db());
            q.prepare(u"VACUUM INTO ?"_qs);
            q.addBindValue(dump.file);
            if (!q.exec()) {
                *error = QStringLiteral("snapshot of %1 failed: %2").arg(url.display(), q.lastError().text());
                return std::nullopt;
            }
        }
        DatabaseUrl copy;
        copy.path = dump.file;
        Connection snapshot(copy, true, error);
        if (!snapshot.ok())
            return std::nullopt;
        auto counts = countRows(snapshot.db(), false, error);
        if (!counts)
            return std::nullopt;
        dump.tables = *counts;
        return dump;
    }
    dump.kind = u"postgresql"_qs;
    dump.file = base + u".pgdump"_qs;
    Connection c(url, false, error);
    if (!c.ok())
        return std::nullopt;
    QSqlDatabase db = c.db();
    // Row counts and the dump see the same snapshot: counted in a repeatable-read transaction
    // whose snapshot pg_dump then uses.
    if (!db.transaction()) {
        *error = db.lastError().text();
        return std::nullopt;
    }
    QSqlQuery q(db);
    if (!q.exec(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_qs) || !q.exec(u"SELECT pg_export_snapshot()"_qs) || !q.next()) {
        *error = q.lastError().text();
        db.rollback();
        return std::nullopt;
    }
    const QString snapshot = q.value(0).toString();
    auto counts = countRows(db, true, error);
    if (!counts) {
        db.rollback();
        return std::nullopt;
    }
    dump.tables = *counts;
    QStringList args = connectionArgs(url);
    args << u"--dbname"_qs << url.database << u"--format=custom"_qs << u"--snapshot"_qs << snapshot << u"--file"_qs << dump.file;
    const bool ok = runPg(u"pg_dump"_qs, args, url, error, progress);
    db.rollback();
    if (!ok)
        return std::nullopt;
    return dump;
}

struct Walked {
    QList<std::pair<QString, QString>> files; // member, local path
    QStringList directories;                  // members
    qint64 bytes = 0;
    int skipped = 0;                          // links, sockets, FIFOs: not backed up
};

Walked walk(const QString &root, const QString &prefix)
{
    Walked w;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString member = prefix + QDir(root).relativeFilePath(info.filePath());
        if (info.isSymLink()) {
            ++w.skipped;
        } else if (info.isDir()) {
            w.directories << member + u'/';
        } else if (info.isFile()) {
            w.files.append({member, info.filePath()});
            w.bytes += info.size();
        } else {
            ++w.skipped;
        }
    }
    std::sort(w.files.begin(), w.files.end());
    std::sort(w.directories.begin(), w.directories.end());
    return w;
}

QString quoteIdentifier(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_qs) + u'"';
}

// A fresh database on the same server for drills; dropped by the caller.
bool createScratch(const DatabaseUrl &server, const QString &name, QString *error)
{
    Connection c(server, false, error);
    if (!c.ok())
        return false;
    QSqlQuery q(c.db());
    if (!q.exec(u"CREATE DATABASE "_qs + quoteIdentifier(name))) {
        *error = QStringLiteral("cannot create a scratch database (CREATEDB privilege?): %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

void dropScratch(const DatabaseUrl &server, const QString &name)
{
    QString error;
    Connection c(server, false, &error);
    if (c.ok())
        QSqlQuery(c.db()).exec(u"DROP DATABASE IF EXISTS "_qs + quoteIdentifier(name));
}

bool integrityOk(const DatabaseUrl &sqlite, QString *error)
{
    Connection c(sqlite, true, error);
    if (!c.ok())
        return false;
    QSqlQuery q(c.db());
    if (!q.exec(u"PRAGMA integrity_check"_qs) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    if (q.value(0).toString() != u"ok"_qs) {
        *error = QStringLiteral("integrity check: %1").arg(q.value(0).toString().left(300));
        return false;
    }
    return true;
}

// Feeds a plain SQL dump to psql, only after PlainDumpCheck found nothing psql would run as a
// meta-command in it: -X (no psqlrc), ON_ERROR_STOP, one transaction, an argument list and the
// password file. clean: the public schema is emptied first, in the same transaction.
bool runPlainDump(const DatabaseUrl &target, const QString &file, bool clean, QString *error)
{
    QString why;
    if (!PlainDumpCheck::checkFile(file, target.database, &why)) {
        *error = QStringLiteral("the SQL dump was refused before psql saw it: %1").arg(why);
        return false;
    }
    QStringList args = connectionArgs(target);
    args << u"-X"_qs << u"-v"_qs << u"ON_ERROR_STOP=1"_qs << u"--dbname"_qs << target.database << u"--single-transaction"_qs
         << u"--quiet"_qs;
    if (clean)
        args << u"--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"_qs;
    args << u"--file"_qs << file;
    return runPg(u"psql"_qs, args, target, error);
}

// Replaces a database with a staged dump. PostgreSQL: pg_restore --clean --if-exists in one
// transaction (all or nothing). SQLite: check the copy, then swap files by rename.
bool restoreDatabase(const DatabaseUrl &target, const QString &kind, const QString &stagedFile, QString *error)
{
    if (kind == u"postgresql"_qs) {
        if (target.kind != DatabaseUrl::Kind::Postgres) {
            *error = QStringLiteral("the backup holds a PostgreSQL dump, the configured database is SQLite");
            return false;
        }
        QStringList args = connectionArgs(target);
        args << u"--dbname"_qs << target.database << u"--clean"_qs << u"--if-exists"_qs << u"--no-owner"_qs << u"--single-transaction"_qs
             << u"--exit-on-error"_qs << stagedFile;
        return runPg(u"pg_restore"_qs, args, target, error);
    }
    if (kind == u"postgresql-sql"_qs) { // the ticket's Python backups: a plain pg_dump
        if (target.kind != DatabaseUrl::Kind::Postgres) {
            *error = QStringLiteral("the backup holds a PostgreSQL dump, the configured database is SQLite");
            return false;
        }
        return runPlainDump(target, stagedFile, true, error);
    }
    if (target.kind != DatabaseUrl::Kind::Sqlite) {
        *error = QStringLiteral("the backup holds a SQLite database, the configured database is PostgreSQL");
        return false;
    }
    DatabaseUrl staged;
    staged.path = stagedFile;
    if (!integrityOk(staged, error))
        return false;
    const QString fresh = target.path + u".restore-new"_qs;
    QFile::remove(fresh);
    if (!QFile::copy(stagedFile, fresh)) {
        *error = QStringLiteral("cannot copy the restored database next to %1").arg(target.path);
        return false;
    }
    {
        QFile f(fresh);
        if (f.open(QIODevice::ReadWrite))
            ::fsync(f.handle());
    }
    // The old file's write-ahead log must not be applied to the new one.
    for (const char *suffix : {"-wal", "-shm"})
        QFile::remove(target.path + QLatin1StringView(suffix));
    if (std::rename(QFile::encodeName(fresh).constData(), QFile::encodeName(target.path).constData()) != 0) {
        *error = QStringLiteral("cannot move the restored database into place at %1").arg(target.path);
        return false;
    }
    return true;
}

bool copyTree(const QString &from, const QString &to, QString *error)
{
    if (!QDir().mkpath(to)) {
        *error = QStringLiteral("cannot create %1").arg(to);
        return false;
    }
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(it.filePath()));
        if (it.fileInfo().isDir()) {
            if (!QDir().mkpath(target)) {
                *error = QStringLiteral("cannot create %1").arg(target);
                return false;
            }
        } else if (!QFile::copy(it.filePath(), target)) {
            *error = QStringLiteral("cannot copy to %1").arg(target);
            return false;
        }
    }
    return true;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool renamePath(const QString &from, const QString &to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

// Puts staged content at target: new tree beside it, old one renamed aside (kept for undo).
// On failure with aside set, target's old content is at aside and the caller must put it back.
bool swapDirectory(const QString &staged, const QString &target, const QString &stamp, QString *aside, QString *error)
{
    const QString fresh = target + u".restore-new-"_qs + stamp;
    aside->clear();
    QDir(fresh).removeRecursively();
    if (!renamePath(staged, fresh) && !copyTree(staged, fresh, error)) {
        QDir(fresh).removeRecursively();
        return false;
    }
    if (QFileInfo::exists(target)) {
        const QString old = target + u".restore-old-"_qs + stamp;
        if (!renamePath(target, old)) {
            *error = QStringLiteral("cannot move %1 aside: %2").arg(target, errnoText());
            QDir(fresh).removeRecursively();
            return false;
        }
        *aside = old;
    }
    if (!renamePath(fresh, target)) {
        *error = QStringLiteral("cannot move the restored %1 into place: %2").arg(target, errnoText());
        QDir(fresh).removeRecursively();
        return false;
    }
    return true;
}

struct TreeSize {
    qint64 files = 0, bytes = 0;
};

TreeSize treeSize(const QString &root)
{
    TreeSize t;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++t.files;
        t.bytes += it.fileInfo().size();
    }
    return t;
}

// The members of an archive that are plain SQL dumps, which psql reads.
QStringList plainDumpMembers(const ArchiveScan &scan)
{
    QStringList out;
    if (scan.legacy && scan.members.contains(u"database.sql"_qs))
        out << u"database.sql"_qs;
    if (scan.parsed) {
        for (const ManifestComponent &c : scan.parsed->components) {
            if (c.type == u"database"_qs && c.kind == u"postgresql-sql"_qs)
                out << c.member;
        }
    }
    return out;
}

} // namespace

namespace backupjob {

QString backupName(qint64 ms, const QString &extension)
{
    return u"full_backup_"_qs + QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyyMMdd_HHmmss"_qs) + extension;
}

bool isBackupFileName(const QString &fileName)
{
    static const QRegularExpression re(QStringLiteral("^full_backup_\\d{8}_\\d{6}(_\\d+)?\\.tar\\.(zst|gz)$"));
    return re.match(fileName).hasMatch();
}

std::optional<QJsonObject> rowCounts(const DatabaseUrl &url, QString *error)
{
    Connection c(url, true, error);
    if (!c.ok())
        return std::nullopt;
    return countRows(c.db(), url.kind == DatabaseUrl::Kind::Postgres, error);
}

std::optional<Created> create(const BackupPlan &plan, qint64 nowMs, const QString &reason, const JobProgress &progress, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    if (!QDir().mkpath(plan.directory)) {
        *error = QStringLiteral("cannot create the backup directory %1").arg(plan.directory);
        return std::nullopt;
    }
    const QString extension = plan.compression == ArchiveWriter::Compression::Zstd ? u".tar.zst"_qs : u".tar.gz"_qs;
    Created created;
    created.name = backupName(nowMs, extension);
    for (int n = 2; QFileInfo::exists(QDir(plan.directory).filePath(created.name)); ++n) // two in one second
        created.name = backupName(nowMs, u"_"_qs + QString::number(n) + extension);
    created.path = QDir(plan.directory).filePath(created.name);
    QTemporaryDir work(QDir(plan.directory).filePath(u".work-XXXXXX"_qs));
    if (!work.isValid()) {
        *error = QStringLiteral("cannot create a work directory in %1").arg(plan.directory);
        return std::nullopt;
    }
    QJsonArray components;
    QList<std::pair<QString, QString>> dumps; // member, file
    auto addDump = [&](const char *component, const DatabaseUrl &url, const QString &member) {
        if (progress && !progress(u"dump"_qs, 0, 0)) {
            *error = QStringLiteral("cancelled");
            return false;
        }
        const auto dump = dumpDatabase(url, work.filePath(QLatin1StringView(component)), progress, error);
        if (!dump)
            return false;
        const QString name = member + QFileInfo(dump->file).suffix();
        dumps.append({name, dump->file});
        components.append(QJsonObject{{u"name"_qs, QLatin1StringView(component)}, {u"type"_qs, u"database"_qs}, {u"kind"_qs, dump->kind},
                                      {u"member"_qs, name}, {u"source"_qs, url.display()}, {u"tables"_qs, dump->tables}});
        return true;
    };
    if (plan.serviceDatabase && !addDump("service_database", *plan.serviceDatabase, u"service/database."_qs))
        return std::nullopt;
    if (plan.opsStore && !addDump("ops_store", *plan.opsStore, u"ops/ops."_qs))
        return std::nullopt;
    qint64 total = 0;
    for (const auto &[member, file] : dumps)
        total += QFileInfo(file).size();
    QList<Walked> trees;
    QStringList keys;
    for (const QString &dir : plan.directories) {
        QString key = QFileInfo(QDir::cleanPath(dir)).fileName();
        if (key.isEmpty())
            key = u"root"_qs;
        for (int n = 2; keys.contains(key); ++n)
            key = QFileInfo(QDir::cleanPath(dir)).fileName() + u'_' + QString::number(n);
        keys << key;
        if (!QFileInfo(dir).isDir()) {
            *error = QStringLiteral("%1 is not a directory").arg(dir);
            return std::nullopt;
        }
        trees.append(walk(dir, u"files/"_qs + key + u'/'));
        total += trees.last().bytes;
    }

    ArchiveWriter writer;
    if (!writer.open(created.path, plan.compression, plan.level, plan.threads, error))
        return std::nullopt;
    writer.setProgressTotal(total);
    const ArchiveProgress archiveProgress = [&](qint64 done, qint64 all) { return !progress || progress(u"archive"_qs, done, all); };
    QJsonObject members;
    auto add = [&](const QString &member, const QString &file) {
        QString sha;
        qint64 size = 0;
        if (!writer.addFile(member, file, archiveProgress, &sha, &size, error))
            return false;
        members.insert(member, QJsonObject{{u"size"_qs, double(size)}, {u"sha256"_qs, sha}});
        return true;
    };
    for (const auto &[member, file] : dumps) {
        if (!add(member, file))
            return std::nullopt;
    }
    for (qsizetype i = 0; i < trees.size(); ++i) {
        const Walked &w = trees.at(i);
        if (!writer.addDirectory(u"files/"_qs + keys.at(i) + u'/', error))
            return std::nullopt;
        for (const QString &d : w.directories) {
            if (!writer.addDirectory(d, error))
                return std::nullopt;
        }
        for (const auto &[member, file] : w.files) {
            if (!add(member, file))
                return std::nullopt;
        }
        components.append(QJsonObject{{u"name"_qs, QString(u"files:"_qs + keys.at(i))}, {u"type"_qs, u"directory"_qs},
                                      {u"path"_qs, QFileInfo(plan.directories.at(i)).absoluteFilePath()},
                                      {u"prefix"_qs, QString(u"files/"_qs + keys.at(i) + u'/')}, {u"files"_qs, double(w.files.size())},
                                      {u"bytes"_qs, double(w.bytes)}, {u"skipped_links_and_special"_qs, w.skipped}});
    }
    const QJsonObject manifest{{u"format"_qs, u"formauto-ops-backup"_qs},
                               {u"format_version"_qs, FormatVersion},
                               {u"name"_qs, created.name},
                               {u"created"_qs, protocol::isoTimestamp(nowMs)},
                               {u"host"_qs, plan.host.isEmpty() ? QSysInfo::machineHostName() : plan.host},
                               {u"reason"_qs, reason},
                               {u"compression"_qs, plan.compression == ArchiveWriter::Compression::Zstd ? u"zstd"_qs : u"gzip"_qs},
                               {u"components"_qs, components},
                               {u"members"_qs, members},
                               {u"total_bytes"_qs, double(writer.bytesWritten())}};
    if (!writer.addBytes(u"manifest.json"_qs, QJsonDocument(manifest).toJson(QJsonDocument::Indented), error) || !writer.commit(error))
        return std::nullopt;
    created.manifest = manifest;
    created.size = QFileInfo(created.path).size();
    created.durationMs = timer.elapsed();
    return created;
}

Verified verify(const QString &path, const ExtractPolicy &policy, const JobProgress &progress, const QString &targetDatabase)
{
    Verified v;
    ArchiveScan scan;
    QString error;
    const ArchiveProgress p = [&](qint64 done, qint64 total) { return !progress || progress(u"verify"_qs, done, total); };
    if (!archiveio::scan(path, {}, policy, p, &scan, &error)) {
        v.problems << error;
        return v;
    }
    v.manifest = scan.manifest;
    v.legacy = scan.legacy;
    v.problems = scan.problems;
    // A plain SQL dump that psql would run meta-commands from is no restorable backup.
    if (v.problems.isEmpty()) {
        for (const QString &member : plainDumpMembers(scan)) {
            PlainDumpCheck check(targetDatabase);
            QString why;
            const bool read = archiveio::readMember(path, member, policy, [&](QByteArrayView data) { return check.feed(data); }, &why);
            if (check.refused() || (read && !check.finish()))
                v.problems << QStringLiteral("%1 is refused as a plain SQL dump: %2").arg(member, check.error());
            else if (!read)
                v.problems << why;
        }
    }
    v.ok = v.problems.isEmpty();
    return v;
}

Drill drill(const BackupPlan &plan, const QString &path, const JobProgress &progress)
{
    Drill d;
    QDir().mkpath(plan.directory);
    QTemporaryDir staging(QDir(plan.directory).filePath(u".drill-XXXXXX"_qs));
    ArchiveScan scan;
    QString error;
    const ArchiveProgress p = [&](qint64 done, qint64 total) { return !progress || progress(u"extract"_qs, done, total); };
    if (!staging.isValid() || !archiveio::scan(path, staging.path(), plan.policy, p, &scan, &error)) {
        d.message = error.isEmpty() ? QStringLiteral("cannot create a staging directory") : error;
        return d;
    }
    if (!scan.problems.isEmpty()) {
        d.message = scan.problems.join(u"; ");
        return d;
    }
    if (scan.legacy || !scan.parsed) {
        d.message = QStringLiteral("a legacy archive (database.sql, files.tar) has no row counts to compare; verify only");
        return d;
    }
    QJsonArray results;
    bool allOk = true;
    int checked = 0;
    for (const ManifestComponent &c : std::as_const(scan.parsed->components)) {
        if (c.type != u"database"_qs)
            continue;
        ++checked;
        QJsonObject result{{u"component"_qs, c.name}, {u"kind"_qs, c.kind}};
        std::optional<QJsonObject> counts;
        QString why;
        const QString file = archiveio::pathInside(staging.path(), c.member, &why);
        if (file.isEmpty()) {
            // parseManifest() accepted only safe paths; this is the second line of defence.
        } else if (c.kind == u"sqlite"_qs) {
            DatabaseUrl copy;
            copy.path = file;
            if (integrityOk(copy, &why))
                counts = rowCounts(copy, &why);
        } else {
            const std::optional<DatabaseUrl> &server = c.name == u"ops_store"_qs ? plan.opsStore : plan.serviceDatabase;
            if (!server || server->kind != DatabaseUrl::Kind::Postgres) {
                why = QStringLiteral("no PostgreSQL server configured to restore the dump into");
            } else {
                const QString scratchName = plan.scratchDatabasePrefix + QUuid::createUuid().toString(QUuid::Id128).left(12);
                if (createScratch(*server, scratchName, &why)) {
                    DatabaseUrl scratch = *server;
                    scratch.database = scratchName;
                    bool restored = false;
                    if (c.kind == u"postgresql-sql"_qs) {
                        restored = runPlainDump(scratch, file, false, &why);
                    } else {
                        QStringList args = connectionArgs(scratch);
                        args << u"--dbname"_qs << scratchName << u"--no-owner"_qs << u"--exit-on-error"_qs << file;
                        restored = runPg(u"pg_restore"_qs, args, scratch, &why, progress);
                    }
                    if (restored)
                        counts = rowCounts(scratch, &why);
                    dropScratch(*server, scratchName);
                }
            }
        }
        if (!counts) {
            result.insert(u"ok"_qs, false);
            result.insert(u"error"_qs, why);
            allOk = false;
        } else {
            QJsonArray mismatches;
            for (auto it = c.tables.constBegin(); it != c.tables.constEnd(); ++it) {
                if (counts->value(it.key()).toDouble(-1) != it.value().toDouble())
                    mismatches.append(QJsonObject{{u"table"_qs, it.key()}, {u"expected"_qs, it.value()}, {u"found"_qs, counts->value(it.key())}});
            }
            result.insert(u"ok"_qs, mismatches.isEmpty());
            result.insert(u"tables"_qs, double(c.tables.size()));
            result.insert(u"mismatches"_qs, mismatches);
            allOk = allOk && mismatches.isEmpty();
        }
        results.append(result);
    }
    d.ok = allOk && checked > 0;
    d.details = {{u"components"_qs, results}};
    d.databasesChecked = checked;
    d.messageKey = checked == 0 ? u"backup.drill_nothing"_qs : d.ok ? u"backup.drill_ok"_qs : u"backup.drill_problems"_qs;
    d.message = checked == 0 ? QStringLiteral("the backup holds no database to drill")
                : d.ok ? QStringLiteral("%1 database(s) restored into scratch, integrity checked, row counts match").arg(checked)
                       : QStringLiteral("the restore drill found problems");
    return d;
}

RestoreReport restore(const BackupPlan &plan, const QString &path, bool dryRun, const std::function<std::optional<QString>()> &safetyBackup,
                      const JobProgress &progress)
{
    RestoreReport report;
    report.dryRun = dryRun;
    QDir().mkpath(plan.directory);
    QTemporaryDir staging(QDir(plan.directory).filePath(u".restore-XXXXXX"_qs));
    ArchiveScan scan;
    QString error;
    const ArchiveProgress p = [&](qint64 done, qint64 total) { return !progress || progress(u"extract"_qs, done, total); };
    if (!staging.isValid() || !archiveio::scan(path, staging.path(), plan.policy, p, &scan, &error)) {
        report.error = error.isEmpty() ? QStringLiteral("cannot create a staging directory") : error;
        return report;
    }
    if (!scan.problems.isEmpty() || (!scan.legacy && !scan.parsed)) {
        report.error = QStringLiteral("the archive failed verification; nothing was changed: %1").arg(scan.problems.join(u"; "));
        return report;
    }
    // Every path below comes from the archive: each one is resolved inside staging, or the
    // restore stops here, before anything outside staging is touched.
    auto staged = [&](const QString &relative) {
        QString why;
        const QString at = archiveio::pathInside(staging.path(), relative, &why);
        if (at.isEmpty() && error.isEmpty())
            error = why;
        return at;
    };

    // What the archive holds, as steps.
    struct Step {
        QString component, kind, staged, target;
        bool database = false;
    };
    QList<Step> steps;
    // Why a part is skipped, in English (detail) and for a person (detail_key, detail_params).
    auto skip = [&](const QString &component, const protocol::Message &why) {
        report.steps.append(QJsonObject{{u"component"_qs, component}, {u"action"_qs, u"skip"_qs}, {u"detail"_qs, why.english()},
                                        {u"detail_key"_qs, why.key}, {u"detail_params"_qs, why.params}});
    };
    QHash<QString, QJsonObject> backupTables;
    if (scan.legacy) {
        if (scan.members.contains(u"database.sql"_qs))
            steps.append({u"service_database"_qs, u"postgresql-sql"_qs, staged(u"database.sql"_qs), {}, true});
        if (scan.members.contains(u"files.tar"_qs)) {
            ArchiveScan inner;
            const QString innerDir = staged(u"legacy-files"_qs);
            if (innerDir.isEmpty() || !archiveio::scan(staged(u"files.tar"_qs), innerDir, plan.policy, {}, &inner, &error)) {
                report.error = QStringLiteral("files.tar: %1; nothing was changed").arg(error);
                return report;
            }
            for (const QString &name : {u"uploads"_qs, u"config"_qs}) {
                const QString dir = staged(u"legacy-files/"_qs + name);
                if (!dir.isEmpty() && QFileInfo(dir).isDir() && !QFileInfo(dir).isSymLink())
                    steps.append({u"files:"_qs + name, u"directory"_qs, dir, {}, false});
            }
        }
    } else {
        for (const ManifestComponent &c : std::as_const(scan.parsed->components)) {
            if (c.type == u"database"_qs) {
                if (c.name == u"ops_store"_qs) {
                    skip(c.name, {u"restore.own_store"_qs, {{u"member"_qs, c.member}}});
                    continue;
                }
                backupTables.insert(c.name, c.tables);
                steps.append({c.name, c.kind, staged(c.member), {}, true});
            } else {
                steps.append({c.name, u"directory"_qs, staged(c.prefix), c.path, false});
            }
        }
    }
    if (!error.isEmpty()) {
        report.error = QStringLiteral("the archive names a path outside staging (%1); nothing was changed").arg(error);
        return report;
    }
    // Targets come from this daemon's configuration, never from the archive alone.
    QList<Step> runnable;
    for (Step s : steps) {
        if (s.database) {
            if (!plan.serviceDatabase) {
                skip(s.component, {u"restore.no_service_database"_qs, {}});
                continue;
            }
            s.target = plan.serviceDatabase->display();
            // A plain SQL dump goes to psql: refused here, before the safety backup, when psql
            // could find a command in it.
            if (s.kind == u"postgresql-sql"_qs && !PlainDumpCheck::checkFile(s.staged, plan.serviceDatabase->database, &error)) {
                report.error = QStringLiteral("the SQL dump of %1 was refused before psql saw it: %2; nothing was changed").arg(s.component, error);
                return report;
            }
            QJsonObject detail{{u"component"_qs, s.component}, {u"action"_qs, dryRun ? u"would replace"_qs : u"replace"_qs},
                               {u"target"_qs, s.target}};
            QString why;
            if (const auto now = rowCounts(*plan.serviceDatabase, &why))
                detail.insert(u"current_tables"_qs, *now);
            if (backupTables.contains(s.component))
                detail.insert(u"backup_tables"_qs, backupTables.value(s.component));
            report.steps.append(detail);
        } else {
            const QString key = s.component.mid(6); // after "files:"
            QString target;
            for (const QString &dir : plan.directories) {
                const QString absolute = QFileInfo(dir).absoluteFilePath();
                if ((!s.target.isEmpty() && absolute == s.target) || (s.target.isEmpty() && QFileInfo(QDir::cleanPath(dir)).fileName() == key))
                    target = absolute;
            }
            if (target.isEmpty()) {
                skip(s.component, {u"restore.not_a_directory"_qs, {{u"directory"_qs, s.target.isEmpty() ? key : s.target}}});
                continue;
            }
            s.target = target;
            const TreeSize now = treeSize(target), backup = treeSize(s.staged);
            report.steps.append(QJsonObject{{u"component"_qs, s.component}, {u"action"_qs, dryRun ? u"would replace"_qs : u"replace"_qs},
                                            {u"target"_qs, target}, {u"current_files"_qs, double(now.files)}, {u"current_bytes"_qs, double(now.bytes)},
                                            {u"backup_files"_qs, double(backup.files)}, {u"backup_bytes"_qs, double(backup.bytes)}});
        }
        runnable.append(s);
    }
    if (dryRun) {
        report.ok = true;
        return report;
    }
    if (runnable.isEmpty()) {
        report.error = QStringLiteral("nothing in this backup can be restored here");
        return report;
    }
    if (progress && !progress(u"safety backup"_qs, 0, 0)) {
        report.error = QStringLiteral("cancelled; nothing was changed");
        return report;
    }
    const std::optional<QString> safety = safetyBackup ? safetyBackup() : std::nullopt;
    if (!safety) {
        report.error = QStringLiteral("the safety backup failed; nothing was changed");
        return report;
    }
    report.steps.append(QJsonObject{{u"component"_qs, u"safety_backup"_qs}, {u"action"_qs, u"created"_qs}, {u"target"_qs, *safety}});

    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    QList<std::pair<QString, QString>> swapped; // target, where its old content is (empty: there was none)
    bool databaseReplaced = false;
    // Undoes what was done, newest first, checking every step: what could not be put back is
    // named in the report (steps, not_put_back, error), never passed over.
    auto rollback = [&](const QString &why) {
        auto record = [&](const QString &component, const QString &target, const QString &problem, const QString &detail,
                          const QString &detailKey) {
            QJsonObject step{{u"component"_qs, component}, {u"target"_qs, target},
                             {u"action"_qs, problem.isEmpty() ? u"put back"_qs : u"not put back"_qs}, {u"detail"_qs, problem.isEmpty() ? detail : problem}};
            // A fault stays in the daemon's words (which path, which errno); the rest has a key.
            if (problem.isEmpty() && !detailKey.isEmpty() && protocol::englishMessage(detailKey, {}) == detail)
                step.insert(u"detail_key"_qs, detailKey);
            report.rollback.append(step);
            if (!problem.isEmpty())
                report.notPutBack << QStringLiteral("%1 (%2): %3").arg(component, target, problem);
        };
        for (auto it = swapped.crbegin(); it != swapped.crend(); ++it) {
            const QString &target = it->first, &aside = it->second;
            QString component;
            for (const Step &s : std::as_const(runnable)) {
                if (!s.database && s.target == target)
                    component = s.component;
            }
            const QString undo = target + u".restore-undo-"_qs + stamp;
            QString problem, detail, detailKey;
            if (QFileInfo::exists(target) && !renamePath(target, undo)) {
                problem = QStringLiteral("cannot move the restored content out of the way: %1").arg(errnoText());
            } else if (!aside.isEmpty() && !QFileInfo::exists(aside)) {
                problem = QStringLiteral("the previous content, moved aside to %1, is gone").arg(aside);
            } else if (!aside.isEmpty() && !renamePath(aside, target)) {
                problem = QStringLiteral("cannot move the previous content back from %1: %2").arg(aside, errnoText());
            } else {
                detailKey = aside.isEmpty() ? u"restore.removed"_qs : u"restore.put_back"_qs;
                detail = protocol::englishMessage(detailKey, {});
            }
            if (QFileInfo::exists(undo)) {
                if (!problem.isEmpty())
                    problem += QStringLiteral("; what the restore wrote is at %1").arg(undo);
                else if (!QDir(undo).removeRecursively())
                    detail += QStringLiteral("; could not remove %1").arg(undo);
            }
            record(component, target, problem, detail, detailKey);
        }
        if (databaseReplaced) {
            // Back to the state of the safety backup.
            QString problem;
            QTemporaryDir again(QDir(plan.directory).filePath(u".rollback-XXXXXX"_qs));
            ArchiveScan safetyScan;
            QString why;
            const ManifestComponent *database = nullptr;
            if (!again.isValid()) {
                problem = QStringLiteral("cannot create a directory to read the safety backup in");
            } else if (!archiveio::scan(*safety, again.path(), plan.policy, {}, &safetyScan, &why)) {
                problem = QStringLiteral("the safety backup %1 cannot be read: %2").arg(*safety, why);
            } else if (!safetyScan.problems.isEmpty() || !safetyScan.parsed) {
                problem = QStringLiteral("the safety backup %1 failed verification: %2").arg(*safety, safetyScan.problems.join(u"; "));
            } else {
                for (const ManifestComponent &c : std::as_const(safetyScan.parsed->components)) {
                    if (c.name == u"service_database"_qs)
                        database = &c;
                }
                if (!database) {
                    problem = QStringLiteral("the safety backup %1 holds no service database").arg(*safety);
                } else {
                    const QString file = archiveio::pathInside(again.path(), database->member, &why);
                    if (file.isEmpty() || !restoreDatabase(*plan.serviceDatabase, database->kind, file, &why))
                        problem = QStringLiteral("restoring it from the safety backup %1 failed: %2").arg(*safety, why);
                }
            }
            record(u"service_database"_qs, plan.serviceDatabase->display(), problem, protocol::englishMessage(u"restore.from_safety"_qs, {}),
                   u"restore.from_safety"_qs);
        }
        report.rolledBack = report.notPutBack.isEmpty();
        report.error = why + (report.notPutBack.isEmpty()
                                  ? QStringLiteral("; rolled back to the state before the restore")
                                  : QStringLiteral("; rolling back could not put back %1; the safety backup %2 holds the state before the restore")
                                        .arg(report.notPutBack.join(u"; "), *safety));
    };
    for (const Step &s : std::as_const(runnable)) {
        if (progress && !progress(u"restore "_qs + s.component, 0, 0)) {
            rollback(QStringLiteral("cancelled"));
            return report;
        }
        if (s.database) {
            if (!restoreDatabase(*plan.serviceDatabase, s.kind, s.staged, &error)) {
                rollback(QStringLiteral("restoring the database failed: %1").arg(error));
                return report;
            }
            databaseReplaced = true;
        } else {
            QString aside;
            const bool ok = swapDirectory(s.staged, s.target, stamp, &aside, &error);
            if (ok || !aside.isEmpty())
                swapped.append({s.target, aside});
            if (!ok) {
                rollback(error);
                return report;
            }
        }
    }
    for (const auto &[target, aside] : std::as_const(swapped)) {
        if (!aside.isEmpty())
            QDir(aside).removeRecursively();
    }
    report.ok = true;
    return report;
}

} // namespace backupjob
