#pragma once

#include "server/config/config.h"
#include "server/protocol/metrics.h"

#include <QObject>
#include <QSqlDatabase>

// Reads the formauto service's tasks table. Lives on its own thread with its own
// connection, so a slow or unreachable database never stalls sampling or clients.
class TaskCollector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskCollector)
public:
    // url may be empty (no task database configured): every answer then says so.
    TaskCollector(std::optional<DatabaseUrl> url, Config::Tasks settings, QObject *parent = nullptr);
    ~TaskCollector() override;

    // The ticket's four numbers in one aggregate query. todayUtc is "YYYY-MM-DD".
    static QString aggregateSql(const Config::Tasks &settings);
    static protocol::TaskMetrics query(const QSqlDatabase &db, const Config::Tasks &settings, const QString &todayUtc);

public Q_SLOTS:
    void collect(qint64 requestId, qint64 nowMs);

Q_SIGNALS:
    void collected(qint64 requestId, const protocol::TaskMetrics &metrics);

private:
    bool ensureOpen(QString *error);
    void closeConnection();

    std::optional<DatabaseUrl> m_url;
    Config::Tasks m_settings;
    QString m_connectionName;
    bool m_open = false;
    QString m_lastError;
};
