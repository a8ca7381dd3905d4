#include "server/api/commanddispatcher.h"

#include "server/api/alertscontroller.h"
#include "server/api/auditcontroller.h"
#include "server/api/authcontroller.h"
#include "server/api/backupscontroller.h"
#include "server/api/fleetcontroller.h"
#include "server/api/healthcontroller.h"
#include "server/api/logscontroller.h"
#include "server/api/metricscontroller.h"
#include "server/protocol/protocol.h"

namespace Error = protocol::Error;

namespace {

QFuture<CommandOutcome> fail(const protocol::Request &r, QLatin1StringView code, const QString &message)
{
    return QtFuture::makeReadyFuture(CommandOutcome{protocol::Result::failure(r.id, code, message), std::nullopt, false});
}

} // namespace

CommandDispatcher::CommandDispatcher(AuthService *auth, AuditLog *audit, MetricsHub *hub, MetricsHistory *history,
                                     QObject *parent)
    : QObject(parent)
{
    m_services.auth = auth;
    m_services.audit = audit;
    m_services.hub = hub;
    m_services.history = history;
    m_authController = new AuthController(m_services, this);
    m_logsController = new LogsController(m_services, this);
    m_healthController = new HealthController(m_services, this);
    connect(m_authController, &AuthController::tokenRevoked, this, &CommandDispatcher::tokenRevoked);
    adopt(m_authController);
    adopt(new MetricsController(m_services, this));
    adopt(new AuditController(m_services, this));
    adopt(m_logsController);
    adopt(new AlertsController(m_services, this));
    adopt(new BackupsController(m_services, this));
    adopt(m_healthController);
    m_fleetController = new FleetController(m_services, this);
    adopt(m_fleetController);
}

CommandDispatcher::~CommandDispatcher() = default;

void CommandDispatcher::adopt(ApiController *controller)
{
    for (auto it = controller->commands().cbegin(); it != controller->commands().cend(); ++it) {
        Q_ASSERT_X(!m_commands.contains(it.key()), "CommandDispatcher", "a command belongs to one controller");
        m_commands.insert(it.key(), it.value());
    }
}

QFuture<protocol::Result> CommandDispatcher::ingestLogs(const CommandContext &context, const QByteArray &body)
{
    return m_logsController->ingestLogs(context, body);
}

QFuture<protocol::Result> CommandDispatcher::agentPush(const CommandContext &context, const QByteArray &body)
{
    return m_fleetController->agentPush(context, body);
}

QFuture<protocol::Result> CommandDispatcher::ingestRequests(const CommandContext &context, const QByteArray &body)
{
    return m_healthController->ingestRequests(context, body);
}

std::optional<protocol::Role> CommandDispatcher::requiredRole(const QString &type, bool *isPublic) const
{
    const auto it = m_commands.constFind(type);
    if (it == m_commands.constEnd())
        return std::nullopt;
    *isPublic = it->isPublic;
    return it->role;
}

QFuture<CommandOutcome> CommandDispatcher::dispatch(const CommandContext &context, const protocol::Request &request)
{
    const auto it = m_commands.constFind(request.type);
    if (it == m_commands.constEnd())
        return fail(request, Error::BadRequest, QStringLiteral("unknown message type \"%1\"").arg(request.type.left(64)));
    if (!it->isPublic) {
        if (!context.identity)
            return fail(request, Error::Unauthorized, QStringLiteral("authenticate first (login or auth)"));
        if (!context.identity->agentHost().isEmpty())
            return fail(request, Error::Forbidden, QStringLiteral("an agent token pushes to /api/v1/agent/push and nothing else"));
        if (int(context.identity->role) < int(it->role)) {
            return fail(request, Error::Forbidden,
                        QStringLiteral("\"%1\" needs the %2 role").arg(request.type, protocol::roleName(it->role)));
        }
    }
    return it->handler(context, request);
}
