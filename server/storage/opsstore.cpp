#include "server/storage/opsstore.h"

#include "server/storage/database.h"
#include "server/storage/sqlsplit.h"

#include <QDir>
#include <QJsonDocument>
#include <QSqlError>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QUuid>

namespace {

QString roleText(protocol::Role role) { return protocol::roleName(role); }

protocol::Role roleFrom(const QString &text)
{
    protocol::Role role = protocol::Role::Viewer;
    protocol::parseRole(text, &role);
    return role;
}

} // namespace

OpsStore::OpsStore(DatabaseUrl url, QString connectionName)
    : m_url(std::move(url)), m_connectionName(std::move(connectionName))
{
}

OpsStore::~OpsStore()
{
    m_tokenQuery.reset();
    closeDatabase(m_connectionName);
}

QSqlDatabase OpsStore::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool OpsStore::open(QString *error)
{
    if (!openDatabase(m_url, m_connectionName, false, error))
        return false;
    return migrate(error);
}

bool OpsStore::openForReading(QString *error)
{
    return openDatabase(m_url, m_connectionName, true, error);
}

bool OpsStore::openBeside(QString *error)
{
    if (!openDatabase(m_url, m_connectionName, false, error))
        return false;
    // A writer off the event loop: on SQLite the loop's own writes take the lock first.
    markBackgroundWriter(db());
    return true;
}

int OpsStore::schemaVersion() const
{
    return m_schemaVersion;
}

bool OpsStore::migrate(QString *error)
{
    QSqlDatabase database = db();
    QSqlQuery q(database);
    // Daemons of a fleet start together on one PostgreSQL store: one migrates, the others wait
    // for it (a session lock, released below or when this connection dies).
    struct MigrationLock {
        QSqlDatabase database;
        bool held = false;
        ~MigrationLock()
        {
            if (held)
                QSqlQuery(database).exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(MigrationLockKey));
        }
    } lock{database};
    if (isPostgres()) {
        if (!q.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(MigrationLockKey))) {
            *error = q.lastError().text();
            return false;
        }
        lock.held = true;
    }
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"))) {
        *error = q.lastError().text();
        return false;
    }
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    m_schemaVersion = q.value(0).toInt();

    const QString backend = isPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite");
    QDir dir(QStringLiteral(":/schema/") + backend);
    const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        *error = QStringLiteral("no schema files for %1 are built in").arg(backend);
        return false;
    }
    for (const QString &fileName : files) {
        const int version = fileName.section(u'_', 0, 0).toInt();
        if (version <= m_schemaVersion)
            continue;
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read migration %1").arg(fileName);
            return false;
        }
        if (!database.transaction()) {
            *error = database.lastError().text();
            return false;
        }
        const QStringList statements = splitSqlStatements(QString::fromUtf8(file.readAll()));
        for (const QString &statement : statements) {
            if (!q.exec(statement)) {
                *error = QStringLiteral("migration %1 failed: %2").arg(fileName, q.lastError().text());
                database.rollback();
                return false;
            }
        }
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
        q.addBindValue(version);
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec() || !database.commit()) {
            *error = QStringLiteral("migration %1 failed: %2").arg(fileName, q.lastError().text());
            database.rollback();
            return false;
        }
        m_schemaVersion = version;
    }
    return true;
}

std::optional<UserRecord> OpsStore::userByName(const QString &username, QString *error) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id, username, role, password_hash, created_at, disabled FROM users WHERE username = ?"));
    q.addBindValue(username);
    if (!execQuery(q, error) || !q.next())
        return std::nullopt;
    return UserRecord{q.value(0).toString(), q.value(1).toString(), roleFrom(q.value(2).toString()),
                      q.value(3).toString(), q.value(4).toLongLong(), q.value(5).toInt() != 0};
}

QList<UserRecord> OpsStore::users(QString *error) const
{
    QList<UserRecord> out;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id, username, role, created_at, disabled FROM users ORDER BY username"));
    if (!execQuery(q, error))
        return out;
    while (q.next())
        out.append(UserRecord{q.value(0).toString(), q.value(1).toString(), roleFrom(q.value(2).toString()), {},
                              q.value(3).toLongLong(), q.value(4).toInt() != 0});
    return out;
}

qint64 OpsStore::userCount(QString *error) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!execQuery(q, error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

bool OpsStore::addUser(const UserRecord &user, QString *error)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO users (id, username, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(user.id);
    q.addBindValue(user.username);
    q.addBindValue(roleText(user.role));
    q.addBindValue(user.passwordHash);
    q.addBindValue(user.createdAtMs);
    q.addBindValue(user.disabled ? 1 : 0);
    return execQuery(q, error);
}

bool OpsStore::addToken(const TokenRecord &token, const QByteArray &tokenHash, QString *error)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO tokens (id, token_hash, user_id, kind, name, role, created_at, expires_at, revoked, scope) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"));
    q.addBindValue(token.id);
    q.addBindValue(QString::fromLatin1(tokenHash.toHex()));
    q.addBindValue(token.userId);
    q.addBindValue(token.kind);
    q.addBindValue(nonNull(token.name));
    q.addBindValue(roleText(token.role));
    q.addBindValue(token.createdAtMs);
    q.addBindValue(token.expiresAtMs < 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(token.expiresAtMs));
    q.addBindValue(nonNull(token.scope));
    return execQuery(q, error);
}

std::optional<TokenRecord> OpsStore::tokenByHash(const QByteArray &tokenHash, QString *error) const
{
    // Every request asks this: prepared once per connection, not parsed again each time.
    if (!m_tokenQuery) {
        m_tokenQuery.emplace(db());
        if (!m_tokenQuery->prepare(QStringLiteral("SELECT t.id, t.user_id, u.username, t.kind, t.name, t.role, t.created_at, "
                                                  "t.expires_at, t.revoked, u.disabled, t.scope FROM tokens t JOIN users u ON u.id = t.user_id "
                                                  "WHERE t.token_hash = ?"))) {
            if (error)
                *error = m_tokenQuery->lastError().text();
            m_tokenQuery.reset();
            return std::nullopt;
        }
    }
    QSqlQuery &q = *m_tokenQuery;
    q.bindValue(0, QString::fromLatin1(tokenHash.toHex()));
    auto done = qScopeGuard([&q] { q.finish(); }); // no read transaction left open
    if (!execQuery(q, error)) {
        done.dismiss();
        m_tokenQuery.reset(); // prepared again next time (a server that lost the statement)
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    TokenRecord t{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                  q.value(4).toString(), roleFrom(q.value(5).toString()), q.value(6).toLongLong(),
                  q.value(7).isNull() ? -1 : q.value(7).toLongLong(), q.value(8).toInt() != 0};
    if (q.value(9).toInt() != 0)
        t.revoked = true; // a disabled user's tokens stop working with the user
    t.scope = q.value(10).toString();
    return t;
}

QList<TokenRecord> OpsStore::apiTokens(QString *error) const
{
    QList<TokenRecord> out;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT t.id, t.user_id, u.username, t.kind, t.name, t.role, t.created_at, t.expires_at, t.revoked, "
                             "t.scope FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.kind = 'api' ORDER BY t.created_at"));
    if (!execQuery(q, error))
        return out;
    while (q.next())
        out.append(TokenRecord{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                               q.value(4).toString(), roleFrom(q.value(5).toString()), q.value(6).toLongLong(),
                               q.value(7).isNull() ? -1 : q.value(7).toLongLong(), q.value(8).toInt() != 0, q.value(9).toString()});
    return out;
}

bool OpsStore::revokeToken(const QString &id, QString *error)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE id = ?"));
    q.addBindValue(id);
    if (!execQuery(q, error))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("no such token");
        return false;
    }
    return true;
}

bool OpsStore::deleteExpiredSessions(qint64 nowMs, QString *error)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM tokens WHERE kind = 'session' AND expires_at IS NOT NULL AND expires_at < ?"));
    q.addBindValue(nowMs);
    return execQuery(q, error);
}

bool OpsStore::appendAudit(protocol::AuditEntry *entry, const std::function<QString(const QString &, const QString &)> &seal,
                           QString *error)
{
    if (entry->id.isEmpty())
        entry->id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase database = db();
    QSqlQuery q(database);
    // The chain needs the previous row: take the write lock first, so two writers (the daemon
    // and a CLI command, or two daemons on one PostgreSQL) never fork it.
    if (isPostgres()) {
        if (!database.transaction() || !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(AuditLockKey))) {
            *error = q.lastError().text();
            database.rollback();
            return false;
        }
    } else if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = q.lastError().text();
        return false;
    }
    auto fail = [&](const QSqlQuery &failed) {
        *error = failed.lastError().text();
        if (isPostgres())
            database.rollback();
        else
            QSqlQuery(database).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    if (!q.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return fail(q);
    entry->seq = q.next() ? q.value(0).toLongLong() + 1 : 1;
    entry->prevHash = entry->seq == 1 ? protocol::GenesisHash : q.value(1).toString();
    q.finish();
    entry->digest = entry->computeDigest();
    entry->hash = seal(entry->prevHash, entry->digest);
    q.prepare(QStringLiteral("INSERT INTO audit_log (seq, id, user_id, action, resource_type, resource_id, details, "
                             "ip_address, user_agent, timestamp, digest, prev_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(entry->seq), QVariant(entry->id), QVariant(entry->userId), QVariant(entry->action),
                              QVariant(entry->resourceType), QVariant(entry->resourceId),
                              QVariant(QString::fromUtf8(QJsonDocument(entry->details).toJson(QJsonDocument::Compact))),
                              QVariant(entry->ipAddress), QVariant(entry->userAgent), QVariant(entry->timestampMs),
                              QVariant(entry->digest), QVariant(entry->prevHash), QVariant(entry->hash)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);
    const bool committed = isPostgres() ? database.commit() : QSqlQuery(database).exec(QStringLiteral("COMMIT"));
    if (!committed) {
        *error = database.lastError().text();
        return false;
    }
    return true;
}

namespace {
const QString AuditColumns = QStringLiteral("seq, id, user_id, action, resource_type, resource_id, details, ip_address, "
                                            "user_agent, timestamp, digest, prev_hash, hash");

protocol::AuditEntry auditFromRow(const QSqlQuery &q)
{
    protocol::AuditEntry e;
    e.seq = q.value(0).toLongLong();
    e.id = q.value(1).toString();
    e.userId = q.value(2).toString();
    e.action = q.value(3).toString();
    e.resourceType = q.value(4).toString();
    e.resourceId = q.value(5).toString();
    e.details = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    e.ipAddress = q.value(7).toString();
    e.userAgent = q.value(8).toString();
    e.timestampMs = q.value(9).toLongLong();
    e.digest = q.value(10).toString();
    e.prevHash = q.value(11).toString();
    e.hash = q.value(12).toString();
    return e;
}
} // namespace

QList<protocol::AuditEntry> OpsStore::auditSince(qint64 afterSeq, int limit, QString *error) const
{
    QList<protocol::AuditEntry> out;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?").arg(AuditColumns));
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!execQuery(q, error))
        return out;
    while (q.next())
        out.append(auditFromRow(q));
    return out;
}

QList<protocol::AuditEntry> OpsStore::auditQuery(const AuditFilter &f, QString *error) const
{
    QList<protocol::AuditEntry> out;
    QStringList where;
    QVariantList values;
    auto add = [&](const QString &clause, const QVariant &value) {
        where << clause;
        values << value;
    };
    if (!f.userId.isEmpty())
        add(QStringLiteral("user_id = ?"), f.userId);
    if (!f.action.isEmpty()) {
        // "alert" finds alert.ack, alert.resolve, …: the action itself or a prefix of dotted parts.
        const QString prefix = f.action.endsWith(u'.') ? f.action : f.action + u'.';
        where << QStringLiteral("(action = ? OR substr(action, 1, %1) = ?)").arg(prefix.size());
        values << f.action << prefix;
    }
    if (!f.resourceType.isEmpty())
        add(QStringLiteral("resource_type = ?"), f.resourceType);
    if (!f.resourceId.isEmpty())
        add(QStringLiteral("resource_id = ?"), f.resourceId);
    if (!f.resource.isEmpty()) {
        where << QStringLiteral("(resource_type = ? OR resource_id = ?)");
        values << f.resource << f.resource;
    }
    if (f.fromMs >= 0)
        add(QStringLiteral("timestamp >= ?"), f.fromMs);
    if (f.toMs >= 0)
        add(QStringLiteral("timestamp <= ?"), f.toMs);
    if (f.beforeSeq > 0)
        add(QStringLiteral("seq < ?"), f.beforeSeq);
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM audit_log%2 ORDER BY seq DESC LIMIT ?")
                  .arg(AuditColumns, where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "))));
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    q.addBindValue(f.limit);
    if (!execQuery(q, error))
        return out;
    while (q.next())
        out.append(auditFromRow(q));
    return out;
}
