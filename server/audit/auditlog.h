#pragma once

#include "server/core/clock.h"
#include "server/protocol/audit.h"
#include "server/storage/opsstore.h"

#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>

// Who did what: one row per human action, with the ticket's fields, chained so that a row
// changed, removed, reordered or cut off the end is found. Each row's hash is an HMAC over
// the previous hash and the row's digest, with a key kept in the data directory, not in the
// database; the newest (seq, hash) is also written to a head file beside the key, so a
// truncated table is caught too. Rows are only ever appended.
class AuditLog final {
    Q_DISABLE_COPY_MOVE(AuditLog)
public:
    // dataDir holds audit-hmac.key, audit-signing.key and audit-head (all 0600).
    AuditLog(OpsStore *store, const Clock *clock, QString dataDir);

    // Reads or creates the keys; false with *error when the data directory is not usable.
    bool open(QString *error);
    // The fleet's name of the host writing (in every row's details as "host", covered by the
    // digest like the rest); empty: none is written.
    void setHost(const QString &host) { m_host = host; }

    struct Actor {
        QString userId; // empty for an action by someone not (yet) known, e.g. a failed login
        QString ipAddress;
        QString userAgent;
    };

    // False when the row could not be written. The audit log fails closed: an action is
    // recorded before it takes effect (or undone when its row cannot follow), and an action
    // whose row cannot be written is refused with RefusedMessage.
    bool record(const Actor &actor, const QString &action, const QString &resourceType, const QString &resourceId,
                const QJsonObject &details = {});
    static constexpr QLatin1StringView RefusedMessage{"the audit log could not be written; the action was not carried out"};
    // Told when writing starts failing (failing = true, with the action and the error) and when
    // it works again: the daemon raises and clears an alert.
    void setHealthHandler(std::function<void(bool failing, const QString &action, const QString &error)> handler)
    {
        m_healthHandler = std::move(handler);
    }

    struct Verification {
        bool ok = true;
        qint64 rows = 0;
        qint64 firstBadSeq = 0; // 0 when ok
        QString reason;
    };
    Verification verify() const;

    // Rows [fromSeq, toSeq] (0: from the start / to the end) with digests and hashes, signed
    // with the daemon's Ed25519 key so the bundle can be checked anywhere without the HMAC key.
    std::optional<QJsonObject> exportBundle(qint64 fromSeq, qint64 toSeq, QString *error) const;
    // The same read over another connection (a reader thread: the keys are only read).
    std::optional<QJsonObject> exportBundle(OpsStore &store, qint64 fromSeq, qint64 toSeq, QString *error) const;

    QString sealHash(const QString &prevHash, const QString &digest) const;
    // Whether this host's audit-hmac.key sealed the newest row in the store (true for an
    // empty chain). A fleet member with another key would seal rows nobody can verify.
    // *rows: the chain's length.
    bool keySealsChain(qint64 *rows, QString *error) const;

private:
    bool writeHead(qint64 seq, const QString &hash) const;
    QString headMac(qint64 seq, const QString &hash) const;

    OpsStore *m_store;
    const Clock *m_clock;
    QString m_dataDir;
    QByteArray m_hmacKey;
    QByteArray m_signingKey; // libsodium Ed25519 secret key (includes the public key)
    std::function<void(bool, const QString &, const QString &)> m_healthHandler;
    bool m_failing = false;
    QString m_host;
};
