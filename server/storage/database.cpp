#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <atomic>
#include <chrono>
#include <sqlite3.h>
#include <thread>

namespace {

std::atomic<qint64> g_foregroundWaitingSinceMs{0}; // last time a foreground write waited for the lock
constexpr int BusyTimeoutMs = 5000;

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant v = db.driver() ? db.driver()->handle() : QVariant();
    return v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0 ? *static_cast<sqlite3 *const *>(v.data()) : nullptr;
}

// Foreground connections: retry every millisecond (not SQLite's growing sleeps of up to
// 100 ms) and say that we wait, for up to the usual timeout.
int foregroundBusy(void *, int attempt)
{
    g_foregroundWaitingSinceMs.store(steadyMs());
    if (attempt >= BusyTimeoutMs)
        return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

} // namespace

void markBackgroundWriter(const QSqlDatabase &db)
{
    if (sqlite3 *h = handleOf(db))
        sqlite3_busy_timeout(h, BusyTimeoutMs); // SQLite's own handler, and no "foreground waiting"
}

void yieldToForeground()
{
    // While a foreground write waited within the last few milliseconds, let it take the lock
    // (at most 250 ms: a foreground that never gets there must not stop the writer).
    const qint64 start = steadyMs();
    while (steadyMs() - g_foregroundWaitingSinceMs.load() < 3 && steadyMs() - start < 250)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

bool openDatabase(const DatabaseUrl &url, const QString &connectionName, bool readOnly, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(url.driverName(), connectionName);
    if (url.kind == DatabaseUrl::Kind::Sqlite) {
        if (!readOnly) {
            QDir().mkpath(QFileInfo(url.path).absolutePath());
            // Created 0600 here rather than by SQLite (0644 less the umask): its -wal and -shm
            // files take the database file's mode.
            QFile create(url.path);
            if (!QFileInfo::exists(url.path) && url.path != u":memory:"_qs)
                create.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        db.setDatabaseName(url.path);
        QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000")};
        if (readOnly)
            options.append(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.setConnectOptions(options.join(u';'));
    } else {
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.database);
        db.setConnectOptions(url.options);
    }
    if (!db.open()) {
        *error = QStringLiteral("%1: %2").arg(url.display(), db.lastError().text());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return false;
    }
    QSqlQuery q(db);
    QStringList setup;
    if (url.kind == DatabaseUrl::Kind::Sqlite) {
        if (!readOnly)
            setup << QStringLiteral("PRAGMA journal_mode=WAL") << QStringLiteral("PRAGMA synchronous=NORMAL");
        setup << QStringLiteral("PRAGMA foreign_keys=ON");
        if (!readOnly) {
            if (sqlite3 *h = handleOf(db))
                sqlite3_busy_handler(h, foregroundBusy, nullptr);
        }
    } else {
        setup << QStringLiteral("SET TIME ZONE 'UTC'");
        if (readOnly)
            setup << QStringLiteral("SET default_transaction_read_only = on");
    }
    for (const QString &statement : std::as_const(setup)) {
        if (!q.exec(statement)) {
            *error = QStringLiteral("%1: %2").arg(url.display(), q.lastError().text());
            q = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return false;
        }
    }
    return true;
}

void closeDatabase(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

bool execQuery(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}
