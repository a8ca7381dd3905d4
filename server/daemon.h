#pragma once

#include "server/config/config.h"
#include "server/core/clock.h"

#include <QFuture>
#include <QJsonObject>
#include <QMutex>
#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

class OpsStore;
class AuthService;
class AuditLog;
class SystemCollector;
class MetricsHistory;
class MetricsHub;
class CommandDispatcher;
class OpsServer;
class DemoWorkload;
class AlertEngine;
class Notifier;
class Escalator;
class LogStore;
class LogTailer;
class LogWriter;
class StoreReader;
class StoreThread;
class BackupService;
class HealthService;
class PerformanceMonitor;
struct Finding;
class Scheduler;
class FleetMember;
class AgentLink;
struct FleetHost;
struct BackupPlan;

// formauto-opsd wired together: store, auth, collectors, hub and server. main.cpp only
// parses arguments and calls this; tests start it in-process on port 0.
class Daemon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Daemon)
public:
    Daemon(Config config, bool demo, const Clock *clock, QObject *parent = nullptr);
    ~Daemon() override;

    // Opens everything and starts listening. *initialAdminPassword is set on the first
    // start, when the admin user is created.
    bool start(QString *error, QString *initialAdminPassword = nullptr);
    void shutdown();

    quint16 port() const;
    QJsonObject healthReport() const;

    const Config &config() const { return m_config; }
    OpsStore *store() const { return m_store.get(); }
    AuthService *auth() const { return m_auth.get(); }
    MetricsHub *hub() const { return m_hub.get(); }
    OpsServer *server() const { return m_server.get(); }
    LogStore *logs() const { return m_logs.get(); }
    AlertEngine *alerts() const { return m_alerts.get(); }
    // Tests: runs f with the alert engine on the store thread, where it lives, and waits.
    template <typename F>
    auto withAlerts(F f) -> std::invoke_result_t<F, AlertEngine &>
    {
        using T = std::invoke_result_t<F, AlertEngine &>;
        if constexpr (std::is_void_v<T>) {
            runOnStoreAndWait([&] { f(*m_alerts); });
        } else {
            std::optional<T> out;
            runOnStoreAndWait([&] { out.emplace(f(*m_alerts)); });
            return std::move(*out);
        }
    }
    void runOnStoreAndWait(const std::function<void()> &job);
    // The store's writing thread (alerts, audit appends, notifications live there).
    StoreThread *storeThread() const { return m_storeThread.get(); }

    BackupService *backups() const { return m_backups.get(); }
    Scheduler *scheduler() const { return m_scheduler.get(); }
    HealthService *health() const { return m_healthService.get(); }
    PerformanceMonitor *performance() const { return m_performance.get(); }
    FleetMember *fleet() const { return m_fleet.get(); }
    AgentLink *agent() const { return m_agent.get(); } // [fleet] mode = "agent" only
    // [fleet] host, or this machine's host name made a valid one.
    static QString fleetHost(const Config &config);
    // [fleet] down_after_seconds, or 3 sample intervals and at least 15 s.
    static int fleetDownAfterMs(const Config &config);
    // Gathers recent metrics, logs, checks, alerts, backups and stuck tasks, and runs the rules.
    QFuture<QList<Finding>> diagnose();

    // Opens (and migrates) the ops store named by the config; used by the CLI subcommands too.
    static std::unique_ptr<OpsStore> openStore(const Config &config, QString *error);
    // What a backup holds, from [backup] (the service database defaults to [tasks]).
    static bool backupPlan(const Config &config, const std::optional<DatabaseUrl> &tasksUrl, const DatabaseUrl &storeUrl,
                           BackupPlan *plan, QString *error);

private:
    bool writeDemoToken(QString *error);

    Config m_config;
    bool m_demo;
    const Clock *m_clock;
    std::unique_ptr<OpsStore> m_store;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<SystemCollector> m_system;
    std::unique_ptr<MetricsHistory> m_history;
    std::unique_ptr<MetricsHub> m_hub;
    std::unique_ptr<CommandDispatcher> m_dispatcher;
    std::unique_ptr<OpsServer> m_server;
    std::unique_ptr<DemoWorkload> m_demoWorkload;
    std::unique_ptr<LogStore> m_logs;
    std::unique_ptr<LogTailer> m_tailer;
    std::unique_ptr<AlertEngine> m_alerts;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<Escalator> m_escalator;
    QHash<QString, int> m_channelFailures; // failed deliveries in a row, per channel
    bool startNotifier(QString *error);
    bool startBackups(const std::optional<DatabaseUrl> &tasksUrl, QString *error);
    std::unique_ptr<BackupService> m_backups;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<PerformanceMonitor> m_performance;
    std::unique_ptr<HealthService> m_healthService;
    std::optional<DatabaseUrl> m_tasksUrl;
    std::unique_ptr<FleetMember> m_fleet;
    std::unique_ptr<AgentLink> m_agent;
    bool startAgent(QString *error);
    QHash<QString, bool> m_hostUp; // what the leader last stored of each other host (host_down)
    void startFleet();
    // On the store thread, with the engine.
    void checkHostsDown(const QList<FleetHost> &hosts, const QString &ownHost, int downAfterMs);
    // The store's writing thread, where the alert engine, escalation and the notifier live.
    std::unique_ptr<StoreThread> m_storeThread;
    void onAlerts(std::function<void(AlertEngine &)> job);
    void atStartupOnStore(const std::function<void()> &job);
    qint64 m_startedMs = 0;
    QThread m_writerThread;
    QThread m_followThread; // log files (startFollowingFiles)
    LogWriter *m_logWriter = nullptr; // lives on m_writerThread
    std::unique_ptr<StoreReader> m_reader; // heavy reads off the event loop
public:
    LogWriter *logWriter() const { return m_logWriter; }
private:
    QTimer m_logFlush;
    QMutex m_ownLogMutex;
    QByteArrayList m_ownLog; // the daemon's own JSON lines, waiting for the next flush
    qint64 m_ownLogDropped = 0;
    // now: written before it returns (at shutdown); otherwise through the log writer.
    void flushOwnLog(bool now = false);
    QFuture<QString> applyLogRetention();
    void startFollowingFiles();
};
