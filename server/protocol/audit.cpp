#include "server/protocol/audit.h"

#include "server/protocol/protocol.h"

namespace protocol {

QJsonObject AuditEntry::toJson() const
{
    return {
        {u"seq"_qs, double(seq)},
        {u"id"_qs, id},
        {u"user_id"_qs, userId},
        {u"action"_qs, action},
        {u"resource_type"_qs, resourceType},
        {u"resource_id"_qs, resourceId},
        {u"details"_qs, details},
        {u"ip_address"_qs, ipAddress},
        {u"user_agent"_qs, userAgent},
        {u"timestamp"_qs, isoTimestamp(timestampMs)},
    };
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &json, QString *error)
{
    AuditEntry e;
    e.seq = qint64(json.value(u"seq"_qs).toDouble());
    e.id = json.value(u"id"_qs).toString();
    e.userId = json.value(u"user_id"_qs).toString();
    e.action = json.value(u"action"_qs).toString();
    e.resourceType = json.value(u"resource_type"_qs).toString();
    e.resourceId = json.value(u"resource_id"_qs).toString();
    e.details = json.value(u"details"_qs).toObject();
    e.ipAddress = json.value(u"ip_address"_qs).toString();
    e.userAgent = json.value(u"user_agent"_qs).toString();
    e.timestampMs = parseIsoTimestamp(json.value(u"timestamp"_qs).toString());
    if (e.id.isEmpty() || e.action.isEmpty() || e.resourceType.isEmpty() || e.timestampMs < 0) {
        *error = QStringLiteral("an audit entry needs id, action, resource_type and timestamp");
        return std::nullopt;
    }
    return e;
}

} // namespace protocol
