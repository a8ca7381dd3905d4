#pragma once

#include <QByteArray>
#include <QString>

// Argon2id through libsodium. Hashing costs about a second at "moderate" on purpose, so
// AuthService runs it on its own small pool and the event loop keeps serving everyone else.
class PasswordHasher final {
public:
    enum class Strength { Interactive, Moderate, Sensitive };
    static Strength strengthFromName(const QString &name);

    static bool initialize();
    static QString hash(const QString &password, Strength strength);
    // An empty encoded hash (unknown user) still costs one verification against a dummy
    // hash of `dummyStrength` (the configured one), so timing does not tell which user
    // names exist; it is never true.
    static bool verify(const QString &password, const QString &encoded, Strength dummyStrength = Strength::Interactive);
    static QString dummyHash(Strength strength);

    // URL-safe random text with `bytes` bytes of entropy.
    static QString randomToken(int bytes);
    // SHA-256 of a bearer token: tokens are random, so a fast hash is enough to store them.
    static QByteArray tokenHash(const QString &token);
};
