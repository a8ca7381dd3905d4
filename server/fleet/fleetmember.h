#pragma once

#include "server/config/config.h"
#include "server/core/clock.h"
#include "server/monitoring/metricsstore.h"
#include "server/protocol/metrics.h"

#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QTimer>
#include <optional>

// One registered host of the fleet, as the store last said.
struct FleetHost {
    QString host;
    QString role; // member | agent
    QStringList addresses;
    QString version;
    qint64 startedMs = 0;
    qint64 lastSeenMs = 0; // on the store's clock
    QJsonObject summary;   // cpu_percent, memory.percent, disk.percent, running_tasks, open_alerts
    bool leader = false;
    bool up = true;
    // fleet.hosts' row (PROTOCOL.md).
    QJsonObject toJson() const;
};

// This daemon as a member of the fleet on its store. Everything that touches the store runs
// on the member's own thread over its own connection (the leader's lock is that session's),
// so a slow or paused PostgreSQL never holds the event loop: the loop posts work and gets
// answers. Every heartbeat interval the worker registers the host, tries for the leader's
// lock (or, holding it, checks its term still stands), ends the session of a leader that
// holds the lock but stopped heartbeating, and reads the host list.
//
// Leadership is a session advisory lock plus a term: each new leader takes the next term, and
// every singleton action is written under it (claimSlot), so a leader that lost its lock and
// does not know it yet cannot act twice. The loop also stops trusting its own leadership when
// no heartbeat has come back for stepDownMs, before the others may take over (downAfterMs).
//
// With SQLite the daemon is a fleet of one: it always leads; an in-memory store keeps
// everything in memory.
class FleetMember final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetMember)
public:
    struct Options {
        QString host;
        QString role = QStringLiteral("member");
        QString version;
        QStringList addresses;
        int heartbeatMs = 5000;
        int downAfterMs = 15000;
        qint64 rawKeepMs = 3600000; // how long this member's raw samples stay in the store
    };
    FleetMember(DatabaseUrl url, Options options, const Clock *clock, QObject *parent = nullptr);
    ~FleetMember() override;

    void start();
    // Sent with the next heartbeat.
    void setSummary(const QJsonObject &summary);
    // This host's figures for the other members (PostgreSQL only): every sample, and the health
    // report when it changes, written over the member's second connection at each heartbeat;
    // what the store has not taken yet waits (at most MaxPendingSamples, the oldest go first).
    void addSample(const protocol::MetricsSample &sample);
    void setHealth(const QJsonObject &report);
    static constexpr int MaxPendingSamples = 2000;
    int pendingSamples() const { return int(m_pendingSamples.size()); }
    // Other hosts whose live samples this daemon's clients watch: relayed() brings each new one,
    // woken by the writer's NOTIFY and checked every second besides.
    void setWatched(const QSet<QString> &hosts);

    const QString &host() const { return m_options.host; }
    bool isLeader() const;
    qint64 term() const { return m_leader ? m_term : 0; } // this member's, while it leads
    qint64 fleetTerm() const { return m_fleetTerm; }      // the current leader's, as last read
    QString leaderHost() const { return m_leaderHost; } // empty: nobody leads right now
    QString lastError() const { return m_lastError; }
    qint64 storeNowMs() const { return m_storeNowMs; }
    QList<FleetHost> hosts() const { return m_hosts; }
    int downAfterMs() const { return m_options.downAfterMs; }
    // Work the member's thread has been asked for and has not answered yet.
    int backlog() const { return m_backlog.loadRelaxed(); }
    // For Health: this member, the leader, how many hosts are up and down, the last error.
    QJsonObject status() const;

    // The scheduler's slots as the store has them (job → last slot handled).
    // nullopt: the store did not answer.
    QFuture<std::optional<QHash<QString, qint64>>> loadSlots(const QStringList &jobs, qint64 seedSlotMs);
    // Claims a job's slot under this leader's term: 1 for exactly one claimer per slot across
    // the fleet; 0 when the slot was taken or this term has passed; -1 when it is not known
    // (the store did not answer, or this member does not lead right now): try again.
    QFuture<int> claimSlot(const QString &job, qint64 slotMs);

Q_SIGNALS:
    void leadershipChanged(bool leader, qint64 term);
    // After each heartbeat, with the store's clock.
    void hostsChanged(const QList<FleetHost> &hosts, qint64 storeNowMs);
    // Rules set through the API or silences changed in the store (by any member).
    void sharedChanged();
    // New samples of a watched host, oldest first (metrics_update data objects).
    void relayed(const QString &host, const QList<QJsonObject> &samples);

private:
    class Worker;
    struct Beat {
        bool ok = false;
        QString error;
        bool leader = false;
        qint64 term = 0;
        QString leaderHost;
        qint64 fleetTerm = 0; // the current leader's
        QList<FleetHost> hosts;
        qint64 storeNowMs = 0;
        qint64 possibleDuplicates = 0;
        QString sharedVersion;
        bool conflict = false; // another daemon heartbeats under this host name
        bool waiting = false;  // this host's row was fresh at the first heartbeat: wait one
    };
    void beat();
    void received(const Beat &beat);
    void writeFigures();
    void setLeader(bool leader, qint64 term);

    DatabaseUrl m_url;
    Options m_options;
    const Clock *m_clock;
    qint64 m_startedMs = 0;
    bool m_inMemory = false;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    QAtomicInteger<int> m_backlog = 0;
    QTimer *m_timer = nullptr;
    bool m_beating = false;
    QJsonObject m_summary;
    QList<metricsstore::StoredSample> m_pendingSamples;
    QJsonObject m_health;
    bool m_healthWritten = true;
    bool m_writing = false;
    bool m_named = false; // a heartbeat has succeeded: this host's name is this daemon's
    bool m_leader = false;
    qint64 m_term = 0;
    qint64 m_confirmedMs = 0; // monotonic: when the last heartbeat that confirmed leadership was sent
    qint64 m_beatSentMs = 0;
    QTimer *m_stepDown = nullptr;
    qint64 stepDownMs() const;
    QString m_leaderHost;
    QString m_lastError;
    QList<FleetHost> m_hosts;
    qint64 m_storeNowMs = 0;
    qint64 m_possibleDuplicates = 0;
    qint64 m_fleetTerm = 0;
    QString m_sharedVersion;
    bool m_conflict = false;
};
