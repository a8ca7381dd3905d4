#pragma once

#include "server/backup/backupjob.h"
#include "server/backup/retention.h"
#include "server/core/clock.h"
#include "server/protocol/messagecatalogue.h"
#include "server/storage/opsstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>

// Backups as the daemon runs them: one job at a time (create, verify, restore drill, restore or
// its dry run) on a worker thread, with progress (bytes, percent, ETA) and cancel; an index of
// the archives in the ops store with what verification and drills found; retention.
class BackupService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupService)
public:
    struct Options {
        BackupPlan plan;
        RetentionPolicy retention;
        QTimeZone zone = QTimeZone::systemTimeZone();
        int staleAfterHours = 26;
        // Sees every progress report of a job on the worker thread; returning false cancels it
        // there (a seam for tests that interrupt a job at a given phase).
        JobProgress observer;
    };
    enum class Kind { Create, Verify, Drill, DryRun, Restore };
    static QString kindName(Kind kind);

    BackupService(OpsStore *store, const Clock *clock, Options options, QObject *parent = nullptr);
    ~BackupService() override; // cancels a running job and waits for it

    // Indexes archives found on disk and removes what a crash left (partial archives, staging).
    bool open(QString *error);

    struct Started {
        QString jobId;
        QString errorCode; // conflict (a job runs), not_found (no such backup)
        protocol::Message message;
    };
    // name: the backup to verify, drill or restore; by: who asked ("schedule" or a user).
    Started start(Kind kind, const QString &name, const QString &by);
    bool cancel(const QString &jobId);
    QJsonObject running() const; // empty when idle

    QJsonArray list(QString *error) const;
    // The same over any connection (a reader thread).
    static QJsonArray list(const QSqlDatabase &db, QString *error);
    // {last_backup, last_verified, last_proven_restorable} as ISO times or null.
    QJsonObject summary() const;
    // The same over any connection to the store (Health asks on the store thread).
    static QJsonObject summary(const QSqlDatabase &db);
    static qint64 lastSuccessMs(const QSqlDatabase &db);
    QJsonArray retentionPreview(QString *error) const;
    // Deletes what retention does not keep; returns the names deleted.
    QStringList applyRetention(QString *error);
    // Adds an archive made elsewhere (the CLI) to the index.
    bool index(const backupjob::Created &created, QString *error) { return record(created, error); }
    // The newest backup's time, -1 when none.
    qint64 lastSuccessMs() const;
    const Options &options() const { return m_options; }
    // Whether a backups row is this daemon's: on a fleet's shared store, the rows it wrote
    // (its archives are in its own directory); with SQLite, every row.
    bool isOwn(const QString &writer) const;
    // The archive for a backup name, or empty when the name is not a backup in the directory.
    QString pathOf(const QString &name) const;

Q_SIGNALS:
    // {job_id, kind, name, phase, done_bytes, total_bytes, percent, eta_seconds, state: running}
    void progress(const QJsonObject &update);
    // The same with state done | failed | cancelled, message and result.
    void finished(const QJsonObject &update);

private:
    struct Outcome {
        bool ok = false;
        QString message;       // English
        protocol::Message said; // the same as a catalogue message, when it is one
        QJsonObject result;
        QList<backupjob::Created> created;
        std::optional<backupjob::Verified> verified;
        std::optional<backupjob::Drill> drill;
    };
    void onFinished(const QJsonObject &job, const Outcome &outcome);
    bool record(const backupjob::Created &created, QString *error);
    QList<RetentionItem> retentionItems(QString *error) const;

    OpsStore *m_store;
    const Clock *m_clock;
    Options m_options;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QJsonObject m_running;
};
