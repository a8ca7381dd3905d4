#include "server/api/backupscontroller.h"

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

BackupsController::BackupsController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(QLatin1StringView("backups.list"), false, Role::Viewer, &BackupsController::backupsList);
    add(QLatin1StringView("backup.retention_preview"), false, Role::Viewer, &BackupsController::backupsList);
    add(QLatin1StringView("backup.create"), false, Role::Operator, &BackupsController::backupJob);
    add(QLatin1StringView("backup.verify"), false, Role::Operator, &BackupsController::backupJob);
    add(QLatin1StringView("backup.drill"), false, Role::Operator, &BackupsController::backupJob);
    add(QLatin1StringView("backup.restore"), false, Role::Admin, &BackupsController::backupJob);
    add(QLatin1StringView("backup.cancel"), false, Role::Operator, &BackupsController::backupCancel);
    add(QLatin1StringView("schedule.list"), false, Role::Viewer, &BackupsController::scheduleCommand);
    add(QLatin1StringView("schedule.run"), false, Role::Operator, &BackupsController::scheduleCommand);
}

QFuture<CommandOutcome> BackupsController::backupsList(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.backups)
        return fail(request, Error::NotFound, protocol::Message{u"error.backups_disabled"_qs, {}});
    QString error;
    if (request.type == u"backup.retention_preview"_qs) {
        const QJsonArray decisions = m_s.backups->retentionPreview(&error);
        if (!error.isEmpty())
            return fail(request, Error::Internal, QStringLiteral("reading backups failed"));
        const RetentionPolicy &p = m_s.backups->options().retention;
        return ready(Result::success(request.id, {{u"decisions"_qs, decisions},
                                                  {u"policy"_qs, QJsonObject{{u"keep_last"_qs, p.keepLast}, {u"keep_daily"_qs, p.keepDaily},
                                                                             {u"keep_weekly"_qs, p.keepWeekly}, {u"keep_monthly"_qs, p.keepMonthly},
                                                                             {u"max_age_days"_qs, p.maxAgeDays}}}}));
    }
    // What memory holds now; the rows on a reader thread.
    QJsonObject data{{u"directory"_qs, m_s.backups->options().plan.directory}};
    const QJsonObject running = m_s.backups->running();
    data.insert(u"running"_qs, running.isEmpty() ? QJsonValue() : QJsonValue(running));
    if (m_s.scheduler)
        data.insert(u"schedule"_qs, m_s.scheduler->status());
    return readStore(request, [id = request.id, data](const LogStore *, OpsStore &store) mutable {
        QString error;
        const QJsonArray backups = BackupService::list(store.database(), &error);
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("reading backups failed"));
        data.insert(u"backups"_qs, backups);
        data.insert(u"summary"_qs, BackupService::summary(store.database()));
        return Result::success(id, data);
    });
}

QFuture<CommandOutcome> BackupsController::backupJob(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.backups)
        return fail(request, Error::NotFound, protocol::Message{u"error.backups_disabled"_qs, {}});
    const QString name = request.data.value(u"name"_qs).toString().left(200);
    BackupService::Kind kind = BackupService::Kind::Create;
    if (request.type == u"backup.verify"_qs)
        kind = BackupService::Kind::Verify;
    else if (request.type == u"backup.drill"_qs)
        kind = BackupService::Kind::Drill;
    else if (request.type == u"backup.restore"_qs) {
        const bool dryRun = request.data.value(u"dry_run"_qs).toBool(true);
        kind = dryRun ? BackupService::Kind::DryRun : BackupService::Kind::Restore;
        // A real restore replaces the service's data: the operator types the backup's name.
        if (!dryRun && request.data.value(u"confirm"_qs).toString() != name)
            return fail(request, Error::BadRequest, protocol::Message{u"error.restore_unconfirmed"_qs, {}});
    }
    if (kind != BackupService::Kind::Create && name.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.name (a backup) is required"));
    if (const QJsonObject running = m_s.backups->running(); !running.isEmpty())
        return fail(request, Error::Conflict,
                    protocol::Message{u"error.job_running"_qs, {{u"kind"_qs, running.value(u"kind"_qs).toString()}}});
    if (kind != BackupService::Kind::Create && m_s.backups->pathOf(name).isEmpty())
        return fail(request, Error::NotFound, protocol::Message{u"error.no_backup_named"_qs, {{u"name"_qs, name.left(100)}}});
    // Audited before the job starts (a restore replaces data); one that cannot start is audited as such.
    const QString action = u"backup."_qs + BackupService::kindName(kind);
    return audited(request, {context.actor(), action, u"backup"_qs, name, {}}, [this, context, request, action, kind, name] {
        const BackupService::Started started = m_s.backups->start(kind, name, context.identity->username);
        if (!started.errorCode.isEmpty()) {
            return auditThenAnswer({context.actor(), action + u"_failed"_qs, u"backup"_qs, name, {{u"reason"_qs, started.errorCode}}},
                                   Result::failure(request.id, QLatin1StringView(started.errorCode.toLatin1()), started.message));
        }
        return ready(Result::success(request.id, {{u"job_id"_qs, started.jobId}, {u"kind"_qs, BackupService::kindName(kind)}, {u"name"_qs, name}}));
    });
}

QFuture<CommandOutcome> BackupsController::backupCancel(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.backups)
        return fail(request, Error::NotFound, protocol::Message{u"error.backups_disabled"_qs, {}});
    const QString jobId = request.data.value(u"job_id"_qs).toString().left(64);
    const QJsonObject running = m_s.backups->running();
    if (running.isEmpty() || running.value(u"job_id"_qs).toString() != jobId)
        return fail(request, Error::NotFound, protocol::Message{u"error.no_running_job"_qs, {}});
    return audited(request,
                   {context.actor(), u"backup.cancel"_qs, u"backup"_qs, running.value(u"name"_qs).toString(),
                    {{u"job_id"_qs, jobId}, {u"kind"_qs, running.value(u"kind"_qs)}}},
                   [this, context, request, jobId, name = running.value(u"name"_qs).toString()] {
                       if (!m_s.backups->cancel(jobId)) // it ended meanwhile
                           return auditThenAnswer({context.actor(), u"backup.cancel_failed"_qs, u"backup"_qs, name, {{u"reason"_qs, u"not_running"_qs}}},
                                                  Result::failure(request.id, Error::NotFound, protocol::Message{u"error.no_running_job"_qs, {}}));
                       return ready(Result::success(request.id, {{u"job_id"_qs, jobId}, {u"cancelling"_qs, true}}));
                   });
}

QFuture<CommandOutcome> BackupsController::scheduleCommand(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.scheduler)
        return fail(request, Error::NotFound, protocol::Message{u"error.scheduler_disabled"_qs, {}});
    if (request.type == u"schedule.run"_qs) {
        const QString job = request.data.value(u"job"_qs).toString().left(64);
        const QJsonArray jobs = m_s.scheduler->status();
        const bool known = std::any_of(jobs.begin(), jobs.end(), [&](const QJsonValue &v) { return v.toObject().value(u"name"_qs).toString() == job; });
        if (!known)
            return fail(request, Error::NotFound, protocol::Message{u"error.no_scheduled_job"_qs, {{u"job"_qs, job}}});
        return audited(request, {context.actor(), u"schedule.run"_qs, u"job"_qs, job, {}}, [this, context, request, job] {
            if (!m_s.scheduler->runNow(job)) {
                return auditThenAnswer({context.actor(), u"schedule.run_failed"_qs, u"job"_qs, job, {{u"reason"_qs, u"conflict"_qs}}},
                                       Result::failure(request.id, Error::Conflict,
                                                       protocol::Message{u"error.scheduled_job_running"_qs, {{u"job"_qs, job}}}));
            }
            return ready(Result::success(request.id, {{u"job"_qs, job}, {u"started"_qs, true}}));
        });
    }
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(50), 500);
    auto answer = [this, request](const QJsonArray &history) {
        return CommandOutcome{Result::success(request.id, {{u"jobs"_qs, m_s.scheduler->status()}, {u"history"_qs, history},
                                                           {u"time_zone"_qs, QString::fromUtf8(m_s.scheduler->zone().id())}}),
                              std::nullopt, false};
    };
    if (!m_s.storeThread) {
        QString error;
        return QtFuture::makeReadyFuture(answer(m_s.scheduler->history(limit, &error)));
    }
    // On the store's writing thread, after the runs it has yet to record.
    return m_s.storeThread->call([limit](OpsStore &store) {
                              QString error;
                              return Scheduler::history(store.database(), limit, &error);
                          })
        .then(this, answer);
}
