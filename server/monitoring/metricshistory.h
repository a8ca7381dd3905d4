#pragma once

#include "server/monitoring/metricsstore.h"
#include "server/protocol/metrics.h"
#include "server/storage/opsstore.h"
#include "server/storage/storethread.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <deque>

// What the daemon remembers of past samples: raw samples for the last hour in memory,
// and 1-minute and 1-hour rollups (min/max/sum/count of each numeric series) in the ops
// store, so a week-long chart needs no raw data.
class MetricsHistory final {
    Q_DISABLE_COPY_MOVE(MetricsHistory)
public:
    struct Retention {
        qint64 rawMs = 60 * 60 * 1000;
        int minuteDays = 7;
        int hourDays = 90;
    };

    // host: whose rollups these are (the fleet's name for this daemon).
    MetricsHistory(OpsStore *store, QString host, Retention retention);
    // Rollups are then written on the store's writing thread (the daemon), in order, rather
    // than on the caller's connection (tests).
    void setStoreThread(StoreThread *thread) { m_thread = thread; }

    // Adds a sample; completed minutes are written to the store as they close.
    void add(const protocol::MetricsSample &sample);
    // Writes the minute in progress (on shutdown) so a restart loses at most nothing.
    void flush();

    const std::deque<protocol::MetricsSample> &raw() const { return m_raw; }
    qint64 lastSeq() const { return m_raw.empty() ? -1 : m_raw.back().seq; }

    // Samples in [fromMs, toMs] at about stepSeconds apart, oldest first. Raw samples
    // answer steps under a minute while they last; older times and longer steps come
    // from the rollups as averages with "min"/"max" beside them.
    QJsonArray query(qint64 fromMs, qint64 toMs, int stepSeconds, QString *error) const;
    static constexpr int MaxSamplesPerQuery = 5000;
    // The same query in two parts, so the store is not read on the event loop: plan() takes
    // what memory holds (on the loop), run() reads the rollups it needs over any connection
    // (a reader thread) and puts the two together.
    struct Plan {
        QString host;
        int resolution = 0; // rollups to read: 60 or 3600; 0: none
        qint64 rollupFromMs = 0, rollupToMs = 0;
        int rollupStep = 0;
        QJsonArray raw; // raw samples in range, after the rollups
    };
    Plan plan(qint64 fromMs, qint64 toMs, int stepSeconds) const;
    static QJsonArray run(const Plan &plan, const QSqlDatabase &db, QString *error);
    const Retention &retention() const { return m_retention; }

private:
    struct Aggregate {
        double min = 0, max = 0, sum = 0;
        qint64 count = 0;
        void add(double v)
        {
            if (count == 0 || v < min)
                min = v;
            if (count == 0 || v > max)
                max = v;
            sum += v;
            ++count;
        }
    };
    void closeMinute();
    void prune(qint64 nowMs);

    OpsStore *m_store;
    StoreThread *m_thread = nullptr;
    QString m_host;
    Retention m_retention;
    std::deque<protocol::MetricsSample> m_raw;
    qint64 m_minuteBucket = -1; // seconds
    QHash<QString, Aggregate> m_minute;
    qint64 m_lastPruneHour = -1;
};
