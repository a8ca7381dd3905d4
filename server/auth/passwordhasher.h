#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>

// Argon2id through libsodium. Hashing costs about a second at "moderate" on purpose, so
// the async forms run on the thread pool and the event loop keeps serving everyone else.
class PasswordHasher final {
public:
    enum class Strength { Interactive, Moderate, Sensitive };
    static Strength strengthFromName(const QString &name);

    static bool initialize();
    static QString hash(const QString &password, Strength strength);
    static bool verify(const QString &password, const QString &encoded);
    static QFuture<QString> hashAsync(const QString &password, Strength strength);
    // An empty encoded hash (unknown user) still costs one verification, so timing does
    // not tell which user names exist.
    static QFuture<bool> verifyAsync(const QString &password, const QString &encoded);

    // URL-safe random text with `bytes` bytes of entropy.
    static QString randomToken(int bytes);
    // SHA-256 of a bearer token: tokens are random, so a fast hash is enough to store them.
    static QByteArray tokenHash(const QString &token);
};
