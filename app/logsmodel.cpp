#include "app/logsmodel.h"

#include "app/formatting.h"
#include "server/protocol/protocol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>

LogsModel::LogsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int LogsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows.at(index.row());
    const QString level = row.value(u"level"_qs).toString();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return formatting::dateTime(protocol::parseIsoTimestamp(row.value(u"timestamp"_qs).toString()));
        case Level: return level;
        case Logger: return row.value(u"logger"_qs).toString();
        case Message: return row.value(u"message"_qs).toString().left(1000).replace(u'\n', u' ');
        case Source: return row.value(u"source"_qs).toString();
        case Host: return row.value(u"host"_qs).toString();
        default: return {};
        }
    case IdRole: return row.value(u"id"_qs).toDouble();
    case LevelRole: return level;
    case JsonRole: return QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Indented));
    default: return {};
    }
}

QVariant LogsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return QCoreApplication::translate("LogsModel", "Time");
    case Level: return QCoreApplication::translate("LogsModel", "Level");
    case Logger: return QCoreApplication::translate("LogsModel", "Logger");
    case Message: return QCoreApplication::translate("LogsModel", "Message");
    case Source: return QCoreApplication::translate("LogsModel", "Source");
    case Host: return QCoreApplication::translate("LogsModel", "Host");
    default: return {};
    }
}

int LogsModel::hostCount() const
{
    QSet<QString> hosts;
    for (const QJsonObject &row : m_rows) {
        hosts.insert(row.value(u"host"_qs).toString());
        if (hosts.size() > 1)
            return 2; // "several" is all the page asks
    }
    return int(hosts.size());
}

void LogsModel::setRows(const QJsonArray &rows)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &v : rows)
        m_rows.append(v.toObject());
    endResetModel();
}

void LogsModel::appendRows(const QJsonArray &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    for (const QJsonValue &v : rows)
        m_rows.append(v.toObject());
    endInsertRows();
}

void LogsModel::prependRows(const QJsonArray &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, 0, int(rows.size() - 1));
    for (qsizetype i = rows.size() - 1; i >= 0; --i)
        m_rows.prepend(rows.at(i).toObject());
    endInsertRows();
    // A live tail keeps the newest 5,000 lines.
    if (m_rows.size() > 5000) {
        beginRemoveRows({}, 5000, int(m_rows.size() - 1));
        m_rows.resize(5000);
        endRemoveRows();
    }
}

qint64 LogsModel::newestId() const
{
    return m_rows.isEmpty() ? 0 : qint64(m_rows.first().value(u"id"_qs).toDouble());
}

qint64 LogsModel::oldestId() const
{
    return m_rows.isEmpty() ? 0 : qint64(m_rows.last().value(u"id"_qs).toDouble());
}

void LogsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}
