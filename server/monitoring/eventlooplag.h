#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

// How late the event loop runs a timer: a 100 ms tick's delay past its due time, kept for
// the last minute. Everything the daemon serves waits behind whatever holds the loop, so
// this is the figure that tells a stalled daemon from a busy one.
class EventLoopLag final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLoopLag)
public:
    explicit EventLoopLag(QObject *parent = nullptr);

    void start();
    // Over the last minute, in seconds.
    double quantile(double q) const;
    double maximum() const;
    qsizetype sampleCount() const { return m_count; }

private:
    void tick();

    static constexpr int IntervalMs = 100;
    static constexpr int Window = 600;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    QVector<double> m_lags; // ring of seconds
    qsizetype m_next = 0;
    qsizetype m_count = 0;
};
