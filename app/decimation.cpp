#include "app/decimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QtGlobal>

namespace {

// [begin, end) of times/values onto the column grid of fromMs..toMs.
QList<QPointF> decimateRange(const QList<qint64> &times, const QList<double> &values, qsizetype begin, qsizetype end,
                             qint64 fromMs, qint64 toMs, int columns)
{
    QList<QPointF> out;
    if (end - begin <= 2 * qsizetype(columns)) {
        out.reserve(end - begin);
        for (qsizetype i = begin; i < end; ++i) {
            if (!std::isnan(values.at(i)))
                out.append(QPointF(double(times.at(i)), values.at(i)));
        }
        return out;
    }
    out.reserve(2 * columns);
    const double span = double(toMs - fromMs);
    qsizetype i = begin;
    for (int column = 0; column < columns && i < end; ++column) {
        const qint64 columnEnd = fromMs + qint64(span * double(column + 1) / double(columns));
        qsizetype minAt = -1, maxAt = -1;
        for (; i < end && (times.at(i) <= columnEnd || column == columns - 1); ++i) {
            const double v = values.at(i);
            if (std::isnan(v))
                continue;
            if (minAt < 0 || v < values.at(minAt))
                minAt = i;
            if (maxAt < 0 || v > values.at(maxAt))
                maxAt = i;
        }
        if (minAt < 0)
            continue;
        const qsizetype first = std::min(minAt, maxAt), second = std::max(minAt, maxAt);
        out.append(QPointF(double(times.at(first)), values.at(first)));
        if (second != first)
            out.append(QPointF(double(times.at(second)), values.at(second)));
    }
    return out;
}

} // namespace

QList<QPointF> decimateMinMax(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                              int columns)
{
    if (times.isEmpty() || values.size() != times.size() || toMs <= fromMs || columns <= 0)
        return {};
    const qsizetype begin = std::lower_bound(times.cbegin(), times.cend(), fromMs) - times.cbegin();
    const qsizetype end = std::upper_bound(times.cbegin(), times.cend(), toMs) - times.cbegin();
    return decimateRange(times, values, begin, end, fromMs, toMs, columns);
}

QList<QList<QPointF>> decimateSegments(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                                       int columns, qint64 intervalMs)
{
    QList<QList<QPointF>> out;
    if (times.isEmpty() || values.size() != times.size() || toMs <= fromMs || columns <= 0)
        return out;
    const qsizetype begin = std::lower_bound(times.cbegin(), times.cend(), fromMs) - times.cbegin();
    const qsizetype end = std::upper_bound(times.cbegin(), times.cend(), toMs) - times.cbegin();
    // A hole just before the window or just after it matters too: look one sample beyond.
    const qsizetype first = qMax<qsizetype>(0, begin - 1), last = qMin<qsizetype>(times.size(), end + 1);
    qsizetype segmentStart = begin;
    for (qsizetype i = first + 1; i < last; ++i) {
        const qint64 gap = times.at(i) - times.at(i - 1);
        // The cadence around the hole: the larger neighbouring spacing, so that minute
        // rollups followed by second samples are not a break.
        qint64 cadence = intervalMs;
        if (i >= 2)
            cadence = std::max(cadence, times.at(i - 1) - times.at(i - 2));
        if (i + 1 < times.size())
            cadence = std::max(cadence, times.at(i + 1) - times.at(i));
        if (gap <= 3 * cadence)
            continue;
        const qsizetype cut = qBound(begin, i, end); // the segment ends before sample i
        if (cut > segmentStart) {
            QList<QPointF> part = decimateRange(times, values, segmentStart, cut, fromMs, toMs, columns);
            if (!part.isEmpty())
                out.append(part);
        }
        segmentStart = qMax(segmentStart, cut);
    }
    if (end > segmentStart) {
        QList<QPointF> part = decimateRange(times, values, segmentStart, end, fromMs, toMs, columns);
        if (!part.isEmpty())
            out.append(part);
    }
    return out;
}
