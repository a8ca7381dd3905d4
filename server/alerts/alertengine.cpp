#include "server/alerts/alertengine.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {
const QString Columns = QStringLiteral("id, seq, fingerprint, rule, level, title, message, details, state, fired_at, "
                                       "acknowledged_by, acknowledged_at, ack_comment, resolved_at, updated_at");
}

AlertEngine::AlertEngine(OpsStore *store, const Clock *clock, QList<AlertRule> rules, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_rules(std::move(rules))
{
}

bool AlertEngine::open(QString *error)
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM alerts")) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    m_seq = q.value(0).toLongLong();
    for (const protocol::Alert &a : select(QStringLiteral("state <> 'resolved'"), {}, error))
        m_state[a.fingerprint].openAlertId = a.id;
    return error->isEmpty();
}

void AlertEngine::evaluate(const protocol::MetricsSample &sample)
{
    QHash<QString, double> values;
    for (const auto &[name, value] : protocol::seriesOf(sample))
        values.insert(name, value);
    const qint64 now = m_clock->nowMs();
    for (const AlertRule &rule : std::as_const(m_rules)) {
        RuleState &state = m_state[rule.name];
        const auto it = values.constFind(rule.series);
        if (it == values.constEnd())
            continue; // no value (e.g. task database down): neither fire nor resolve on silence
        if (rule.breached(*it)) {
            state.clearSinceMs = -1;
            if (state.breachedSinceMs < 0)
                state.breachedSinceMs = now;
            if (state.openAlertId.isEmpty() && now - state.breachedSinceMs >= rule.forMs)
                fire(rule, *it, state);
            continue;
        }
        state.breachedSinceMs = -1;
        if (state.openAlertId.isEmpty())
            continue;
        if (state.clearSinceMs < 0)
            state.clearSinceMs = now;
        if (now - state.clearSinceMs >= rule.holdMs) {
            QString error;
            auto alert = load(state.openAlertId, &error);
            state.openAlertId.clear();
            state.clearSinceMs = -1;
            if (!alert)
                continue;
            alert->state = QStringLiteral("resolved");
            alert->resolvedAtMs = now;
            if (save(*alert, QStringLiteral("resolved"), {{u"by"_qs, u"condition cleared"_qs}, {u"value"_qs, *it}}, &error))
                Q_EMIT changed(*alert);
        }
    }
}

void AlertEngine::fire(const AlertRule &rule, double value, RuleState &state)
{
    protocol::Alert a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.fingerprint = rule.name;
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
    QString error;
    if (!save(a, QStringLiteral("fired"), {{u"value"_qs, value}}, &error)) {
        qCWarning(lcOps).noquote() << "storing an alert failed:" << error;
        return;
    }
    state.openAlertId = a.id;
    qCWarning(lcOps).noquote() << "alert fired:" << a.level << a.title;
    Q_EMIT changed(a);
}

bool AlertEngine::save(protocol::Alert &a, const QString &eventKind, const QJsonObject &eventDetail, QString *error)
{
    QSqlDatabase db = m_store->database();
    a.seq = ++m_seq;
    a.updatedAtMs = m_clock->nowMs();
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO alerts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state, "
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
                              a.resolvedAtMs < 0 ? nullInt : QVariant(a.resolvedAtMs), QVariant(a.updatedAtMs)})
        q.addBindValue(v);
    QSqlQuery event(db);
    event.prepare(QStringLiteral("INSERT INTO alert_events (alert_id, ts, kind, detail) VALUES (?, ?, ?, ?)"));
    event.addBindValue(a.id);
    event.addBindValue(a.updatedAtMs);
    event.addBindValue(eventKind);
    event.addBindValue(QString::fromUtf8(QJsonDocument(eventDetail).toJson(QJsonDocument::Compact)));
    if (!q.exec() || !event.exec() || !db.commit()) {
        *error = q.lastError().isValid() ? q.lastError().text() : event.lastError().text();
        db.rollback();
        return false;
    }
    return true;
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

QList<protocol::Alert> AlertEngine::list(bool activeOnly, int limit, QString *error) const
{
    // Active ones by level (critical first) and age; history newest first.
    return select(QStringLiteral("%1 ORDER BY CASE level WHEN 'critical' THEN 0 WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, "
                                 "fired_at DESC LIMIT ?")
                      .arg(activeOnly ? u"state <> 'resolved'"_qs : u"1 = 1"_qs),
                  {limit}, error);
}

QList<protocol::Alert> AlertEngine::since(qint64 seq, int limit, QString *error) const
{
    return select(QStringLiteral("seq > ? ORDER BY seq LIMIT ?"), {seq, limit}, error);
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
