#include "app/currentmetricsmodel.h"

#include "app/formatting.h"

#include <QCoreApplication>

const QList<CurrentMetricsModel::Row> &CurrentMetricsModel::dashboardRows()
{
    static const QList<Row> rows = {
        {QStringLiteral("cpu_percent"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "CPU"), Unit::Percent},
        {QStringLiteral("memory.percent"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Memory"), Unit::Percent},
        {QStringLiteral("disk.percent"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Disk (/)"), Unit::Percent},
        {QStringLiteral("network.recv_bytes_per_sec"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Network received"), Unit::BytesPerSecond},
        {QStringLiteral("network.sent_bytes_per_sec"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Network sent"), Unit::BytesPerSecond},
        {QStringLiteral("tasks.running_tasks"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Running tasks"), Unit::Count},
        {QStringLiteral("tasks.completed_today"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Completed today"), Unit::Count},
        {QStringLiteral("tasks.success_rate"), QT_TRANSLATE_NOOP("CurrentMetricsModel", "Success rate"), Unit::Percent},
    };
    return rows;
}

CurrentMetricsModel::CurrentMetricsModel(QObject *parent)
    : QAbstractTableModel(parent), m_stats(dashboardRows().size())
{
}

int CurrentMetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(dashboardRows().size());
}

int CurrentMetricsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CurrentMetricsModel::format(Unit unit, double value)
{
    switch (unit) {
    case Unit::Percent: return formatting::percent(value);
    case Unit::BytesPerSecond: return formatting::bytesPerSecond(value);
    case Unit::Count: return formatting::count(value);
    }
    return {};
}

QVariant CurrentMetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = dashboardRows().at(index.row());
    const MetricsBuffer::Stats &s = m_stats.at(index.row());
    auto value = [&]() -> double {
        switch (index.column()) {
        case Current: return s.current;
        case Minimum: return s.min;
        case Maximum: return s.max;
        case Average: return s.average;
        default: return qQNaN();
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Metric)
            return QCoreApplication::translate("CurrentMetricsModel", row.label);
        return format(row.unit, value());
    case Qt::TextAlignmentRole:
        return index.column() == Metric ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                                        : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case SeriesKeyRole:
        return row.seriesKey;
    case RawValueRole:
        return index.column() == Metric ? QVariant() : QVariant(value());
    default:
        return {};
    }
}

QVariant CurrentMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Metric: return QCoreApplication::translate("CurrentMetricsModel", "Metric");
    case Current: return QCoreApplication::translate("CurrentMetricsModel", "Current");
    case Minimum: return QCoreApplication::translate("CurrentMetricsModel", "Minimum");
    case Maximum: return QCoreApplication::translate("CurrentMetricsModel", "Maximum");
    case Average: return QCoreApplication::translate("CurrentMetricsModel", "Average");
    default: return {};
    }
}

void CurrentMetricsModel::refresh(const MetricsBuffer &buffer, qint64 fromMs, qint64 toMs)
{
    const auto &rows = dashboardRows();
    for (qsizetype i = 0; i < rows.size(); ++i)
        m_stats[i] = buffer.stats(rows.at(i).seriesKey, fromMs, toMs);
    Q_EMIT dataChanged(index(0, Current), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole, RawValueRole});
}

void CurrentMetricsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}
