#pragma once

#include "server/core/clock.h"
#include "server/monitoring/metricshistory.h"
#include "server/monitoring/systemcollector.h"
#include "server/protocol/metrics.h"

#include <QObject>
#include <functional>
#include <QThread>
#include <QTimer>
#include <memory>
#include <optional>

class TaskCollector;

// One tick: sample the host, ask the task collector (on its thread) for the queue
// numbers, and publish one metrics_update whose JSON is built once for every client.
class MetricsHub final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsHub)
public:
    struct Options {
        int intervalMs = 5000;
        int taskTimeoutMs = 3000;
        bool demo = false;
        QString host; // stamped on every sample
    };
    // Takes ownership of the task collector and runs it on a thread of its own.
    MetricsHub(const Clock *clock, SystemCollector *system, TaskCollector *tasks, MetricsHistory *history,
               Options options, QObject *parent = nullptr);
    ~MetricsHub() override;

    void start();
    void stop();
    // Samples now; the sample is published when the task numbers arrive or their wait ends.
    void tick();

    const std::optional<protocol::MetricsSample> &latest() const { return m_latest; }
    const QByteArray &latestFrame() const { return m_latestFrame; }
    qint64 lastSystemSampleMicros() const { return m_lastSystemMicros; }
    int intervalMs() const { return m_options.intervalMs; }
    // The performance block of each sample (the PerformanceMonitor's window at that time).
    void setPerformanceSource(std::function<protocol::PerformanceMetrics(qint64 nowMs)> source) { m_performance = std::move(source); }

Q_SIGNALS:
    void published(const protocol::MetricsSample &sample, const QByteArray &frame);
    void tasksRequested(qint64 requestId, qint64 nowMs);

private:
    void onTasksCollected(qint64 requestId, const protocol::TaskMetrics &metrics);
    void finishPending(const protocol::TaskMetrics &tasks);

    const Clock *m_clock;
    SystemCollector *m_system;
    MetricsHistory *m_history;
    Options m_options;
    QThread m_taskThread;
    QTimer m_timer;
    QTimer m_firstTick; // start(): the first sample once the collector has a delta
    QTimer m_taskWait;
    std::optional<protocol::MetricsSample> m_pending;
    qint64 m_pendingRequest = 0;
    qint64 m_nextSeq = 1;
    std::optional<protocol::MetricsSample> m_latest;
    std::function<protocol::PerformanceMetrics(qint64)> m_performance;
    QByteArray m_latestFrame;
    qint64 m_lastSystemMicros = 0;
};
