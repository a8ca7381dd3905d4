#pragma once

#include "server/api/apicontroller.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <functional>
#include <optional>

class AuthController;
class LogsController;
class HealthController;
class FleetController;

// The table of every command, gathered from the per-area controllers (auth, metrics, audit,
// logs, alerts, backups, health). Checks the role once, for both transports, and hands the
// request to the controller that owns it.
class CommandDispatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandDispatcher)
public:
    CommandDispatcher(AuthService *auth, AuditLog *audit, MetricsHub *hub, MetricsHistory *history,
                      QObject *parent = nullptr);
    ~CommandDispatcher() override;

    QFuture<CommandOutcome> dispatch(const CommandContext &context, const protocol::Request &request);

    void setAlertEngine(AlertEngine *alerts) { m_services.alerts = alerts; }
    void setBackups(BackupService *backups, Scheduler *scheduler)
    {
        m_services.backups = backups;
        m_services.scheduler = scheduler;
    }
    void setHealth(HealthService *health, PerformanceMonitor *performance, std::function<QFuture<QList<Finding>>()> diagnose)
    {
        m_services.health = health;
        m_services.performance = performance;
        m_services.diagnose = std::move(diagnose);
    }
    // Channel health, routes and the escalation preview for notify.status.
    void setNotifier(Notifier *notifier, Escalator *escalator)
    {
        m_services.notifier = notifier;
        m_services.escalator = escalator;
    }
    // writer may be null: batches are then written before the answer.
    void setStoreReader(StoreReader *reader) { m_services.reader = reader; }
    void setFleet(FleetMember *fleet) { m_services.fleet = fleet; }
    void setStoreThread(StoreThread *thread) { m_services.storeThread = thread; }
    void setLogStore(LogStore *logs, LogWriter *writer, qint64 maxBatchBytes)
    {
        m_services.logs = logs;
        m_services.logWriter = writer;
        m_services.maxBatchBytes = maxBatchBytes;
    }

    // POST /api/v1/requests: the service middleware's request records (operator).
    QFuture<protocol::Result> ingestRequests(const CommandContext &context, const QByteArray &body);
    // POST /api/v1/logs: a raw body of JSON lines or a JSON array (operator). The future
    // finishes once the answer is final: for logs, once the lines are committed.
    QFuture<protocol::Result> ingestLogs(const CommandContext &context, const QByteArray &body);
    // POST /api/v1/agent/push: an agent's batch (agent token only).
    QFuture<protocol::Result> agentPush(const CommandContext &context, const QByteArray &body);
    void setRawSampleKeepMs(qint64 ms) { m_services.rawSampleKeepMs = ms; }

    // The role a command needs; nullopt: the command is unknown. Public commands need none.
    std::optional<protocol::Role> requiredRole(const QString &type, bool *isPublic) const;
    // Every command type, taken from the table the dispatcher answers from.
    QStringList commandTypes() const { return m_commands.keys(); }

Q_SIGNALS:
    void tokenRevoked(const QString &tokenId);

private:
    void adopt(ApiController *controller);

    ApiServices m_services;
    QHash<QString, ApiController::Command> m_commands;
    AuthController *m_authController = nullptr;
    LogsController *m_logsController = nullptr;
    HealthController *m_healthController = nullptr;
    FleetController *m_fleetController = nullptr;
};
