#pragma once

#include "server/storage/opsstore.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QThread>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <type_traits>

// The store's writing side, off the event loop. With a network store every query is a round
// trip, and a store that stops answering (paused, partitioned) would stop the loop with it:
// WebSocket pushes, /healthz, every session. So the capabilities that write as they go (alerts,
// escalation and notifications, which live on this thread; health runs, rollups and job runs,
// which post their rows here) reach the store through this thread's own connection, in the
// order they were posted, and the loop only posts work and receives answers.
//
// What waits here is the store backlog: its size and the age of the oldest job show on Health
// (the ops_store check) and in /metrics, and nothing posted is dropped below MaxBacklog. An
// in-memory SQLite store has no second connection to give: jobs then run at once, on the
// caller's thread, over the daemon's own store (tests).
class StoreThread final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreThread)
public:
    static constexpr qint64 MaxBacklog = 200000;
    // Bulk jobs (samples to evaluate, rollups, health rows, pruning) are refused from 90 % of
    // MaxBacklog on, so the last tenth is kept for the few that must not be lost: schedule
    // slots, job runs, alert raises and clears, answers to clients.
    enum class Load { Essential, Bulk };
    // A call() the thread refused (backlog full, or stopping): the future holds this exception.
    struct Busy : std::exception {
        const char *what() const noexcept override { return "the store thread is not taking work"; }
    };

    // main: the daemon's own store (opened and migrated); url: what this thread connects to.
    explicit StoreThread(OpsStore *main, QObject *parent = nullptr);
    ~StoreThread() override;

    // Starts the thread and opens its connection there. Startup only: it waits for the open.
    bool start(QString *error);
    // Runs everything posted so far, then last(), on the thread, and ends the thread. Objects
    // hosted on the thread are deleted there, in last(). Waits for the backlog as long as it
    // moves; a store that takes nothing for waitMs cannot be left safely (the thread is in one
    // of its calls): the daemon says what is lost and ends the process.
    void stop(const std::function<void()> &last, int waitMs = 30000);
    // Runs job on the thread and waits for it: startup only, before the loop serves anyone.
    void runAtStartup(const std::function<void()> &job);

    // The thread that objects living with the store's connection move to (the caller's own for
    // an in-memory store), and that connection, for them only.
    QThread *storeThread() const;
    OpsStore *store() const { return m_inline ? m_main : m_own.get(); }
    bool isInline() const { return m_inline; }

    // In order. what names the job in the warning a refusal logs. False: refused (the backlog
    // is full for its load, or the thread stopped); the refusal is counted.
    bool post(const char *what, std::function<void(OpsStore &)> job, Load load = Load::Essential);
    // Runs job on the thread; the future finishes there (continue with a context object). A
    // refused job's future finishes at once with the exception Busy, never unanswered.
    template <typename Job>
    auto call(Job job) -> QFuture<std::invoke_result_t<Job, OpsStore &>>
    {
        using T = std::invoke_result_t<Job, OpsStore &>;
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        const bool taken = post("call", [promise, job = std::move(job)](OpsStore &store) mutable {
            if constexpr (std::is_void_v<T>) {
                job(store);
            } else {
                promise->addResult(job(store));
            }
            promise->finish();
        });
        if (!taken) {
            promise->setException(std::make_exception_ptr(Busy()));
            promise->finish();
        }
        return future;
    }

    struct Figures {
        qint64 backlog = 0;       // jobs waiting or running
        qint64 oldestAgeMs = 0;   // how long the oldest of them has waited
        qint64 peak = 0;          // largest backlog since start
        qint64 done = 0;          // jobs run since start
        qint64 refused = 0;       // jobs refused because the backlog was full
    };
    Figures figures() const;

private:
    void finished();

    OpsStore *m_main;
    bool m_inline;
    std::unique_ptr<OpsStore> m_own; // opened, used and closed on m_thread
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread: queued jobs run through it
    mutable QMutex m_mutex;
    std::deque<qint64> m_enqueued; // monotonic ms of each waiting job, oldest first
    Figures m_figures;
    bool m_stopped = false;
};
