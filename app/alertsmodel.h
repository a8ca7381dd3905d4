#pragma once

#include "server/protocol/alert.h"

#include <QAbstractTableModel>

// Alerts for the Alerts page: active ones by level (critical first) then age; updates from
// alert_update pushes are applied in place.
class AlertsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsModel)
public:
    // Host: which fleet host the alert is about (the page shows it when there are several).
    enum Column { Level, Title, State, Since, Age, AckedBy, Host, ColumnCount };
    enum Role { AlertIdRole = Qt::UserRole + 1, RawLevelRole, RawStateRole };

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
    // How many different hosts the listed alerts are about.
    int hostCount() const;
    // The most serious level among firing (unacknowledged) alerts; empty when none fires.
    QString worstUnacknowledgedLevel() const;
    qint64 lastSeq() const;
    void retranslate();

    // The Age column counts on: call every few seconds (the page's timer). nowMs for tests.
    void tick(qint64 nowMs = -1);
    static QString levelText(const QString &level);
    // The level's colour, the same everywhere (table, tray): "#b00020" for critical, …
    static QString levelColourName(const QString &level);
    // "3 min", "2 h 5 min", "4 d 3 h": how long, not a time of day.
    static QString durationText(qint64 ms);
    static QString stateText(const QString &state);

private:
    void sort();
    qint64 m_nowMs = -1; // -1: the wall clock
    QList<protocol::Alert> m_alerts;
};
