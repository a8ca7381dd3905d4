#include "server/monitoring/metricshub.h"

#include "server/monitoring/taskcollector.h"
#include "server/protocol/envelope.h"
#include "server/protocol/protocol.h"

#include <QElapsedTimer>

MetricsHub::MetricsHub(const Clock *clock, SystemCollector *system, TaskCollector *tasks, MetricsHistory *history,
                       Options options, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_system(system)
    , m_history(history)
    , m_options(options)
{
    m_taskThread.setObjectName(QStringLiteral("task-metrics"));
    tasks->setParent(nullptr);
    tasks->moveToThread(&m_taskThread);
    connect(&m_taskThread, &QThread::finished, tasks, &QObject::deleteLater);
    connect(this, &MetricsHub::tasksRequested, tasks, &TaskCollector::collect);
    connect(tasks, &TaskCollector::collected, this, &MetricsHub::onTasksCollected);
    m_taskThread.start();

    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(m_options.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MetricsHub::tick);
    m_firstTick.setSingleShot(true);
    connect(&m_firstTick, &QTimer::timeout, this, [this] {
        m_timer.start();
        tick();
    });
    // The answer must come well inside one interval, or the next tick would overtake it.
    m_taskWait.setSingleShot(true);
    m_taskWait.setInterval(qMin(m_options.taskTimeoutMs, m_options.intervalMs * 4 / 5));
    connect(&m_taskWait, &QTimer::timeout, this, [this] {
        protocol::TaskMetrics timedOut;
        timedOut.error = QStringLiteral("task query took longer than %1 ms").arg(m_taskWait.interval());
        finishPending(timedOut);
    });
}

MetricsHub::~MetricsHub()
{
    stop();
    m_taskThread.quit();
    m_taskThread.wait();
}

void MetricsHub::start()
{
    // CPU shares and disk and network rates are differences between two readings: the first
    // reading only primes the collector, and the first sample is published once it has a
    // delta (after up to a second, then every interval), so a start never shows a false 0 %.
    m_system->sample(m_clock->monotonicMs());
    m_firstTick.start(std::min(m_options.intervalMs, 1000));
}

void MetricsHub::stop()
{
    m_firstTick.stop();
    m_timer.stop();
}

void MetricsHub::tick()
{
    if (m_pending) {
        protocol::TaskMetrics late;
        late.error = QStringLiteral("task query did not answer before the next sample");
        finishPending(late);
    }
    QElapsedTimer cost;
    cost.start();
    protocol::MetricsSample sample;
    sample.timestampMs = m_clock->nowMs();
    sample.demo = m_options.demo;
    sample.system = m_system->sample(m_clock->monotonicMs());
    m_lastSystemMicros = cost.nsecsElapsed() / 1000;
    m_pending = std::move(sample);
    m_pendingRequest++;
    m_taskWait.start();
    Q_EMIT tasksRequested(m_pendingRequest, m_pending->timestampMs);
}

void MetricsHub::onTasksCollected(qint64 requestId, const protocol::TaskMetrics &metrics)
{
    if (!m_pending || requestId != m_pendingRequest)
        return; // an answer that arrived after its sample was published without it
    finishPending(metrics);
}

void MetricsHub::finishPending(const protocol::TaskMetrics &tasks)
{
    m_taskWait.stop();
    protocol::MetricsSample sample = std::move(*m_pending);
    m_pending.reset();
    sample.tasks = tasks;
    if (m_performance)
        sample.performance = m_performance(sample.timestampMs);
    sample.seq = m_nextSeq++;
    sample.host = m_options.host;
    if (m_history)
        m_history->add(sample);
    m_latestFrame = protocol::pushFrame(protocol::Type::MetricsUpdate, sample.seq, sample.timestampMs, sample.toJson());
    m_latest = std::move(sample);
    Q_EMIT published(*m_latest, m_latestFrame);
}
