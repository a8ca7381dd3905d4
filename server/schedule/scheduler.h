#pragma once

#include "server/core/clock.h"
#include "server/schedule/cron.h"
#include "server/protocol/messagecatalogue.h"
#include "server/storage/opsstore.h"
#include "server/storage/storethread.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QFuture>
#include <QTimer>
#include <functional>
#include <optional>

// Runs jobs (backup, verify, restore drill, retention, log retention, ...) on cron schedules
// in a time zone. After downtime or a jump of the clock, a missed run runs once, not once per
// missed slot. Each run is kept (start, duration, result); a failure is signalled so it can
// raise an alert. Runs on the injected clock: tick() is public for tests.
class Scheduler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)
public:
    // A job reports its end through done(ok, message); it may finish later (a backup). The
    // message is a catalogue key with parameters (job.*, backup.*); its English is logged.
    using Done = std::function<void(bool ok, const protocol::Message &message)>;
    using Runner = std::function<void(Done done)>;

    Scheduler(OpsStore *store, const Clock *clock, QTimeZone zone, QObject *parent = nullptr);
    // Slots and runs are then written on the store's writing thread, in order (the daemon);
    // history() reads there too, after them.
    void setStoreThread(StoreThread *thread) { m_thread = thread; }

    // In a fleet the slots live in the store and only the leader runs jobs: each slot is
    // claimed under the leader's term (true for exactly one claimer), off the event loop.
    // Won: run it. Taken: another claimer has it (or this term has passed). Failed: nobody
    // knows (the store did not answer): the slot stays due and is claimed again next tick.
    enum class Claim { Won, Taken, Failed };
    struct Fleet {
        // nullopt: the store did not answer; read again on the next tick.
        std::function<QFuture<std::optional<QHash<QString, qint64>>>(const QStringList &jobs, qint64 seedSlotMs)> load;
        std::function<QFuture<Claim>(const QString &job, qint64 slotMs)> claim;
        QString host;
    };
    void setFleet(Fleet fleet);
    // Leading (term > 0) or not: a new leader reads the slots first, then catches up.
    void setLeader(bool leader, qint64 term);
    bool isActive() const { return !m_fleet || (m_leaderTerm > 0 && m_slotsTerm == m_leaderTerm); }
    bool addJob(const QString &name, const QString &cron, Runner runner, QString *error);
    // Loads when each job last ran; a job never run before waits for its next slot.
    bool open(QString *error);
    void start(int intervalMs = 15000);
    void tick();
    // Runs a job now, outside its schedule (the console's "Run now"); false if it is running.
    bool runNow(const QString &name);

    // [{name, schedule, time_zone, next_run, running, last: {started, duration_ms, ok, message,
    // message_key, params, trigger}}]
    QJsonArray status() const;
    QJsonArray history(int limit, QString *error) const; // newest first
    static QJsonArray history(const QSqlDatabase &db, int limit, QString *error);
    qint64 nextRun(const QString &name) const;
    QTimeZone zone() const { return m_zone; }

Q_SIGNALS:
    void jobFinished(const QString &name, bool ok, const QString &message);

private:
    struct Job {
        QString name;
        CronExpression cron;
        Runner runner;
        qint64 lastSlotMs = -1; // the latest slot handled
        bool running = false;
        bool claiming = false;
        qint64 startedMs = 0;
        QJsonObject last;
    };
    void run(Job &job, const QString &trigger, qint64 slotMs);
    void saveSlot(const Job &job);
    void claimed(const QString &name, qint64 slot, qint64 due, Claim claim);
    void loadSlots();

    OpsStore *m_store;
    StoreThread *m_thread = nullptr;
    const Clock *m_clock;
    QTimeZone m_zone;
    QList<Job> m_jobs;
    QTimer m_timer;
    std::optional<Fleet> m_fleet;
    qint64 m_leaderTerm = 0;
    qint64 m_slotsTerm = 0; // the term under which the slots were last read
    bool m_loading = false;
};
