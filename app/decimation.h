#pragma once

#include <QList>
#include <QPointF>

// Reduces a series to what `columns` pixel columns can show: the minimum and the maximum of
// each column, in time order, so spikes survive. QtCharts takes tens of milliseconds to take
// a day of raw points; a decimated series costs well under one. NaN values (holes) are
// skipped. x is milliseconds since the epoch, as QDateTimeAxis wants.
QList<QPointF> decimateMinMax(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                              int columns);
