#pragma once

#include "server/auth/passwordhasher.h"
#include "server/config/config.h"
#include "server/core/clock.h"
#include "server/protocol/envelope.h"
#include "server/protocol/protocol.h"
#include "server/storage/opsstore.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <optional>

// Who is on the other end of a socket or request, once a token checked out.
struct Identity {
    QString userId;
    QString username;
    QString tokenId;
    QString kind; // "session" | "api"
    protocol::Role role = protocol::Role::Viewer;
    qint64 expiresAtMs = -1;
};

struct LoginOutcome {
    QString errorCode; // empty on success
    QString errorMessage;
    QString token;
    Identity identity;
};

// Users, passwords, session and API tokens. Lives on the main thread with the store;
// password work goes to the thread pool and comes back here.
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
                                          qint64 expiresAtMs, QString *tokenId, QString *errorCode, QString *error);
    bool revokeToken(const QString &tokenId, QString *error);

    static bool validUsername(const QString &username);
    static bool validPassword(const QString &password, QString *why);
    // Hashes off the event loop, then stores; the future yields an error (code empty on success).
    QFuture<protocol::ErrorInfo> addUser(const QString &username, const QString &password, protocol::Role role);
    // Blocking form for the command line, where there is no event loop to keep.
    bool addUserBlocking(const QString &username, const QString &password, protocol::Role role, QString *error);

    OpsStore *store() const { return m_store; }
    const Clock *clock() const { return m_clock; }

private:
    struct Failures {
        int count = 0;
        qint64 lockedUntilMs = 0;
    };
    bool lockedOut(const QString &key) const;
    void recordFailure(const QString &key);
    QString issueSession(const UserRecord &user, qint64 *expiresAtMs, QString *tokenId, QString *error);

    OpsStore *m_store;
    const Clock *m_clock;
    Config::Auth m_settings;
    QHash<QString, Failures> m_failures;
};
