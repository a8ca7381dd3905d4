#include "server/api/apicontroller.h"

#include "server/auth/authservice.h"
#include "server/fleet/fleetmember.h"
#include "server/storage/storereader.h"

#include <QDeadlineTimer>

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

QFuture<CommandOutcome> ApiController::fail(const protocol::Request &request, QLatin1StringView code, const protocol::Message &message)
{
    return ready(protocol::Result::failure(request.id, code, message));
}

QFuture<CommandOutcome> ApiController::readStore(const protocol::Request &request, ReadJob job) const
{
    if (!m_s.reader)
        return ready(job(m_s.logs, *m_s.auth->store()));
    auto running = m_s.reader->run([job = std::move(job)](StoreReader::Context &c) {
        return CommandOutcome{job(&c.logs, c.store), std::nullopt, false};
    });
    if (!running)
        return fail(request, protocol::Error::RateLimited, protocol::Message{u"error.searches_busy"_qs, {}});
    return *running;
}

QFuture<CommandOutcome> ApiController::answerOnStore(std::function<protocol::Result()> job) const
{
    return onStore(std::move(job)).then([](const protocol::Result &r) { return CommandOutcome{r, std::nullopt, false}; });
}

QFuture<CommandOutcome> ApiController::auditedOnStore(const protocol::Request &request, AuditRow row, std::function<protocol::Result()> act) const
{
    return answerOnStore([log = m_s.audit, id = request.id, row = std::move(row), act = std::move(act)] {
        if (!log->record(row.actor, row.action, row.resourceType, row.resourceId, row.details))
            return protocol::Result::failure(id, protocol::Error::Internal, protocol::Message{u"error.audit_refused"_qs, {}});
        protocol::Result result = act();
        if (!result.ok) // the row said it would happen: the chain also says it did not
            log->record(row.actor, row.action + u"_failed"_qs, row.resourceType, row.resourceId, {{u"reason"_qs, result.error.code}});
        return result;
    });
}

QFuture<CommandOutcome> ApiController::audited(const protocol::Request &request, AuditRow row, std::function<QFuture<CommandOutcome>()> act,
                                               std::function<void()> refused)
{
    AuditLog *log = m_s.audit;
    QFuture<bool> written;
    if (!m_s.storeThread) {
        written = QtFuture::makeReadyFuture(log->record(row.actor, row.action, row.resourceType, row.resourceId, row.details));
    } else {
        // A store thread that refuses the job (backlog full, stopping) wrote no row: refused.
        written = m_s.storeThread
                      ->call([log, row](OpsStore &) { return log->record(row.actor, row.action, row.resourceType, row.resourceId, row.details); })
                      .onFailed([] { return false; })
                      .onCanceled([] { return false; });
    }
    // A row that lands after the client gave up (a stalled store) is not acted on: the action
    // would happen minutes after its requester saw no answer.
    QDeadlineTimer deadline(AuditedActionDeadlineMs);
    return written
        .then(this,
              [this, request, row = std::move(row), act = std::move(act), refused = std::move(refused), deadline](bool ok) {
                  if (ok && !deadline.hasExpired())
                      return act();
                  if (refused)
                      refused();
                  if (!ok)
                      return auditRefused(request);
                  return auditThenAnswer({row.actor, row.action + u"_failed"_qs, row.resourceType, row.resourceId, {{u"reason"_qs, u"timeout"_qs}}},
                                         protocol::Result::failure(request.id, protocol::Error::RateLimited,
                                                                   protocol::Message{u"error.store_busy"_qs, {}}));
              })
        .unwrap();
}

QFuture<CommandOutcome> ApiController::auditThenAnswer(AuditRow row, protocol::Result answer)
{
    AuditLog *log = m_s.audit;
    if (!m_s.storeThread) {
        log->record(row.actor, row.action, row.resourceType, row.resourceId, row.details);
        return ready(std::move(answer));
    }
    return m_s.storeThread
        ->call([log, row = std::move(row)](OpsStore &) { return log->record(row.actor, row.action, row.resourceType, row.resourceId, row.details); })
        .onFailed([] { return false; })
        .onCanceled([] { return false; })
        .then([answer = std::move(answer)](bool) { return CommandOutcome{answer, std::nullopt, false}; });
}

ApiController::HostChoice ApiController::chooseHost(const protocol::Request &request) const
{
    HostChoice choice;
    choice.host = m_s.fleet ? m_s.fleet->host() : QString();
    const QString asked = request.data.value(u"host"_qs).toString();
    if (asked.isEmpty() || asked == choice.host)
        return choice;
    if (m_s.fleet) {
        for (const FleetHost &h : m_s.fleet->hosts()) {
            if (h.host == asked) {
                choice.own = false;
                choice.host = h.host;
                choice.up = h.up;
                choice.lastSeenMs = h.lastSeenMs;
                choice.startedMs = h.startedMs;
                return choice;
            }
        }
    }
    choice.refused = protocol::Result::failure(request.id, protocol::Error::NotFound,
                                               protocol::Message{u"error.unknown_host"_qs, {{u"host"_qs, asked.left(200)}}});
    return choice;
}

QFuture<CommandOutcome> ApiController::auditRefused(const protocol::Request &request)
{
    return fail(request, protocol::Error::Internal, protocol::Message{u"error.audit_refused"_qs, {}});
}

std::optional<protocol::Result> ApiController::refuseBatch(const CommandContext &context, const QByteArray &body, bool available,
                                                           const QString &what) const
{
    namespace Error = protocol::Error;
    if (!context.identity)
        return protocol::Result::failure({}, Error::Unauthorized, QStringLiteral("send Authorization: Bearer TOKEN"));
    if (int(context.identity->role) < int(protocol::Role::Operator))
        return protocol::Result::failure({}, Error::Forbidden, QStringLiteral("%1: the operator role is needed").arg(what));
    if (!available)
        return protocol::Result::failure({}, Error::NotFound, QStringLiteral("%1: not enabled on this daemon").arg(what));
    if (body.size() > m_s.maxBatchBytes)
        return protocol::Result::failure({}, Error::TooLarge, QStringLiteral("a batch may have at most %1 bytes").arg(m_s.maxBatchBytes));
    return std::nullopt;
}
