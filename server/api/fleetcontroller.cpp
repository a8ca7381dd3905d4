#include "server/api/fleetcontroller.h"

#include "server/alerts/alertengine.h"
#include "server/fleet/agentbatch.h"
#include "server/fleet/fleetmember.h"
#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/storethread.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPromise>

using protocol::Result;
using protocol::Role;
namespace Error = protocol::Error;

FleetController::FleetController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    add(QLatin1StringView("fleet.hosts"), false, Role::Viewer, &FleetController::hostsCommand);
}

QFuture<CommandOutcome> FleetController::hostsCommand(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.fleet)
        return fail(request, Error::NotFound, QStringLiteral("this daemon is not a fleet member"));
    // What the member's thread read at its last heartbeat: answering costs no query. Down
    // hosts first, then by name. When that heartbeat failed, `error` says so: the list is then
    // as of `store_time`, not now.
    QList<FleetHost> hosts = m_s.fleet->hosts();
    std::stable_sort(hosts.begin(), hosts.end(), [](const FleetHost &a, const FleetHost &b) {
        return a.up != b.up ? !a.up : a.host < b.host;
    });
    QJsonArray rows;
    for (const FleetHost &h : std::as_const(hosts)) {
        QJsonObject row = h.toJson();
        if (h.host == m_s.fleet->host())
            row.insert(u"self"_qs, true);
        rows.append(row);
    }
    return ready(Result::success(request.id, {{u"hosts"_qs, rows},
                                              {u"host"_qs, m_s.fleet->host()},
                                              {u"leader"_qs, m_s.fleet->leaderHost()},
                                              {u"term"_qs, double(m_s.fleet->fleetTerm())},
                                              {u"down_after_seconds"_qs, m_s.fleet->downAfterMs() / 1000},
                                              {u"store_time"_qs, m_s.fleet->storeNowMs() > 0 ? QJsonValue(protocol::isoTimestamp(m_s.fleet->storeNowMs())) : QJsonValue()},
                                              {u"error"_qs, m_s.fleet->lastError()}}));
}

QFuture<protocol::Result> FleetController::agentPush(const CommandContext &context, const QByteArray &body)
{
    auto failure = [](QLatin1StringView code, const QString &message) {
        return QtFuture::makeReadyFuture(Result::failure({}, code, message));
    };
    const QString host = context.identity ? context.identity->agentHost() : QString();
    if (host.isEmpty())
        return failure(Error::Forbidden, QStringLiteral("this route takes an agent token"));
    if (!m_s.storeThread || !m_s.fleet)
        return failure(Error::NotFound, QStringLiteral("this daemon takes no agents"));
    // The host an agent pushes for must not be a member's: two daemons would write as one.
    if (host == m_s.fleet->host())
        return failure(Error::Conflict, QStringLiteral("\"%1\" is this hub's own host name; give the agent its own [fleet] host").arg(host));
    for (const FleetHost &h : m_s.fleet->hosts()) {
        if (h.host == host && h.role == u"member"_qs && h.up)
            return failure(Error::Conflict, QStringLiteral("\"%1\" is a member of the fleet; give the agent its own [fleet] host").arg(host));
    }
    QString error;
    const qint64 maxLine = m_s.logs ? m_s.logs->limits().maxLineBytes : 64 * 1024;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 refusedSeq = 0;
    auto batch = AgentBatch::parse(body, host, maxLine, now, &error, &refusedSeq);
    if (!batch && refusedSeq > 0) {
        // One entry the hub will never take: named, so the agent drops that one and no other.
        return QtFuture::makeReadyFuture(Result::failure({}, Error::BadRequest,
                                                         protocol::Message{u"error.agent_entry_refused"_qs,
                                                                           {{u"seq"_qs, double(refusedSeq)}, {u"reason"_qs, error.left(300)}}}));
    }
    if (!batch)
        return failure(Error::BadRequest, error);
    auto promise = std::make_shared<QPromise<Result>>();
    QFuture<Result> future = promise->future();
    promise->start();
    // Bulk: while the store is behind, the agent keeps its buffer and tries again.
    // The fleet's rules judge the agent's current figures here, on the store thread where the
    // engine lives (an outage's backlog is history: it raises nothing after the fact).
    const qint64 liveFrom = now - std::max<qint64>(15000, m_s.fleet->downAfterMs());
    const bool taken = m_s.storeThread->post("agent push", [promise, batch = std::move(*batch), now, liveFrom, keep = m_s.rawSampleKeepMs,
                                                            alerts = m_s.alerts](OpsStore &store) {
        QString why;
        const auto applied = agentingest::apply(store.database(), batch, now, keep, &why);
        if (applied && alerts) {
            for (const protocol::MetricsSample &sample : applied->fresh) {
                if (sample.timestampMs >= liveFrom)
                    alerts->evaluate(sample, sample.timestampMs);
            }
        }
        if (!applied) {
            qCWarning(lcOps).noquote() << "storing agent" << batch.host << "'s push failed:" << why;
            promise->addResult(Result::failure({}, Error::Internal, QStringLiteral("the hub's store refused the push: ") + why.left(300)));
        } else if (applied->memberConflict) {
            promise->addResult(Result::failure({}, Error::Conflict,
                                               QStringLiteral("\"%1\" is a member of the fleet (it heartbeat within the hour); give the agent its own [fleet] host")
                                                   .arg(batch.host)));
        } else {
            if (applied->restarted)
                qCInfo(lcOps).noquote() << "agent" << batch.host << "pushes from a new buffer: its numbering starts again";
            promise->addResult(Result::success({}, {{u"acked"_qs, double(applied->acked)},
                                                    {u"samples"_qs, applied->samples},
                                                    {u"reports"_qs, applied->reports},
                                                    {u"lines"_qs, applied->lines},
                                                    {u"lines_skipped"_qs, batch.skippedLines}}));
        }
        promise->finish();
    }, StoreThread::Load::Bulk);
    if (!taken) {
        promise->addResult(Result::failure({}, Error::RateLimited, protocol::Message{u"error.store_busy"_qs, {}}));
        promise->finish();
    }
    return future;
}
