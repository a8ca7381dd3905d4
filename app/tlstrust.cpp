#include "app/tlstrust.h"

#include <QFile>
#include <QFileInfo>

QString TlsTrust::fingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

static QString joinedName(const QSslCertificate &c, bool issuer)
{
    QStringList parts;
    const auto attribute = [&](QSslCertificate::SubjectInfo info) {
        return issuer ? c.issuerInfo(info) : c.subjectInfo(info);
    };
    const std::pair<QSslCertificate::SubjectInfo, const char *> fields[] = {
        {QSslCertificate::CommonName, "CN"}, {QSslCertificate::Organization, "O"},
        {QSslCertificate::OrganizationalUnitName, "OU"}, {QSslCertificate::CountryName, "C"}};
    for (const auto &[info, key] : fields) {
        for (const QString &v : attribute(info))
            parts << QStringLiteral("%1=%2").arg(QLatin1StringView(key), v);
    }
    return parts.join(u", "_qs);
}

CertificateInfo TlsTrust::describe(const QSslCertificate &certificate, const QList<QSslError> &errors, const QString &server)
{
    CertificateInfo info;
    info.server = server;
    info.sha256 = fingerprint(certificate);
    info.subject = joinedName(certificate, false);
    info.issuer = joinedName(certificate, true);
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        info.names << it.value();
    info.notBefore = certificate.effectiveDate();
    info.notAfter = certificate.expiryDate();
    info.selfSigned = certificate.isSelfSigned();
    for (const QSslError &e : errors) {
        if (!info.errors.contains(e.error()))
            info.errors << e.error();
    }
    return info;
}

bool TlsTrust::isPinnable(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
        return true;
    default:
        return false;
    }
}

TlsTrust::Decision TlsTrust::judge(const QString &pinnedSha256, const QList<QSslCertificate> &chain, const QList<QSslError> &errors)
{
    Decision d;
    if (chain.isEmpty() || chain.first().isNull()) {
        d.reason = tr("The server sent no certificate.");
        return d;
    }
    const QString leaf = fingerprint(chain.first());
    if (!pinnedSha256.isEmpty() && leaf.compare(pinnedSha256, Qt::CaseInsensitive) != 0) {
        d.verdict = Verdict::Changed;
        return d;
    }
    for (const QSslError &e : errors) {
        // Only errors about the certificates this server presented in this handshake.
        const bool ours = e.certificate().isNull() || chain.contains(e.certificate());
        if (!isPinnable(e.error()) || !ours) {
            d.reason = errorText(e.error());
            return d;
        }
    }
    if (pinnedSha256.isEmpty()) {
        d.verdict = Verdict::Ask;
        return d;
    }
    d.verdict = Verdict::Trusted;
    d.ignore = errors;
    return d;
}

QString TlsTrust::errorText(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate: return tr("The certificate is self-signed.");
    case QSslError::SelfSignedCertificateInChain: return tr("The certificate was issued by a self-signed CA that is not trusted.");
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate: return tr("The certificate's issuer is not a trusted CA.");
    case QSslError::CertificateUntrusted: return tr("The certificate is not trusted for this purpose.");
    case QSslError::HostNameMismatch: return tr("The certificate was not issued for this host name or address.");
    case QSslError::CertificateExpired: return tr("The certificate has expired.");
    case QSslError::CertificateNotYetValid: return tr("The certificate is not valid yet (check this computer's clock).");
    case QSslError::CertificateRevoked: return tr("The certificate has been revoked.");
    case QSslError::CertificateSignatureFailed:
    case QSslError::UnableToDecodeIssuerPublicKey: return tr("The certificate's signature is not valid.");
    case QSslError::CertificateBlacklisted: return tr("The certificate is on a block list.");
    case QSslError::NoPeerCertificate: return tr("The server sent no certificate.");
    default: return tr("The certificate could not be verified (TLS error %1).").arg(int(error));
    }
}

std::optional<QList<QSslCertificate>> TlsTrust::loadCaFile(const QString &path, QString *error)
{
    QFile file(path);
    if (QFileInfo(path).size() > 4 * 1024 * 1024) {
        *error = tr("The CA file %1 is larger than 4 MiB.").arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the CA file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = tr("The CA file %1 holds no PEM certificate.").arg(path);
        return std::nullopt;
    }
    return certificates;
}
