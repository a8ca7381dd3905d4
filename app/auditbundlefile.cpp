#include "app/auditbundlefile.h"

#include "app/messagetext.h"
#include "server/protocol/messagecatalogue.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <sodium.h>

std::optional<VerifiedAuditBundle> openAuditBundle(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("AuditBundle", "Cannot read %1.").arg(path);
        return std::nullopt;
    }
    if (file.size() > 512LL * 1024 * 1024) {
        *error = QCoreApplication::translate("AuditBundle", "The file is too large to be an audit bundle.");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QCoreApplication::translate("AuditBundle", "The file is not JSON: %1.").arg(parseError.errorString());
        return std::nullopt;
    }
    QString reason;
    protocol::Message why;
    auto bundle = protocol::readAuditBundle(doc.object(), &reason, &why);
    if (!bundle) {
        const QString said = messages::text(why.key, why.params);
        *error = QCoreApplication::translate("AuditBundle", "The bundle does not verify: %1").arg(said.isEmpty() ? reason : said);
        return std::nullopt;
    }
    if (sodium_init() < 0) {
        *error = QCoreApplication::translate("AuditBundle", "The signature cannot be checked (libsodium failed to start).");
        return std::nullopt;
    }
    const QByteArray message = protocol::auditBundleMessage(bundle->rows);
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(bundle->signature.constData()),
                                    reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                                    reinterpret_cast<const unsigned char *>(bundle->publicKey.constData()))
        != 0) {
        *error = QCoreApplication::translate("AuditBundle", "The bundle does not verify: the signature does not match its rows.");
        return std::nullopt;
    }
    VerifiedAuditBundle out{*bundle, QString::fromLatin1(QCryptographicHash::hash(bundle->publicKey, QCryptographicHash::Sha256).toHex().left(16))};
    return out;
}
