#pragma once

#include "server/protocol/metrics.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <optional>

// What the console keeps of the metrics it has seen: one time column and one value column
// per series (NaN where a sample lacks it). A day of 1 s samples for the dashboard's series
// is a few megabytes this way, where full samples would be hundreds.
class MetricsBuffer final {
public:
    explicit MetricsBuffer(qint64 maxAgeMs = 8LL * 24 * 3600 * 1000);

    // Keeps time order; a sample at a time already held replaces it (history after a reconnect
    // overlaps the live updates).
    void add(const protocol::MetricsSample &sample);
    void add(const QList<protocol::MetricsSample> &samples);
    void clear();

    qsizetype size() const { return m_times.size(); }
    const QList<qint64> &times() const { return m_times; }
    // nullptr when no sample had that series.
    const QList<double> *series(const QString &name) const;
    QStringList seriesNames() const { return m_values.keys(); }
    const std::optional<protocol::MetricsSample> &latest() const { return m_latest; }

    struct Stats {
        double current = qQNaN(), min = qQNaN(), max = qQNaN(), average = qQNaN();
        qsizetype count = 0;
    };
    Stats stats(const QString &name, qint64 fromMs, qint64 toMs) const;
    // Index of the first sample at or after ms.
    qsizetype lowerBound(qint64 ms) const;

private:
    void insertAt(qsizetype index, qint64 timestampMs, const QList<std::pair<QString, double>> &values, bool replace);
    void dropOlderThan(qint64 ms);

    qint64 m_maxAgeMs;
    QList<qint64> m_times;
    QHash<QString, QList<double>> m_values;
    std::optional<protocol::MetricsSample> m_latest;
};
