#pragma once

#include "server/backup/archive.h"
#include "server/config/config.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <functional>
#include <optional>

// What a backup holds and where it goes; built from [backup] and the daemon's databases.
struct BackupPlan {
    QString directory;
    ArchiveWriter::Compression compression = ArchiveWriter::Compression::Zstd;
    int level = 3;
    int threads = 2;
    std::optional<DatabaseUrl> serviceDatabase; // the formauto service's database
    std::optional<DatabaseUrl> opsStore;        // this daemon's store (backed up, restored only by the CLI)
    QStringList directories;                    // uploads, config, ...
    ExtractPolicy policy;
    QString scratchDatabasePrefix = QStringLiteral("formauto_drill_");
    QString host; // the fleet's name of the host writing it (the manifest says so); empty: the machine's
};

// phase, bytes done, bytes expected (0: unknown). Returning false cancels.
using JobProgress = std::function<bool(const QString &phase, qint64 done, qint64 total)>;

// The blocking work of backups, on a worker thread or in the CLI: each function uses its own
// database connections and child processes (pg_dump/pg_restore with an argument list and a
// 0600 password file, never argv or the environment).
namespace backupjob {

// full_backup_YYYYMMDD_HHMMSS in local time, as the ticket names them.
QString backupName(qint64 ms, const QString &extension);
bool isBackupFileName(const QString &fileName);

struct Created {
    QString name, path;
    qint64 size = 0, durationMs = 0;
    QJsonObject manifest;
};
std::optional<Created> create(const BackupPlan &plan, qint64 nowMs, const QString &reason, const JobProgress &progress, QString *error);

struct Verified {
    bool ok = false;
    QStringList problems;
    QJsonObject manifest;
    bool legacy = false;
};
// Reads the whole archive without writing anything: every member against the manifest (see
// archiveio::scan and parseManifest), and every plain SQL dump through PlainDumpCheck.
// targetDatabase: the database a restore would go to (the only one a dump's \connect may
// name); empty accepts any well-formed \connect.
Verified verify(const QString &path, const ExtractPolicy &policy, const JobProgress &progress, const QString &targetDatabase = {});

// Restores the database dump into a scratch database (a temporary PostgreSQL database or
// SQLite file), runs its integrity check and compares row counts with the manifest.
struct Drill {
    bool ok = false;
    QString message;         // English
    QString messageKey;      // backup.drill_* when it is not a fault; with its count
    int databasesChecked = 0;
    QJsonObject details;
};
Drill drill(const BackupPlan &plan, const QString &path, const JobProgress &progress);

// Dry run: what would be replaced. Real: staging and every check first (the archive against its
// manifest, every path inside staging, plain SQL dumps through PlainDumpCheck), then the safety
// backup (by the caller-supplied function), database, directory swap; any failure rolls back.
struct RestoreReport {
    bool ok = false;
    bool dryRun = true;
    bool rolledBack = false; // a rollback ran and put everything back
    QString error;
    QJsonArray steps;       // [{component, target, action, detail}]
    QJsonArray rollback;    // [{component, target, action: put back | not put back, detail}]
    QStringList notPutBack; // what the rollback could not put back, one line each
};
RestoreReport restore(const BackupPlan &plan, const QString &path, bool dryRun, const std::function<std::optional<QString>()> &safetyBackup,
                      const JobProgress &progress);

// Row counts per table, for manifests and drills.
std::optional<QJsonObject> rowCounts(const DatabaseUrl &url, QString *error);

} // namespace backupjob
