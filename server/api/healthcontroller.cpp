#include "server/api/healthcontroller.h"

#include "server/alerts/alertengine.h"
#include "server/audit/auditlog.h"
#include "server/alerts/escalation.h"
#include "server/backup/backupservice.h"
#include "server/fleet/fleetmember.h"
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
#include "server/monitoring/metricshub.h"
#include "server/protocol/metrics.h"
#include "server/protocol/protocol.h"
#include "server/storage/sqlfiles.h"
#include <QDateTime>
#include <QJsonDocument>
#include <QPromise>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

using protocol::Result;
using protocol::Role;
namespace Error = protocol::Error;

HealthController::HealthController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(QLatin1StringView("health.report"), false, Role::Viewer, &HealthController::healthCommand);
    add(QLatin1StringView("health.history"), false, Role::Viewer, &HealthController::healthCommand);
    add(QLatin1StringView("health.run"), false, Role::Operator, &HealthController::healthCommand);
    add(QLatin1StringView("performance.report"), false, Role::Viewer, &HealthController::healthCommand);
    add(QLatin1StringView("diagnose"), false, Role::Viewer, &HealthController::diagnoseCommand);
    add(QLatin1StringView("diagnose.export"), false, Role::Viewer, &HealthController::diagnoseCommand);
}

QFuture<protocol::Result> HealthController::ingestRequests(const CommandContext &context, const QByteArray &body)
{
    return QtFuture::makeReadyFuture(ingestRequestsNow(context, body));
}

protocol::Result HealthController::ingestRequestsNow(const CommandContext &context, const QByteArray &body)
{
    if (const auto refused = refuseBatch(context, body, m_s.performance, QStringLiteral("request records")))
        return *refused;
    QString error;
    const auto batch = PerformanceMonitor::parseBatch(body, m_s.auth->clock()->nowMs(), &error);
    if (!batch)
        return Result::failure({}, Error::BadRequest, error.left(300));
    for (const PerformanceMonitor::Request &r : *batch)
        m_s.performance->add(r);
    return Result::success({}, {{u"accepted"_qs, double(batch->size())}});
}

QFuture<CommandOutcome> HealthController::healthCommand(const CommandContext &, const protocol::Request &request)
{
    if (request.type == u"performance.report"_qs) {
        if (!m_s.performance)
            return fail(request, Error::NotFound, QStringLiteral("the performance monitor is not enabled"));
        return ready(Result::success(request.id, m_s.performance->snapshot(m_s.auth->clock()->nowMs())));
    }
    if (!m_s.health)
        return fail(request, Error::NotFound, QStringLiteral("health checks are not enabled"));
    if (request.type == u"health.report"_qs || request.type == u"health.history"_qs) {
        const HostChoice choice = chooseHost(request);
        if (choice.refused)
            return ready(*choice.refused);
        if (request.type == u"health.report"_qs)
            return choice.own ? ready(Result::success(request.id, m_s.health->report())) : remoteReport(request, choice);
        const double hours = std::clamp(request.data.value(u"hours"_qs).toDouble(24), 0.1, 24.0 * 7);
        const QString check = request.data.value(u"check"_qs).toString().left(100);
        const qint64 since = m_s.auth->clock()->nowMs() - qint64(hours * 3600000);
        const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(2000), 20000);
        const QString host = choice.own ? m_s.health->host() : choice.host;
        return readStore(request, [id = request.id, host, own = choice.own, check, since, limit](const LogStore *, OpsStore &store) {
            QString error;
            const QJsonArray rows = HealthService::history(store.database(), host, own, check, since, limit, &error);
            if (!error.isEmpty())
                return Result::failure(id, Error::Internal, QStringLiteral("reading the health history failed"));
            return Result::success(id, {{u"history"_qs, rows}, {u"host"_qs, host}});
        });
    }
    // health.run: answered when the run ends.
    auto promise = std::make_shared<QPromise<CommandOutcome>>();
    QFuture<CommandOutcome> future = promise->future();
    promise->start();
    const QString id = request.id;
    m_s.health->run([promise, id](const QJsonObject &report) {
        promise->addResult(CommandOutcome{Result::success(id, report), std::nullopt, false});
        promise->finish();
    });
    return future;
}

// Another member's last report, as its heartbeat wrote it. A host that stopped heartbeating is
// not called healthy on the strength of an old report: its status is "unknown" and `stale`
// says why, with the checks as they last were.
QFuture<CommandOutcome> HealthController::remoteReport(const protocol::Request &request, const HostChoice &choice)
{
    // Judged on the store's clock: the row's last heartbeat against the time this member's last
    // heartbeat read; while this member's own heartbeat fails, nobody here knows, so unknown too.
    const qint64 storeNow = m_s.fleet ? m_s.fleet->storeNowMs() : 0;
    const qint64 downAfter = m_s.fleet ? m_s.fleet->downAfterMs() : 0;
    const bool ownBeatFails = !m_s.fleet || !m_s.fleet->lastError().isEmpty();
    return readStore(request, [id = request.id, choice, storeNow, downAfter, ownBeatFails](const LogStore *, OpsStore &store) {
        QString error;
        QSqlQuery q = sqlfiles::run(store.database(), u"fleet/health"_qs, {choice.host}, &error);
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("reading the host's health report failed"));
        QJsonObject report;
        qint64 lastSeen = choice.lastSeenMs;
        if (q.next()) {
            report = QJsonDocument::fromJson(q.value(0).toString().left(4 * 1024 * 1024).toUtf8()).object();
            lastSeen = q.value(1).toLongLong();
        }
        if (report.isEmpty())
            return Result::failure(id, Error::NotFound, protocol::Message{u"error.host_not_answered"_qs, {{u"host"_qs, choice.host}}});
        // A report from before the host's current run (kept across a restart) is not current
        // either (both times on that host's clock).
        const qint64 reportedAt = protocol::parseIsoTimestamp(report.value(u"timestamp"_qs).toString());
        const bool down = ownBeatFails || storeNow - lastSeen > downAfter || reportedAt < choice.startedMs;
        report.insert(u"host"_qs, choice.host);
        report.insert(u"last_seen"_qs, protocol::isoTimestamp(lastSeen));
        if (down) {
            report.insert(u"reported_status"_qs, report.value(u"overall_status"_qs));
            report.insert(u"overall_status"_qs, u"unknown"_qs);
            report.insert(u"stale"_qs, true);
        }
        return Result::success(id, report);
    });
}

QFuture<CommandOutcome> HealthController::diagnoseCommand(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.diagnose)
        return fail(request, Error::NotFound, QStringLiteral("diagnosis is not enabled"));
    const QString format = request.data.value(u"format"_qs).toString(u"json"_qs);
    if (request.type == u"diagnose.export"_qs && format != u"json"_qs && format != u"markdown"_qs && format != u"html"_qs)
        return fail(request, Error::BadRequest, QStringLiteral("data.format is json, markdown or html"));
    const QString id = request.id;
    const bool exporting = request.type == u"diagnose.export"_qs;
    const qint64 now = m_s.auth->clock()->nowMs();
    return m_s.diagnose().then(this, [id, exporting, format, now](const QList<Finding> &findings) {
        const QJsonObject json = diagnosis::toJson(findings, now);
        if (!exporting)
            return CommandOutcome{Result::success(id, json), std::nullopt, false};
        const QString content = format == u"markdown"_qs ? diagnosis::toMarkdown(findings, now)
                                : format == u"html"_qs   ? diagnosis::toHtml(findings, now)
                                                         : QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
        const QString extension = format == u"markdown"_qs ? u"md"_qs : format;
        return CommandOutcome{Result::success(id, {{u"format"_qs, format}, {u"content"_qs, content},
                                                   {u"file_name"_qs, QString(u"formauto-diagnosis-"_qs
                                                                         + QDateTime::fromMSecsSinceEpoch(now).toString(u"yyyyMMdd-HHmmss"_qs)
                                                                         + u'.' + extension)}}),
                              std::nullopt, false};
    });
}
