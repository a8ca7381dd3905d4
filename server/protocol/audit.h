#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace protocol {

// One audit-log row with the ticket's fields (AuditLog model).
struct AuditEntry {
    qint64 seq = 0;
    QString id; // UUID
    QString userId;
    QString action;
    QString resourceType;
    QString resourceId;
    QJsonObject details;
    QString ipAddress;
    QString userAgent;
    qint64 timestampMs = 0;

    QJsonObject toJson() const;
    static std::optional<AuditEntry> fromJson(const QJsonObject &json, QString *error);
    bool operator==(const AuditEntry &) const = default;
};

} // namespace protocol
