#include "server/monitoring/taskcollector.h"

#include "server/logging/jsonlogger.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <cmath>

TaskCollector::TaskCollector(std::optional<DatabaseUrl> url, Config::Tasks settings, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_settings(std::move(settings))
    , m_connectionName(QStringLiteral("tasks-%1").arg(quintptr(this), 0, 16))
{
}

TaskCollector::~TaskCollector()
{
    closeConnection();
}

QString TaskCollector::aggregateSql(const Config::Tasks &s)
{
    // Identifiers are validated by Config (plain names), so quoting them is enough.
    auto quote = [](const QString &name) {
        QStringList parts = name.split(u'.');
        for (QString &p : parts)
            p = u'"' + p + u'"';
        return parts.join(u'.');
    };
    const QString status = quote(s.statusColumn), completedAt = quote(s.completedAtColumn),
                  successful = quote(s.successfulUrlsColumn);
    return QStringLiteral("SELECT "
                          "COALESCE(SUM(CASE WHEN %1 = :running THEN 1 ELSE 0 END), 0), "
                          "COALESCE(SUM(CASE WHEN %1 = :completed1 AND %2 >= :today THEN 1 ELSE 0 END), 0), "
                          "COALESCE(SUM(CASE WHEN %1 = :completed2 THEN 1 ELSE 0 END), 0), "
                          "COALESCE(SUM(CASE WHEN %1 = :completed3 AND %3 > 0 THEN 1 ELSE 0 END), 0) "
                          "FROM %4")
        .arg(status, completedAt, successful, quote(s.table));
}

protocol::TaskMetrics TaskCollector::query(const QSqlDatabase &db, const Config::Tasks &s, const QString &todayUtc)
{
    protocol::TaskMetrics m;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(aggregateSql(s))) {
        m.error = q.lastError().text();
        return m;
    }
    q.bindValue(QStringLiteral(":running"), s.runningStatus);
    q.bindValue(QStringLiteral(":completed1"), s.completedStatus);
    q.bindValue(QStringLiteral(":completed2"), s.completedStatus);
    q.bindValue(QStringLiteral(":completed3"), s.completedStatus);
    q.bindValue(QStringLiteral(":today"), todayUtc);
    if (!q.exec() || !q.next()) {
        m.error = q.lastError().text();
        return m;
    }
    m.available = true;
    m.runningTasks = q.value(0).toLongLong();
    m.completedToday = q.value(1).toLongLong();
    m.totalCompleted = q.value(2).toLongLong();
    const qint64 successful = q.value(3).toLongLong();
    m.successRate = m.totalCompleted > 0 ? std::round(double(successful) / double(m.totalCompleted) * 1000.0) / 10.0 : 0.0;
    return m;
}

bool TaskCollector::ensureOpen(QString *error)
{
    if (m_open)
        return true;
    if (!openDatabase(*m_url, m_connectionName, true, error))
        return false;
    if (m_url->kind == DatabaseUrl::Kind::Postgres) {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        q.exec(QStringLiteral("SET statement_timeout = %1").arg(m_settings.queryTimeoutMs));
    }
    m_open = true;
    return true;
}

void TaskCollector::closeConnection()
{
    if (!m_open)
        return;
    closeDatabase(m_connectionName);
    m_open = false;
}

void TaskCollector::collect(qint64 requestId, qint64 nowMs)
{
    protocol::TaskMetrics m;
    QString error;
    if (!m_url) {
        m.error = QStringLiteral("no task database configured ([tasks] database_url)");
    } else if (!ensureOpen(&error)) {
        m.error = error;
    } else {
        const QString today = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date().toString(Qt::ISODate);
        m = query(QSqlDatabase::database(m_connectionName, false), m_settings, today);
        if (!m.available) {
            // Drop the connection so the next tick reconnects (server restarts, failovers).
            closeConnection();
        }
    }
    if (!m.available && m.error != m_lastError)
        qCWarning(lcOps).noquote() << "task metrics unavailable:" << m.error;
    m_lastError = m.available ? QString() : m.error;
    Q_EMIT collected(requestId, m);
}
