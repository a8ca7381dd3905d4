#include "server/monitoring/demoworkload.h"

#include "server/logging/jsonlogger.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

DemoWorkload::DemoWorkload(QString databasePath, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_connection(QStringLiteral("demo-%1").arg(quintptr(this), 0, 16))
    , m_clock(clock)
    , m_random(quint32(clock->nowMs()))
{
    connect(&m_timer, &QTimer::timeout, this, &DemoWorkload::step);
}

DemoWorkload::~DemoWorkload()
{
    closeDatabase(m_connection);
}

QString DemoWorkload::timestamp(qint64 ms) const
{
    // SQLAlchemy's SQLite DateTime text format.
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000"));
}

bool DemoWorkload::exec(const QString &sql, const QVariantList &values)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcOps).noquote() << "demo workload:" << q.lastError().text();
        return false;
    }
    return true;
}

bool DemoWorkload::open(QString *error)
{
    DatabaseUrl url;
    url.path = m_path;
    if (!openDatabase(url, m_connection, false, error))
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (db.tables().contains(QStringLiteral("tasks")))
        return true;
    const bool created = exec(QStringLiteral(
        "CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(255) NOT NULL, "
        "status VARCHAR(9) NOT NULL, total_urls INTEGER NOT NULL DEFAULT 0, successful_urls INTEGER NOT NULL DEFAULT 0, "
        "failed_urls INTEGER NOT NULL DEFAULT 0, created_at DATETIME NOT NULL, started_at DATETIME, completed_at DATETIME)"));
    if (!created) {
        *error = QStringLiteral("cannot create the demo tasks table");
        return false;
    }
    exec(QStringLiteral("CREATE INDEX ix_tasks_status ON tasks(status)"));
    // A day of finished work, so the numbers mean something from the first sample.
    db.transaction();
    const qint64 now = m_clock->nowMs();
    for (int i = 0; i < 240; ++i) {
        const qint64 started = now - qint64(m_random.bounded(24 * 3600)) * 1000;
        const qint64 finished = started + qint64(30 + m_random.bounded(600)) * 1000;
        const int total = 20 + int(m_random.bounded(180));
        const bool failed = m_random.bounded(100) < 6;
        const int ok = failed ? 0 : (m_random.bounded(100) < 8 ? 0 : int(m_random.bounded(total + 1)));
        exec(QStringLiteral("INSERT INTO tasks (name, status, total_urls, successful_urls, failed_urls, created_at, "
                            "started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
             {QStringLiteral("Campaign %1").arg(i + 1), failed ? QStringLiteral("FAILED") : QStringLiteral("COMPLETED"),
              total, ok, total - ok, timestamp(started - 60000), timestamp(started), timestamp(qMin(finished, now))});
    }
    db.commit();
    return true;
}

void DemoWorkload::start(int stepMs)
{
    m_timer.start(stepMs);
}

void DemoWorkload::step()
{
    const qint64 now = m_clock->nowMs();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    // Start a task now and then, up to a handful at once.
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status IN ('PENDING', 'RUNNING')"));
    const int active = q.next() ? q.value(0).toInt() : 0;
    if (active < 8 && m_random.bounded(100) < 45) {
        const int total = 20 + int(m_random.bounded(180));
        exec(QStringLiteral("INSERT INTO tasks (name, status, total_urls, created_at, started_at) VALUES (?, 'RUNNING', ?, ?, ?)"),
             {QStringLiteral("Campaign %1").arg(now / 1000 % 100000), total, timestamp(now), timestamp(now)});
    }
    // Finish running tasks after a while: most complete, some with no successful URL, a few fail.
    q.exec(QStringLiteral("SELECT id, total_urls FROM tasks WHERE status = 'RUNNING'"));
    QList<std::pair<qint64, int>> running;
    while (q.next())
        running.append({q.value(0).toLongLong(), q.value(1).toInt()});
    for (const auto &[id, total] : running) {
        if (m_random.bounded(100) >= 18)
            continue;
        const int roll = int(m_random.bounded(100));
        const bool failed = roll < 5;
        const int ok = failed || roll < 12 ? 0 : total / 2 + int(m_random.bounded(total / 2 + 1));
        exec(QStringLiteral("UPDATE tasks SET status = ?, successful_urls = ?, failed_urls = ?, completed_at = ? WHERE id = ?"),
             {failed ? QStringLiteral("FAILED") : QStringLiteral("COMPLETED"), ok, total - ok, timestamp(now), id});
    }
    db.commit();
}
