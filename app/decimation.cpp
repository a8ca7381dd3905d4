#include "app/decimation.h"

#include <algorithm>
#include <cmath>

QList<QPointF> decimateMinMax(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                              int columns)
{
    QList<QPointF> out;
    if (times.isEmpty() || values.size() != times.size() || toMs <= fromMs || columns <= 0)
        return out;
    const qsizetype begin = std::lower_bound(times.cbegin(), times.cend(), fromMs) - times.cbegin();
    const qsizetype end = std::upper_bound(times.cbegin(), times.cend(), toMs) - times.cbegin();
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
