#include "server/api/alertscontroller.h"

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
                     {u"op"_qs, info.rule.op == AlertRule::Op::Greater        ? u">"_qs
                                : info.rule.op == AlertRule::Op::GreaterEqual ? u">="_qs
                                : info.rule.op == AlertRule::Op::Less         ? u"<"_qs
                                                                              : u"<="_qs},
                     {u"threshold"_qs, info.rule.threshold},
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

AlertsController::AlertsController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(QLatin1StringView("alerts.list"), false, Role::Viewer, &AlertsController::alertsList);
    add(QLatin1StringView("alerts.since"), false, Role::Viewer, &AlertsController::alertsList);
    add(QLatin1StringView("alert.get"), false, Role::Viewer, &AlertsController::alertsList);
    add(QLatin1StringView("alert.ack"), false, Role::Operator, &AlertsController::alertChange);
    add(QLatin1StringView("alert.resolve"), false, Role::Operator, &AlertsController::alertChange);
    add(QLatin1StringView("alert_rules.list"), false, Role::Viewer, &AlertsController::alertRules);
    add(QLatin1StringView("alert_rule.set"), false, Role::Admin, &AlertsController::alertRuleChange);
    add(QLatin1StringView("alert_rule.delete"), false, Role::Admin, &AlertsController::alertRuleChange);
    add(QLatin1StringView("silences.list"), false, Role::Viewer, &AlertsController::silences);
    add(QLatin1StringView("silence.create"), false, Role::Operator, &AlertsController::silenceChange);
    add(QLatin1StringView("silence.expire"), false, Role::Operator, &AlertsController::silenceChange);
    add(QLatin1StringView("notify.status"), false, Role::Viewer, &AlertsController::notifyStatus);
}

QFuture<CommandOutcome> AlertsController::alertsList(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    AlertEngine *engine = m_s.alerts;
    const QString id = request.data.value(u"id"_qs).toString();
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(200), 1000);
    const qint64 afterSeq = qint64(request.data.value(u"after_seq"_qs).toDouble(0));
    const bool active = request.data.value(u"active"_qs).toBool(true);
    const QString host = request.data.value(u"host"_qs).toString().left(63);
    return answerOnStore([engine, request, id, limit, afterSeq, active, host] {
        QString error;
        if (request.type == u"alert.get"_qs) {
            const auto alert = engine->get(id, &error);
            if (!alert)
                return Result::failure(request.id, Error::NotFound, QStringLiteral("no such alert"));
            return Result::success(request.id, alert->toJson());
        }
        const QList<protocol::Alert> list =
            request.type == u"alerts.since"_qs ? engine->since(afterSeq, limit, &error) : engine->list(active, limit, &error, host);
        if (!error.isEmpty())
            return Result::failure(request.id, Error::Internal, QStringLiteral("reading alerts failed"));
        QJsonArray alerts;
        for (const protocol::Alert &a : list)
            alerts.append(a.toJson());
        return Result::success(request.id, {{u"alerts"_qs, alerts}});
    });
}

QFuture<CommandOutcome> AlertsController::alertChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    const QString id = request.data.value(u"id"_qs).toString();
    const QString comment = request.data.value(u"comment"_qs).toString();
    if (id.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.id is required"));
    const bool ack = request.type == u"alert.ack"_qs;
    AlertEngine *engine = m_s.alerts;
    const AuditLog::Actor actor = context.actor();
    const QString user = context.identity->username;
    // Checked on the engine's thread, audited here, carried out there: an alert that changed in
    // between is answered with the engine's own error.
    return onStore([engine, id, ack] { return engine->check(id, ack); })
        .then(this,
              [this, engine, request, id, ack, comment, actor, user](const AlertEngine::Outcome &possible) -> QFuture<CommandOutcome> {
                  if (!possible.errorCode.isEmpty())
                      return fail(request, QLatin1StringView(possible.errorCode.toLatin1()), possible.message);
                  return auditedOnStore(request, {actor, ack ? u"alert.acknowledge"_qs : u"alert.resolve"_qs, u"alert"_qs, id,
                                                  {{u"comment"_qs, comment.left(1000)}, {u"title"_qs, possible.alert.title}}},
                                        [engine, request, id, ack, comment, user] {
                      const AlertEngine::Outcome outcome = ack ? engine->acknowledge(id, user, comment) : engine->resolve(id, user, comment);
                      if (!outcome.errorCode.isEmpty())
                          return Result::failure(request.id, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.message);
                      return Result::success(request.id, outcome.alert.toJson());
                  });
              })
        .unwrap();
}

QFuture<CommandOutcome> AlertsController::alertRules(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    AlertEngine *engine = m_s.alerts;
    return answerOnStore([engine, request] {
        QJsonArray rules;
        for (const AlertEngine::RuleInfo &info : engine->ruleInfos())
            rules.append(ruleJson(info));
        return Result::success(request.id, {{u"rules"_qs, rules}, {u"series"_qs, QJsonArray::fromStringList(knownSeries())}});
    });
}

QFuture<CommandOutcome> AlertsController::alertRuleChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9_.-]{1,64}$"));
    const QString name = request.data.value(u"name"_qs).toString();
    if (!namePattern.match(name).hasMatch())
        return fail(request, Error::BadRequest, QStringLiteral("data.name must be 1-64 of a-z 0-9 _ . -"));
    AlertEngine *engine = m_s.alerts;
    const AuditLog::Actor actor = context.actor();
    const QString user = context.identity->username;
    QString error;
    if (request.type == u"alert_rule.delete"_qs) {
        return onStore([engine, name] {
                   const auto infos = engine->ruleInfos();
                   return std::any_of(infos.cbegin(), infos.cend(),
                                      [&](const AlertEngine::RuleInfo &i) { return i.rule.name == name && i.source == u"api"_qs; });
               })
            .then(this,
                  [this, engine, request, name, actor](bool known) -> QFuture<CommandOutcome> {
                      if (!known)
                          return fail(request, Error::NotFound, QStringLiteral("no rule \"%1\" was set through the API").arg(name));
                      return auditedOnStore(request, {actor, u"alert_rule.delete"_qs, u"alert_rule"_qs, name, {}}, [engine, request, name] {
                          QString why;
                          if (!engine->deleteRule(name, &why))
                              return Result::failure(request.id, Error::Internal, QStringLiteral("removing the rule failed"));
                          return Result::success(request.id, {{u"name"_qs, name}, {u"deleted"_qs, true}});
                      });
                  })
            .unwrap();
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
    return auditedOnStore(request,
                          {actor, u"alert_rule.set"_qs, u"alert_rule"_qs, name,
                           {{u"expression"_qs, rule->expression()}, {u"level"_qs, rule->level}, {u"enabled"_qs, enabled},
                            {u"hold_seconds"_qs, double(rule->holdMs / 1000)}}},
                          [engine, request, rule = *rule, enabled, user] {
        QString why;
        if (!engine->putRule(rule, enabled, user, &why))
            return Result::failure(request.id, Error::Internal, QStringLiteral("storing the rule failed"));
        return Result::success(request.id, ruleJson({rule, u"api"_qs, enabled, user, 0}));
    });
}

QFuture<CommandOutcome> AlertsController::silences(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    AlertEngine *engine = m_s.alerts;
    const bool includeEnded = request.data.value(u"include_ended"_qs).toBool(false);
    return answerOnStore([engine, request, includeEnded] {
        QString error;
        QJsonArray list;
        for (const Silence &s : engine->silences(includeEnded, &error))
            list.append(s.toJson());
        if (!error.isEmpty())
            return Result::failure(request.id, Error::Internal, QStringLiteral("reading silences failed"));
        return Result::success(request.id, {{u"silences"_qs, list}});
    });
}

QFuture<CommandOutcome> AlertsController::silenceChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    AlertEngine *engine = m_s.alerts;
    const AuditLog::Actor actor = context.actor();
    const QString user = context.identity->username;
    if (request.type == u"silence.expire"_qs) {
        const QString id = request.data.value(u"id"_qs).toString().left(64);
        return onStore([engine, id] { return engine->hasActiveSilence(id); })
            .then(this,
                  [this, engine, request, id, actor, user](bool active) -> QFuture<CommandOutcome> {
                      if (!active)
                          return fail(request, Error::NotFound, QStringLiteral("no such active silence"));
                      return auditedOnStore(request, {actor, u"silence.expire"_qs, u"silence"_qs, id, {}}, [engine, request, id, user] {
                          const AlertEngine::Outcome outcome = engine->expireSilence(id, user);
                          if (!outcome.errorCode.isEmpty())
                              return Result::failure(request.id, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.message);
                          return Result::success(request.id, {{u"id"_qs, id}, {u"expired"_qs, true}});
                      });
                  })
            .unwrap();
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
    return auditedOnStore(request,
                          {actor, u"silence.create"_qs, u"silence"_qs, silenceId,
                           {{u"matchers"_qs, AlertMatcher::toJson(*matchers)},
                            {u"ends_at"_qs, protocol::isoTimestamp(m_s.auth->clock()->nowMs() + qint64(seconds) * 1000)},
                            {u"comment"_qs, comment.left(1000)}}},
                          [engine, request, matchers = *matchers, seconds, comment, user, silenceId] {
        QString why;
        const auto silence = engine->addSilence(matchers, qint64(seconds) * 1000, comment, user, &why, silenceId);
        if (!silence)
            return Result::failure(request.id, Error::Internal, QStringLiteral("storing the silence failed"));
        return Result::success(request.id, silence->toJson());
    });
}

QFuture<CommandOutcome> AlertsController::notifyStatus(const CommandContext &, const protocol::Request &request)
{
    return answerOnStore([notifier = m_s.notifier, escalator = m_s.escalator, engine = m_s.alerts, request] {
        QJsonArray channels;
        QJsonObject routes;
        QJsonObject escalation;
        if (notifier) {
            const auto health = notifier->health();
            for (auto it = health.constBegin(); it != health.constEnd(); ++it) {
                QJsonObject c{{u"name"_qs, it.key()}, {u"configured"_qs, notifier->channelNames().contains(it.key())},
                              {u"queued"_qs, double(it->queued)}, {u"last_error"_qs, it->lastError}};
                c.insert(u"last_success"_qs, it->lastSuccessMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastSuccessMs)) : QJsonValue());
                c.insert(u"last_error_at"_qs, it->lastErrorMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastErrorMs)) : QJsonValue());
                channels.append(c);
            }
            const Notifier::Routes &r = notifier->routes();
            routes = {{u"info"_qs, QJsonArray::fromStringList(r.info)}, {u"warning"_qs, QJsonArray::fromStringList(r.warning)},
                      {u"error"_qs, QJsonArray::fromStringList(r.error)}, {u"critical"_qs, QJsonArray::fromStringList(r.critical)}};
            if (escalator) {
                for (const QString &level : {u"warning"_qs, u"error"_qs, u"critical"_qs})
                    escalation.insert(level, escalator->policy().previewJson(r.forLevel(level)));
            }
        }
        QJsonArray windows;
        if (engine) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const MaintenanceWindow &w : engine->maintenanceWindows()) {
                QJsonObject json = w.toJson();
                json.insert(u"active"_qs, w.activeAt(now));
                const qint64 next = w.nextStart(now);
                json.insert(u"next_start"_qs, next >= 0 ? QJsonValue(protocol::isoTimestamp(next)) : QJsonValue());
                windows.append(json);
            }
        }
        return Result::success(request.id, {{u"channels"_qs, channels}, {u"routes"_qs, routes}, {u"escalation"_qs, escalation},
                                            {u"maintenance"_qs, windows}});
    });
}
