#include "server/api/fleetcontroller.h"

#include "server/fleet/fleetmember.h"
#include "server/protocol/protocol.h"

#include <QJsonArray>

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
