#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <optional>

// The daemon's TLS identity: certificate chain and key from PEM files, or a self-signed
// ECDSA P-256 certificate made on first start in the data directory.
namespace tls {

struct Files {
    QString certFile;
    QString keyFile;
    QString clientCaFile; // empty: no client certificates asked for
};

// Where the self-signed pair lives when no files are configured.
Files defaultFiles(const QString &dataDir);

// Creates a self-signed certificate (names: the host name, localhost and every address of
// this machine as SANs) and its key (0600) when neither file exists. *created says whether
// it did. A half pair (one file without the other) is an error, never overwritten.
bool ensureSelfSigned(const Files &files, const QStringList &extraNames, bool *created, QString *error);

// TLS 1.2 at least, forward-secret AEAD suites only; the chain and key from the files.
std::optional<QSslConfiguration> serverConfiguration(const Files &files, QString *error);

// SHA-256 over the DER form, as "AB:CD:…" (the form `openssl x509 -fingerprint -sha256` prints).
QString fingerprint(const QSslCertificate &certificate);
// The fingerprint of the first certificate in a PEM file.
std::optional<QString> fileFingerprint(const QString &certFile, QString *error);

} // namespace tls
