#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QStringList>
#include <optional>

// What a person needs to decide about a server's certificate.
struct CertificateInfo {
    QString server;  // host:port it was presented for
    QString sha256;  // "AB:CD:…", as `openssl x509 -fingerprint -sha256` and `formauto-opsd tls fingerprint` print it
    QString subject; // "CN=…, O=…"
    QString issuer;
    QStringList names; // subject alternative names
    QDateTime notBefore, notAfter;
    bool selfSigned = false;
    QList<QSslError::SslError> errors; // why it could not be verified
};

// SSH-style trust in daemon certificates. A certificate that validates against the system's
// (or the profile's extra) CAs, host name included, is trusted as any TLS client would.
// One that does not is trusted only if it is exactly the certificate pinned in the profile,
// and then only the errors that being unverifiable explains are ignored (not an expired
// certificate, not a bad signature). A different certificate where one is pinned is refused
// outright: there is nothing to click through.
class TlsTrust {
    Q_DECLARE_TR_FUNCTIONS(TlsTrust)
public:
    enum class Verdict {
        Trusted, // pinned and matching: ignore `ignore`
        Ask,     // no pin yet and only trust is in question: ask the operator
        Changed, // pinned, and this is another certificate
        Refused, // broken in a way no pin excuses (expired, bad signature, ...)
    };
    struct Decision {
        Verdict verdict = Verdict::Refused;
        QList<QSslError> ignore;
        QString reason; // translated, for Refused
    };

    static QString fingerprint(const QSslCertificate &certificate);
    static CertificateInfo describe(const QSslCertificate &certificate, const QList<QSslError> &errors, const QString &server);
    // chain: what the server sent, leaf first.
    static Decision judge(const QString &pinnedSha256, const QList<QSslCertificate> &chain, const QList<QSslError> &errors);
    // Errors a pin can stand in for: who signed it and which names it carries.
    static bool isPinnable(QSslError::SslError error);
    static QString errorText(QSslError::SslError error);
    // PEM certificates of an extra CA file; nullopt and a translated reason when unusable.
    static std::optional<QList<QSslCertificate>> loadCaFile(const QString &path, QString *error);
};

Q_DECLARE_METATYPE(CertificateInfo)
