#include "server/auth/loginthrottle.h"

#include "server/logging/jsonlogger.h"
#include "server/storage/database.h"

#include <QSqlError>
#include <QSqlQuery>

LoginThrottle::LoginThrottle(OpsStore *store, const Clock *clock, int maxFailures, int lockoutSeconds)
    : m_store(store), m_clock(clock), m_maxFailures(qMax(1, maxFailures)), m_lockoutMs(qint64(qMax(1, lockoutSeconds)) * 1000),
      // Failures spread thinner than this never add up to a lockout.
      m_windowMs(qMax<qint64>(m_lockoutMs, 15 * 60000))
{
}

std::optional<LoginThrottle::Entry> LoginThrottle::load(const QString &key, QString *error)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT attempts, locked_until, updated_at FROM login_failures WHERE key = ?"));
    q.addBindValue(key);
    if (!execQuery(q, error))
        return std::nullopt;
    Entry e;
    if (q.next())
        e = {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()};
    const qint64 now = m_clock->nowMs();
    if ((e.lockedUntil > 0 && e.lockedUntil <= now) || (e.lockedUntil == 0 && now - e.updatedAt > m_windowMs))
        e = Entry{}; // served its time, or old enough to forget
    return e;
}

bool LoginThrottle::save(const QString &key, const Entry &e, QString *error)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO login_failures (key, attempts, locked_until, updated_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts, "
                             "locked_until = excluded.locked_until, updated_at = excluded.updated_at"));
    q.addBindValue(key);
    q.addBindValue(e.attempts);
    q.addBindValue(e.lockedUntil);
    q.addBindValue(e.updatedAt);
    return execQuery(q, error);
}

void LoginThrottle::pruneIfDue(qint64 now)
{
    // Driven by time alone, and only rows that no longer lock anything go.
    if (now - m_lastPruneMs < 60000)
        return;
    m_lastPruneMs = now;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("DELETE FROM login_failures WHERE locked_until <= ? AND updated_at < ?"));
    q.addBindValue(now);
    q.addBindValue(now - m_windowMs);
    QString error;
    if (!execQuery(q, &error))
        qCWarning(lcOps).noquote() << "pruning login failures failed:" << error;
}

LoginThrottle::Verdict LoginThrottle::arrive(const QStringList &keys, QString *error)
{
    const qint64 now = m_clock->nowMs();
    pruneIfDue(now);
    QList<Entry> entries;
    for (const QString &key : keys) {
        const std::optional<Entry> e = load(key, error);
        if (!e)
            return Verdict::StoreFailed;
        if (e->lockedUntil > now || e->attempts >= m_maxFailures)
            return Verdict::Locked;
        entries.append(*e);
    }
    QSqlDatabase db = m_store->database();
    if (!db.transaction()) {
        *error = db.lastError().text();
        return Verdict::StoreFailed;
    }
    for (qsizetype i = 0; i < keys.size(); ++i) {
        Entry &e = entries[i];
        ++e.attempts;
        e.updatedAt = now;
        if (e.attempts >= m_maxFailures)
            e.lockedUntil = now + m_lockoutMs; // given back if this very attempt turns out right
        if (!save(keys.at(i), e, error)) {
            db.rollback();
            return Verdict::StoreFailed;
        }
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return Verdict::StoreFailed;
    }
    return Verdict::Proceed;
}

void LoginThrottle::succeeded(const QString &userKey, const QString &addressKey)
{
    QString error;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("DELETE FROM login_failures WHERE key = ?"));
    q.addBindValue(userKey);
    if (!execQuery(q, &error))
        qCWarning(lcOps).noquote() << "clearing login failures failed:" << error;
    std::optional<Entry> e = load(addressKey, &error);
    if (!e || e->attempts == 0)
        return;
    --e->attempts;
    if (e->attempts < m_maxFailures)
        e->lockedUntil = 0;
    e->updatedAt = m_clock->nowMs();
    if (!save(addressKey, *e, &error))
        qCWarning(lcOps).noquote() << "storing login failures failed:" << error;
}

qint64 LoginThrottle::lockedUntil(const QString &key)
{
    QString error;
    const std::optional<Entry> e = load(key, &error);
    return e ? e->lockedUntil : 0;
}
