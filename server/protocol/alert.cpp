#include "server/protocol/alert.h"

#include "server/protocol/protocol.h"

namespace protocol {

bool Alert::validLevel(const QString &level)
{
    return level == u"info"_qs || level == u"warning"_qs || level == u"error"_qs || level == u"critical"_qs;
}

QJsonObject Alert::toJson() const
{
    QJsonObject json{
        {u"id"_qs, id},
        {u"seq"_qs, double(seq)},
        {u"fingerprint"_qs, fingerprint},
        {u"host"_qs, host},
        {u"rule"_qs, rule},
        {u"level"_qs, level},
        {u"title"_qs, title},
        {u"message"_qs, message},
        {u"details"_qs, details},
        {u"state"_qs, state},
        {u"timestamp"_qs, isoTimestamp(firedAtMs)},
        {u"updated_at"_qs, isoTimestamp(updatedAtMs)},
    };
    if (!acknowledgedBy.isEmpty()) {
        json.insert(u"acknowledged_by"_qs, acknowledgedBy);
        json.insert(u"acknowledged_at"_qs, isoTimestamp(acknowledgedAtMs));
        json.insert(u"ack_comment"_qs, ackComment);
    }
    if (resolvedAtMs >= 0)
        json.insert(u"resolved_at"_qs, isoTimestamp(resolvedAtMs));
    if (!timeline.isEmpty())
        json.insert(u"timeline"_qs, timeline);
    return json;
}

std::optional<Alert> Alert::fromJson(const QJsonObject &json, QString *error)
{
    Alert a;
    a.id = json.value(u"id"_qs).toString();
    a.seq = qint64(json.value(u"seq"_qs).toDouble());
    a.fingerprint = json.value(u"fingerprint"_qs).toString();
    a.host = json.value(u"host"_qs).toString();
    a.rule = json.value(u"rule"_qs).toString();
    a.level = json.value(u"level"_qs).toString();
    a.title = json.value(u"title"_qs).toString();
    a.message = json.value(u"message"_qs).toString();
    a.details = json.value(u"details"_qs).toObject();
    a.state = json.value(u"state"_qs).toString();
    a.firedAtMs = parseIsoTimestamp(json.value(u"timestamp"_qs).toString());
    a.updatedAtMs = parseIsoTimestamp(json.value(u"updated_at"_qs).toString());
    a.acknowledgedBy = json.value(u"acknowledged_by"_qs).toString();
    a.acknowledgedAtMs = json.contains(u"acknowledged_at"_qs) ? parseIsoTimestamp(json.value(u"acknowledged_at"_qs).toString()) : -1;
    a.ackComment = json.value(u"ack_comment"_qs).toString();
    a.resolvedAtMs = json.contains(u"resolved_at"_qs) ? parseIsoTimestamp(json.value(u"resolved_at"_qs).toString()) : -1;
    a.timeline = json.value(u"timeline"_qs).toArray();
    if (a.id.isEmpty() || !validLevel(a.level) || a.firedAtMs < 0
        || (a.state != u"firing"_qs && a.state != u"acknowledged"_qs && a.state != u"resolved"_qs)) {
        *error = QStringLiteral("an alert needs id, a level (info, warning, error, critical), a state and a timestamp");
        return std::nullopt;
    }
    return a;
}

} // namespace protocol
