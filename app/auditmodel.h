#pragma once

#include "server/protocol/audit.h"

#include <QAbstractTableModel>
#include <QHash>

// Audit rows for the Audit page: newest first, as the daemon or the offline cache gives them.
class AuditModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)
public:
    enum Column { Time, User, Action, Resource, Address, Seq, ColumnCount };
    enum Role { SeqRole = Qt::UserRole + 1, JsonRole };

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRows(const QList<protocol::AuditEntry> &rows);
    void appendRows(const QList<protocol::AuditEntry> &rows); // the next page
    const QList<protocol::AuditEntry> &rows() const { return m_rows; }
    // User names the daemon sent beside the ids (audit.query's "username"): shown instead of
    // the id, which stays in the tooltip and the exports.
    void addUserNames(const QHash<QString, QString> &names);
    void retranslate();

    // Exports exactly what is listed. CSV: RFC 4180 quoting, the ticket's field names as header.
    QByteArray toCsv() const;
    QByteArray toJson() const;

private:
    QList<protocol::AuditEntry> m_rows;
    QHash<QString, QString> m_names;
};
