#pragma once

#include "app/metricsbuffer.h"

#include <QAbstractTableModel>

// The dashboard's figures table: per series its current value and the minimum, maximum and
// average over the range on screen.
class CurrentMetricsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CurrentMetricsModel)
public:
    enum Column { Metric, Current, Minimum, Maximum, Average, ColumnCount };
    enum Role { SeriesKeyRole = Qt::UserRole + 1, RawValueRole };
    enum class Unit { Percent, BytesPerSecond, Count };

    struct Row {
        QString seriesKey;
        const char *label; // translated at display time (context "CurrentMetricsModel")
        Unit unit;
    };
    // The series the dashboard shows, in order.
    static const QList<Row> &dashboardRows();

    explicit CurrentMetricsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Recomputes from the buffer for [fromMs, toMs]; one dataChanged for the value columns.
    void refresh(const MetricsBuffer &buffer, qint64 fromMs, qint64 toMs);
    // After a language switch: labels, headers and number formats change.
    void retranslate();

    static QString format(Unit unit, double value);

private:
    QList<MetricsBuffer::Stats> m_stats;
};
