#include "app/auditmodel.h"

#include "app/formatting.h"
#include "server/protocol/protocol.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::AuditEntry &e = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time: return formatting::dateTime(e.timestampMs);
        case User: return e.userId.isEmpty() ? QCoreApplication::translate("AuditModel", "(anonymous)") : m_names.value(e.userId, e.userId);
        case Action: return e.action;
        case Resource: return e.resourceId.isEmpty() ? e.resourceType : e.resourceType + u':' + e.resourceId;
        case Address: return e.ipAddress;
        case Seq: return QLocale().toString(e.seq);
        default: return {};
        }
    }
    if (role == SeqRole)
        return e.seq;
    if (role == JsonRole)
        return QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Indented));
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return QCoreApplication::translate("AuditModel", "Time");
    case User: return QCoreApplication::translate("AuditModel", "User");
    case Action: return QCoreApplication::translate("AuditModel", "Action");
    case Resource: return QCoreApplication::translate("AuditModel", "Resource");
    case Address: return QCoreApplication::translate("AuditModel", "Address");
    case Seq: return QCoreApplication::translate("AuditModel", "No.");
    default: return {};
    }
}

void AuditModel::setRows(const QList<protocol::AuditEntry> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void AuditModel::appendRows(const QList<protocol::AuditEntry> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    m_rows += rows;
    endInsertRows();
}

void AuditModel::addUserNames(const QHash<QString, QString> &names)
{
    bool changed = false;
    for (auto it = names.constBegin(); it != names.constEnd(); ++it) {
        if (m_names.value(it.key()) != it.value()) {
            m_names.insert(it.key(), it.value());
            changed = true;
        }
    }
    if (changed && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, User), index(rowCount() - 1, User), {Qt::DisplayRole});
}

void AuditModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

QByteArray AuditModel::toCsv() const
{
    auto field = [](const QString &v) -> QByteArray { // not auto: a QStringBuilder would dangle
        QString out = v;
        out.replace(u'"', QStringLiteral("\"\""));
        return QByteArray("\"") + out.toUtf8() + '"';
    };
    QByteArray csv = "id,seq,user_id,action,resource_type,resource_id,details,ip_address,user_agent,timestamp\r\n";
    for (const protocol::AuditEntry &e : m_rows) {
        const QList<QByteArray> cells{field(e.id), QByteArray::number(e.seq), field(e.userId), field(e.action),
                                      field(e.resourceType), field(e.resourceId),
                                      field(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))),
                                      field(e.ipAddress), field(e.userAgent), field(protocol::isoTimestamp(e.timestampMs))};
        csv += cells.join(',') + "\r\n";
    }
    return csv;
}

QByteArray AuditModel::toJson() const
{
    QJsonArray rows;
    for (const protocol::AuditEntry &e : m_rows)
        rows.append(e.toJson());
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}
