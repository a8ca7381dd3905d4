#pragma once

#include "server/config/config.h"
#include "server/logging/logstore.h"

#include <QAtomicInteger>
#include <QObject>

// Writes ingested log batches on its own thread with its own connection, so a large batch
// never holds the event loop that serves every client. The event loop parses and answers;
// the rows follow a moment later (a crash loses at most what is queued here).
class LogWriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogWriter)
public:
    explicit LogWriter(DatabaseUrl url, QObject *parent = nullptr);
    ~LogWriter() override;

    // From any thread: hands rows to the writer thread.
    void enqueue(QList<LogStore::Row> rows);
    qint64 queuedRows() const { return m_queued.loadRelaxed(); }

Q_SIGNALS:
    void failed(const QString &error);

private:
    void writeNow(const QList<LogStore::Row> &rows);

    DatabaseUrl m_url;
    QString m_connection;
    bool m_open = false;
    QAtomicInteger<qint64> m_queued = 0;
};
