#pragma once

#include <QList>
#include <QPointF>

// Reduces a series to what `columns` pixel columns can show: the minimum and the maximum of
// each column, in time order, so spikes survive. QtCharts takes tens of milliseconds to take
// a day of raw points; a decimated series costs well under one. NaN values (holes) are
// skipped. x is milliseconds since the epoch, as QDateTimeAxis wants.
QList<QPointF> decimateMinMax(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                              int columns);

// The same, cut where the data has a hole: a break between two samples further apart than
// three times the cadence around them (the larger neighbouring spacing, at least
// `intervalMs`), so that a daemon that was stopped, hung or unreachable shows as a gap, not
// as a straight line across it. Rollups (a minute apart) next to raw samples are no break.
// Each segment is decimated on the same column grid.
QList<QList<QPointF>> decimateSegments(const QList<qint64> &times, const QList<double> &values, qint64 fromMs, qint64 toMs,
                                       int columns, qint64 intervalMs);
