#include "server/auth/authservice.h"

#include "server/logging/jsonlogger.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>
#include <QUuid>

AuthService::AuthService(OpsStore *store, const Clock *clock, Config::Auth settings, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_settings(std::move(settings)),
      m_strength(PasswordHasher::strengthFromName(m_settings.passwordHashStrength)),
      m_throttle(store, clock, m_settings.maxFailedLogins, m_settings.lockoutSeconds),
      m_pool(std::make_unique<QThreadPool>())
{
    // Two threads (one at "sensitive", 1 GiB each): enough that one address, capped at one
    // hash in flight, never holds them all; few enough that a flood cannot take the machine.
    m_pool->setMaxThreadCount(m_strength == PasswordHasher::Strength::Sensitive ? 1 : 2);
    m_pool->setObjectName(QStringLiteral("password-hashing"));
    m_maxPerKey = qMax(1, m_pool->maxThreadCount() - 1);
    // The dummy hash for unknown users is made with the configured parameters, up front and
    // off the event loop, so the first unknown name costs no more than a known one.
    const PasswordHasher::Strength strength = m_strength;
    m_pool->start([strength] { PasswordHasher::dummyHash(strength); });
}

AuthService::Stats AuthService::stats() const
{
    Stats s = m_stats;
    s.hashed = m_hashed.loadRelaxed();
    return s;
}

bool AuthService::admitHash(const QStringList &keys)
{
    if (m_pending >= MaxPendingHashes)
        return false;
    for (const QString &key : keys) {
        if (m_inFlight.value(key) >= m_maxPerKey)
            return false;
    }
    ++m_pending;
    for (const QString &key : keys)
        ++m_inFlight[key];
    return true;
}

void AuthService::hashDone(const QStringList &keys)
{
    --m_pending;
    for (const QString &key : keys) {
        const auto it = m_inFlight.find(key);
        if (it != m_inFlight.end() && --*it <= 0)
            m_inFlight.erase(it);
    }
}

bool AuthService::validUsername(const QString &username)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.@-]{1,64}$"));
    return re.match(username).hasMatch();
}

bool AuthService::validPassword(const QString &password, QString *why)
{
    if (password.size() < 10) {
        *why = QStringLiteral("password must have at least 10 characters");
        return false;
    }
    if (password.size() > 1024) {
        *why = QStringLiteral("password must have at most 1024 characters");
        return false;
    }
    return true;
}

bool AuthService::ensureInitialAdmin(const QString &dataDir, QString *password, QString *error)
{
    const qint64 users = m_store->userCount(error);
    if (users < 0)
        return false;
    if (users > 0)
        return true;
    const QString generated = PasswordHasher::randomToken(18);
    if (!addUserBlocking(QStringLiteral("admin"), generated, protocol::Role::Admin, error))
        return false;
    QFile file(QDir(dataDir).filePath(QStringLiteral("initial-admin-password")));
    // Created 0600 before any byte of the secret is written.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::NewOnly)
        && !(file.remove() && file.open(QIODevice::WriteOnly | QIODevice::NewOnly))) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(generated.toUtf8() + '\n');
    file.close();
    *password = generated;
    return true;
}

QFuture<LoginOutcome> AuthService::login(const QString &username, const QString &password, const QString &address)
{
    const QString userKey = QStringLiteral("u:") + username.left(64);
    const QString addressKey = QStringLiteral("a:") + address.left(100);
    auto refuse = [](QLatin1StringView code, const char *key) {
        LoginOutcome out;
        out.errorCode = QString(code);
        out.errorMessage = {QString::fromLatin1(key), {}};
        return QtFuture::makeReadyFuture(out);
    };
    // Every refusal here is answered at once, without hashing and without waiting behind
    // anyone, so a flood or a lockout costs nobody else time.
    const QStringList keys{userKey, addressKey};
    bool busy = m_pending >= MaxPendingHashes;
    for (const QString &key : keys)
        busy = busy || m_inFlight.value(key) >= m_maxPerKey;
    if (busy) {
        ++m_stats.busy;
        return refuse(protocol::Error::RateLimited, "error.login_busy");
    }
    QString error;
    switch (m_throttle.arrive(keys, &error)) {
    case LoginThrottle::Verdict::Locked:
        ++m_stats.lockedOut;
        return refuse(protocol::Error::RateLimited, "error.login_throttled");
    case LoginThrottle::Verdict::StoreFailed:
        qCWarning(lcOps).noquote() << "counting a login attempt failed:" << error;
        return refuse(protocol::Error::Internal, "error.login_unchecked");
    case LoginThrottle::Verdict::Proceed:
        break;
    }
    std::optional<UserRecord> user = validUsername(username) ? m_store->userByName(username, &error) : std::nullopt;
    // A disabled user's own hash is checked too: the answer takes as long as for anyone.
    const QString hash = user ? user->passwordHash : QString();
    admitHash(keys);
    const PasswordHasher::Strength strength = m_strength;
    return QtConcurrent::run(m_pool.get(), [this, password, hash, strength] {
               m_hashed.fetchAndAddRelaxed(1);
               return PasswordHasher::verify(password, hash, strength);
           })
        .then(this, [this, user, userKey, addressKey, keys](bool ok) {
            hashDone(keys);
            LoginOutcome out;
            if (!ok || !user || user->disabled) {
                // Already counted when it arrived.
                out.errorCode = QString(protocol::Error::Unauthorized);
                out.errorMessage = {u"error.login_wrong"_qs, {}};
                return out;
            }
            m_throttle.succeeded(userKey, addressKey);
            QString error;
            qint64 expires = 0;
            QString tokenId;
            out.token = issueSession(*user, &expires, &tokenId, &error);
            if (out.token.isEmpty()) {
                out.errorCode = QString(protocol::Error::Internal);
                out.errorMessage = {u"error.session_unstored"_qs, {}};
                qCWarning(lcOps).noquote() << "storing a session failed:" << error;
                return out;
            }
            out.identity = {user->id, user->username, tokenId, QStringLiteral("session"), user->role, expires};
            return out;
        });
}

QString AuthService::issueSession(const UserRecord &user, qint64 *expiresAtMs, QString *tokenId, QString *error)
{
    const QString token = QStringLiteral("fos_") + PasswordHasher::randomToken(32);
    TokenRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.userId = user.id;
    record.kind = QStringLiteral("session");
    record.role = user.role;
    record.createdAtMs = m_clock->nowMs();
    record.expiresAtMs = record.createdAtMs + qint64(m_settings.sessionTtlMinutes) * 60000;
    if (!m_store->addToken(record, PasswordHasher::tokenHash(token), error))
        return {};
    m_store->deleteExpiredSessions(record.createdAtMs, error);
    *expiresAtMs = record.expiresAtMs;
    *tokenId = record.id;
    return token;
}

std::optional<Identity> AuthService::authenticate(const QString &token) const
{
    if (token.size() < 16 || token.size() > 256)
        return std::nullopt;
    QString error;
    const std::optional<TokenRecord> t = m_store->tokenByHash(PasswordHasher::tokenHash(token), &error);
    if (!t || t->revoked || (t->expiresAtMs >= 0 && t->expiresAtMs <= m_clock->nowMs()))
        return std::nullopt;
    return Identity{t->userId, t->username, t->id, t->kind, t->role, t->expiresAtMs, t->scope};
}

bool AuthService::logout(const Identity &identity, QString *error)
{
    return m_store->revokeToken(identity.tokenId, error);
}

std::optional<QString> AuthService::createApiToken(const QString &username, const QString &name, protocol::Role role,
                                                   qint64 expiresAtMs, QString *tokenId, QString *errorCode, QString *error,
                                                   const QString &scope)
{
    const std::optional<UserRecord> user = m_store->userByName(username, error);
    if (!user) {
        *errorCode = QString(protocol::Error::NotFound);
        *error = QStringLiteral("no user named \"%1\"").arg(username);
        return std::nullopt;
    }
    if (int(role) > int(user->role)) {
        *errorCode = QString(protocol::Error::BadRequest);
        *error = QStringLiteral("a token cannot have a higher role than its user");
        return std::nullopt;
    }
    const QString token = QStringLiteral("fat_") + PasswordHasher::randomToken(32);
    TokenRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.userId = user->id;
    record.kind = QStringLiteral("api");
    record.name = name;
    record.role = role;
    record.createdAtMs = m_clock->nowMs();
    record.expiresAtMs = expiresAtMs;
    record.scope = scope;
    if (!m_store->addToken(record, PasswordHasher::tokenHash(token), error)) {
        *errorCode = QString(protocol::Error::Internal);
        return std::nullopt;
    }
    *tokenId = record.id;
    return token;
}

bool AuthService::revokeToken(const QString &tokenId, QString *error)
{
    return m_store->revokeToken(tokenId, error);
}

QFuture<protocol::ErrorInfo> AuthService::addUser(const QString &username, const QString &password, protocol::Role role)
{
    using protocol::ErrorInfo;
    QString why;
    if (!validUsername(username))
        return QtFuture::makeReadyFuture(ErrorInfo{QString(protocol::Error::BadRequest),
                                                   QStringLiteral("user names are 1-64 letters, digits, '_', '.', '@' or '-'")});
    if (!validPassword(password, &why))
        return QtFuture::makeReadyFuture(ErrorInfo{QString(protocol::Error::BadRequest), why});
    QString error;
    const ErrorInfo exists{QString(protocol::Error::Conflict), QStringLiteral("user \"%1\" exists").arg(username)};
    if (m_store->userByName(username, &error))
        return QtFuture::makeReadyFuture(exists);
    const QStringList keys{QStringLiteral("user.add")};
    if (!admitHash(keys))
        return QtFuture::makeReadyFuture(ErrorInfo{QString(protocol::Error::RateLimited),
                                                   QStringLiteral("password hashing is busy; try again in a moment")});
    const PasswordHasher::Strength strength = m_strength;
    return QtConcurrent::run(m_pool.get(), [this, password, strength] {
               m_hashed.fetchAndAddRelaxed(1);
               return PasswordHasher::hash(password, strength);
           })
        .then(this, [this, username, role, exists, keys](const QString &hash) {
            hashDone(keys);
            if (hash.isEmpty())
                return ErrorInfo{QString(protocol::Error::Internal), QStringLiteral("password hashing failed")};
            QString error;
            // Checked again: another request may have added the name while this one hashed.
            if (m_store->userByName(username, &error))
                return exists;
            UserRecord user{QUuid::createUuid().toString(QUuid::WithoutBraces), username, role, hash, m_clock->nowMs(), false};
            if (!m_store->addUser(user, &error))
                return ErrorInfo{QString(protocol::Error::Internal), error};
            return ErrorInfo{};
        });
}

bool AuthService::addUserBlocking(const QString &username, const QString &password, protocol::Role role, QString *error)
{
    QString why;
    if (!validUsername(username)) {
        *error = QStringLiteral("user names are 1-64 letters, digits, '_', '.', '@' or '-'");
        return false;
    }
    if (!validPassword(password, &why)) {
        *error = why;
        return false;
    }
    if (m_store->userByName(username, error)) {
        *error = QStringLiteral("user \"%1\" exists").arg(username);
        return false;
    }
    const QString hash = PasswordHasher::hash(password, m_strength);
    if (hash.isEmpty()) {
        *error = QStringLiteral("password hashing failed (out of memory?)");
        return false;
    }
    UserRecord user{QUuid::createUuid().toString(QUuid::WithoutBraces), username, role, hash, m_clock->nowMs(), false};
    return m_store->addUser(user, error);
}
