#pragma once

#include "server/config/config.h"
#include "server/protocol/audit.h"
#include "server/protocol/protocol.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <functional>
#include <QString>
#include <optional>

struct UserRecord {
    QString id;
    QString username;
    protocol::Role role = protocol::Role::Viewer;
    QString passwordHash;
    qint64 createdAtMs = 0;
    bool disabled = false;
};

struct TokenRecord {
    QString id;
    QString userId;
    QString username; // filled by lookups
    QString kind;     // "session" | "api"
    QString name;
    protocol::Role role = protocol::Role::Viewer;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = -1; // -1: never
    bool revoked = false;
    QString scope = {}; // empty: the role's commands; "agent:HOST": that agent's pushes only
};


// The daemon's own database: SQLite in the data directory or a shared PostgreSQL.
// Schema files per backend are resources (schema/<backend>/NNN_name.sql), applied in
// order and recorded in schema_version. Used from the thread that opened it.
class OpsStore final {
    Q_DISABLE_COPY_MOVE(OpsStore)
public:
    // PostgreSQL advisory lock keys of the fleet (one namespace per database): migrations,
    // the leader's session lock and the audit chain's transaction lock.
    static constexpr qint64 MigrationLockKey = 0x466f726d4f707301; // "FormOps" 1
    static constexpr qint64 LeaderLockKey = 0x466f726d4f707302;
    static constexpr qint64 AuditLockKey = 0x466f726d4f707303;

    OpsStore(DatabaseUrl url, QString connectionName);
    ~OpsStore();

    bool open(QString *error);
    // A second connection to a store another OpsStore has opened and migrated: read-only, no
    // migrations (StoreReader).
    bool openForReading(QString *error);
    // A second writing connection to a store another OpsStore has opened and migrated
    // (StoreThread): no migrations.
    bool openBeside(QString *error);
    bool isOpen() const { return db().isOpen(); }
    int schemaVersion() const;
    bool isPostgres() const { return m_url.kind == DatabaseUrl::Kind::Postgres; }
    // The store's connection, for the capabilities that keep their own tables in it.
    QSqlDatabase database() const { return db(); }
    const DatabaseUrl &url() const { return m_url; }

    std::optional<UserRecord> userByName(const QString &username, QString *error) const;
    QList<UserRecord> users(QString *error) const;
    qint64 userCount(QString *error) const;
    bool addUser(const UserRecord &user, QString *error);

    bool addToken(const TokenRecord &token, const QByteArray &tokenHash, QString *error);
    std::optional<TokenRecord> tokenByHash(const QByteArray &tokenHash, QString *error) const;
    QList<TokenRecord> apiTokens(QString *error) const;
    bool revokeToken(const QString &id, QString *error);
    bool deleteExpiredSessions(qint64 nowMs, QString *error);

    // Appends one row at the end of the chain: assigns seq, prevHash and digest, and asks
    // `seal(prevHash, digest)` for the keyed hash (the key never reaches the store).
    bool appendAudit(protocol::AuditEntry *entry, const std::function<QString(const QString &, const QString &)> &seal,
                     QString *error);
    QList<protocol::AuditEntry> auditSince(qint64 afterSeq, int limit, QString *error) const;
    struct AuditFilter {
        QString userId, action, resourceType, resourceId;
        QString resource; // matches the resource type or the resource id
        qint64 fromMs = -1, toMs = -1;
        qint64 beforeSeq = 0; // paging: rows older than this seq
        int limit = 100;
    };
    // Newest first (the ticket's get_user_activity and get_resource_history).
    QList<protocol::AuditEntry> auditQuery(const AuditFilter &filter, QString *error) const;

private:
    bool migrate(QString *error);
    QSqlDatabase db() const;
    mutable std::optional<QSqlQuery> m_tokenQuery; // tokenByHash, prepared once

    DatabaseUrl m_url;
    QString m_connectionName;
    int m_schemaVersion = 0;
};
