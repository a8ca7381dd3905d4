#include "server/protocol/audit.h"

#include "server/protocol/protocol.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace protocol {

QByteArray AuditEntry::canonical() const
{
    const QJsonArray fields{double(seq), id, userId, action, resourceType, resourceId,
                            QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)),
                            ipAddress, userAgent, double(timestampMs)};
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString AuditEntry::computeDigest() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonical(), QCryptographicHash::Sha256).toHex());
}

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
        {u"timestamp_ms"_qs, double(timestampMs)},
        {u"digest"_qs, digest},
        {u"prev_hash"_qs, prevHash},
        {u"hash"_qs, hash},
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
    e.timestampMs = json.contains(u"timestamp_ms"_qs) ? qint64(json.value(u"timestamp_ms"_qs).toDouble())
                                                      : parseIsoTimestamp(json.value(u"timestamp"_qs).toString());
    e.digest = json.value(u"digest"_qs).toString();
    e.prevHash = json.value(u"prev_hash"_qs).toString();
    e.hash = json.value(u"hash"_qs).toString();
    if (e.id.isEmpty() || e.action.isEmpty() || e.resourceType.isEmpty() || e.timestampMs < 0) {
        *error = QStringLiteral("an audit entry needs id, action, resource_type and timestamp");
        return std::nullopt;
    }
    return e;
}

} // namespace protocol
