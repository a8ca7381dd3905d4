#include "server/alerts/alertengine.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QJsonArray>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

namespace {
const QString Columns = QStringLiteral("id, seq, fingerprint, rule, level, title, message, details, state, fired_at, "
                                       "acknowledged_by, acknowledged_at, ack_comment, resolved_at, updated_at, host");
}

AlertEngine::AlertEngine(OpsStore *store, const Clock *clock, QList<AlertRule> rules, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_rules(rules), m_configRules(std::move(rules))
{
}

bool AlertEngine::open(QString *error)
{
    error->clear();
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM alerts")) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    m_seq = q.value(0).toLongLong();
    // In a fleet the store holds every host's alerts; this engine follows its own host's.
    for (const protocol::Alert &a : select(QStringLiteral("state <> 'resolved'"), {}, error)) {
        if (!m_qualify)
            m_state[a.fingerprint].openAlertId = a.id;
        else if (a.host == m_host && a.fingerprint.startsWith(m_host + u'/'))
            m_state[a.fingerprint.mid(m_host.size() + 1)].openAlertId = a.id;
        else if (a.host.isEmpty() && m_state.value(a.fingerprint).openAlertId.isEmpty())
            m_state[a.fingerprint].openAlertId = a.id; // from before the fleet: followed (and resolved) as this host's
    }
    if (!error->isEmpty())
        return false;
    return reloadShared(error);
}

bool AlertEngine::reloadShared(QString *error)
{
    error->clear();
    QSqlQuery rules(m_store->database());
    if (!rules.exec(QStringLiteral("SELECT name, expression, level, title, hold_ms, enabled, updated_by, updated_at FROM alert_rules ORDER BY name"))) {
        *error = rules.lastError().text();
        return false;
    }
    QList<RuleInfo> apiRules;
    while (rules.next()) {
        QString why;
        auto rule = AlertRule::parse(rules.value(0).toString(), rules.value(1).toString(), rules.value(2).toString(), &why);
        if (!rule) {
            qCWarning(lcOps).noquote() << "stored alert rule" << rules.value(0).toString() << "is not valid:" << why;
            continue;
        }
        rule->title = rules.value(3).toString();
        rule->holdMs = rules.value(4).toLongLong();
        apiRules.append({*rule, QStringLiteral("api"), rules.value(5).toInt() != 0, rules.value(6).toString(), rules.value(7).toLongLong()});
    }
    const QList<Silence> active = silences(false, error);
    if (!error->isEmpty())
        return false;
    // A rule whose expression changed elsewhere starts its duration afresh, as putRule does.
    for (const RuleInfo &info : std::as_const(apiRules)) {
        const auto old = std::find_if(m_apiRules.cbegin(), m_apiRules.cend(), [&](const RuleInfo &i) { return i.rule.name == info.rule.name; });
        if (old == m_apiRules.cend() || old->updatedAtMs != info.updatedAtMs)
            restartDuration(info.rule.name);
    }
    m_apiRules = apiRules;
    m_silences = active;
    applyRules();
    return true;
}

void AlertEngine::setRules(QList<AlertRule> rules)
{
    m_configRules = std::move(rules);
    applyRules();
}

void AlertEngine::applyRules()
{
    QList<AlertRule> effective;
    QSet<QString> disabled;
    for (const RuleInfo &info : std::as_const(m_apiRules)) {
        if (info.enabled)
            effective.append(info.rule);
        else
            disabled.insert(info.rule.name);
    }
    for (const AlertRule &rule : std::as_const(m_configRules)) {
        const bool overridden = std::any_of(m_apiRules.cbegin(), m_apiRules.cend(),
                                            [&](const RuleInfo &i) { return i.rule.name == rule.name; });
        if (!overridden)
            effective.append(rule);
    }
    m_rules = effective;
    // An open threshold alert whose rule is gone or disabled cannot clear by itself: resolve it.
    for (auto it = m_state.begin(); it != m_state.end(); ++it) {
        if (it->openAlertId.isEmpty())
            continue;
        QString error;
        const auto alert = load(it->openAlertId, &error);
        if (!alert || alert->details.value(u"message_key"_qs).toString() != u"alert.threshold"_qs)
            continue;
        const QString name = it.key().mid(it.key().indexOf(u'/') + 1); // "host/rule" for another host's
        const bool present = std::any_of(m_rules.cbegin(), m_rules.cend(), [&](const AlertRule &r) { return r.name == name; });
        if (!present)
            resolveOpen(*it, {{u"by"_qs, disabled.contains(name) ? u"rule disabled"_qs : u"rule removed"_qs}});
    }
}

QList<AlertEngine::RuleInfo> AlertEngine::ruleInfos() const
{
    QList<RuleInfo> out = m_apiRules;
    for (const AlertRule &rule : m_configRules) {
        if (std::none_of(m_apiRules.cbegin(), m_apiRules.cend(), [&](const RuleInfo &i) { return i.rule.name == rule.name; }))
            out.append({rule, QStringLiteral("config"), true, {}, -1});
    }
    std::sort(out.begin(), out.end(), [](const RuleInfo &a, const RuleInfo &b) { return a.rule.name < b.rule.name; });
    return out;
}

bool AlertEngine::putRule(const AlertRule &rule, bool enabled, const QString &user, QString *error)
{
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO alert_rules (name, expression, level, title, hold_ms, enabled, updated_by, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, "
                             "level = excluded.level, title = excluded.title, hold_ms = excluded.hold_ms, enabled = excluded.enabled, "
                             "updated_by = excluded.updated_by, updated_at = excluded.updated_at"));
    for (const QVariant &v : {QVariant(rule.name), QVariant(rule.expression()), QVariant(rule.level), QVariant(rule.title),
                              QVariant(rule.holdMs), QVariant(enabled ? 1 : 0), QVariant(user), QVariant(now)})
        q.addBindValue(v);
    if (!execQuery(q, error))
        return false;
    m_apiRules.removeIf([&](const RuleInfo &i) { return i.rule.name == rule.name; });
    m_apiRules.append({rule, QStringLiteral("api"), enabled, user, now});
    // A changed rule starts its duration afresh (on every host it is judged for); its open
    // alert stays open until it clears.
    restartDuration(rule.name);
    applyRules();
    return true;
}

bool AlertEngine::deleteRule(const QString &name, QString *error)
{
    if (std::none_of(m_apiRules.cbegin(), m_apiRules.cend(), [&](const RuleInfo &i) { return i.rule.name == name; })) {
        *error = QStringLiteral("no rule \"%1\" was set through the API").arg(name.left(120));
        return false;
    }
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("DELETE FROM alert_rules WHERE name = ?"));
    q.addBindValue(name);
    if (!execQuery(q, error))
        return false;
    m_apiRules.removeIf([&](const RuleInfo &i) { return i.rule.name == name; });
    applyRules();
    return true;
}

bool AlertEngine::resolveOpen(RuleState &state, const QJsonObject &detail)
{
    // A resolution the store refused (busy, unreachable) keeps the alert open here, so it is
    // tried again: a rule on its next sample, a condition from retryUnsaved(). Never an alert
    // that fires in the store for ever while the engine believes it resolved.
    QString error;
    auto alert = load(state.openAlertId, &error);
    if (!alert && !error.isEmpty()) {
        qCWarning(lcOps).noquote() << "reading an alert to resolve it failed:" << error;
        return false;
    }
    if (alert && alert->state != u"resolved"_qs) {
        alert->state = QStringLiteral("resolved");
        alert->resolvedAtMs = m_clock->nowMs();
        if (!save(*alert, QStringLiteral("resolved"), detail, &error)) {
            qCWarning(lcOps).noquote() << "storing a resolution failed:" << error;
            return false;
        }
        Q_EMIT changed(*alert);
    }
    state.openAlertId.clear();
    state.clearSinceMs = -1;
    state.breachedSinceMs = -1;
    return true;
}

void AlertEngine::retryUnsaved()
{
    const QHash<QString, Condition> unsaved = std::exchange(m_unsaved, {});
    for (const Condition &c : unsaved)
        raiseCondition(c);
    const QHash<QString, QJsonObject> unresolved = std::exchange(m_unresolved, {});
    for (auto it = unresolved.cbegin(); it != unresolved.cend(); ++it)
        clearCondition(it.key(), it.value().value(u"by"_qs).toString());
}

void AlertEngine::raiseCondition(const Condition &c)
{
    m_unresolved.remove(c.key); // the condition is back: the pending resolution is void
    RuleState &state = m_state[c.key];
    if (!state.openAlertId.isEmpty())
        return; // still the same incident
    protocol::Alert a = firing(c, m_host);
    if (store(a, c.params, state))
        m_unsaved.remove(c.key);
    else
        m_unsaved.insert(c.key, c);
}

protocol::Alert AlertEngine::firing(const Condition &c, const QString &host) const
{
    protocol::Alert a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.fingerprint = fingerprintOf(host, c.key);
    a.host = host;
    a.rule = c.rule;
    a.level = protocol::Alert::validLevel(c.level) ? c.level : u"error"_qs;
    a.title = c.title;
    a.message = c.message;
    a.details = {{u"message_key"_qs, c.messageKey}, {u"params"_qs, c.params}, {u"labels"_qs, c.labels}};
    a.state = QStringLiteral("firing");
    a.firedAtMs = m_clock->nowMs();
    return a;
}

bool AlertEngine::raiseHostCondition(const QString &host, const Condition &c)
{
    QString error;
    const QString fingerprint = fingerprintOf(host, c.key);
    const QList<protocol::Alert> open = select(QStringLiteral("fingerprint = ? AND state <> 'resolved'"), {fingerprint}, &error);
    if (!error.isEmpty())
        return false;
    if (!open.isEmpty())
        return true; // raised before (by this leader or an earlier one)
    protocol::Alert a = firing(c, host);
    RuleState state; // not followed here: the store is asked each time
    return store(a, c.params, state);
}

bool AlertEngine::clearHostCondition(const QString &host, const QString &key, const QString &why)
{
    QString error;
    const QList<protocol::Alert> open = select(QStringLiteral("fingerprint = ? AND state <> 'resolved'"), {fingerprintOf(host, key)}, &error);
    if (!error.isEmpty())
        return false;
    for (const protocol::Alert &a : open) {
        RuleState state;
        state.openAlertId = a.id;
        if (!resolveOpen(state, {{u"by"_qs, why}}))
            return false;
    }
    return true;
}

void AlertEngine::clearCondition(const QString &key, const QString &why)
{
    m_unsaved.remove(key);
    const auto it = m_state.find(key);
    if (it == m_state.end() || it->openAlertId.isEmpty())
        return;
    if (!resolveOpen(*it, {{u"by"_qs, why}}))
        m_unresolved.insert(key, {{u"by"_qs, why}});
}

QString AlertEngine::suppressedBy(const protocol::Alert &alert) const
{
    const qint64 now = m_clock->nowMs();
    for (const Silence &s : m_silences) {
        if (s.activeAt(now) && AlertMatcher::allMatch(s.matchers, alert))
            return u"silence:"_qs + s.id;
    }
    for (const MaintenanceWindow &w : m_windows) {
        if (w.covers(alert) && w.activeAt(now))
            return u"maintenance:"_qs + w.name;
    }
    for (auto it = m_adhoc.constBegin(); it != m_adhoc.constEnd(); ++it) {
        if (now < it.value())
            return u"maintenance:"_qs + it.key();
    }
    return {};
}

bool AlertEngine::hasActiveSilence(const QString &id) const
{
    return std::any_of(m_silences.cbegin(), m_silences.cend(), [&](const Silence &s) { return s.id == id; });
}

bool AlertEngine::silenceValid(const QList<AlertMatcher> &matchers, qint64 durationMs, const QString &comment, QString *error)
{
    if (matchers.isEmpty()) {
        *error = QStringLiteral("a silence needs at least one matcher");
        return false;
    }
    if (durationMs < 60000 || durationMs > 30LL * 86400000) {
        *error = QStringLiteral("a silence lasts between 1 minute and 30 days");
        return false;
    }
    if (comment.trimmed().isEmpty()) {
        *error = QStringLiteral("a silence needs a comment (why, and who to ask)");
        return false;
    }
    return true;
}

std::optional<Silence> AlertEngine::addSilence(const QList<AlertMatcher> &matchers, qint64 durationMs, const QString &comment,
                                               const QString &user, QString *error, const QString &id)
{
    if (!silenceValid(matchers, durationMs, comment, error))
        return std::nullopt;
    Silence s;
    s.id = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    s.matchers = matchers;
    s.createdAtMs = s.startsAtMs = m_clock->nowMs();
    s.endsAtMs = s.startsAtMs + durationMs;
    s.comment = comment.left(1000);
    s.createdBy = user;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO silences (id, matchers, starts_at, ends_at, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(s.id), QVariant(QString::fromUtf8(QJsonDocument(AlertMatcher::toJson(s.matchers)).toJson(QJsonDocument::Compact))),
                              QVariant(s.startsAtMs), QVariant(s.endsAtMs), QVariant(s.comment), QVariant(s.createdBy), QVariant(s.createdAtMs)})
        q.addBindValue(v);
    if (!execQuery(q, error))
        return std::nullopt;
    m_silences.append(s);
    QString ignored;
    for (const protocol::Alert &a : list(true, 1000, &ignored)) {
        if (AlertMatcher::allMatch(s.matchers, a))
            recordEvent(a.id, QStringLiteral("silenced"), {{u"silence"_qs, s.id}, {u"by"_qs, user}, {u"until"_qs, protocol::isoTimestamp(s.endsAtMs)},
                                                          {u"comment"_qs, s.comment}});
    }
    return s;
}

AlertEngine::Outcome AlertEngine::expireSilence(const QString &id, const QString &user)
{
    const auto it = std::find_if(m_silences.begin(), m_silences.end(), [&](const Silence &s) { return s.id == id; });
    if (it == m_silences.end())
        return {QString(protocol::Error::NotFound), QStringLiteral("no such active silence"), {}};
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("UPDATE silences SET expired_by = ?, ends_at = ? WHERE id = ?"));
    const qint64 now = m_clock->nowMs();
    q.addBindValue(user);
    q.addBindValue(std::min(now, it->endsAtMs));
    q.addBindValue(id);
    QString error;
    if (!execQuery(q, &error))
        return {QString(protocol::Error::Internal), QStringLiteral("storing the silence failed"), {}};
    m_silences.erase(it);
    return {};
}

QList<Silence> AlertEngine::silences(bool includeEnded, QString *error) const
{
    QList<Silence> out;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT id, matchers, starts_at, ends_at, comment, created_by, created_at, expired_by FROM silences %1 "
                             "ORDER BY created_at DESC LIMIT 500")
                  .arg(includeEnded ? QString() : u"WHERE ends_at > ? AND expired_by IS NULL"_qs));
    if (!includeEnded)
        q.addBindValue(m_clock->nowMs());
    if (!execQuery(q, error))
        return out;
    while (q.next()) {
        Silence s;
        s.id = q.value(0).toString();
        QStringList texts;
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array())
            texts.append(v.toString());
        QString why;
        const auto matchers = AlertMatcher::parseList(texts, &why);
        if (!matchers)
            continue;
        s.matchers = *matchers;
        s.startsAtMs = q.value(2).toLongLong();
        s.endsAtMs = q.value(3).toLongLong();
        s.comment = q.value(4).toString();
        s.createdBy = q.value(5).toString();
        s.createdAtMs = q.value(6).toLongLong();
        s.expiredBy = q.value(7).toString();
        out.append(s);
    }
    return out;
}

void AlertEngine::recordEvent(const QString &alertId, const QString &kind, const QJsonObject &detail)
{
    QString error;
    if (!insertEvent(alertId, m_clock->nowMs(), kind, detail, &error))
        qCWarning(lcOps).noquote() << "recording an alert event failed:" << error;
}

QHash<QString, AlertEngine::EscalationState> AlertEngine::escalationStates(QString *error) const
{
    QHash<QString, EscalationState> out;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT e.alert_id, e.next_step, e.start_at, e.last_notified_at, e.held FROM alert_escalation e "
                             "JOIN alerts a ON a.id = e.alert_id WHERE a.state <> 'resolved'"));
    if (!execQuery(q, error))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), {q.value(1).toInt(), q.value(2).toLongLong(), q.value(3).toLongLong(), q.value(4).toInt() != 0});
    return out;
}

bool AlertEngine::saveEscalationState(const QString &alertId, const EscalationState &state, QString *error)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO alert_escalation (alert_id, next_step, start_at, last_notified_at, held, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET next_step = excluded.next_step, "
                             "start_at = excluded.start_at, last_notified_at = excluded.last_notified_at, held = excluded.held, "
                             "updated_at = excluded.updated_at"));
    for (const QVariant &v : {QVariant(alertId), QVariant(state.nextStep), QVariant(state.startMs), QVariant(state.lastNotifiedMs),
                              QVariant(state.held ? 1 : 0), QVariant(m_clock->nowMs())})
        q.addBindValue(v);
    return execQuery(q, error);
}

void AlertEngine::restartDuration(const QString &rule)
{
    m_state[rule].breachedSinceMs = -1;
    for (auto it = m_state.begin(); it != m_state.end(); ++it) {
        if (it.key().endsWith(u'/' + rule))
            it->breachedSinceMs = -1;
    }
}

bool AlertEngine::followHost(const QString &host)
{
    if (m_followed.contains(host))
        return true;
    QString error;
    const QList<protocol::Alert> open = select(QStringLiteral("state <> 'resolved' AND host = ?"), {host}, &error);
    if (!error.isEmpty()) {
        qCWarning(lcOps).noquote() << "reading the open alerts of" << host << "failed:" << error;
        return false; // not judged until its open alerts are known: no duplicate incident
    }
    for (const protocol::Alert &a : open) {
        if (a.fingerprint.startsWith(host + u'/'))
            m_state[a.fingerprint].openAlertId = a.id;
    }
    m_followed.insert(host);
    return true;
}

void AlertEngine::evaluate(const protocol::MetricsSample &sample, qint64 nowMs)
{
    QHash<QString, double> values;
    for (const auto &[name, value] : protocol::seriesOf(sample))
        values.insert(name, value);
    if (!m_unsaved.isEmpty() || !m_unresolved.isEmpty())
        retryUnsaved();
    const qint64 now = nowMs >= 0 ? nowMs : m_clock->nowMs();
    // Another host's sample (an agent's, stored by this hub): the same rules, that host's own
    // incidents ("host/rule" fingerprints whatever the store).
    const bool own = sample.host.isEmpty() || sample.host == m_host;
    if (!own && !followHost(sample.host))
        return;
    const QString prefix = own ? QString() : sample.host + u'/';
    for (const AlertRule &rule : std::as_const(m_rules)) {
        RuleState &state = m_state[prefix + rule.name];
        const auto it = values.constFind(rule.series);
        if (it == values.constEnd())
            continue; // no value (e.g. task database down): neither fire nor resolve on silence
        if (rule.breached(*it)) {
            state.clearSinceMs = -1;
            if (state.breachedSinceMs < 0)
                state.breachedSinceMs = now;
            if (state.openAlertId.isEmpty() && now - state.breachedSinceMs >= rule.forMs)
                fire(rule, *it, state, own ? m_host : sample.host);
            continue;
        }
        state.breachedSinceMs = -1;
        if (state.openAlertId.isEmpty())
            continue;
        if (state.clearSinceMs < 0)
            state.clearSinceMs = now;
        if (now - state.clearSinceMs >= rule.holdMs)
            resolveOpen(state, {{u"by"_qs, u"condition cleared"_qs}, {u"value"_qs, *it}});
    }
}

void AlertEngine::fire(const AlertRule &rule, double value, RuleState &state, const QString &host)
{
    protocol::Alert a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.fingerprint = fingerprintOf(host, rule.name);
    a.host = host;
    a.rule = rule.name;
    a.level = rule.level;
    a.title = rule.title;
    a.message = QStringLiteral("%1 is %2 (rule: %3)").arg(rule.series).arg(value, 0, 'f', 1).arg(rule.expression());
    // A message key and its parameters, so the console can say it in the operator's language.
    a.details = {{u"message_key"_qs, u"alert.threshold"_qs},
                 {u"params"_qs, QJsonObject{{u"series"_qs, rule.series}, {u"value"_qs, value}, {u"threshold"_qs, rule.threshold},
                                            {u"for_seconds"_qs, double(rule.forMs / 1000)}}},
                 {u"rule"_qs, rule.expression()}};
    a.state = QStringLiteral("firing");
    a.firedAtMs = m_clock->nowMs();
    store(a, {{u"value"_qs, value}}, state);
}

bool AlertEngine::store(protocol::Alert &a, const QJsonObject &eventDetail, RuleState &state)
{
    QString error;
    if (!save(a, QStringLiteral("fired"), eventDetail, &error)) {
        qCWarning(lcOps).noquote() << "storing an alert failed:" << a.title << ":" << error;
        return false;
    }
    state.openAlertId = a.id;
    qCWarning(lcOps).noquote() << "alert fired:" << a.level << a.title;
    Q_EMIT changed(a);
    return true;
}

bool AlertEngine::save(protocol::Alert &a, const QString &eventKind, const QJsonObject &eventDetail, QString *error)
{
    QSqlDatabase db = m_store->database();
    a.updatedAtMs = m_clock->nowMs();
    db.transaction();
    QSqlQuery q(db);
    if (m_store->isPostgres()) {
        // Fleet members share the change numbers: one sequence hands them out.
        if (!q.exec(QStringLiteral("SELECT nextval('alerts_change_seq')")) || !q.next()) {
            *error = q.lastError().text();
            db.rollback();
            return false;
        }
        m_seq = std::max(m_seq, q.value(0).toLongLong());
        a.seq = q.value(0).toLongLong();
    } else {
        a.seq = ++m_seq;
    }
    q.prepare(QStringLiteral("INSERT INTO alerts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state, level = excluded.level, "
                             "acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at, "
                             "ack_comment = excluded.ack_comment, resolved_at = excluded.resolved_at, updated_at = excluded.updated_at")
                  .arg(Columns));
    const QVariant nullInt(QMetaType::fromType<qint64>());
    for (const QVariant &v : {QVariant(a.id), QVariant(a.seq), QVariant(a.fingerprint), QVariant(a.rule), QVariant(a.level),
                              QVariant(nonNull(a.title)), QVariant(nonNull(a.message)),
                              QVariant(QString::fromUtf8(QJsonDocument(a.details).toJson(QJsonDocument::Compact))), QVariant(a.state),
                              QVariant(a.firedAtMs), a.acknowledgedBy.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(a.acknowledgedBy),
                              a.acknowledgedAtMs < 0 ? nullInt : QVariant(a.acknowledgedAtMs),
                              a.ackComment.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(a.ackComment),
                              a.resolvedAtMs < 0 ? nullInt : QVariant(a.resolvedAtMs), QVariant(a.updatedAtMs), QVariant(nonNull(a.host))})
        q.addBindValue(v);
    if (!q.exec() || !insertEvent(a.id, a.updatedAtMs, eventKind, eventDetail, error) || !db.commit()) {
        if (q.lastError().isValid())
            *error = q.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

bool AlertEngine::insertEvent(const QString &alertId, qint64 ts, const QString &kind, const QJsonObject &detail, QString *error)
{
    QSqlQuery event(m_store->database());
    event.prepare(QStringLiteral("INSERT INTO alert_events (alert_id, ts, kind, detail) VALUES (?, ?, ?, ?)"));
    event.addBindValue(alertId);
    event.addBindValue(ts);
    event.addBindValue(kind);
    event.addBindValue(QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact)));
    return execQuery(event, error);
}

QList<protocol::Alert> AlertEngine::select(const QString &where, const QVariantList &values, QString *error) const
{
    QList<protocol::Alert> out;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT %1 FROM alerts WHERE %2").arg(Columns, where));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!execQuery(q, error))
        return out;
    while (q.next()) {
        protocol::Alert a;
        a.id = q.value(0).toString();
        a.seq = q.value(1).toLongLong();
        a.fingerprint = q.value(2).toString();
        a.rule = q.value(3).toString();
        a.level = q.value(4).toString();
        a.title = q.value(5).toString();
        a.message = q.value(6).toString();
        a.details = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
        a.state = q.value(8).toString();
        a.firedAtMs = q.value(9).toLongLong();
        a.acknowledgedBy = q.value(10).toString();
        a.acknowledgedAtMs = q.value(11).isNull() ? -1 : q.value(11).toLongLong();
        a.ackComment = q.value(12).toString();
        a.resolvedAtMs = q.value(13).isNull() ? -1 : q.value(13).toLongLong();
        a.updatedAtMs = q.value(14).toLongLong();
        a.host = q.value(15).toString();
        out.append(a);
    }
    return out;
}

std::optional<protocol::Alert> AlertEngine::load(const QString &id, QString *error) const
{
    const QList<protocol::Alert> found = select(QStringLiteral("id = ?"), {id}, error);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

std::optional<protocol::Alert> AlertEngine::get(const QString &id, QString *error) const
{
    auto alert = load(id, error);
    if (!alert)
        return std::nullopt;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT ts, kind, detail FROM alert_events WHERE alert_id = ? ORDER BY id"));
    q.addBindValue(id);
    if (execQuery(q, error)) {
        while (q.next())
            alert->timeline.append(QJsonObject{{u"timestamp"_qs, protocol::isoTimestamp(q.value(0).toLongLong())},
                                               {u"kind"_qs, q.value(1).toString()},
                                               {u"detail"_qs, QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object()}});
    }
    return alert;
}

QList<protocol::Alert> AlertEngine::list(bool activeOnly, int limit, QString *error, const QString &host) const
{
    // Active ones by level (critical first) and age; history newest first.
    QString where = activeOnly ? u"state <> 'resolved'"_qs : u"1 = 1"_qs;
    QVariantList values;
    if (!host.isEmpty()) {
        where += u" AND host = ?"_qs;
        values << host;
    }
    values << limit;
    return select(QStringLiteral("%1 ORDER BY CASE level WHEN 'critical' THEN 0 WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, "
                                 "fired_at DESC LIMIT ?")
                      .arg(where),
                  values, error);
}

QList<protocol::Alert> AlertEngine::since(qint64 seq, int limit, QString *error) const
{
    return select(QStringLiteral("seq > ? ORDER BY seq LIMIT ?"), {seq, limit}, error);
}

AlertEngine::Outcome AlertEngine::check(const QString &id, bool acknowledge) const
{
    QString error;
    const auto alert = load(id, &error);
    if (!alert)
        return {QString(protocol::Error::NotFound), QStringLiteral("no such alert"), {}};
    if (acknowledge && alert->state != u"firing"_qs)
        return {QString(protocol::Error::Conflict), QStringLiteral("the alert is already %1").arg(alert->state), *alert};
    if (!acknowledge && alert->state == u"resolved"_qs)
        return {QString(protocol::Error::Conflict), QStringLiteral("the alert is already resolved"), *alert};
    return {{}, {}, *alert};
}

AlertEngine::Outcome AlertEngine::acknowledge(const QString &id, const QString &user, const QString &comment)
{
    QString error;
    auto alert = load(id, &error);
    if (!alert)
        return {QString(protocol::Error::NotFound), QStringLiteral("no such alert"), {}};
    if (alert->state != u"firing"_qs)
        return {QString(protocol::Error::Conflict), QStringLiteral("the alert is already %1").arg(alert->state), *alert};
    alert->state = QStringLiteral("acknowledged");
    alert->acknowledgedBy = user;
    alert->acknowledgedAtMs = m_clock->nowMs();
    alert->ackComment = comment.left(1000);
    if (!save(*alert, QStringLiteral("acknowledged"), {{u"by"_qs, user}, {u"comment"_qs, alert->ackComment}}, &error))
        return {QString(protocol::Error::Internal), QStringLiteral("storing the acknowledgement failed"), {}};
    Q_EMIT changed(*alert);
    return {{}, {}, *alert};
}

AlertEngine::Outcome AlertEngine::resolve(const QString &id, const QString &user, const QString &comment)
{
    QString error;
    auto alert = load(id, &error);
    if (!alert)
        return {QString(protocol::Error::NotFound), QStringLiteral("no such alert"), {}};
    if (alert->state == u"resolved"_qs)
        return {QString(protocol::Error::Conflict), QStringLiteral("the alert is already resolved"), *alert};
    alert->state = QStringLiteral("resolved");
    alert->resolvedAtMs = m_clock->nowMs();
    if (!save(*alert, QStringLiteral("resolved"), {{u"by"_qs, user}, {u"comment"_qs, comment.left(1000)}}, &error))
        return {QString(protocol::Error::Internal), QStringLiteral("storing the resolution failed"), {}};
    for (RuleState &s : m_state) {
        if (s.openAlertId == id) {
            // Resolved by hand: a condition still true fires a fresh alert after its duration.
            s.openAlertId.clear();
            s.breachedSinceMs = -1;
            s.clearSinceMs = -1;
        }
    }
    Q_EMIT changed(*alert);
    return {{}, {}, *alert};
}

std::optional<protocol::Alert> AlertEngine::raiseLevel(const QString &id, int step)
{
    QString error;
    auto alert = load(id, &error);
    if (!alert || alert->state == u"resolved"_qs)
        return std::nullopt;
    const QString from = alert->level;
    alert->level = from == u"info"_qs ? u"warning"_qs : from == u"warning"_qs ? u"error"_qs : u"critical"_qs;
    if (alert->level == from)
        return alert; // already critical
    if (!save(*alert, QStringLiteral("escalated"), {{u"step"_qs, step}, {u"from"_qs, from}, {u"to"_qs, alert->level}}, &error))
        return std::nullopt;
    Q_EMIT changed(*alert);
    return alert;
}
