#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

// The hosts of the fleet for the Fleet page, from fleet.hosts answers: the worst host first
// (down, then by its most serious open alert, then by its busiest resource), each with the
// last minutes of its CPU, memory and disk for sparklines.
class FleetModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetModel)
public:
    enum Column { Host, State, Cpu, Memory, Disk, Tasks, Alerts, LastSeen, Version, ColumnCount };
    // ColourRole: the text's colour name where it says something is wrong (no QtGui here).
    // HistoryRole: QList<double>, oldest first.
    enum Role { HostRole = Qt::UserRole + 1, UpRole, LeaderRole, HistoryRole, SeverityRole, ColourRole };
    static constexpr int HistoryLength = 90;

    explicit FleetModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One fleet.hosts answer; nowMs: when it arrived (ages and "down since").
    void apply(const QJsonObject &answer, qint64 nowMs);
    void retranslate();

    int hostCount() const { return int(m_rows.size()); }
    int downCount() const;
    QString leader() const { return m_leader; }
    qint64 term() const { return m_term; }
    QString self() const { return m_self; }
    // The daemon's own heartbeat failed: the list is as of its last good one (English, the driver's words).
    QString storeError() const { return m_storeError; }
    qint64 asOfMs() const { return m_nowMs; }
    QStringList hosts() const; // in the order shown
    bool contains(const QString &host) const;
    // When a down host was last seen; -1 when it is up or not listed.
    qint64 downSinceMs(const QString &host) const;

private:
    struct Row {
        QString host, role, version;
        bool up = true, leader = false, self = false;
        qint64 lastSeenMs = 0;
        double cpu = -1, memory = -1, disk = -1, tasks = -1;
        QJsonObject openAlerts;
        int severity = 0; // 4 critical … 1 info, 0 none
    };
    struct History {
        QList<double> cpu, memory, disk, tasks;
        QString sampledAt;
    };
    QString alertsText(const Row &row) const;
    QList<Row> m_rows;
    QHash<QString, History> m_history;
    QString m_leader, m_self, m_storeError;
    qint64 m_term = 0;
    qint64 m_nowMs = 0;
};
