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
    // The tamper-evidence chain: digest = SHA-256 of canonical(), hash = HMAC-SHA256(key,
    // prevHash + digest) with a key the daemon keeps outside the database. Hex strings.
    QString digest;
    QString prevHash;
    QString hash;

    // The bytes the digest covers: a compact JSON array of every field in a fixed order.
    QByteArray canonical() const;
    QString computeDigest() const;

    QJsonObject toJson() const;
    static std::optional<AuditEntry> fromJson(const QJsonObject &json, QString *error);
    bool operator==(const AuditEntry &) const = default;
};

// prevHash of the first row.
inline const QString GenesisHash = QString(64, u'0');

} // namespace protocol
