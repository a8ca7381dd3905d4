#include "server/api/tlscontext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QSet>
#include <QSslCipher>
#include <QSslKey>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace tls {
namespace {

template<typename T, void (*F)(T *)>
struct Deleter {
    void operator()(T *p) const { F(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

QString opensslError()
{
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, n);
}

// Written beside the target and renamed over it, created with the final mode.
bool writeFileAtomically(const QString &path, const QByteArray &content, mode_t mode, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp";
    ::unlink(temp.constData());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + done, size_t(content.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            ::unlink(temp.constData());
            return false;
        }
        done += n;
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temp.constData(), target.constData()) != 0) {
        *error = QStringLiteral("cannot store %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        ::unlink(temp.constData());
        return false;
    }
    return true;
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

QList<QSslCertificate> readChain(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the certificate file %1: %2").arg(path, file.errorString());
        return {};
    }
    const QByteArray pem = file.read(1024 * 1024);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(pem, QSsl::Pem);
    if (chain.isEmpty())
        *error = QStringLiteral("%1 holds no PEM certificate").arg(path);
    return chain;
}

} // namespace

Files defaultFiles(const QString &dataDir)
{
    const QDir dir(dataDir);
    return {dir.filePath(QStringLiteral("tls-cert.pem")), dir.filePath(QStringLiteral("tls-key.pem")), QString()};
}

bool ensureSelfSigned(const Files &files, const QStringList &extraNames, bool *created, QString *error)
{
    *created = false;
    const bool haveCert = QFileInfo::exists(files.certFile);
    const bool haveKey = QFileInfo::exists(files.keyFile);
    if (haveCert && haveKey)
        return true;
    if (haveCert != haveKey) {
        *error = QStringLiteral("%1 exists without %2: restore the missing file or remove both to make a new certificate")
                     .arg(haveCert ? files.certFile : files.keyFile, haveCert ? files.keyFile : files.certFile);
        return false;
    }

    Key key(EVP_EC_gen("P-256"));
    Cert cert(X509_new());
    Bn serial(BN_new());
    if (!key || !cert || !serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) {
        *error = QStringLiteral("cannot make a key: %1").arg(opensslError());
        return false;
    }
    const QByteArray host = QHostInfo::localHostName().toUtf8().left(64);
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 5L * 365 * 86400);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("FormAuto Ops"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(host.isEmpty() ? "localhost" : host.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);

    // Every name a client may reach this host by: its name, localhost, and its addresses.
    QStringList sans;
    QSet<QString> seen;
    auto addName = [&](const QString &n) {
        if (n.isEmpty() || seen.contains(n) || n.contains(u',') || n.size() > 253)
            return;
        seen.insert(n);
        QHostAddress address;
        if (address.setAddress(n))
            sans << QStringLiteral("IP:") + address.toString();
        else
            sans << QStringLiteral("DNS:") + n;
    };
    addName(QString::fromUtf8(host));
    addName(QStringLiteral("localhost"));
    for (const QString &n : extraNames)
        addName(n);
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv6Protocol && !a.scopeId().isEmpty())
            continue; // link-local with a zone cannot be written as a SAN
        addName(a.toString());
    }
    addName(QStringLiteral("127.0.0.1"));
    addName(QStringLiteral("::1"));
    if (!addExtension(cert.get(), NID_subject_alt_name, sans.join(u',').toLatin1())
        || !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash")) {
        *error = QStringLiteral("cannot describe the certificate: %1").arg(opensslError());
        return false;
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        *error = QStringLiteral("cannot sign the certificate: %1").arg(opensslError());
        return false;
    }
    Bio keyPem(BIO_new(BIO_s_mem()));
    Bio certPem(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
        || !PEM_write_bio_X509(certPem.get(), cert.get())) {
        *error = QStringLiteral("cannot encode the certificate: %1").arg(opensslError());
        return false;
    }
    QDir().mkpath(QFileInfo(files.keyFile).absolutePath());
    QDir().mkpath(QFileInfo(files.certFile).absolutePath());
    // The key first: a certificate without its key would be refused at the next start.
    if (!writeFileAtomically(files.keyFile, bioBytes(keyPem.get()), 0600, error))
        return false;
    if (!writeFileAtomically(files.certFile, bioBytes(certPem.get()), 0644, error)) {
        QFile::remove(files.keyFile);
        return false;
    }
    *created = true;
    return true;
}

std::optional<QSslConfiguration> serverConfiguration(const Files &files, QString *error)
{
    const QList<QSslCertificate> chain = readChain(files.certFile, error);
    if (chain.isEmpty())
        return std::nullopt;
    QFile keyFile(files.keyFile);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the key file %1: %2").arg(files.keyFile, keyFile.errorString());
        return std::nullopt;
    }
    const QByteArray keyPem = keyFile.read(1024 * 1024);
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM private key (EC or RSA)").arg(files.keyFile);
        return std::nullopt;
    }
    // A key that does not belong to the certificate would only fail at each handshake.
    {
        const QByteArray certPem = chain.first().toPem();
        Bio certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
        Bio keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
        Cert x509(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        Key pkey(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        if (!x509 || !pkey || X509_check_private_key(x509.get(), pkey.get()) != 1) {
            ERR_clear_error();
            *error = QStringLiteral("the key in %1 does not belong to the certificate in %2").arg(files.keyFile, files.certFile);
            return std::nullopt;
        }
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    QList<QSslCipher> ciphers;
    for (const QSslCipher &cipher : QSslConfiguration::supportedCiphers()) {
        const QString name = cipher.name();
        const bool tls13 = cipher.protocol() == QSsl::TlsV1_3;
        const bool modern12 = cipher.protocol() == QSsl::TlsV1_2 && name.startsWith(QLatin1StringView("ECDHE-"))
                              && (name.contains(QLatin1StringView("GCM")) || name.contains(QLatin1StringView("CHACHA20")));
        if (tls13 || modern12)
            ciphers << cipher;
    }
    if (!ciphers.isEmpty())
        config.setCiphers(ciphers);
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setSslOption(QSsl::SslOptionDisableCompression, true);
    config.setSslOption(QSsl::SslOptionDisableSessionTickets, false);
    if (!files.clientCaFile.isEmpty()) {
        QString caError;
        const QList<QSslCertificate> cas = readChain(files.clientCaFile, &caError);
        if (cas.isEmpty()) {
            *error = caError;
            return std::nullopt;
        }
        config.setCaCertificates(cas);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return config;
}

QString fingerprint(const QSslCertificate &certificate)
{
    const QByteArray digest = QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

std::optional<QString> fileFingerprint(const QString &certFile, QString *error)
{
    const QList<QSslCertificate> chain = readChain(certFile, error);
    if (chain.isEmpty())
        return std::nullopt;
    return fingerprint(chain.first());
}

} // namespace tls
