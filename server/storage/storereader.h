#pragma once

#include "server/logging/logstore.h"
#include "server/storage/opsstore.h"

#include <QAtomicInteger>
#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

// Reads a client can make heavy (log search and analysis, audit queries) run here, on a few
// threads with their own read-only connections to the store, never on the event loop: with
// SQLite in WAL mode readers do not wait for the log writer, and on PostgreSQL each query is
// a network round trip the loop would otherwise sit through. Each query still runs under a
// QueryBudget, so a hostile one ties up one reader for at most the budget, and the queue per
// reader is bounded: past it run() refuses and the client is told to retry.
class StoreReader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)
public:
    struct Context {
        OpsStore &store; // this reader's own connection
        LogStore &logs;  // over that connection
    };
    static constexpr int DefaultThreads = 2;
    static constexpr int MaxQueuedPerThread = 16;

    StoreReader(DatabaseUrl url, LogStore::Limits limits, int threads = DefaultThreads, QObject *parent = nullptr);
    ~StoreReader() override;

    // From the event loop: runs job(Context&) on the least busy reader thread. The future
    // finishes there (continue with a context object to get back to the loop). nullopt: every
    // reader's queue is full. A reader whose connection cannot be opened still runs the job,
    // whose reads then fail with the store's error (store.isOpen() is false).
    template <typename Job>
    auto run(Job job) -> std::optional<QFuture<std::invoke_result_t<Job, Context &>>>
    {
        using T = std::invoke_result_t<Job, Context &>;
        Worker *worker = pick();
        if (!worker)
            return std::nullopt;
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        worker->pending.fetchAndAddRelaxed(1);
        QMetaObject::invokeMethod(
            worker,
            [worker, promise, job = std::move(job)]() mutable {
                Context context = worker->context();
                promise->addResult(job(context));
                promise->finish();
                worker->pending.fetchAndSubRelaxed(1);
            },
            Qt::QueuedConnection);
        return future;
    }

    int threads() const { return int(m_workers.size()); }
    // Jobs queued or running over all readers (Health, tests).
    int pending() const;

private:
    class Worker final : public QObject {
    public:
        Worker(DatabaseUrl url, LogStore::Limits limits, int index);
        ~Worker() override;
        Context context();
        QAtomicInteger<int> pending = 0;

    private:
        DatabaseUrl m_url;
        LogStore::Limits m_limits;
        QString m_connection;
        std::unique_ptr<OpsStore> m_store;
        std::unique_ptr<LogStore> m_logs;
    };
    Worker *pick() const;

    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<Worker *> m_workers; // each lives on its thread, deleted there
};
