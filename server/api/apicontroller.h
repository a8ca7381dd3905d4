#pragma once

#include "server/audit/auditlog.h"
#include "server/auth/authservice.h"
#include "server/protocol/envelope.h"
#include "server/protocol/messagecatalogue.h"

#include <QFuture>
#include "server/storage/storethread.h"
#include <QHash>
#include <QObject>
#include <functional>
#include <optional>

class AlertEngine;
class FleetMember;
class BackupService;
class HealthService;
class PerformanceMonitor;
struct Finding;
class Scheduler;
class Escalator;
class Notifier;
class LogStore;
class OpsStore;
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
    std::optional<QString> watchHost = std::nullopt; // set by metrics.watch: this session's relayed host ("" none)
};

// What the controllers answer from. The daemon fills it as it builds its parts; a part that
// is not there (null) makes its commands answer not_found.
class StoreReader;
class StoreThread;

struct ApiServices {
    AuthService *auth = nullptr;
    AuditLog *audit = nullptr;
    MetricsHub *hub = nullptr;
    MetricsHistory *history = nullptr;
    LogStore *logs = nullptr;
    LogWriter *logWriter = nullptr; // null: batches are written before the answer
    StoreReader *reader = nullptr;  // null: heavy reads run on the caller's connection (tests)
    qint64 maxBatchBytes = 16 * 1024 * 1024;
    AlertEngine *alerts = nullptr;
    Notifier *notifier = nullptr;
    Escalator *escalator = nullptr;
    BackupService *backups = nullptr;
    Scheduler *scheduler = nullptr;
    HealthService *health = nullptr;
    PerformanceMonitor *performance = nullptr;
    std::function<QFuture<QList<Finding>>()> diagnose;
    FleetMember *fleet = nullptr;
    qint64 rawSampleKeepMs = 3600000; // how long raw samples stay in the store (agents' too)
    // The store's writing thread, where the alert engine, escalation and the notifier live:
    // their commands run there (null: on the caller's thread, tests).
    StoreThread *storeThread = nullptr;
};

// One area's commands, as qBittorrent's WebAPI controllers: each owns its table of command
// names, the role each needs and its handler, and answers through one asynchronous contract
// (a future of the outcome) that the WebSocket and HTTP transports share.
class ApiController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiController)
public:
    using Handler = std::function<QFuture<CommandOutcome>(const CommandContext &, const protocol::Request &)>;
    struct Command {
        bool isPublic = false; // answered without a token (login, auth)
        protocol::Role role = protocol::Role::Viewer;
        Handler handler;
    };

    const QHash<QString, Command> &commands() const { return m_commands; }

protected:
    ApiController(const ApiServices &services, QObject *parent);
    template <typename T>
    QFuture<T> callOnStoreThread(std::function<T()> job) const
    {
        return m_s.storeThread->call([job = std::move(job)](OpsStore &) { return job(); });
    }

    void add(QLatin1StringView type, bool isPublic, protocol::Role role, Handler handler);
    template<typename Controller>
    void add(QLatin1StringView type, bool isPublic, protocol::Role role,
             QFuture<CommandOutcome> (Controller::*method)(const CommandContext &, const protocol::Request &))
    {
        auto *self = static_cast<Controller *>(this);
        add(type, isPublic, role, [self, method](const CommandContext &c, const protocol::Request &r) { return (self->*method)(c, r); });
    }

    static QFuture<CommandOutcome> ready(protocol::Result result);
    static QFuture<CommandOutcome> fail(const protocol::Request &request, QLatin1StringView code, const QString &message);
    static QFuture<CommandOutcome> fail(const protocol::Request &request, QLatin1StringView code, const protocol::Message &message);
    // An action whose audit row cannot be written is not carried out (the audit log fails closed).
    static QFuture<CommandOutcome> auditRefused(const protocol::Request &request);

    // A read a client can make heavy (log search and analysis, audit queries): on the store
    // reader's threads, off the event loop; inline on the daemon's own connection when there is
    // no reader (tests). The job gets the log store and the store of the connection it runs on
    // and should read under a QueryBudget. Every reader busy: rate_limited.
    using ReadJob = std::function<protocol::Result(const LogStore *logs, OpsStore &store)>;

    // Work for what lives on the store's writing thread (the alert engine, escalation, the
    // notifier), in order after every write posted there before it; inline when there is no
    // such thread (tests). The future finishes on that thread: continue with a context object.
    template <typename Job>
    auto onStore(Job job) const -> QFuture<std::invoke_result_t<Job>>
    {
        if (!m_s.storeThread)
            return QtFuture::makeReadyFuture(job());
        return callOnStoreThread(std::function<std::invoke_result_t<Job>()>(std::move(job)));
    }
    // The same for a job whose result is the command's answer.
    QFuture<CommandOutcome> answerOnStore(std::function<protocol::Result()> job) const;

    // Audited actions. Appending to the audit chain takes the chain's lock in the store (round
    // trips to a network store), so rows are written on the store's writing thread, never on
    // the event loop. The audit log fails closed: no row, no action (error.audit_refused).
    struct AuditRow {
        AuditLog::Actor actor;
        QString action, resourceType, resourceId;
        QJsonObject details;
    };
    // The row, then act, in one job on the store thread (for what lives there: alerts).
    QFuture<CommandOutcome> auditedOnStore(const protocol::Request &request, AuditRow row, std::function<protocol::Result()> act) const;
    // The row on the store thread, then act on the event loop once it is written; refused runs
    // instead when it could not be (to undo what was prepared for the action). A row written
    // later than AuditedActionDeadlineMs (the console's request timeout) is followed by an
    // "<action>_failed" row (reason timeout) and error.store_busy instead of the action.
    static constexpr int AuditedActionDeadlineMs = 15000;
    QFuture<CommandOutcome> audited(const protocol::Request &request, AuditRow row, std::function<QFuture<CommandOutcome>()> act,
                                    std::function<void()> refused = {});
    // A row about what already happened (an attempt that failed), then the answer, given once
    // the row is written or could not be.
    QFuture<CommandOutcome> auditThenAnswer(AuditRow row, protocol::Result answer);

    // Which host a command is about (data.host): this daemon's own (absent, empty or its name),
    // or another fleet member's, as the last heartbeat listed it. A host not in the fleet is
    // refused (not_found, error.unknown_host).
    struct HostChoice {
        bool own = true;
        QString host;     // the fleet's name (own: this daemon's, when it is a fleet member)
        bool up = true;   // other: heartbeating within down_after_seconds
        qint64 lastSeenMs = 0;
        qint64 startedMs = 0;
        std::optional<protocol::Result> refused;
    };
    HostChoice chooseHost(const protocol::Request &request) const;
    QFuture<CommandOutcome> readStore(const protocol::Request &request, ReadJob job) const;

    // What every batch ingest checks first: a token, the operator role, the part that takes
    // it, and the batch's size. nullopt: go on.
    std::optional<protocol::Result> refuseBatch(const CommandContext &context, const QByteArray &body, bool available,
                                                const QString &what) const;

    const ApiServices &m_s;

private:
    QHash<QString, Command> m_commands;
};
