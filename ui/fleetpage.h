#pragma once

#include <QWidget>

class OpsClient;
class FleetModel;
class ServerWatcher;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

// Fleet: every host on the daemon's store, the worst first: down hosts in red with how long,
// the leader marked, CPU, memory, disk and running tasks with their last minutes as
// sparklines, open alerts by level. Polled every two seconds while connected (the daemon
// answers from its last heartbeat, without a query). Other servers (independent daemons the
// operator saved and chose to watch) add their hosts through their own connections.
class FleetPage final : public QWidget {
    Q_OBJECT
public:
    explicit FleetPage(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    FleetModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString summaryText() const;
    ServerWatcher *watcher() const { return m_watcher; }

Q_SIGNALS:
    // After each answer: how many hosts the fleet has (the window lists this page first
    // when there is more than one) and how many are down.
    void hostsChanged(int hosts, int down);
    // A row was opened (double-click, Enter, or the button): show that host on Dashboard and Health.
    void hostChosen(const QString &host);
    // A row of another server was opened: connect the window to that server.
    void serverChosen(const QString &server);
    // "Other servers…": which saved servers the page watches.
    void manageServersRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateSummary();
    OpsClient *m_client;
    FleetModel *m_model;
    QLabel *m_title, *m_summary, *m_hint;
    QPushButton *m_show, *m_servers;
    ServerWatcher *m_watcher;
    QTableView *m_table;
    QTimer *m_poll;
    QString m_error;
    bool m_pending = false;
};
