#include "server/audit/auditlog.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/auditbundle.h"
#include "server/protocol/protocol.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <sodium.h>

namespace {

std::optional<QByteArray> readOrCreateSecret(const QString &path, int size, const std::function<QByteArray()> &make,
                                             QString *error)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        const QByteArray data = QByteArray::fromBase64(file.readAll().trimmed());
        if (data.size() != size) {
            *error = QStringLiteral("%1 is damaged (expected %2 bytes of base64)").arg(path).arg(size);
            return std::nullopt;
        }
        return data;
    }
    const QByteArray secret = make();
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    file.write(secret.toBase64() + '\n');
    if (!file.flush()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return std::nullopt;
    }
    return secret;
}

} // namespace

AuditLog::AuditLog(OpsStore *store, const Clock *clock, QString dataDir)
    : m_store(store), m_clock(clock), m_dataDir(std::move(dataDir))
{
}

bool AuditLog::open(QString *error)
{
    if (sodium_init() < 0) {
        *error = QStringLiteral("libsodium failed to initialise");
        return false;
    }
    const auto hmac = readOrCreateSecret(QDir(m_dataDir).filePath(QStringLiteral("audit-hmac.key")), 32, [] {
        QByteArray key(32, Qt::Uninitialized);
        randombytes_buf(key.data(), size_t(key.size()));
        return key;
    }, error);
    if (!hmac)
        return false;
    const auto signing = readOrCreateSecret(QDir(m_dataDir).filePath(QStringLiteral("audit-signing.key")),
                                            crypto_sign_SECRETKEYBYTES, [] {
        QByteArray pk(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized), sk(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized);
        crypto_sign_keypair(reinterpret_cast<unsigned char *>(pk.data()), reinterpret_cast<unsigned char *>(sk.data()));
        return sk;
    }, error);
    if (!signing)
        return false;
    m_hmacKey = *hmac;
    m_signingKey = *signing;
    return true;
}

QString AuditLog::sealHash(const QString &prevHash, const QString &digest) const
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash((prevHash + digest).toLatin1(), m_hmacKey, QCryptographicHash::Sha256).toHex());
}

bool AuditLog::keySealsChain(qint64 *rows, QString *error) const
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT seq, prev_hash, digest, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))) {
        *error = q.lastError().text();
        return false;
    }
    error->clear();
    if (!q.next()) {
        *rows = 0;
        return true;
    }
    *rows = q.value(0).toLongLong();
    return sealHash(q.value(1).toString(), q.value(2).toString()) == q.value(3).toString();
}

QString AuditLog::headMac(qint64 seq, const QString &hash) const
{
    return QString::fromLatin1(QMessageAuthenticationCode::hash(QStringLiteral("head:%1:%2").arg(seq).arg(hash).toLatin1(),
                                                                m_hmacKey, QCryptographicHash::Sha256)
                                   .toHex());
}

bool AuditLog::writeHead(qint64 seq, const QString &hash) const
{
    // Replaced whole (write, rename): a crash leaves the old head or the new one, and an old
    // head only means fewer rows are vouched for, never a false alarm.
    QSaveFile head(QDir(m_dataDir).filePath(QStringLiteral("audit-head")));
    if (!head.open(QIODevice::WriteOnly))
        return false;
    head.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    head.write(QStringLiteral("%1 %2 %3\n").arg(seq).arg(hash, headMac(seq, hash)).toLatin1());
    return head.commit();
}

bool AuditLog::record(const Actor &actor, const QString &action, const QString &resourceType, const QString &resourceId,
                      const QJsonObject &details)
{
    protocol::AuditEntry entry;
    entry.userId = actor.userId;
    entry.action = action;
    entry.resourceType = resourceType;
    entry.resourceId = resourceId;
    entry.details = details;
    if (!m_host.isEmpty() && !entry.details.contains(u"host"_qs))
        entry.details.insert(u"host"_qs, m_host);
    entry.ipAddress = actor.ipAddress;
    entry.userAgent = actor.userAgent.left(512);
    entry.timestampMs = m_clock->nowMs();
    QString error;
    if (m_hmacKey.isEmpty() || !m_store->appendAudit(&entry, [this](const QString &prev, const QString &digest) {
            return sealHash(prev, digest);
        }, &error)) {
        // An action whose audit row is lost must be visible to operators.
        const QString why = m_hmacKey.isEmpty() ? u"no key"_qs : error;
        qCCritical(lcOps).noquote() << "audit write failed for" << action << ":" << why;
        if (!std::exchange(m_failing, true) && m_healthHandler)
            m_healthHandler(true, action, why);
        return false;
    }
    if (std::exchange(m_failing, false) && m_healthHandler)
        m_healthHandler(false, action, {});
    if (!writeHead(entry.seq, entry.hash))
        qCWarning(lcOps).noquote() << "could not update the audit head file";
    return true;
}

AuditLog::Verification AuditLog::verify() const
{
    Verification v;
    auto bad = [&v](qint64 seq, const QString &reason) {
        v.ok = false;
        v.firstBadSeq = seq;
        v.reason = reason;
        return v;
    };
    QString error;
    qint64 expected = 1;
    QString prevHash = protocol::GenesisHash;
    for (;;) {
        const QList<protocol::AuditEntry> rows = m_store->auditSince(expected - 1, 1000, &error);
        if (!error.isEmpty())
            return bad(expected, QStringLiteral("cannot read the audit log: %1").arg(error));
        for (const protocol::AuditEntry &e : rows) {
            if (e.seq != expected)
                return bad(expected, QStringLiteral("row %1 is missing (removed); the next row is %2").arg(expected).arg(e.seq));
            if (e.computeDigest() != e.digest)
                return bad(e.seq, QStringLiteral("row %1 was changed: its content does not match its digest").arg(e.seq));
            if (e.prevHash != prevHash)
                return bad(e.seq, QStringLiteral("row %1 does not follow row %2: rows were removed or reordered").arg(e.seq).arg(e.seq - 1));
            if (sealHash(e.prevHash, e.digest) != e.hash)
                return bad(e.seq, QStringLiteral("row %1 was changed or forged: its hash does not match the key").arg(e.seq));
            prevHash = e.hash;
            ++expected;
            ++v.rows;
        }
        if (rows.size() < 1000)
            break;
    }
    QFile head(QDir(m_dataDir).filePath(QStringLiteral("audit-head")));
    if (head.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = head.readAll().trimmed().split(' ');
        const qint64 headSeq = parts.value(0).toLongLong();
        const QString headHash = QString::fromLatin1(parts.value(1));
        if (parts.size() != 3 || headMac(headSeq, headHash) != QString::fromLatin1(parts.value(2)))
            return bad(v.rows + 1, QStringLiteral("the audit head file was altered"));
        if (headSeq > v.rows)
            return bad(v.rows + 1, QStringLiteral("rows %1 to %2 are missing: the log was cut off after row %3")
                                      .arg(v.rows + 1).arg(headSeq).arg(v.rows));
        const QList<protocol::AuditEntry> at = m_store->auditSince(headSeq - 1, 1, &error);
        if (headSeq > 0 && (at.isEmpty() || at.first().hash != headHash))
            return bad(headSeq, QStringLiteral("row %1 differs from the one recorded in the audit head").arg(headSeq));
    } else if (v.rows > 0) {
        return bad(1, QStringLiteral("the audit head file is missing"));
    }
    return v;
}

std::optional<QJsonObject> AuditLog::exportBundle(qint64 fromSeq, qint64 toSeq, QString *error) const
{
    return exportBundle(*m_store, fromSeq, toSeq, error);
}

std::optional<QJsonObject> AuditLog::exportBundle(OpsStore &store, qint64 fromSeq, qint64 toSeq, QString *error) const
{
    QList<protocol::AuditEntry> rows;
    qint64 after = qMax<qint64>(0, fromSeq - 1);
    for (;;) {
        const QList<protocol::AuditEntry> batch = store.auditSince(after, 1000, error);
        if (!error->isEmpty())
            return std::nullopt;
        for (const protocol::AuditEntry &e : batch) {
            if (toSeq > 0 && e.seq > toSeq)
                break;
            rows.append(e);
        }
        if (batch.size() < 1000 || (toSeq > 0 && !rows.isEmpty() && rows.last().seq >= toSeq))
            break;
        after = batch.last().seq;
    }
    const QByteArray publicKey = m_signingKey.right(crypto_sign_PUBLICKEYBYTES); // Ed25519 sk = seed || pk
    return protocol::makeAuditBundle(rows, m_clock->nowMs(), publicKey, [this](const QByteArray &message) {
        QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
        crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                             reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                             reinterpret_cast<const unsigned char *>(m_signingKey.constData()));
        return signature;
    });
}
