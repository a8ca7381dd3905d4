#pragma once

#include "server/protocol/audit.h"

#include <QJsonObject>
#include <functional>
#include <optional>

namespace protocol {

struct Message;

// An exported slice of the audit log that anyone can check without the daemon: every row's
// digest is recomputed from its fields, every row must name its predecessor's hash, and the
// list of (digest, hash) is signed with the daemon's Ed25519 key (public key in the bundle).
inline constexpr QLatin1StringView AuditBundleFormat{"formauto-audit-bundle"};

// The bytes the signature covers.
QByteArray auditBundleMessage(const QList<AuditEntry> &rows);

QJsonObject makeAuditBundle(const QList<AuditEntry> &rows, qint64 exportedAtMs, const QByteArray &publicKey,
                            const std::function<QByteArray(const QByteArray &message)> &sign);

struct AuditBundle {
    QList<AuditEntry> rows;
    qint64 exportedAtMs = 0;
    QByteArray publicKey;
    QByteArray signature;
};
// Parses and checks digests and links; the signature is checked by the caller (it needs
// libsodium), over auditBundleMessage(rows). On failure *error names the first bad row.
// *error: why it is refused, in English; *why (if given): the same as a catalogue message.
std::optional<AuditBundle> readAuditBundle(const QJsonObject &json, QString *error, Message *why = nullptr);

} // namespace protocol
