#include "app/offlinecache.h"
#include "server/protocol/jsonlist.h"

#include "app/opsclient.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

OfflineCache::OfflineCache(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path)), m_connection(QStringLiteral("offline-%1").arg(quintptr(this), 0, 16))
{
}

OfflineCache::~OfflineCache()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool OfflineCache::open(QString *error)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    for (const char *sql : {"PRAGMA journal_mode=WAL",
                            "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, json TEXT NOT NULL, user_id TEXT, "
                            "action TEXT, resource_type TEXT, resource_id TEXT, ts INTEGER, hash TEXT)",
                            "CREATE INDEX IF NOT EXISTS audit_ts ON audit(ts)",
                            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)"}) {
        if (!q.exec(QString::fromLatin1(sql))) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

qint64 OfflineCache::lastSeq() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM audit")) && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 OfflineCache::syncedAtMs() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'synced_at'")) && q.next() ? q.value(0).toLongLong() : 0;
}

bool OfflineCache::add(const QList<protocol::AuditEntry> &rows, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    QString previous;
    qint64 previousSeq = lastSeq();
    if (previousSeq > 0 && q.exec(QStringLiteral("SELECT hash FROM audit WHERE seq = %1").arg(previousSeq)) && q.next())
        previous = q.value(0).toString();
    db.transaction();
    q.prepare(QStringLiteral("INSERT INTO audit (seq, json, user_id, action, resource_type, resource_id, ts, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const protocol::AuditEntry &e : rows) {
        // What the daemon sends must continue what is cached: same links, matching digests.
        if (e.computeDigest() != e.digest || (previousSeq > 0 && (e.seq != previousSeq + 1 || e.prevHash != previous))) {
            db.rollback();
            *error = QStringLiteral("row %1 does not continue the cached audit log").arg(e.seq);
            return false;
        }
        for (const QVariant &v : {QVariant(e.seq), QVariant(QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact))),
                                  QVariant(e.userId), QVariant(e.action), QVariant(e.resourceType), QVariant(e.resourceId),
                                  QVariant(e.timestampMs), QVariant(e.hash)})
            q.addBindValue(v);
        if (!q.exec()) {
            *error = q.lastError().text();
            db.rollback();
            return false;
        }
        previous = e.hash;
        previousSeq = e.seq;
    }
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('synced_at', ?)"));
    meta.addBindValue(QString::number(QDateTime::currentMSecsSinceEpoch()));
    meta.exec();
    return db.commit();
}

void OfflineCache::sync(OpsClient *client, std::function<void(int, const QString &)> done)
{
    fetchMore(client, 0, std::move(done));
}

void OfflineCache::fetchMore(OpsClient *client, int addedSoFar, std::function<void(int, const QString &)> done)
{
    client->request(QStringLiteral("audit.since"), {{u"after_seq"_qs, double(lastSeq())}, {u"limit"_qs, 1000}},
                    [this, client, addedSoFar, done](const protocol::Result &r) {
                        if (!r.ok) {
                            done(addedSoFar, r.error.code);
                            return;
                        }
                        const QList<protocol::AuditEntry> rows = protocol::listFromJson<protocol::AuditEntry>(r.data.value(u"rows"_qs).toArray());
                        QString error;
                        if (!rows.isEmpty() && !add(rows, &error)) {
                            done(addedSoFar, error);
                            return;
                        }
                        if (rows.size() == 1000)
                            fetchMore(client, addedSoFar + int(rows.size()), done);
                        else
                            done(addedSoFar + int(rows.size()), QString());
                    });
}

QList<protocol::AuditEntry> OfflineCache::query(const Filter &f) const
{
    QStringList where;
    QVariantList values;
    auto add = [&](const QString &clause, const QVariant &v) {
        where << clause;
        values << v;
    };
    if (!f.userId.isEmpty())
        add(QStringLiteral("user_id = ?"), f.userId);
    if (!f.action.isEmpty()) {
        // As the daemon does: "alert" finds alert.ack, alert.resolve, …
        const QString prefix = f.action.endsWith(u'.') ? f.action : f.action + u'.';
        where << QStringLiteral("(action = ? OR substr(action, 1, %1) = ?)").arg(prefix.size());
        values << f.action << prefix;
    }
    if (!f.resource.isEmpty()) {
        where << QStringLiteral("(resource_type = ? OR resource_id = ?)");
        values << f.resource << f.resource;
    }
    if (f.fromMs >= 0)
        add(QStringLiteral("ts >= ?"), f.fromMs);
    if (f.toMs >= 0)
        add(QStringLiteral("ts <= ?"), f.toMs);
    if (f.beforeSeq > 0)
        add(QStringLiteral("seq < ?"), f.beforeSeq);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT json FROM audit%1 ORDER BY seq DESC LIMIT ?")
                  .arg(where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "))));
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    q.addBindValue(f.limit);
    QList<protocol::AuditEntry> out;
    if (!q.exec())
        return out;
    QString error;
    while (q.next()) {
        if (auto e = protocol::AuditEntry::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object(), &error))
            out.append(*e);
    }
    return out;
}
