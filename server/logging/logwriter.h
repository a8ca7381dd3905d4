#pragma once

#include "server/config/config.h"
#include "server/logging/logstore.h"

#include <QAtomicInteger>
#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QSqlDatabase>
#include <QThreadPool>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

// Writes ingested log batches on its own thread with its own connection, so a large batch
// never holds the event loop that serves every client. Each batch's future finishes once
// its rows are committed (group commit: whatever queued while the last transaction ran goes
// into the next one), so an answer of 200 means the lines survive a crash of the daemon.
class LogWriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogWriter)
public:
    struct Limits {
        qint64 maxQueuedRows = 500000; // beyond it enqueue() refuses (the client retries)
        // A transaction holds the write lock that the event loop's own small writes wait for:
        // ~50 ms of rows at most.
        qint64 maxRowsPerCommit = 5000;
    };
    explicit LogWriter(DatabaseUrl url, QObject *parent = nullptr);
    LogWriter(DatabaseUrl url, Limits limits, QObject *parent = nullptr);
    ~LogWriter() override;

    // What became of a submitted batch.
    struct Outcome {
        enum class Status { Stored, Malformed, Busy, Failed };
        Status status = Status::Failed;
        LogStore::IngestReport report;
        QString error; // Malformed: what was wrong with the body; Failed: the store's error
    };
    // From the event loop: parses the body on the writer's parse thread (a 16 MiB batch is
    // ~150,000 lines, more than a second of JSON parsing that must not hold the loop), then
    // queues its rows. The future finishes once the rows are committed, or with why not.
    // Busy without any parsing when the queue is already full.
    QFuture<Outcome> submit(const LogStore *logs, QByteArray body, QString source, qint64 nowMs);

    // From any thread: hands rows to the writer thread. The future yields an empty string
    // once the rows are committed, or why they were not. nullopt: the queue is full.
    std::optional<QFuture<QString>> enqueue(QList<LogStore::Row> rows);
    // From any thread: runs job on the writer's thread and connection, between transactions
    // (log retention: deleting old lines never holds the event loop). The future yields the
    // job's error, empty once it succeeded.
    QFuture<QString> run(std::function<QString(QSqlDatabase db)> job);
    // At shutdown, on the writer's thread (BlockingQueuedConnection): waits for the bodies
    // being parsed, then stores everything queued, however many transactions it takes.
    void flush();
    qint64 queuedRows() const { return m_queued.loadRelaxed(); }
    // Before the writer starts: called on the writer's thread with the rows of each committed
    // batch (an agent forwards them to its hub).
    void setOnCommitted(std::function<void(const QList<LogStore::Row> &)> committed) { m_committed = std::move(committed); }
    // Transactions committed so far (tests: group commit puts many batches in one).
    qint64 commits() const { return m_commits.loadRelaxed(); }

Q_SIGNALS:
    void failed(const QString &error);

private:
    struct Pending {
        QList<LogStore::Row> rows;
        qsizetype offset = 0; // rows before it are in a transaction already (writer thread)
        QString error;        // the first part that failed (writer thread)
        std::shared_ptr<QPromise<QString>> promise;
    };
    void drain();
    bool ensureOpen(QString *error);

    QThreadPool *m_parsers; // a child: it moves to the writer's thread with it

    DatabaseUrl m_url;
    Limits m_limits;
    std::function<void(const QList<LogStore::Row> &)> m_committed;
    QString m_connection;
    bool m_open = false;
    QMutex m_mutex;
    std::deque<std::shared_ptr<Pending>> m_pending; // guarded by m_mutex
    bool m_scheduled = false;      // guarded by m_mutex: a drain() is queued or running
    QAtomicInteger<qint64> m_queued = 0;
    QAtomicInteger<qint64> m_commits = 0;
    QAtomicInteger<qint64> m_parsingBytes = 0; // bodies handed to the parser and not yet queued
    bool m_flushing = false;                   // writer thread: flush() drains without yielding
};
