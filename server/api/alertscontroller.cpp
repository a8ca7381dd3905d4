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
    QString error;
    QJsonArray alerts;
    if (request.type == u"alert.get"_qs) {
        const auto alert = m_s.alerts->get(request.data.value(u"id"_qs).toString(), &error);
        if (!alert)
            return fail(request, Error::NotFound, QStringLiteral("no such alert"));
        return ready(Result::success(request.id, alert->toJson()));
    }
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(200), 1000);
    const QList<protocol::Alert> list = request.type == u"alerts.since"_qs
                                            ? m_s.alerts->since(qint64(request.data.value(u"after_seq"_qs).toDouble(0)), limit, &error)
                                            : m_s.alerts->list(request.data.value(u"active"_qs).toBool(true), limit, &error,
                                                               request.data.value(u"host"_qs).toString().left(63));
    for (const protocol::Alert &a : list)
        alerts.append(a.toJson());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading alerts failed"));
    return ready(Result::success(request.id, {{u"alerts"_qs, alerts}}));
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
    const AlertEngine::Outcome possible = m_s.alerts->check(id, ack);
    if (!possible.errorCode.isEmpty())
        return fail(request, QLatin1StringView(possible.errorCode.toLatin1()), possible.message);
    if (!m_s.audit->record(context.actor(), ack ? u"alert.acknowledge"_qs : u"alert.resolve"_qs, u"alert"_qs, id,
                         {{u"comment"_qs, comment.left(1000)}, {u"title"_qs, possible.alert.title}}))
        return auditRefused(request);
    const AlertEngine::Outcome outcome = ack ? m_s.alerts->acknowledge(id, context.identity->username, comment)
                                             : m_s.alerts->resolve(id, context.identity->username, comment);
    if (!outcome.errorCode.isEmpty())
        return fail(request, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.message);
    return ready(Result::success(request.id, outcome.alert.toJson()));
}

QFuture<CommandOutcome> AlertsController::alertRules(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    QJsonArray rules;
    for (const AlertEngine::RuleInfo &info : m_s.alerts->ruleInfos())
        rules.append(ruleJson(info));
    return ready(Result::success(request.id, {{u"rules"_qs, rules}, {u"series"_qs, QJsonArray::fromStringList(knownSeries())}}));
}

QFuture<CommandOutcome> AlertsController::alertRuleChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9_.-]{1,64}$"));
    const QString name = request.data.value(u"name"_qs).toString();
    if (!namePattern.match(name).hasMatch())
        return fail(request, Error::BadRequest, QStringLiteral("data.name must be 1-64 of a-z 0-9 _ . -"));
    QString error;
    if (request.type == u"alert_rule.delete"_qs) {
        const auto infos = m_s.alerts->ruleInfos();
        if (std::none_of(infos.cbegin(), infos.cend(), [&](const AlertEngine::RuleInfo &i) { return i.rule.name == name && i.source == u"api"_qs; }))
            return fail(request, Error::NotFound, QStringLiteral("no rule \"%1\" was set through the API").arg(name));
        if (!m_s.audit->record(context.actor(), u"alert_rule.delete"_qs, u"alert_rule"_qs, name, {}))
            return auditRefused(request);
        if (!m_s.alerts->deleteRule(name, &error))
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
    if (!m_s.audit->record(context.actor(), u"alert_rule.set"_qs, u"alert_rule"_qs, name,
                         {{u"expression"_qs, rule->expression()}, {u"level"_qs, rule->level}, {u"enabled"_qs, enabled},
                          {u"hold_seconds"_qs, double(rule->holdMs / 1000)}}))
        return auditRefused(request);
    if (!m_s.alerts->putRule(*rule, enabled, context.identity->username, &error))
        return fail(request, Error::Internal, QStringLiteral("storing the rule failed"));
    return ready(Result::success(request.id, ruleJson({*rule, u"api"_qs, enabled, context.identity->username, 0})));
}

QFuture<CommandOutcome> AlertsController::silences(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    QString error;
    QJsonArray list;
    for (const Silence &s : m_s.alerts->silences(request.data.value(u"include_ended"_qs).toBool(false), &error))
        list.append(s.toJson());
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading silences failed"));
    return ready(Result::success(request.id, {{u"silences"_qs, list}}));
}

QFuture<CommandOutcome> AlertsController::silenceChange(const CommandContext &context, const protocol::Request &request)
{
    if (!m_s.alerts)
        return fail(request, Error::NotFound, QStringLiteral("alerts are not enabled"));
    if (request.type == u"silence.expire"_qs) {
        const QString id = request.data.value(u"id"_qs).toString().left(64);
        if (!m_s.alerts->hasActiveSilence(id))
            return fail(request, Error::NotFound, QStringLiteral("no such active silence"));
        if (!m_s.audit->record(context.actor(), u"silence.expire"_qs, u"silence"_qs, id, {}))
            return auditRefused(request);
        const AlertEngine::Outcome outcome = m_s.alerts->expireSilence(id, context.identity->username);
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
    if (!m_s.audit->record(context.actor(), u"silence.create"_qs, u"silence"_qs, silenceId,
                         {{u"matchers"_qs, AlertMatcher::toJson(*matchers)},
                          {u"ends_at"_qs, protocol::isoTimestamp(m_s.auth->clock()->nowMs() + qint64(seconds) * 1000)},
                          {u"comment"_qs, comment.left(1000)}}))
        return auditRefused(request);
    const auto silence = m_s.alerts->addSilence(*matchers, qint64(seconds) * 1000, comment, context.identity->username, &error, silenceId);
    if (!silence)
        return fail(request, Error::Internal, QStringLiteral("storing the silence failed"));
    return ready(Result::success(request.id, silence->toJson()));
}

QFuture<CommandOutcome> AlertsController::notifyStatus(const CommandContext &, const protocol::Request &request)
{
    QJsonArray channels;
    QJsonObject routes;
    QJsonObject escalation;
    if (m_s.notifier) {
        const auto health = m_s.notifier->health();
        for (auto it = health.constBegin(); it != health.constEnd(); ++it) {
            QJsonObject c{{u"name"_qs, it.key()}, {u"configured"_qs, m_s.notifier->channelNames().contains(it.key())},
                          {u"queued"_qs, double(it->queued)}, {u"last_error"_qs, it->lastError}};
            c.insert(u"last_success"_qs, it->lastSuccessMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastSuccessMs)) : QJsonValue());
            c.insert(u"last_error_at"_qs, it->lastErrorMs >= 0 ? QJsonValue(protocol::isoTimestamp(it->lastErrorMs)) : QJsonValue());
            channels.append(c);
        }
        const Notifier::Routes &r = m_s.notifier->routes();
        routes = {{u"info"_qs, QJsonArray::fromStringList(r.info)}, {u"warning"_qs, QJsonArray::fromStringList(r.warning)},
                  {u"error"_qs, QJsonArray::fromStringList(r.error)}, {u"critical"_qs, QJsonArray::fromStringList(r.critical)}};
        if (m_s.escalator) {
            for (const QString &level : {u"warning"_qs, u"error"_qs, u"critical"_qs})
                escalation.insert(level, m_s.escalator->policy().previewJson(r.forLevel(level)));
        }
    }
    QJsonArray windows;
    if (m_s.alerts) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const MaintenanceWindow &w : m_s.alerts->maintenanceWindows()) {
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
