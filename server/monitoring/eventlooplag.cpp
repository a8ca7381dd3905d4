#include "server/monitoring/eventlooplag.h"

#include <algorithm>

EventLoopLag::EventLoopLag(QObject *parent)
    : QObject(parent), m_lags(Window, 0.0)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopLag::tick);
}

void EventLoopLag::start()
{
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void EventLoopLag::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double lag = qMax(0.0, double(now - m_lastNs) / 1e9 - IntervalMs / 1000.0);
    m_lastNs = now;
    m_lags[m_next] = lag;
    m_next = (m_next + 1) % Window;
    m_count = qMin<qsizetype>(m_count + 1, Window);
}

double EventLoopLag::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    QVector<double> sorted(m_lags.begin(), m_lags.begin() + m_count);
    const qsizetype k = qBound<qsizetype>(0, qsizetype(q * double(m_count - 1) + 0.5), m_count - 1);
    std::nth_element(sorted.begin(), sorted.begin() + k, sorted.end());
    return sorted.at(k);
}

double EventLoopLag::maximum() const
{
    return m_count == 0 ? 0 : *std::max_element(m_lags.begin(), m_lags.begin() + m_count);
}
