#pragma once

#include "server/alerts/alertengine.h"
#include "server/config/config.h"
#include "server/core/clock.h"
#include "server/health/probes.h"
#include "server/notify/notifier.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>
#include <QTimer>
#include <functional>
#include <optional>

class BackupService;
class MetricsHub;
class OpsStore;
class StoreThread;
class PerformanceMonitor;
class QNetworkAccessManager;

// The ticket's HealthService: every check of the service and what it depends on, run together
// with per-check timeouts on an interval; the report keeps the ticket's shape
// ({overall_status, timestamp, checks: {name: {status, details, response_time}}}), each run is
// kept as history, a check failing twice in a row raises an alert until it recovers.
class HealthService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthService)
public:
    struct Sources {
        // The store's writing thread: the ops_store check asks it, the runs' rows go through it.
        StoreThread *storeThread = nullptr;
        QString host; // the fleet's name for this daemon: its runs carry it
        MetricsHub *hub = nullptr;
        BackupService *backups = nullptr;
        Notifier *notifier = nullptr; // lives on the store thread: its figures are read there
        // A check failing twice in a row raises a condition, a healthy one clears it (the alert
        // engine lives on the store thread: these post to it).
        std::function<void(const AlertEngine::Condition &)> raise;
        std::function<void(const QString &key, const QString &why)> clear;
        PerformanceMonitor *performance = nullptr;
        std::optional<DatabaseUrl> serviceDatabase;
        int staleBackupHours = 26;
        bool backupScheduled = true;
        std::function<qint64()> logBacklog;  // the daemon's own log lines waiting to be stored
        std::function<qint64()> writerQueue; // log rows queued for the writer thread
        std::function<QJsonObject()> fleet;  // FleetMember::status(): the "fleet" check
    };
    HealthService(const Clock *clock, Config::Health config, Sources sources, QObject *parent = nullptr);
    ~HealthService() override;

    void start();
    // Runs every check now; done (optional) gets the report. A run already going is joined.
    void run(std::function<void(const QJsonObject &)> done = {});
    QJsonObject report() const { return m_report; }
    // A host's runs of one check (or all: check empty), newest first, on any connection to the
    // store (a reader thread's). ownHost: runs from before the fleet (host '') count as its.
    static QJsonArray history(const QSqlDatabase &db, const QString &host, bool ownHost, const QString &check, qint64 sinceMs, int limit,
                              QString *error);
    const QString &host() const { return m_sources.host; }
    // The checks' names in report order.
    QStringList checkNames() const;

Q_SIGNALS:
    void reportReady(const QJsonObject &report);

private:
    void collect(const QString &name, const CheckResult &result);
    void finishRun();
    void localChecks();
    void storeChecks(int timeoutMs, const std::function<CheckDone(const QString &)> &start);
    CheckResult notificationsCheck(const QHash<QString, Notifier::ChannelHealth> &health) const;
    CheckResult backupsCheck(const QJsonObject &summary, qint64 lastSuccessMs) const;

    const Clock *m_clock;
    Config::Health m_config;
    Sources m_sources;
    QNetworkAccessManager *m_network;
    QTimer m_timer;
    QTimer m_lagTimer;
    QElapsedTimer m_lagClock;
    qint64 m_lagExpected = 0;
    double m_maxLagMs = 0;
    bool m_running = false;
    bool m_again = false; // asked to run while running: once more when this run ends
    int m_pending = 0;
    qint64 m_runStartedMs = 0;
    QHash<QString, CheckResult> m_results;
    QHash<QString, QString> m_lastStatus;
    QHash<QString, int> m_failures;
    QList<std::function<void(const QJsonObject &)>> m_waiters, m_nextWaiters;
    QJsonObject m_report;
    qint64 m_lastPruneMs = 0;
    CheckResult m_lastNotifications; // the notifications check when the store last answered
    bool m_haveNotifications = false;
    CheckResult m_lastBackups; // the backups check when the store last answered
    bool m_haveBackups = false;
    qint64 m_refusedSeen = 0; // store jobs refused (backlog full) at the last run
    qint64 m_createdMs = 0;
};
