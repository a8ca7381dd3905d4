#pragma once

#include "server/logging/logstore.h"
#include "server/protocol/metrics.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>

// One push of an agent (a host behind NAT) to its hub: what the agent's buffer held, in the
// order it was taken. Read on the hub's event loop as hostile input (every field checked,
// samples and log lines rebuilt from what was valid, the host forced to the token's), then
// written on the store thread in one transaction with the agent's last applied sequence
// number, so a batch the agent sends again after a lost answer is not stored twice.
struct AgentBatch {
    QString host;
    QString version;
    QString bufferId; // the agent buffer's identity: a new buffer starts its numbering again
    QStringList addresses;
    qint64 startedMs = 0;
    qint64 dropped = 0; // entries the agent's buffer dropped (full) so far
    QJsonObject summary; // cpu_percent, memory.percent, disk.percent, running_tasks, sampled_at

    struct Entry {
        enum class Kind { Sample, Health, Logs };
        qint64 seq = 0;
        Kind kind = Kind::Sample;
        protocol::MetricsSample sample;
        QJsonObject health; // a health report
        QList<LogStore::Row> rows;
    };
    QList<Entry> entries;

    static constexpr int MaxEntries = 2000;
    static constexpr int MaxLinesPerEntry = 5000;
    // host: the agent token's; a body that names another is refused. nullopt: *error says
    // what was wrong (for bad_request), and *refusedSeq names the entry when the fault is in
    // one (the agent drops that entry; a fault of the whole push it keeps and retries).
    // Log lines that are not valid are left out and counted (skippedLines), not the entry.
    // nowMs: the hub's clock; samples and reports dated more than MaxFutureMs after it are refused.
    static std::optional<AgentBatch> parse(const QByteArray &body, const QString &host, qint64 maxLineBytes, qint64 nowMs,
                                           QString *error, qint64 *refusedSeq);
    static constexpr qint64 MaxFutureMs = 5 * 60 * 1000;
    int skippedLines = 0;
};

namespace agentingest {
struct Applied {
    qint64 acked = 0;  // the last sequence number the hub holds
    int samples = 0, reports = 0, lines = 0; // newly stored
    bool restarted = false; // the agent's buffer is a new one: its numbering started again
    bool memberConflict = false; // the host is a member's (heartbeating within the hour): nothing stored
    QList<protocol::MetricsSample> fresh; // the samples newly stored, oldest first
};
// On the store thread's connection. nowMs: the daemon's clock (the store's is read on
// PostgreSQL, as members heartbeat on it). rawKeepMs: how long raw samples stay.
std::optional<Applied> apply(QSqlDatabase db, const AgentBatch &batch, qint64 nowMs, qint64 rawKeepMs, QString *error);
// Agents prune nothing on the hub: their rollups and health runs older than the hub's own
// retention go here (hourly, on the store thread).
bool pruneAgents(QSqlDatabase db, qint64 nowMs, int minuteDays, int hourDays, int healthDays, QString *error);
} // namespace agentingest
