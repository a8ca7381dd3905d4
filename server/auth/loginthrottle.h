#pragma once

#include "server/core/clock.h"
#include "server/storage/opsstore.h"

#include <QStringList>

// Login lockouts kept in the store (table login_failures), so a restart does not forgive
// them. An attempt counts against every key it names (user and client address) when it
// ARRIVES, before any hashing, so attempts still in flight count too; a success gives its
// count back. Nothing is evicted by size: rows go only once their lockout and window have
// passed, so spraying names can neither clear nor dilute a lockout.
class LoginThrottle final {
    Q_DISABLE_COPY_MOVE(LoginThrottle)
public:
    LoginThrottle(OpsStore *store, const Clock *clock, int maxFailures, int lockoutSeconds);

    enum class Verdict { Proceed, Locked, StoreFailed };
    // Locked: some key is locked out or used up; nothing was counted. Proceed: one attempt
    // was counted against every key (and a key that reached the limit is now locked).
    Verdict arrive(const QStringList &keys, QString *error);
    // The attempt that arrive() counted was right: the user's count starts again and the
    // address gets its one attempt back.
    void succeeded(const QString &userKey, const QString &addressKey);
    // Wall-clock time until which `key` is locked, 0 when it is not.
    qint64 lockedUntil(const QString &key);

private:
    struct Entry {
        qint64 attempts = 0;
        qint64 lockedUntil = 0;
        qint64 updatedAt = 0;
    };
    std::optional<Entry> load(const QString &key, QString *error);
    bool save(const QString &key, const Entry &e, QString *error);
    void pruneIfDue(qint64 now);

    OpsStore *m_store;
    const Clock *m_clock;
    int m_maxFailures;
    qint64 m_lockoutMs;
    qint64 m_windowMs;
    qint64 m_lastPruneMs = 0;
};
