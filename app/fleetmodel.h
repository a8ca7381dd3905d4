#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

// The hosts of the fleet for the Fleet page, from fleet.hosts answers: the worst host first
// (down, then by its most serious open alert, then by its busiest resource), each with the
// last minutes of its CPU, memory and disk for sparklines. Beside the daemon the console is
// connected to, other servers (independent daemons, each with its own store and connection)
// add their hosts; a server that cannot be reached shows as one row that says so, in red.
class FleetModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetModel)
public:
    enum Column { Host, State, Cpu, Memory, Disk, Tasks, Alerts, LastSeen, Version, Server, ColumnCount };
    // ColourRole: the text's colour name where it says something is wrong (no QtGui here).
    // HistoryRole: QList<double>, oldest first.
    // ServerRole: the other server a row belongs to (empty: the connected daemon's).
    enum Role { HostRole = Qt::UserRole + 1, UpRole, LeaderRole, HistoryRole, SeverityRole, ColourRole, ServerRole };
    static constexpr int HistoryLength = 90;

    explicit FleetModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One fleet.hosts answer of the connected daemon; nowMs: when it arrived (ages and "down since").
    void apply(const QJsonObject &answer, qint64 nowMs);
    // The same from another server (its name: the saved profile's).
    void applyServer(const QString &server, const QJsonObject &answer, qint64 nowMs);
    // Another server did not answer (why: the console's words, translated); its hosts show as
    // not reachable, with their last figures.
    void setServerUnreachable(const QString &server, const QString &why, qint64 nowMs);
    void removeServer(const QString &server);
    QStringList servers() const { return m_servers.keys(); }
    // The connected daemon's name as the Server column shows it.
    void setConnectedName(const QString &name);
    void retranslate();

    int hostCount() const { return int(m_rows.size()); } // every server's
    int downCount() const;        // hosts a fleet reports down
    int unreachableCount() const; // other servers the console cannot reach
    QString leader() const { return m_leader; }
    qint64 term() const { return m_term; }
    QString self() const { return m_self; }
    // The daemon's own heartbeat failed: the list is as of its last good one (English, the driver's words).
    QString storeError() const { return m_storeError; }
    qint64 asOfMs() const { return m_nowMs; }
    // The connected daemon's hosts, in the order shown (other servers' are theirs to answer for).
    QStringList hosts() const;
    bool contains(const QString &host) const;
    // When a down host of the connected daemon was last seen; -1 when it is up or not listed.
    qint64 downSinceMs(const QString &host) const;

private:
    struct Row {
        QString server; // empty: the connected daemon's
        QString host, role, version;
        bool up = true, leader = false, self = false;
        QString unreachable; // the server did not answer: why
        qint64 clockMs = 0;  // "now" of the answer it came in (its store's clock)
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
    static QString keyOf(const Row &row) { return row.server + u'\x1f' + row.host; }
    QList<Row> rowsOf(const QString &server, const QJsonObject &answer, qint64 nowMs);
    void rebuild();
    struct ServerState {
        QJsonObject answer;
        qint64 answeredMs = 0;
        QList<Row> rows;
        QString unreachable;
        qint64 sinceMs = 0; // unreachable since
    };
    QHash<QString, ServerState> m_servers;
    QList<Row> m_main; // the connected daemon's, sorted
    QString m_connectedName;
    QList<Row> m_rows;
    QHash<QString, History> m_history;
    QString m_leader, m_self, m_storeError;
    qint64 m_term = 0;
    qint64 m_nowMs = 0;
};
