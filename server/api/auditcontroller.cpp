#include "server/api/auditcontroller.h"

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

AuditController::AuditController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(QLatin1StringView("audit.query"), false, Role::Operator, &AuditController::auditQuery);
    add(QLatin1StringView("audit.since"), false, Role::Operator, &AuditController::auditSince);
    add(QLatin1StringView("audit.export"), false, Role::Operator, &AuditController::auditExport);
}

QFuture<CommandOutcome> AuditController::auditQuery(const CommandContext &, const protocol::Request &request)
{
    const QJsonObject &d = request.data;
    OpsStore::AuditFilter f;
    if (d.contains(u"user"_qs)) {
        QString error;
        const auto user = m_s.auth->store()->userByName(d.value(u"user"_qs).toString(), &error);
        f.userId = user ? user->id : QStringLiteral("-"); // an unknown user has no rows
    }
    if (d.contains(u"user_id"_qs))
        f.userId = d.value(u"user_id"_qs).toString();
    f.resource = d.value(u"resource"_qs).toString();
    f.action = d.value(u"action"_qs).toString();
    f.resourceType = d.value(u"resource_type"_qs).toString();
    f.resourceId = d.value(u"resource_id"_qs).toString();
    for (const auto &[key, target] : {std::pair{u"from"_qs, &f.fromMs}, std::pair{u"to"_qs, &f.toMs}}) {
        if (d.contains(key)) {
            *target = protocol::parseIsoTimestamp(d.value(key).toString());
            if (*target < 0)
                return fail(request, Error::BadRequest, QStringLiteral("data.%1 must be an ISO-8601 time").arg(key));
        }
    }
    f.beforeSeq = qint64(d.value(u"before_seq"_qs).toDouble(0));
    f.limit = qBound(1, d.value(u"limit"_qs).toInt(100), 1000);
    for (const QString *text : {&f.resource, &f.action, &f.resourceType, &f.resourceId, &f.userId}) {
        if (text->size() > 200)
            return fail(request, Error::BadRequest, QStringLiteral("audit filters have at most 200 characters"));
    }
    const int budgetMs = m_s.logs ? m_s.logs->limits().queryBudgetMs : LogStore::Limits{}.queryBudgetMs;
    return readStore(request, [id = request.id, f, budgetMs](const LogStore *, OpsStore &store) {
        // Read under the same time budget as log searches: a filter that scans the whole
        // log is stopped by the database.
        QString error;
        QJsonArray rows;
        const QueryBudget budget(store.database(), store.isPostgres(), budgetMs);
        // Who, by name as well as by id: the console shows names.
        QHash<QString, QString> names;
        QString usersError;
        for (const UserRecord &u : store.users(&usersError))
            names.insert(u.id, u.username);
        for (const protocol::AuditEntry &e : store.auditQuery(f, &error)) {
            QJsonObject row = e.toJson();
            if (names.contains(e.userId))
                row.insert(u"username"_qs, names.value(e.userId));
            rows.append(row);
        }
        if (budget.expired(!error.isEmpty()))
            return Result::failure(id, Error::TooLarge, budget.message());
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("reading the audit log failed"));
        return Result::success(id, {{u"rows"_qs, rows}});
    });
}

QFuture<CommandOutcome> AuditController::auditSince(const CommandContext &, const protocol::Request &request)
{
    const qint64 after = qint64(request.data.value(u"after_seq"_qs).toDouble(0));
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(500), 5000);
    // Up to 5,000 rows (a console catching up its offline mirror): read off the event loop.
    return readStore(request, [id = request.id, after, limit](const LogStore *, OpsStore &store) {
        QString error;
        QJsonArray rows;
        for (const protocol::AuditEntry &e : store.auditSince(after, limit, &error))
            rows.append(e.toJson());
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("reading the audit log failed"));
        return Result::success(id, {{u"rows"_qs, rows}});
    });
}

QFuture<CommandOutcome> AuditController::auditExport(const CommandContext &context, const protocol::Request &request)
{
    // Read and signed on a reader thread (the whole chain may be long; the store's writing
    // thread goes on meanwhile), then recorded before the bundle leaves.
    const qint64 fromSeq = qint64(request.data.value(u"from_seq"_qs).toDouble(0));
    const qint64 toSeq = qint64(request.data.value(u"to_seq"_qs).toDouble(0));
    return readStore(request,
                     [log = m_s.audit, id = request.id, fromSeq, toSeq](const LogStore *, OpsStore &store) {
                         QString error;
                         const auto bundle = log->exportBundle(store, fromSeq, toSeq, &error);
                         if (!bundle)
                             return Result::failure(id, Error::Internal, QStringLiteral("exporting the audit log failed"));
                         return Result::success(id, *bundle);
                     })
        .then(this,
              [this, request, actor = context.actor()](const CommandOutcome &read) {
                  if (!read.result.ok)
                      return ready(read.result);
                  const qsizetype rows = read.result.data.value(u"rows"_qs).toArray().size();
                  return audited(request, {actor, QStringLiteral("audit.export"), QStringLiteral("audit_log"), QString(), {{u"rows"_qs, rows}}},
                                 [result = read.result] { return ready(result); });
              })
        .unwrap();
}
