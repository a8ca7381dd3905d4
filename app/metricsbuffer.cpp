#include "app/metricsbuffer.h"

#include <algorithm>
#include <cmath>

MetricsBuffer::MetricsBuffer(qint64 maxAgeMs)
    : m_maxAgeMs(maxAgeMs)
{
}

void MetricsBuffer::clear()
{
    m_times.clear();
    m_values.clear();
    m_latest.reset();
}

qsizetype MetricsBuffer::lowerBound(qint64 ms) const
{
    return std::lower_bound(m_times.cbegin(), m_times.cend(), ms) - m_times.cbegin();
}

const QList<double> *MetricsBuffer::series(const QString &name) const
{
    const auto it = m_values.constFind(name);
    return it == m_values.constEnd() ? nullptr : &*it;
}

void MetricsBuffer::add(const protocol::MetricsSample &sample)
{
    const qint64 ts = sample.timestampMs;
    const qsizetype index = m_times.isEmpty() || ts > m_times.last() ? m_times.size() : lowerBound(ts);
    const bool replace = index < m_times.size() && m_times.at(index) == ts;
    insertAt(index, ts, protocol::seriesOf(sample), replace);
    if (!m_latest || ts >= m_latest->timestampMs)
        m_latest = sample;
    dropOlderThan(m_times.last() - m_maxAgeMs);
}

void MetricsBuffer::add(const QList<protocol::MetricsSample> &samples)
{
    for (const protocol::MetricsSample &s : samples)
        add(s);
}

void MetricsBuffer::insertAt(qsizetype index, qint64 timestampMs, const QList<std::pair<QString, double>> &values, bool replace)
{
    const qsizetype oldSize = m_times.size();
    if (!replace)
        m_times.insert(index, timestampMs);
    for (const auto &[name, value] : values) {
        auto it = m_values.find(name);
        if (it == m_values.end()) {
            it = m_values.insert(name, QList<double>(oldSize, qQNaN()));
            if (replace)
                (*it)[index] = value;
            else
                it->insert(index, value);
            continue;
        }
        if (replace)
            (*it)[index] = value;
        else
            it->insert(index, value);
    }
    if (replace)
        return;
    // Series this sample does not have get a hole at its time.
    for (auto it = m_values.begin(); it != m_values.end(); ++it) {
        if (it->size() == oldSize)
            it->insert(index, qQNaN());
    }
}

void MetricsBuffer::dropOlderThan(qint64 ms)
{
    // In batches: removing from the front moves every column, so not once per sample.
    const qsizetype n = lowerBound(ms);
    if (n < 512 && n < m_times.size() / 16 + 1)
        return;
    m_times.remove(0, n);
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        it->remove(0, n);
}

MetricsBuffer::Stats MetricsBuffer::stats(const QString &name, qint64 fromMs, qint64 toMs) const
{
    Stats s;
    const QList<double> *values = series(name);
    if (!values)
        return s;
    double sum = 0;
    const qsizetype end = std::upper_bound(m_times.cbegin(), m_times.cend(), toMs) - m_times.cbegin();
    for (qsizetype i = lowerBound(fromMs); i < end; ++i) {
        const double v = values->at(i);
        if (std::isnan(v))
            continue;
        if (s.count == 0 || v < s.min)
            s.min = v;
        if (s.count == 0 || v > s.max)
            s.max = v;
        sum += v;
        ++s.count;
        s.current = v;
    }
    if (s.count)
        s.average = sum / double(s.count);
    return s;
}
