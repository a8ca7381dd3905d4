#include "server/protocol/auditbundle.h"

#include "server/protocol/messagecatalogue.h"
#include "server/protocol/protocol.h"

#include <QJsonArray>

namespace protocol {

QByteArray auditBundleMessage(const QList<AuditEntry> &rows)
{
    QByteArray message = QByteArray(AuditBundleFormat.data(), AuditBundleFormat.size()) + "/1\n";
    for (const AuditEntry &e : rows)
        message += QByteArray::number(e.seq) + ' ' + e.prevHash.toLatin1() + ' ' + e.digest.toLatin1() + ' ' + e.hash.toLatin1() + '\n';
    return message;
}

QJsonObject makeAuditBundle(const QList<AuditEntry> &rows, qint64 exportedAtMs, const QByteArray &publicKey,
                            const std::function<QByteArray(const QByteArray &)> &sign)
{
    QJsonArray array;
    for (const AuditEntry &e : rows)
        array.append(e.toJson());
    return {
        {u"format"_qs, AuditBundleFormat},
        {u"version"_qs, 1},
        {u"exported_at"_qs, isoTimestamp(exportedAtMs)},
        {u"rows"_qs, array},
        {u"public_key"_qs, QString::fromLatin1(publicKey.toBase64())},
        {u"signature"_qs, QString::fromLatin1(sign(auditBundleMessage(rows)).toBase64())},
    };
}

std::optional<AuditBundle> readAuditBundle(const QJsonObject &json, QString *error, Message *why)
{
    auto refuse = [&](const char *key, const QJsonObject &params = {}) {
        const Message m{QString::fromLatin1(key), params};
        *error = m.english();
        if (why)
            *why = m;
        return std::nullopt;
    };
    if (json.value(u"format"_qs).toString() != AuditBundleFormat || json.value(u"version"_qs).toInt() != 1) {
        return refuse("bundle.not_a_bundle");
    }
    AuditBundle bundle;
    bundle.exportedAtMs = parseIsoTimestamp(json.value(u"exported_at"_qs).toString());
    bundle.publicKey = QByteArray::fromBase64(json.value(u"public_key"_qs).toString().toLatin1());
    bundle.signature = QByteArray::fromBase64(json.value(u"signature"_qs).toString().toLatin1());
    if (bundle.publicKey.size() != 32 || bundle.signature.size() != 64) {
        return refuse("bundle.bad_signature");
    }
    const QJsonArray rows = json.value(u"rows"_qs).toArray();
    QString previous;
    for (const QJsonValue &v : rows) {
        QString rowError;
        auto e = AuditEntry::fromJson(v.toObject(), &rowError);
        if (!e) {
            return refuse("bundle.bad_row", {{u"row"_qs, int(bundle.rows.size()) + 1}, {u"error"_qs, rowError}});
        }
        if (e->computeDigest() != e->digest) {
            return refuse("bundle.row_changed", {{u"row"_qs, double(e->seq)}});
        }
        if (!bundle.rows.isEmpty() && (e->seq != bundle.rows.last().seq + 1 || e->prevHash != previous)) {
            return refuse("bundle.row_out_of_order", {{u"row"_qs, double(e->seq)}, {u"previous"_qs, double(bundle.rows.last().seq)}});
        }
        previous = e->hash;
        bundle.rows.append(*e);
    }
    return bundle;
}

} // namespace protocol
