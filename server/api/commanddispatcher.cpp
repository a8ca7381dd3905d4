#include "server/api/commanddispatcher.h"

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

namespace {

QFuture<CommandOutcome> ready(Result result)
{
    return QtFuture::makeReadyFuture(CommandOutcome{std::move(result), std::nullopt, false});
}

QFuture<CommandOutcome> fail(const protocol::Request &r, QLatin1StringView code, const QString &message)
{
    return ready(Result::failure(r.id, code, message));
}

// An action whose audit row cannot be written is not carried out (the audit log fails closed).
QFuture<CommandOutcome> auditRefused(const protocol::Request &r)
{
    return fail(r, Error::Internal, QString(AuditLog::RefusedMessage));
}

QJsonObject identityJson(const Identity &identity, const QString &token = {})
{
    QJsonObject json{{u"user"_qs, identity.username}, {u"role"_qs, protocol::roleName(identity.role)}};
    if (!token.isEmpty())
        json.insert(u"token"_qs, token);
    if (identity.expiresAtMs >= 0)
        json.insert(u"expires_at"_qs, protocol::isoTimestamp(identity.expiresAtMs));
    return json;
}

} // namespace

CommandDispatcher::CommandDispatcher(AuthService *auth, AuditLog *audit, MetricsHub *hub, MetricsHistory *history,
                                     QObject *parent)
    : QObject(parent), m_auth(auth), m_audit(audit), m_hub(hub), m_history(history)
{
    using namespace protocol::Type;
    auto bind = [this](auto method) {
        return [this, method](const CommandContext &c, const protocol::Request &r) { return (this->*method)(c, r); };
    };
    add(Login, true, Role::Viewer, bind(&CommandDispatcher::login));
    add(Auth, true, Role::Viewer, bind(&CommandDispatcher::authenticate));
    add(Ping, false, Role::Viewer, [](const CommandContext &, const protocol::Request &r) {
        return ready(Result::success(r.id, {{u"pong"_qs, true}}));
    });
    add(Logout, false, Role::Viewer, bind(&CommandDispatcher::logout));
    add(MetricsCurrent, false, Role::Viewer, bind(&CommandDispatcher::metricsCurrent));
    add(protocol::Type::MetricsHistory, false, Role::Viewer, bind(&CommandDispatcher::metricsHistory));
    add(UserList, false, Role::Admin, bind(&CommandDispatcher::userList));
    add(UserAdd, false, Role::Admin, bind(&CommandDispatcher::userAdd));
    add(TokenCreate, false, Role::Admin, bind(&CommandDispatcher::tokenCreate));
    add(QLatin1StringView("token.list"), false, Role::Admin, bind(&CommandDispatcher::tokenList));
    add(TokenRevoke, false, Role::Admin, bind(&CommandDispatcher::tokenRevoke));
    add(QLatin1StringView("audit.query"), false, Role::Operator, bind(&CommandDispatcher::auditQuery));
    add(QLatin1StringView("audit.since"), false, Role::Operator, bind(&CommandDispatcher::auditSince));
    add(QLatin1StringView("audit.export"), false, Role::Operator, bind(&CommandDispatcher::auditExport));
    add(QLatin1StringView("logs.search"), false, Role::Viewer, bind(&CommandDispatcher::logsSearch));
    add(QLatin1StringView("alerts.list"), false, Role::Viewer, bind(&CommandDispatcher::alertsList));
    add(QLatin1StringView("alerts.since"), false, Role::Viewer, bind(&CommandDispatcher::alertsList));
    add(QLatin1StringView("alert.get"), false, Role::Viewer, bind(&CommandDispatcher::alertsList));
    add(QLatin1StringView("alert.ack"), false, Role::Operator, bind(&CommandDispatcher::alertChange));
    add(QLatin1StringView("alert.resolve"), false, Role::Operator, bind(&CommandDispatcher::alertChange));
    add(QLatin1StringView("logs.analysis"), false, Role::Viewer, bind(&CommandDispatcher::logsAnalysis));
    add(QLatin1StringView("alert_rules.list"), false, Role::Viewer, bind(&CommandDispatcher::alertRules));
    add(QLatin1StringView("alert_rule.set"), false, Role::Admin, bind(&CommandDispatcher::alertRuleChange));
    add(QLatin1StringView("alert_rule.delete"), false, Role::Admin, bind(&CommandDispatcher::alertRuleChange));
    add(QLatin1StringView("silences.list"), false, Role::Viewer, bind(&CommandDispatcher::silences));
    add(QLatin1StringView("silence.create"), false, Role::Operator, bind(&CommandDispatcher::silenceChange));
    add(QLatin1StringView("silence.expire"), false, Role::Operator, bind(&CommandDispatcher::silenceChange));
    add(QLatin1StringView("notify.status"), false, Role::Viewer, bind(&CommandDispatcher::notifyStatus));
    add(QLatin1StringView("backups.list"), false, Role::Viewer, bind(&CommandDispatcher::backupsList));
    add(QLatin1StringView("backup.retention_preview"), false, Role::Viewer, bind(&CommandDispatcher::backupsList));
    add(QLatin1StringView("backup.create"), false, Role::Operator, bind(&CommandDispatcher::backupJob));
    add(QLatin1StringView("backup.verify"), false, Role::Operator, bind(&CommandDispatcher::backupJob));
    add(QLatin1StringView("backup.drill"), false, Role::Operator, bind(&CommandDispatcher::backupJob));
    add(QLatin1StringView("backup.restore"), false, Role::Admin, bind(&CommandDispatcher::backupJob));
    add(QLatin1StringView("backup.cancel"), false, Role::Operator, bind(&CommandDispatcher::backupCancel));
    add(QLatin1StringView("schedule.list"), false, Role::Viewer, bind(&CommandDispatcher::scheduleCommand));
    add(QLatin1StringView("schedule.run"), false, Role::Operator, bind(&CommandDispatcher::scheduleCommand));
    add(QLatin1StringView("health.report"), false, Role::Viewer, bind(&CommandDispatcher::healthCommand));
    add(QLatin1StringView("health.history"), false, Role::Viewer, bind(&CommandDispatcher::healthCommand));
    add(QLatin1StringView("health.run"), false, Role::Operator, bind(&CommandDispatcher::healthCommand));
    add(QLatin1StringView("performance.report"), false, Role::Viewer, bind(&CommandDispatcher::healthCommand));
    add(QLatin1StringView("diagnose"), false, Role::Viewer, bind(&CommandDispatcher::diagnoseCommand));
    add(QLatin1StringView("diagnose.export"), false, Role::Viewer, bind(&CommandDispatcher::diagnoseCommand));
}

void CommandDispatcher::add(QLatin1StringView type, bool isPublic, protocol::Role role, Handler handler)
{
    m_commands.insert(QString(type), Command{isPublic, role, std::move(handler)});
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
        if (int(context.identity->role) < int(it->role)) {
            return fail(request, Error::Forbidden,
                        QStringLiteral("\"%1\" needs the %2 role").arg(request.type, protocol::roleName(it->role)));
        }
    }
    return it->handler(context, request);
}

QFuture<CommandOutcome> CommandDispatcher::login(const CommandContext &context, const protocol::Request &request)
{
    const QJsonValue user = request.data.value(u"username"_qs);
    const QJsonValue password = request.data.value(u"password"_qs);
    if (!user.isString() || !password.isString() || password.toString().size() > 1024)
        return fail(request, Error::BadRequest, QStringLiteral("login needs data.username and data.password strings"));
    const QString username = user.toString().left(64);
    return m_auth->login(username, password.toString(), context.address)
        .then(this, [this, context, request, username](const LoginOutcome &outcome) {
            AuditLog::Actor actor = context.actor();
            if (!outcome.errorCode.isEmpty()) {
                m_audit->record(actor, QStringLiteral("auth.login_failed"), QStringLiteral("user"), username,
                                {{u"reason"_qs, outcome.errorCode}});
                return CommandOutcome{Result::failure(request.id, QLatin1StringView(outcome.errorCode.toLatin1()),
                                                      outcome.errorMessage),
                                      std::nullopt, false};
            }
            actor.userId = outcome.identity.userId;
            if (!m_audit->record(actor, QStringLiteral("auth.login"), QStringLiteral("user"), username)) {
                // The session's token is never handed out; it is revoked at once.
                QString ignored;
                m_auth->logout(outcome.identity, &ignored);
                return CommandOutcome{Result::failure(request.id, Error::Internal, QString(AuditLog::RefusedMessage)), std::nullopt, false};
            }
            return CommandOutcome{Result::success(request.id, identityJson(outcome.identity, outcome.token)),
                                  outcome.identity, false};
        });
}

QFuture<CommandOutcome> CommandDispatcher::authenticate(const CommandContext &, const protocol::Request &request)
{
    const std::optional<Identity> identity = m_auth->authenticate(request.data.value(u"token"_qs).toString());
    if (!identity)
        return fail(request, Error::Unauthorized, QStringLiteral("the token is unknown, revoked or expired"));
    return QtFuture::makeReadyFuture(CommandOutcome{Result::success(request.id, identityJson(*identity)), identity, false});
}

QFuture<CommandOutcome> CommandDispatcher::logout(const CommandContext &context, const protocol::Request &request)
{
    QString error;
    if (!m_audit->record(context.actor(), QStringLiteral("auth.logout"), QStringLiteral("user"), context.identity->username))
        return auditRefused(request);
    if (context.identity->kind == QLatin1StringView("session") && !m_auth->logout(*context.identity, &error))
        return fail(request, Error::Internal, error);
    return QtFuture::makeReadyFuture(CommandOutcome{Result::success(request.id), std::nullopt, true});
}

QFuture<CommandOutcome> CommandDispatcher::metricsCurrent(const CommandContext &, const protocol::Request &request)
{
    if (!m_hub->latest())
        return fail(request, Error::NotFound, QStringLiteral("no sample has been taken yet"));
    return ready(Result::success(request.id, m_hub->latest()->toJson()));
}

QFuture<CommandOutcome> CommandDispatcher::metricsHistory(const CommandContext &, const protocol::Request &request)
{
    const qint64 now = m_auth->clock()->nowMs();
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
    QString error;
    QJsonArray samples = m_history->query(from, to, step, &error);
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading history failed"));
    if (samples.size() > MetricsHistory::MaxSamplesPerQuery)
        return fail(request, Error::TooLarge,
                    QStringLiteral("more than %1 samples; use a larger step").arg(MetricsHistory::MaxSamplesPerQuery));
    return ready(Result::success(request.id, {{u"samples"_qs, samples}, {u"step"_qs, step},
                                              {u"interval_ms"_qs, m_hub->intervalMs()}}));
}

QFuture<CommandOutcome> CommandDispatcher::userList(const CommandContext &, const protocol::Request &request)
{
    QString error;
    QJsonArray users;
    for (const UserRecord &u : m_auth->store()->users(&error))
        users.append(QJsonObject{{u"username"_qs, u.username}, {u"role"_qs, protocol::roleName(u.role)},
                                 {u"created_at"_qs, protocol::isoTimestamp(u.createdAtMs)}, {u"disabled"_qs, u.disabled}});
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading users failed"));
    return ready(Result::success(request.id, {{u"users"_qs, users}}));
}

QFuture<CommandOutcome> CommandDispatcher::userAdd(const CommandContext &context, const protocol::Request &request)
{
    const QString username = request.data.value(u"username"_qs).toString();
    Role role;
    if (!protocol::parseRole(request.data.value(u"role"_qs).toString(), &role))
        return fail(request, Error::BadRequest, QStringLiteral("data.role must be viewer, operator or admin"));
    QString lookupError;
    if (m_auth->store()->userByName(username, &lookupError))
        return fail(request, Error::Conflict, QStringLiteral("a user named \"%1\" exists").arg(username.left(64)));
    // Audited before the user exists; an attempt that fails after that is audited as such.
    if (!m_audit->record(context.actor(), QStringLiteral("user.add"), QStringLiteral("user"), username,
                         {{u"role"_qs, protocol::roleName(role)}}))
        return auditRefused(request);
    return m_auth->addUser(username, request.data.value(u"password"_qs).toString(), role)
        .then(this, [this, context, request, username, role](const protocol::ErrorInfo &error) {
            if (!error.code.isEmpty()) {
                m_audit->record(context.actor(), QStringLiteral("user.add_failed"), QStringLiteral("user"), username,
                                {{u"reason"_qs, error.code}});
                return CommandOutcome{Result::failure(request.id, QLatin1StringView(error.code.toLatin1()), error.message),
                                      std::nullopt, false};
            }
            return CommandOutcome{Result::success(request.id, {{u"username"_qs, username}}), std::nullopt, false};
        });
}

QFuture<CommandOutcome> CommandDispatcher::tokenCreate(const CommandContext &context, const protocol::Request &request)
{
    const QString name = request.data.value(u"name"_qs).toString();
    const QString user = request.data.value(u"username"_qs).toString(context.identity->username);
    Role role;
    if (name.isEmpty() || name.size() > 100)
        return fail(request, Error::BadRequest, QStringLiteral("data.name must be 1-100 characters"));
    if (!protocol::parseRole(request.data.value(u"role"_qs).toString(), &role))
        return fail(request, Error::BadRequest, QStringLiteral("data.role must be viewer, operator or admin"));
    qint64 expires = -1;
    if (request.data.contains(u"expires_at"_qs)) {
        expires = protocol::parseIsoTimestamp(request.data.value(u"expires_at"_qs).toString());
        if (expires < 0)
            return fail(request, Error::BadRequest, QStringLiteral("data.expires_at must be an ISO-8601 time"));
    }
    QString tokenId, code, error;
    const std::optional<QString> token = m_auth->createApiToken(user, name, role, expires, &tokenId, &code, &error);
    if (!token)
        return fail(request, QLatin1StringView(code.toLatin1()), error);
    // Its id is made with it: the row follows, and a token whose row cannot be written is
    // revoked before anyone has seen it.
    if (!m_audit->record(context.actor(), QStringLiteral("token.create"), QStringLiteral("token"), tokenId,
                         {{u"name"_qs, name}, {u"username"_qs, user}, {u"role"_qs, protocol::roleName(role)}})) {
        m_auth->revokeToken(tokenId, &error);
        return auditRefused(request);
    }
    return ready(Result::success(request.id, {{u"id"_qs, tokenId}, {u"token"_qs, *token}, {u"role"_qs, protocol::roleName(role)}}));
}

QFuture<CommandOutcome> CommandDispatcher::tokenList(const CommandContext &, const protocol::Request &request)
{
    QString error;
    QJsonArray tokens;
    for (const TokenRecord &t : m_auth->store()->apiTokens(&error)) {
        tokens.append(QJsonObject{{u"id"_qs, t.id}, {u"name"_qs, t.name}, {u"username"_qs, t.username},
                                  {u"role"_qs, protocol::roleName(t.role)},
                                  {u"created_at"_qs, protocol::isoTimestamp(t.createdAtMs)},
                                  {u"expires_at"_qs, t.expiresAtMs < 0 ? QJsonValue() : QJsonValue(protocol::isoTimestamp(t.expiresAtMs))},
                                  {u"revoked"_qs, t.revoked}});
    }
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading tokens failed"));
    return ready(Result::success(request.id, {{u"tokens"_qs, tokens}}));
}

QFuture<CommandOutcome> CommandDispatcher::tokenRevoke(const CommandContext &context, const protocol::Request &request)
{
    const QString id = request.data.value(u"id"_qs).toString();
    QString error;
    if (id.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.id is required"));
    if (!m_audit->record(context.actor(), QStringLiteral("token.revoke"), QStringLiteral("token"), id))
        return auditRefused(request);
    if (!m_auth->revokeToken(id, &error)) {
        m_audit->record(context.actor(), QStringLiteral("token.revoke_failed"), QStringLiteral("token"), id, {{u"reason"_qs, u"not_found"_qs}});
        return fail(request, Error::NotFound, QStringLiteral("no such token"));
    }
    Q_EMIT tokenRevoked(id);
    return ready(Result::success(request.id, {{u"id"_qs, id}}));
}

QFuture<CommandOutcome> CommandDispatcher::auditQuery(const CommandContext &, const protocol::Request &request)
{
    const QJsonObject &d = request.data;
    OpsStore::AuditFilter f;
    if (d.contains(u"user"_qs)) {
        QString error;
        const auto user = m_auth->store()->userByName(d.value(u"user"_qs).toString(), &error);
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
    QString error;
    QJsonArray rows;
    {
        // Read under the same time budget as log searches: a filter that scans the whole
        // log is stopped by the database, not waited for on the event loop.
        const QueryBudget budget(m_auth->store()->database(), m_auth->store()->isPostgres(),
                                 m_logs ? m_logs->limits().queryBudgetMs : LogStore::Limits{}.queryBudgetMs);
        for (const protocol::AuditEntry &e : m_auth->store()->auditQuery(f, &error))
            rows.append(e.toJson());
        if (budget.expired(!error.isEmpty()))
            return fail(request, Error::TooLarge, budget.message());
    }
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading the audit log failed"));
    return ready(Result::success(request.id, {{u"rows"_qs, rows}}));
}

QFuture<CommandOutcome> CommandDispatcher::auditSince(const CommandContext &, const protocol::Request &request)
{
    const qint64 after = qint64(request.data.value(u"after_seq"_qs).toDouble(0));
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(500), 5000);
    QString error;
    QJsonArray rows;
    for (const protocol::AuditEntry &e : m_auth->store()->auditSince(after, limit, &error))
        rows.append(e.toJson());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading the audit log failed"));
    return ready(Result::success(request.id, {{u"rows"_qs, rows}}));
}

QFuture<CommandOutcome> CommandDispatcher::auditExport(const CommandContext &context, const protocol::Request &request)
{
    QString error;
    const auto bundle = m_audit->exportBundle(qint64(request.data.value(u"from_seq"_qs).toDouble(0)),
                                              qint64(request.data.value(u"to_seq"_qs).toDouble(0)), &error);
    if (!bundle)
        return fail(request, Error::Internal, QStringLiteral("exporting the audit log failed"));
    // Recorded before the bundle leaves.
    if (!m_audit->record(context.actor(), QStringLiteral("audit.export"), QStringLiteral("audit_log"), QString(),
                         {{u"rows"_qs, bundle->value(u"rows"_qs).toArray().size()}}))
        return auditRefused(request);
    return ready(Result::success(request.id, *bundle));
}

std::optional<LogQuery> CommandDispatcher::parseLogQuery(const protocol::Request &request, protocol::Result *failure) const
{
    LogQuery::Error error;
    const QString text = request.data.value(u"query"_qs).toString();
    auto query = LogQuery::parse(text, m_auth->clock()->nowMs(), &error);
    if (!query)
        *failure = Result::failure(request.id, Error::BadRequest,
                                   QStringLiteral("query error at character %1: %2").arg(error.position + 1).arg(error.message));
    return query;
}

QFuture<CommandOutcome> CommandDispatcher::logsSearch(const CommandContext &, const protocol::Request &request)
{
    if (!m_logs)
        return fail(request, Error::NotFound, QStringLiteral("no log store"));
    Result failure;
    const auto query = parseLogQuery(request, &failure);
    if (!query)
        return ready(failure);
    QString error;
    const QueryBudget budget(m_auth->store()->database(), m_auth->store()->isPostgres(), m_logs->limits().queryBudgetMs);
    const LogStore::Page page = m_logs->search(*query, qBound(1, request.data.value(u"limit"_qs).toInt(100), 1000),
                                               qint64(request.data.value(u"before_id"_qs).toDouble(0)), &error);
    if (budget.expired(!error.isEmpty()))
        return fail(request, Error::TooLarge, budget.message());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("searching the logs failed"));
    return ready(Result::success(request.id, {{u"rows"_qs, page.rows}, {u"next_before_id"_qs, double(page.nextBeforeId)}}));
}

QFuture<CommandOutcome> CommandDispatcher::logsAnalysis(const CommandContext &, const protocol::Request &request)
{
    if (!m_logs)
        return fail(request, Error::NotFound, QStringLiteral("no log store"));
    Result failure;
    auto query = parseLogQuery(request, &failure);
    if (!query)
        return ready(failure);
    const qint64 now = m_auth->clock()->nowMs();
    const qint64 to = query->toMs >= 0 ? query->toMs : now;
    const qint64 from = query->fromMs >= 0 ? query->fromMs : to - 3600000;
    QString error;
    // One budget for the three reads together; the first that fails ends the analysis.
    const QueryBudget budget(m_auth->store()->database(), m_auth->store()->isPostgres(), m_logs->limits().queryBudgetMs);
    QJsonObject histogram, rate;
    QJsonArray patterns;
    histogram = m_logs->histogram(*query, from, to, request.data.value(u"buckets"_qs).toInt(60), &error);
    if (error.isEmpty())
        patterns = m_logs->topPatterns(*query, qBound(1, request.data.value(u"patterns"_qs).toInt(10), 100), &error);
    if (error.isEmpty())
        rate = m_logs->errorRate(*query, from, to, &error);
    if (budget.expired(!error.isEmpty()))
        return fail(request, Error::TooLarge, budget.message());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("analysing the logs failed"));
    return ready(Result::success(request.id, {{u"histogram"_qs, histogram}, {u"top_patterns"_qs, patterns}, {u"error_rate"_qs, rate}}));
}

QFuture<protocol::Result> CommandDispatcher::ingestLogs(const CommandContext &context, const QByteArray &body)
{
    if (!m_logWriter || !context.identity || int(context.identity->role) < int(Role::Operator) || !m_logs
        || body.size() > m_maxBatchBytes)
        return QtFuture::makeReadyFuture(ingestLogsNow(context, body));
    QString error;
    LogStore::ParsedBatch batch = m_logs->parse(body, context.identity->username, m_auth->clock()->nowMs(), &error);
    if (batch.report.malformed)
        return QtFuture::makeReadyFuture(Result::failure({}, Error::BadRequest, error.left(300)));
    if (batch.rows.isEmpty())
        return QtFuture::makeReadyFuture(Result::success({}, batch.report.toJson()));
    // Backpressure: a writer that is far behind refuses more, rather than hold it in memory.
    std::optional<QFuture<QString>> committed = m_logWriter->enqueue(std::move(batch.rows));
    if (!committed)
        return QtFuture::makeReadyFuture(Result::failure({}, Error::RateLimited, QStringLiteral("the log writer is behind; retry shortly")));
    // The answer waits for the commit: 200 means the lines are stored.
    return committed->then(this, [report = batch.report.toJson()](const QString &writeError) {
        if (!writeError.isEmpty()) {
            qCWarning(lcOps).noquote() << "storing a log batch failed:" << writeError;
            return Result::failure({}, Error::Internal, QStringLiteral("the batch could not be stored"));
        }
        return Result::success({}, report);
    });
}

// The checks, and the whole ingest when there is no writer thread (written before the answer).
protocol::Result CommandDispatcher::ingestLogsNow(const CommandContext &context, const QByteArray &body)
{
    if (!context.identity)
        return Result::failure({}, Error::Unauthorized, QStringLiteral("send Authorization: Bearer TOKEN"));
    if (int(context.identity->role) < int(Role::Operator))
        return Result::failure({}, Error::Forbidden, QStringLiteral("log ingest needs the operator role"));
    if (!m_logs)
        return Result::failure({}, Error::NotFound, QStringLiteral("no log store"));
    if (body.size() > m_maxBatchBytes)
        return Result::failure({}, Error::TooLarge, QStringLiteral("a batch may have at most %1 bytes").arg(m_maxBatchBytes));
    QString error;
    const LogStore::IngestReport report = m_logs->ingest(body, context.identity->username, m_auth->clock()->nowMs(), &error);
    if (report.malformed)
        return Result::failure({}, Error::BadRequest, error.left(300));
    if (!error.isEmpty()) {
        qCWarning(lcOps).noquote() << "storing a log batch failed:" << error;
        return Result::failure({}, Error::Internal, QStringLiteral("the batch could not be stored"));
    }
    return Result::success({}, report.toJson());
}

QFuture<CommandOutcome> CommandDispatcher::alertsList(const CommandContext &, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    QString error;
    QJsonArray alerts;
    if (request.type == u"alert.get"_qs) {
        const auto alert = m_alerts->get(request.data.value(u"id"_qs).toString(), &error);
        if (!alert)
            return fail(request, Error::NotFound, QStringLiteral("no such alert"));
        return ready(Result::success(request.id, alert->toJson()));
    }
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(200), 1000);
    const QList<protocol::Alert> list = request.type == u"alerts.since"_qs
                                            ? m_alerts->since(qint64(request.data.value(u"after_seq"_qs).toDouble(0)), limit, &error)
                                            : m_alerts->list(request.data.value(u"active"_qs).toBool(true), limit, &error);
    for (const protocol::Alert &a : list)
        alerts.append(a.toJson());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading alerts failed"));
    return ready(Result::success(request.id, {{u"alerts"_qs, alerts}}));
}

QFuture<CommandOutcome> CommandDispatcher::alertChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    const QString id = request.data.value(u"id"_qs).toString();
    const QString comment = request.data.value(u"comment"_qs).toString();
    if (id.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.id is required"));
    const bool ack = request.type == u"alert.ack"_qs;
    const AlertEngine::Outcome possible = m_alerts->check(id, ack);
    if (!possible.errorCode.isEmpty())
        return fail(request, QLatin1StringView(possible.errorCode.toLatin1()), possible.message);
    if (!m_audit->record(context.actor(), ack ? u"alert.acknowledge"_qs : u"alert.resolve"_qs, u"alert"_qs, id,
                         {{u"comment"_qs, comment.left(1000)}, {u"title"_qs, possible.alert.title}}))
        return auditRefused(request);
    const AlertEngine::Outcome outcome = ack ? m_alerts->acknowledge(id, context.identity->username, comment)
                                             : m_alerts->resolve(id, context.identity->username, comment);
    if (!outcome.errorCode.isEmpty())
        return fail(request, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.message);
    return ready(Result::success(request.id, outcome.alert.toJson()));
}

namespace {

// The series a rule can watch (per-core, per-mount and per-interface ones by prefix).
QStringList knownSeries()
{
    protocol::MetricsSample sample;
    sample.tasks.available = true;
    sample.performance.available = true;
    QStringList names;
    for (const auto &[name, value] : protocol::seriesOf(sample))
        names.append(name);
    return names;
}

QJsonObject ruleJson(const AlertEngine::RuleInfo &info)
{
    QJsonObject json{{u"name"_qs, info.rule.name},
                     {u"expression"_qs, info.rule.expression()},
                     {u"series"_qs, info.rule.series},
                     {u"level"_qs, info.rule.level},
                     {u"title"_qs, info.rule.title},
                     {u"hold_seconds"_qs, double(info.rule.holdMs / 1000)},
                     {u"source"_qs, info.source},
                     {u"enabled"_qs, info.enabled}};
    if (!info.updatedBy.isEmpty()) {
        json.insert(u"updated_by"_qs, info.updatedBy);
        json.insert(u"updated_at"_qs, protocol::isoTimestamp(info.updatedAtMs));
    }
    return json;
}

} // namespace

QFuture<CommandOutcome> CommandDispatcher::alertRules(const CommandContext &, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    QJsonArray rules;
    for (const AlertEngine::RuleInfo &info : m_alerts->ruleInfos())
        rules.append(ruleJson(info));
    return ready(Result::success(request.id, {{u"rules"_qs, rules}, {u"series"_qs, QJsonArray::fromStringList(knownSeries())}}));
}

QFuture<CommandOutcome> CommandDispatcher::alertRuleChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9_.-]{1,64}$"));
    const QString name = request.data.value(u"name"_qs).toString();
    if (!namePattern.match(name).hasMatch())
        return fail(request, Error::BadRequest, QStringLiteral("data.name must be 1-64 of a-z 0-9 _ . -"));
    QString error;
    if (request.type == u"alert_rule.delete"_qs) {
        const auto infos = m_alerts->ruleInfos();
        if (std::none_of(infos.cbegin(), infos.cend(), [&](const AlertEngine::RuleInfo &i) { return i.rule.name == name && i.source == u"api"_qs; }))
            return fail(request, Error::NotFound, QStringLiteral("no rule \"%1\" was set through the API").arg(name));
        if (!m_audit->record(context.actor(), u"alert_rule.delete"_qs, u"alert_rule"_qs, name, {}))
            return auditRefused(request);
        if (!m_alerts->deleteRule(name, &error))
            return fail(request, Error::Internal, QStringLiteral("removing the rule failed"));
        return ready(Result::success(request.id, {{u"name"_qs, name}, {u"deleted"_qs, true}}));
    }
    auto rule = AlertRule::parse(name, request.data.value(u"expression"_qs).toString().left(300),
                                 request.data.value(u"level"_qs).toString(u"warning"_qs), &error);
    if (!rule)
        return fail(request, Error::BadRequest, error);
    const QString title = request.data.value(u"title"_qs).toString().trimmed().left(200);
    if (!title.isEmpty())
        rule->title = title;
    const double hold = request.data.value(u"hold_seconds"_qs).toDouble(60);
    if (hold < 0 || hold > 86400)
        return fail(request, Error::BadRequest, QStringLiteral("data.hold_seconds must be between 0 and 86400"));
    rule->holdMs = qint64(hold) * 1000;
    if (!knownSeries().contains(rule->series) && !rule->series.startsWith(u"cpu_core."_qs) && !rule->series.startsWith(u"mount."_qs) && !rule->series.startsWith(u"iface."_qs))
        return fail(request, Error::BadRequest, QStringLiteral("unknown series \"%1\"; alert_rules.list names them").arg(rule->series));
    const bool enabled = request.data.value(u"enabled"_qs).toBool(true);
    if (!m_audit->record(context.actor(), u"alert_rule.set"_qs, u"alert_rule"_qs, name,
                         {{u"expression"_qs, rule->expression()}, {u"level"_qs, rule->level}, {u"enabled"_qs, enabled},
                          {u"hold_seconds"_qs, double(rule->holdMs / 1000)}}))
        return auditRefused(request);
    if (!m_alerts->putRule(*rule, enabled, context.identity->username, &error))
        return fail(request, Error::Internal, QStringLiteral("storing the rule failed"));
    return ready(Result::success(request.id, ruleJson({*rule, u"api"_qs, enabled, context.identity->username, 0})));
}

QFuture<CommandOutcome> CommandDispatcher::silences(const CommandContext &, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    QString error;
    QJsonArray list;
    for (const Silence &s : m_alerts->silences(request.data.value(u"include_ended"_qs).toBool(false), &error))
        list.append(s.toJson());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading silences failed"));
    return ready(Result::success(request.id, {{u"silences"_qs, list}}));
}

QFuture<CommandOutcome> CommandDispatcher::silenceChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    if (request.type == u"silence.expire"_qs) {
        const QString id = request.data.value(u"id"_qs).toString().left(64);
        if (!m_alerts->hasActiveSilence(id))
            return fail(request, Error::NotFound, QStringLiteral("no such active silence"));
        if (!m_audit->record(context.actor(), u"silence.expire"_qs, u"silence"_qs, id, {}))
            return auditRefused(request);
        const AlertEngine::Outcome outcome = m_alerts->expireSilence(id, context.identity->username);
        if (!outcome.errorCode.isEmpty())
            return fail(request, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.message);
        return ready(Result::success(request.id, {{u"id"_qs, id}, {u"expired"_qs, true}}));
    }
    const QJsonValue matchersValue = request.data.value(u"matchers"_qs);
    if (!matchersValue.isArray())
        return fail(request, Error::BadRequest, QStringLiteral("data.matchers must be an array of \"LABEL=VALUE\" strings"));
    QStringList texts;
    for (const QJsonValue &v : matchersValue.toArray())
        texts.append(v.toString());
    QString error;
    const auto matchers = AlertMatcher::parseList(texts, &error);
    if (!matchers)
        return fail(request, Error::BadRequest, error);
    const double seconds = request.data.value(u"duration_seconds"_qs).toDouble(-1);
    const QString comment = request.data.value(u"comment"_qs).toString();
    if (!AlertEngine::silenceValid(*matchers, qint64(seconds) * 1000, comment, &error))
        return fail(request, Error::BadRequest, error);
    const QString silenceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!m_audit->record(context.actor(), u"silence.create"_qs, u"silence"_qs, silenceId,
                         {{u"matchers"_qs, AlertMatcher::toJson(*matchers)},
                          {u"ends_at"_qs, protocol::isoTimestamp(m_auth->clock()->nowMs() + qint64(seconds) * 1000)},
                          {u"comment"_qs, comment.left(1000)}}))
        return auditRefused(request);
    const auto silence = m_alerts->addSilence(*matchers, qint64(seconds) * 1000, comment, context.identity->username, &error, silenceId);
    if (!silence)
        return fail(request, Error::Internal, QStringLiteral("storing the silence failed"));
    return ready(Result::success(request.id, silence->toJson()));
}

QFuture<CommandOutcome> CommandDispatcher::notifyStatus(const CommandContext &, const protocol::Request &request)
{
    QJsonArray channels;
    QJsonObject routes;
    QJsonObject escalation;
    if (m_notifier) {
        const auto health = m_notifier->health();
        for (auto it = health.constBegin(); it != health.constEnd(); ++it) {
            QJsonObject c{{u"name"_qs, it.key()}, {u"configured"_qs, m_notifier->channelNames().contains(it.key())},
                          {u"queued"_qs, double(it->queued)}, {u"last_error"_qs, it->lastError}};
            c.insert(u"last_success"_qs, it->lastSuccessMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastSuccessMs)) : QJsonValue());
            c.insert(u"last_error_at"_qs, it->lastErrorMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastErrorMs)) : QJsonValue());
            channels.append(c);
        }
        const Notifier::Routes &r = m_notifier->routes();
        routes = {{u"info"_qs, QJsonArray::fromStringList(r.info)}, {u"warning"_qs, QJsonArray::fromStringList(r.warning)},
                  {u"error"_qs, QJsonArray::fromStringList(r.error)}, {u"critical"_qs, QJsonArray::fromStringList(r.critical)}};
        if (m_escalator) {
            for (const QString &level : {u"warning"_qs, u"error"_qs, u"critical"_qs})
                escalation.insert(level, m_escalator->policy().previewJson(r.forLevel(level)));
        }
    }
    QJsonArray windows;
    if (m_alerts) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const MaintenanceWindow &w : m_alerts->maintenanceWindows()) {
            QJsonObject json = w.toJson();
            json.insert(u"active"_qs, w.activeAt(now));
            const qint64 next = w.nextStart(now);
            json.insert(u"next_start"_qs, next >= 0 ? QJsonValue(protocol::isoTimestamp(next)) : QJsonValue());
            windows.append(json);
        }
    }
    return ready(Result::success(request.id, {{u"channels"_qs, channels}, {u"routes"_qs, routes}, {u"escalation"_qs, escalation},
                                              {u"maintenance"_qs, windows}}));
}

QFuture<CommandOutcome> CommandDispatcher::backupsList(const CommandContext &, const protocol::Request &request)
{
    if (!m_backups)
        return fail(request, Error::NotFound, QStringLiteral("backups are not enabled"));
    QString error;
    if (request.type == u"backup.retention_preview"_qs) {
        const QJsonArray decisions = m_backups->retentionPreview(&error);
        if (!error.isEmpty())
            return fail(request, Error::Internal, QStringLiteral("reading backups failed"));
        const RetentionPolicy &p = m_backups->options().retention;
        return ready(Result::success(request.id, {{u"decisions"_qs, decisions},
                                                  {u"policy"_qs, QJsonObject{{u"keep_last"_qs, p.keepLast}, {u"keep_daily"_qs, p.keepDaily},
                                                                             {u"keep_weekly"_qs, p.keepWeekly}, {u"keep_monthly"_qs, p.keepMonthly},
                                                                             {u"max_age_days"_qs, p.maxAgeDays}}}}));
    }
    const QJsonArray backups = m_backups->list(&error);
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading backups failed"));
    QJsonObject data{{u"backups"_qs, backups}, {u"summary"_qs, m_backups->summary()}, {u"directory"_qs, m_backups->options().plan.directory}};
    const QJsonObject running = m_backups->running();
    data.insert(u"running"_qs, running.isEmpty() ? QJsonValue() : QJsonValue(running));
    if (m_scheduler)
        data.insert(u"schedule"_qs, m_scheduler->status());
    return ready(Result::success(request.id, data));
}

QFuture<CommandOutcome> CommandDispatcher::backupJob(const CommandContext &context, const protocol::Request &request)
{
    if (!m_backups)
        return fail(request, Error::NotFound, QStringLiteral("backups are not enabled"));
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
            return fail(request, Error::BadRequest, QStringLiteral("a restore needs data.confirm set to the backup's name"));
    }
    if (kind != BackupService::Kind::Create && name.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.name (a backup) is required"));
    if (const QJsonObject running = m_backups->running(); !running.isEmpty())
        return fail(request, Error::Conflict,
                    QStringLiteral("a %1 job is running; one job at a time").arg(running.value(u"kind"_qs).toString()));
    if (kind != BackupService::Kind::Create && m_backups->pathOf(name).isEmpty())
        return fail(request, Error::NotFound, QStringLiteral("no backup named \"%1\"").arg(name.left(100)));
    // Audited before the job starts (a restore replaces data); one that cannot start is audited as such.
    const QString action = u"backup."_qs + BackupService::kindName(kind);
    if (!m_audit->record(context.actor(), action, u"backup"_qs, name, {}))
        return auditRefused(request);
    const BackupService::Started started = m_backups->start(kind, name, context.identity->username);
    if (!started.errorCode.isEmpty()) {
        m_audit->record(context.actor(), action + u"_failed"_qs, u"backup"_qs, name, {{u"reason"_qs, started.errorCode}});
        return fail(request, QLatin1StringView(started.errorCode.toLatin1()), started.message);
    }
    return ready(Result::success(request.id, {{u"job_id"_qs, started.jobId}, {u"kind"_qs, BackupService::kindName(kind)}, {u"name"_qs, name}}));
}

QFuture<CommandOutcome> CommandDispatcher::backupCancel(const CommandContext &context, const protocol::Request &request)
{
    if (!m_backups)
        return fail(request, Error::NotFound, QStringLiteral("backups are not enabled"));
    const QString jobId = request.data.value(u"job_id"_qs).toString().left(64);
    const QJsonObject running = m_backups->running();
    if (running.isEmpty() || running.value(u"job_id"_qs).toString() != jobId)
        return fail(request, Error::NotFound, QStringLiteral("no running job with that id"));
    if (!m_audit->record(context.actor(), u"backup.cancel"_qs, u"backup"_qs, running.value(u"name"_qs).toString(),
                         {{u"job_id"_qs, jobId}, {u"kind"_qs, running.value(u"kind"_qs)}}))
        return auditRefused(request);
    if (!m_backups->cancel(jobId))
        return fail(request, Error::NotFound, QStringLiteral("no running job with that id"));
    return ready(Result::success(request.id, {{u"job_id"_qs, jobId}, {u"cancelling"_qs, true}}));
}

QFuture<CommandOutcome> CommandDispatcher::scheduleCommand(const CommandContext &context, const protocol::Request &request)
{
    if (!m_scheduler)
        return fail(request, Error::NotFound, QStringLiteral("the scheduler is not enabled"));
    if (request.type == u"schedule.run"_qs) {
        const QString job = request.data.value(u"job"_qs).toString().left(64);
        const QJsonArray jobs = m_scheduler->status();
        const bool known = std::any_of(jobs.begin(), jobs.end(), [&](const QJsonValue &v) { return v.toObject().value(u"name"_qs).toString() == job; });
        if (!known)
            return fail(request, Error::NotFound, QStringLiteral("no scheduled job \"%1\"").arg(job));
        if (!m_audit->record(context.actor(), u"schedule.run"_qs, u"job"_qs, job, {}))
            return auditRefused(request);
        if (!m_scheduler->runNow(job)) {
            m_audit->record(context.actor(), u"schedule.run_failed"_qs, u"job"_qs, job, {{u"reason"_qs, u"conflict"_qs}});
            return fail(request, Error::Conflict, QStringLiteral("%1 is running").arg(job));
        }
        return ready(Result::success(request.id, {{u"job"_qs, job}, {u"started"_qs, true}}));
    }
    QString error;
    const QJsonArray history = m_scheduler->history(qBound(1, request.data.value(u"limit"_qs).toInt(50), 500), &error);
    return ready(Result::success(request.id, {{u"jobs"_qs, m_scheduler->status()}, {u"history"_qs, history},
                                              {u"time_zone"_qs, QString::fromUtf8(m_scheduler->zone().id())}}));
}

QFuture<protocol::Result> CommandDispatcher::ingestRequests(const CommandContext &context, const QByteArray &body)
{
    return QtFuture::makeReadyFuture(ingestRequestsNow(context, body));
}

protocol::Result CommandDispatcher::ingestRequestsNow(const CommandContext &context, const QByteArray &body)
{
    if (!context.identity)
        return Result::failure({}, Error::Unauthorized, QStringLiteral("send Authorization: Bearer TOKEN"));
    if (int(context.identity->role) < int(Role::Operator))
        return Result::failure({}, Error::Forbidden, QStringLiteral("request records need the operator role"));
    if (!m_performance)
        return Result::failure({}, Error::NotFound, QStringLiteral("the performance monitor is not enabled"));
    if (body.size() > m_maxBatchBytes)
        return Result::failure({}, Error::TooLarge, QStringLiteral("a batch may have at most %1 bytes").arg(m_maxBatchBytes));
    QString error;
    const auto batch = PerformanceMonitor::parseBatch(body, m_auth->clock()->nowMs(), &error);
    if (!batch)
        return Result::failure({}, Error::BadRequest, error.left(300));
    for (const PerformanceMonitor::Request &r : *batch)
        m_performance->add(r);
    return Result::success({}, {{u"accepted"_qs, double(batch->size())}});
}

QFuture<CommandOutcome> CommandDispatcher::healthCommand(const CommandContext &, const protocol::Request &request)
{
    if (request.type == u"performance.report"_qs) {
        if (!m_performance)
            return fail(request, Error::NotFound, QStringLiteral("the performance monitor is not enabled"));
        return ready(Result::success(request.id, m_performance->snapshot(m_auth->clock()->nowMs())));
    }
    if (!m_health)
        return fail(request, Error::NotFound, QStringLiteral("health checks are not enabled"));
    if (request.type == u"health.report"_qs)
        return ready(Result::success(request.id, m_health->report()));
    if (request.type == u"health.history"_qs) {
        const double hours = std::clamp(request.data.value(u"hours"_qs).toDouble(24), 0.1, 24.0 * 7);
        QString error;
        const QJsonArray rows = m_health->history(request.data.value(u"check"_qs).toString().left(100),
                                                  m_auth->clock()->nowMs() - qint64(hours * 3600000), qBound(1, request.data.value(u"limit"_qs).toInt(2000), 20000),
                                                  &error);
        if (!error.isEmpty())
            return fail(request, Error::Internal, QStringLiteral("reading the health history failed"));
        return ready(Result::success(request.id, {{u"history"_qs, rows}}));
    }
    // health.run: answered when the run ends.
    auto promise = std::make_shared<QPromise<CommandOutcome>>();
    QFuture<CommandOutcome> future = promise->future();
    promise->start();
    const QString id = request.id;
    m_health->run([promise, id](const QJsonObject &report) {
        promise->addResult(CommandOutcome{Result::success(id, report), std::nullopt, false});
        promise->finish();
    });
    return future;
}

QFuture<CommandOutcome> CommandDispatcher::diagnoseCommand(const CommandContext &, const protocol::Request &request)
{
    if (!m_diagnose)
        return fail(request, Error::NotFound, QStringLiteral("diagnosis is not enabled"));
    const QString format = request.data.value(u"format"_qs).toString(u"json"_qs);
    if (request.type == u"diagnose.export"_qs && format != u"json"_qs && format != u"markdown"_qs && format != u"html"_qs)
        return fail(request, Error::BadRequest, QStringLiteral("data.format is json, markdown or html"));
    const QString id = request.id;
    const bool exporting = request.type == u"diagnose.export"_qs;
    const qint64 now = m_auth->clock()->nowMs();
    return m_diagnose().then(this, [id, exporting, format, now](const QList<Finding> &findings) {
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
