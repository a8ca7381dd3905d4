#pragma once

#include "server/protocol/auditbundle.h"

#include <QString>
#include <optional>

// An exported audit bundle read from disk and checked here, without any server: digests,
// links between rows, and the daemon's Ed25519 signature over them.
struct VerifiedAuditBundle {
    protocol::AuditBundle bundle;
    QString keyFingerprint; // first 16 hex digits of SHA-256 of the public key, for comparing by eye
};
std::optional<VerifiedAuditBundle> openAuditBundle(const QString &path, QString *error);
