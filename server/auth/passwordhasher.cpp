#include "server/auth/passwordhasher.h"

#include <mutex>
#include <sodium.h>

namespace {

void limits(PasswordHasher::Strength s, unsigned long long *ops, size_t *mem)
{
    switch (s) {
    case PasswordHasher::Strength::Interactive:
        *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        return;
    case PasswordHasher::Strength::Moderate:
        *ops = crypto_pwhash_OPSLIMIT_MODERATE;
        *mem = crypto_pwhash_MEMLIMIT_MODERATE;
        return;
    case PasswordHasher::Strength::Sensitive:
        *ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
        *mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
        return;
    }
}

} // namespace

QString PasswordHasher::dummyHash(Strength strength)
{
    // Computed once per strength, with the parameters real users' hashes have: verifying
    // against it costs what a real verification costs.
    static std::once_flag once[3];
    static QString hashes[3];
    const int i = int(strength);
    std::call_once(once[i], [&] { hashes[i] = hash(QStringLiteral("not-a-password"), strength); });
    return hashes[i];
}

PasswordHasher::Strength PasswordHasher::strengthFromName(const QString &name)
{
    if (name == QLatin1StringView("interactive"))
        return Strength::Interactive;
    if (name == QLatin1StringView("sensitive"))
        return Strength::Sensitive;
    return Strength::Moderate;
}

bool PasswordHasher::initialize()
{
    return sodium_init() >= 0;
}

QString PasswordHasher::hash(const QString &password, Strength strength)
{
    unsigned long long ops = 0;
    size_t mem = 0;
    limits(strength, &ops, &mem);
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), size_t(utf8.size()), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &password, const QString &encoded, Strength dummyStrength)
{
    const QByteArray utf8 = password.toUtf8();
    const QByteArray stored = (encoded.isEmpty() ? dummyHash(dummyStrength) : encoded).toLatin1();
    const bool ok = crypto_pwhash_str_verify(stored.constData(), utf8.constData(), size_t(utf8.size())) == 0;
    return ok && !encoded.isEmpty();
}

QString PasswordHasher::randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray PasswordHasher::tokenHash(const QString &token)
{
    const QByteArray utf8 = token.toUtf8();
    QByteArray out(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    crypto_hash_sha256(reinterpret_cast<unsigned char *>(out.data()),
                       reinterpret_cast<const unsigned char *>(utf8.constData()), quint64(utf8.size()));
    return out;
}
