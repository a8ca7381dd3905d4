#pragma once

#include "server/auth/loginthrottle.h"
#include "server/auth/passwordhasher.h"
#include "server/config/config.h"
#include "server/core/clock.h"
#include "server/protocol/envelope.h"
#include "server/protocol/messagecatalogue.h"
#include "server/protocol/protocol.h"
#include "server/storage/opsstore.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <optional>

// Who is on the other end of a socket or request, once a token checked out.
struct Identity {
    QString userId;
    QString username;
    QString tokenId;
    QString kind; // "session" | "api"
    protocol::Role role = protocol::Role::Viewer;
    qint64 expiresAtMs = -1;
    QString scope = {}; // "agent:HOST": that agent's pushes and nothing else (TokenRecord::scope)
    // The host an agent token pushes for; empty for every other token.
    QString agentHost() const { return scope.startsWith(QLatin1StringView("agent:")) ? scope.mid(6) : QString(); }
};

struct LoginOutcome {
    QString errorCode; // empty on success
    protocol::Message errorMessage;
    QString token;
    Identity identity;
};

// Users, passwords, session and API tokens. Lives on the main thread with the store;
// password work goes to the service's own small pool (never the global one, which health
// probes and diagnosis use) behind a bounded queue, and comes back here.
class AuthService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthService)
public:
    AuthService(OpsStore *store, const Clock *clock, Config::Auth settings, QObject *parent = nullptr);

    // First start with no users: creates "admin" with a random password, writes it to
    // <dataDir>/initial-admin-password (0600) and returns it in *password.
    bool ensureInitialAdmin(const QString &dataDir, QString *password, QString *error);

    QFuture<LoginOutcome> login(const QString &username, const QString &password, const QString &address);
    std::optional<Identity> authenticate(const QString &token) const;
    bool logout(const Identity &identity, QString *error);

    // An API token for user `username` with at most that user's role; returns the token once.
    std::optional<QString> createApiToken(const QString &username, const QString &name, protocol::Role role,
                                          qint64 expiresAtMs, QString *tokenId, QString *errorCode, QString *error,
                                          const QString &scope = {});
    bool revokeToken(const QString &tokenId, QString *error);

    static bool validUsername(const QString &username);
    static bool validPassword(const QString &password, QString *why);
    // Hashes off the event loop, then stores; the future yields an error (code empty on success).
    QFuture<protocol::ErrorInfo> addUser(const QString &username, const QString &password, protocol::Role role);
    // Blocking form for the command line, where there is no event loop to keep.
    bool addUserBlocking(const QString &username, const QString &password, protocol::Role role, QString *error);

    OpsStore *store() const { return m_store; }
    const Clock *clock() const { return m_clock; }

    // Password work waiting or running at most; beyond it logins answer rate_limited.
    static constexpr int MaxPendingHashes = 16;
    struct Stats {
        qint64 hashed = 0;        // verifications and hashes actually computed
        qint64 lockedOut = 0;     // answered rate_limited at once: user or address locked
        qint64 busy = 0;          // answered rate_limited at once: queue or per-address cap full
    };
    Stats stats() const;
    int hashThreads() const { return m_pool->maxThreadCount(); }
    // Logins of one client address, and of one user name, hashed at the same time at most;
    // one address or one user can then never hold every hashing thread, so another user's
    // login from elsewhere waits at most about one hash.
    int maxInFlightPerKey() const { return m_maxPerKey; }

private:
    bool admitHash(const QStringList &keys);
    void hashDone(const QStringList &keys);
    QString issueSession(const UserRecord &user, qint64 *expiresAtMs, QString *tokenId, QString *error);

    OpsStore *m_store;
    const Clock *m_clock;
    Config::Auth m_settings;
    PasswordHasher::Strength m_strength;
    LoginThrottle m_throttle;
    int m_pending = 0;
    int m_maxPerKey = 1;
    QHash<QString, int> m_inFlight; // per user and address key; an entry goes when its count is 0
    Stats m_stats;
    QAtomicInteger<qint64> m_hashed = 0;
    // Last, so it goes first: its destructor waits for running hashes, which touch m_hashed.
    std::unique_ptr<QThreadPool> m_pool;
};
