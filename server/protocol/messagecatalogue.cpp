#include "server/protocol/messagecatalogue.h"

#include <QRegularExpression>

namespace protocol {

namespace {
QList<MessageKey> build()
{
    const QJsonObject none;
    auto health = [](const char *key, const char *english) {
        return MessageKey{QString::fromLatin1(key), QString::fromLatin1(english), {}, {}, {}};
    };
    return {
        // Alerts: message_key and params in details; the title follows from the key.
        {u"alert.threshold"_qs, u"{series} is {value} (threshold {threshold}, for {for_seconds} s)"_qs, u"{series} crossed its threshold"_qs,
         {u"series"_qs, u"value"_qs, u"threshold"_qs, u"for_seconds"_qs},
         {{u"series"_qs, u"cpu_percent"_qs}, {u"value"_qs, 97.5}, {u"threshold"_qs, 95}, {u"for_seconds"_qs, 60}}},
        {u"alert.health_failed"_qs, u"Health check {check} is failing: {reason} {error}"_qs, u"Health check {check} is failing"_qs,
         {u"check"_qs, u"reason"_qs, u"error"_qs},
         {{u"check"_qs, u"cpu"_qs}, {u"reason"_qs, u"health.resource_critical"_qs}, {u"error"_qs, QString()}}},
        {u"alert.audit_write_failed"_qs, u"Actions are refused until the audit log can be written ({action}: {error})"_qs,
         u"The audit log cannot be written"_qs, {u"action"_qs, u"error"_qs},
         {{u"action"_qs, u"backup.create"_qs}, {u"error"_qs, u"disk I/O error"_qs}}},
        {u"alert.channel_failing"_qs, u"{failures} deliveries through {channel} in a row failed; last error: {error}"_qs,
         u"Notification channel {channel} is failing"_qs, {u"channel"_qs, u"failures"_qs, u"error"_qs},
         {{u"channel"_qs, u"slack"_qs}, {u"failures"_qs, 3}, {u"error"_qs, u"HTTP 500"_qs}}},
        {u"alert.job_failed"_qs, u"Scheduled job {job} failed: {error}"_qs, u"Scheduled job {job} failed"_qs, {u"job"_qs, u"error"_qs},
         {{u"job"_qs, u"backup"_qs}, {u"error"_qs, u"pg_dump exited with status 1"_qs}}},
        // Health checks: message_key of a check's result (no parameters; details beside it).
        health("health.timeout", "timed out"),
        health("health.unreachable", "unreachable"),
        health("health.auth_failed", "authentication failed"),
        health("health.query_failed", "query failed"),
        health("health.http_status", "unexpected HTTP status"),
        health("health.body_mismatch", "unexpected answer"),
        health("health.bad_answer", "unexpected answer"),
        health("health.tls_failed", "TLS handshake failed"),
        health("health.certificate_expiring", "certificate expiring"),
        health("health.dns_failed", "name not resolved"),
        health("health.resource_high", "above the warning threshold"),
        health("health.resource_critical", "above the critical threshold"),
        health("health.sampler_stale", "no recent sample"),
        health("health.daemon_slow", "falling behind"),
        health("health.no_backup", "no backup yet"),
        health("health.backup_stale", "backup too old"),
        health("health.channel_failing", "a channel is failing"),
        health("health.no_channel", "no channel configured: nobody will be notified"),
        health("health.level_unrouted", "no channel for error or critical alerts: nobody will be notified"),
        health("health.level_all_failing", "every channel for error or critical alerts is failing: nobody is being notified"),
        health("health.misconfigured", "misconfigured"),
        // An alert's timeline: the event kinds, their detail as parameters.
        {u"event.fired"_qs, u"fired (value {value})"_qs, {}, {u"value"_qs}, {{u"value"_qs, 97.5}}},
        {u"event.acknowledged"_qs, u"acknowledged by {by}: {comment}"_qs, {}, {u"by"_qs, u"comment"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"comment"_qs, u"looking"_qs}}},
        {u"event.resolved"_qs, u"resolved by {by}: {comment}"_qs, {}, {u"by"_qs, u"comment"_qs, u"reason"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"comment"_qs, u"fixed"_qs}}},
        {u"event.escalated"_qs, u"escalated at step {step} from {from} to {to}"_qs, {}, {u"step"_qs, u"from"_qs, u"to"_qs},
         {{u"step"_qs, 1}, {u"from"_qs, u"warning"_qs}, {u"to"_qs, u"error"_qs}}},
        {u"event.silenced"_qs, u"silenced by {by} until {until}"_qs, {}, {u"by"_qs, u"silence"_qs, u"until"_qs, u"comment"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"until"_qs, u"2026-12-02T10:00:00.000Z"_qs}}},
        {u"event.unsilenced"_qs, u"silence over"_qs, {}, {}, none},
        {u"event.notified"_qs, u"notified through {channel} (attempt {attempt})"_qs, {}, {u"channel"_qs, u"attempt"_qs},
         {{u"channel"_qs, u"email"_qs}, {u"attempt"_qs, 1}}},
        {u"event.notification_failed"_qs, u"notification through {channel} failed (attempt {attempt}): {error}"_qs, {},
         {u"channel"_qs, u"attempt"_qs, u"error"_qs}, {{u"channel"_qs, u"slack"_qs}, {u"attempt"_qs, 2}, {u"error"_qs, u"HTTP 500"_qs}}},
    };
}
} // namespace

const QList<MessageKey> &messageCatalogue()
{
    static const QList<MessageKey> catalogue = build();
    return catalogue;
}

const MessageKey *findMessageKey(const QString &key)
{
    for (const MessageKey &m : messageCatalogue()) {
        if (m.key == key)
            return &m;
    }
    return nullptr;
}

QString englishMessage(const QString &key, const QJsonObject &params)
{
    const MessageKey *m = findMessageKey(key);
    if (!m)
        return key;
    QString text = m->english;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QJsonValue v = it.value();
        QString value = v.isString() ? v.toString() : v.isDouble() ? QString::number(v.toDouble(), 'g', 10) : QString();
        if (v.isString() && findMessageKey(value))
            value = englishMessage(value, {});
        text.replace(u'{' + it.key() + u'}', value);
    }
    static const QRegularExpression unfilled(QStringLiteral("\\s*\\{[a-z_]+\\}"));
    return text.remove(unfilled).trimmed();
}

QJsonArray messageCatalogueJson()
{
    QJsonArray out;
    for (const MessageKey &m : messageCatalogue()) {
        QJsonObject o{{u"key"_qs, m.key}, {u"english"_qs, m.english}, {u"params"_qs, QJsonArray::fromStringList(m.params)},
                      {u"example"_qs, m.example}};
        if (!m.englishTitle.isEmpty())
            o.insert(u"title"_qs, m.englishTitle);
        out.append(o);
    }
    return out;
}

} // namespace protocol
