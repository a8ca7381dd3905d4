#pragma once

#include "server/protocol/alert.h"

#include <QAbstractTableModel>

// Alerts for the Alerts page: active ones by level (critical first) then age; updates from
// alert_update pushes are applied in place.
class AlertsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsModel)
public:
    enum Column { Level, Title, State, Since, AckedBy, ColumnCount };
    enum Role { AlertIdRole = Qt::UserRole + 1, RawLevelRole };

    explicit AlertsModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setAlerts(const QList<protocol::Alert> &alerts);
    // One batch of changes: known ids are updated, new ones added; with activeOnly, resolved
    // ones leave the list.
    void apply(const QList<protocol::Alert> &changes, bool activeOnly);
    const QList<protocol::Alert> &alerts() const { return m_alerts; }
    int unacknowledged() const;
    qint64 lastSeq() const;
    void retranslate();

    static QString levelText(const QString &level);
    static QString stateText(const QString &state);

private:
    void sort();
    QList<protocol::Alert> m_alerts;
};
