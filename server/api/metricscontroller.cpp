#include "server/api/metricscontroller.h"

#include "server/alerts/alertengine.h"
#include "server/audit/auditlog.h"
#include "server/alerts/escalation.h"
#include "server/backup/backupservice.h"
#include "server/health/diagnosis.h"
#include "server/health/healthservice.h"
#include "server/health/performance.h"
#include "server/schedule/scheduler.h"
#include "server/notify/notifier.h"
#include "server/logging/jsonlogger.h"
#include "server/logging/logstore.h"
#include "server/logging/logwriter.h"
#include "server/logging/querybudget.h"
#include "server/monitoring/metricshistory.h"
#include "server/monitoring/metricsstore.h"
#include "server/monitoring/metricshub.h"
#include "server/protocol/metrics.h"
#include "server/protocol/protocol.h"
#include <QDateTime>
#include <QJsonDocument>
#include <QPromise>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

using protocol::Result;
using protocol::Role;
namespace Error = protocol::Error;

MetricsController::MetricsController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(MetricsCurrent, false, Role::Viewer, &MetricsController::metricsCurrent);
    add(protocol::Type::MetricsHistory, false, Role::Viewer, &MetricsController::metricsHistory);
    add(QLatin1StringView("metrics.watch"), false, Role::Viewer, &MetricsController::metricsWatch);
}

QFuture<CommandOutcome> MetricsController::metricsCurrent(const CommandContext &, const protocol::Request &request)
{
    const HostChoice choice = chooseHost(request);
    if (choice.refused)
        return ready(*choice.refused);
    if (!choice.own) {
        // The host's newest sample as it wrote it to the store; a down host's is old, and its
        // timestamp says so.
        return readStore(request, [id = request.id, host = choice.host](const LogStore *, OpsStore &store) {
            QString error;
            const metricsstore::StoredSample s = metricsstore::latest(store.database(), host, &error);
            if (!error.isEmpty())
                return Result::failure(id, Error::Internal, QStringLiteral("reading the host's sample failed"));
            if (s.timestampMs <= 0)
                return Result::failure(id, Error::NotFound, protocol::Message{u"error.host_not_answered"_qs, {{u"host"_qs, host}}});
            return Result::success(id, s.sample);
        });
    }
    if (!m_s.hub->latest())
        return fail(request, Error::NotFound, QStringLiteral("no sample has been taken yet"));
    return ready(Result::success(request.id, m_s.hub->latest()->toJson()));
}

QFuture<CommandOutcome> MetricsController::metricsHistory(const CommandContext &, const protocol::Request &request)
{
    const qint64 now = m_s.auth->clock()->nowMs();
    const QJsonValue fromValue = request.data.value(u"from"_qs);
    const QJsonValue toValue = request.data.value(u"to"_qs);
    const QJsonValue stepValue = request.data.value(u"step"_qs);
    const qint64 from = fromValue.isString() ? protocol::parseIsoTimestamp(fromValue.toString()) : -1;
    const qint64 to = toValue.isUndefined() ? now : (toValue.isString() ? protocol::parseIsoTimestamp(toValue.toString()) : -1);
    if (from < 0 || to < 0)
        return fail(request, Error::BadRequest, QStringLiteral("metrics.history needs data.from (and optionally data.to) as ISO-8601 times"));
    if (from > to)
        return fail(request, Error::BadRequest, QStringLiteral("data.from is after data.to"));
    if (!stepValue.isUndefined() && (!stepValue.isDouble() || stepValue.toDouble() < 0 || stepValue.toDouble() > 86400 * 7))
        return fail(request, Error::BadRequest, QStringLiteral("data.step must be a number of seconds from 0 to 604800"));
    const int step = stepValue.isUndefined() ? 0 : int(stepValue.toDouble());
    if (step > 0 && (to - from) / (qint64(step) * 1000) > MetricsHistory::MaxSamplesPerQuery)
        return fail(request, Error::TooLarge,
                    QStringLiteral("more than %1 samples; use a larger step").arg(MetricsHistory::MaxSamplesPerQuery));
    const HostChoice choice = chooseHost(request);
    if (choice.refused)
        return ready(*choice.refused);
    const int interval = m_s.hub->intervalMs();
    if (!choice.own) {
        const int minuteDays = m_s.history->retention().minuteDays;
        return readStore(request, [id = request.id, host = choice.host, from, to, step, minuteDays, interval](const LogStore *, OpsStore &store) {
            QString error;
            const QJsonArray samples = metricsstore::history(store.database(), host, from, to, step, minuteDays, &error);
            if (!error.isEmpty())
                return Result::failure(id, Error::Internal, QStringLiteral("reading history failed"));
            if (samples.size() > MetricsHistory::MaxSamplesPerQuery)
                return Result::failure(id, Error::TooLarge,
                                       QStringLiteral("more than %1 samples; use a larger step").arg(MetricsHistory::MaxSamplesPerQuery));
            return Result::success(id, {{u"samples"_qs, samples}, {u"step"_qs, step}, {u"interval_ms"_qs, interval}, {u"host"_qs, host}});
        });
    }
    // This daemon's own: the raw samples from memory now, the rollups on a reader thread.
    MetricsHistory::Plan plan = m_s.history->plan(from, to, step);
    if (plan.resolution == 0) { // all in memory (the live ranges)
        if (plan.raw.size() > MetricsHistory::MaxSamplesPerQuery)
            return fail(request, Error::TooLarge,
                        QStringLiteral("more than %1 samples; use a larger step").arg(MetricsHistory::MaxSamplesPerQuery));
        return ready(Result::success(request.id, {{u"samples"_qs, plan.raw}, {u"step"_qs, step}, {u"interval_ms"_qs, interval}}));
    }
    return readStore(request, [id = request.id, plan = std::move(plan), step, interval](const LogStore *, OpsStore &store) {
        QString error;
        const QJsonArray samples = MetricsHistory::run(plan, store.database(), &error);
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("reading history failed"));
        if (samples.size() > MetricsHistory::MaxSamplesPerQuery)
            return Result::failure(id, Error::TooLarge,
                                   QStringLiteral("more than %1 samples; use a larger step").arg(MetricsHistory::MaxSamplesPerQuery));
        return Result::success(id, {{u"samples"_qs, samples}, {u"step"_qs, step}, {u"interval_ms"_qs, interval}});
    });
}

QFuture<CommandOutcome> MetricsController::metricsWatch(const CommandContext &, const protocol::Request &request)
{
    // One other host per session; its metrics_update pushes (with its host) come beside this
    // daemon's own. An empty or own host stops watching.
    const HostChoice choice = chooseHost(request);
    if (choice.refused)
        return ready(*choice.refused);
    const QString watched = choice.own ? QString() : choice.host;
    CommandOutcome outcome{Result::success(request.id, {{u"host"_qs, watched}}), std::nullopt, false, watched};
    return QtFuture::makeReadyFuture(outcome);
}
