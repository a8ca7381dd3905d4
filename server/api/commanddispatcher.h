#pragma once

#include "server/audit/auditlog.h"
#include "server/auth/authservice.h"
#include "server/logging/logquery.h"
#include "server/protocol/envelope.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <functional>
#include <optional>

class AlertEngine;
class BackupService;
class HealthService;
class PerformanceMonitor;
struct Finding;
class Scheduler;
class Escalator;
class Notifier;
class LogStore;
class LogWriter;
class MetricsHub;
class MetricsHistory;

// Who is asking, over which transport. The same commands answer WebSocket messages and
// HTTP requests, so roles are checked in exactly one place.
struct CommandContext {
    std::optional<Identity> identity;
    QString address;
    QString userAgent;

    AuditLog::Actor actor() const { return {identity ? identity->userId : QString(), address, userAgent}; }
};

struct CommandOutcome {
    protocol::Result result;
    std::optional<Identity> identity; // set by login/auth: the session is now this user
    bool endSession = false;          // set by logout
};

class CommandDispatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandDispatcher)
public:
    CommandDispatcher(AuthService *auth, AuditLog *audit, MetricsHub *hub, MetricsHistory *history,
                      QObject *parent = nullptr);

    QFuture<CommandOutcome> dispatch(const CommandContext &context, const protocol::Request &request);

    void setAlertEngine(AlertEngine *alerts) { m_alerts = alerts; }
    void setBackups(BackupService *backups, Scheduler *scheduler)
    {
        m_backups = backups;
        m_scheduler = scheduler;
    }
    void setHealth(HealthService *health, PerformanceMonitor *performance, std::function<QFuture<QList<Finding>>()> diagnose)
    {
        m_health = health;
        m_performance = performance;
        m_diagnose = std::move(diagnose);
    }
    // POST /api/v1/requests: the service middleware's request records (operator).
    QFuture<protocol::Result> ingestRequests(const CommandContext &context, const QByteArray &body);
    // Channel health, routes and the escalation preview for notify.status.
    void setNotifier(Notifier *notifier, Escalator *escalator)
    {
        m_notifier = notifier;
        m_escalator = escalator;
    }
    // writer may be null: batches are then written before the answer.
    void setLogStore(LogStore *logs, LogWriter *writer, qint64 maxBatchBytes)
    {
        m_logs = logs;
        m_logWriter = writer;
        m_maxBatchBytes = maxBatchBytes;
    }
    // POST /api/v1/logs: a raw body of JSON lines or a JSON array (operator).
    // The future finishes once the answer is final (for logs: once the lines are committed).
    QFuture<protocol::Result> ingestLogs(const CommandContext &context, const QByteArray &body);

    // The role a command needs; nullopt: the command is unknown. Public commands need none.
    std::optional<protocol::Role> requiredRole(const QString &type, bool *isPublic) const;
    // Every command type, taken from the table the dispatcher answers from.
    QStringList commandTypes() const { return m_commands.keys(); }

Q_SIGNALS:
    void tokenRevoked(const QString &tokenId);

private:
    using Handler = std::function<QFuture<CommandOutcome>(const CommandContext &, const protocol::Request &)>;
    struct Command {
        bool isPublic = false;
        protocol::Role role = protocol::Role::Viewer;
        Handler handler;
    };
    void add(QLatin1StringView type, bool isPublic, protocol::Role role, Handler handler);

    QFuture<CommandOutcome> login(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> authenticate(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> logout(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> metricsCurrent(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> metricsHistory(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> userList(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> userAdd(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> tokenCreate(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> tokenList(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> tokenRevoke(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> auditQuery(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> auditSince(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> auditExport(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> logsSearch(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> logsAnalysis(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> alertsList(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> alertChange(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> alertRules(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> alertRuleChange(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> silences(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> silenceChange(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> notifyStatus(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> backupsList(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> backupJob(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> backupCancel(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> scheduleCommand(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> healthCommand(const CommandContext &, const protocol::Request &);
    QFuture<CommandOutcome> diagnoseCommand(const CommandContext &, const protocol::Request &);
    protocol::Result ingestLogsNow(const CommandContext &context, const QByteArray &body);
    protocol::Result ingestRequestsNow(const CommandContext &context, const QByteArray &body);
    std::optional<LogQuery> parseLogQuery(const protocol::Request &request, protocol::Result *failure) const;

    AuthService *m_auth;
    AuditLog *m_audit;
    MetricsHub *m_hub;
    MetricsHistory *m_history;
    QHash<QString, Command> m_commands;
    LogStore *m_logs = nullptr;
    LogWriter *m_logWriter = nullptr;
    AlertEngine *m_alerts = nullptr;
    Notifier *m_notifier = nullptr;
    Escalator *m_escalator = nullptr;
    BackupService *m_backups = nullptr;
    Scheduler *m_scheduler = nullptr;
    HealthService *m_health = nullptr;
    PerformanceMonitor *m_performance = nullptr;
    std::function<QFuture<QList<Finding>>()> m_diagnose;
    qint64 m_maxBatchBytes = 16 * 1024 * 1024;
};
