#include "server/api/apicontroller.h"

ApiController::ApiController(const ApiServices &services, QObject *parent)
    : QObject(parent), m_s(services)
{
}

void ApiController::add(QLatin1StringView type, bool isPublic, protocol::Role role, Handler handler)
{
    Q_ASSERT(!m_commands.contains(QString(type)));
    m_commands.insert(QString(type), Command{isPublic, role, std::move(handler)});
}

QFuture<CommandOutcome> ApiController::ready(protocol::Result result)
{
    return QtFuture::makeReadyFuture(CommandOutcome{std::move(result), std::nullopt, false});
}

QFuture<CommandOutcome> ApiController::fail(const protocol::Request &request, QLatin1StringView code, const QString &message)
{
    return ready(protocol::Result::failure(request.id, code, message));
}

QFuture<CommandOutcome> ApiController::auditRefused(const protocol::Request &request)
{
    return fail(request, protocol::Error::Internal, QString(AuditLog::RefusedMessage));
}
