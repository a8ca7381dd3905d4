#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class OpsClient;
class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;
class HealthTile;
class QChart;
class QChartView;

// Health: a tile per check (status, latency sparkline, details), the history of changes, and
// the performance monitor per endpoint; Run checks now and Run diagnosis.
class HealthPage final : public QWidget {
    Q_OBJECT
public:
    explicit HealthPage(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    // Which host's report the page shows: empty (or the daemon's own name) for the daemon's own;
    // another host's last report comes from the store and is "not known" once that host is down.
    void setHost(const QString &host);
    QString host() const { return m_host; }
    void reloadPerformance();
    void runChecks();
    void openDiagnosis();
    QString overallText() const;
    // What a check's tile says of its state (tests).
    QString tileStateText(const QString &check) const;
    int tileCount() const { return int(m_tiles.size()); }
    QTableWidget *changes() const { return m_changes; }
    QTableWidget *endpoints() const { return m_endpoints; }
    int chartedEndpoints() const;
    // How a check's state reads ("Unhealthy — timed out"), for tiles and tests.
    static QString stateText(const QJsonObject &check);
    static QString reasonText(const QString &messageKey);
    static QString checkTitle(const QString &name);

Q_SIGNALS:
    // From diagnosis evidence: show this series over this range, or the logs of it.
    void showMetric(const QString &series, qint64 fromMs, qint64 toMs);
    void showLogs(const QString &query, qint64 fromMs, qint64 toMs);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void applyReport(const QJsonObject &report);
    void applyHistory(const QJsonArray &rows);
    void applyPerformance(const QJsonObject &snapshot);
    QJsonObject historyRequest() const;
    OpsClient *m_client;
    QString m_host; // empty: the daemon's own
    QJsonObject m_report, m_performance;
    QJsonArray m_history;
    QLabel *m_overall, *m_status, *m_changesLabel, *m_endpointsLabel;
    QPushButton *m_run, *m_diagnose, *m_refresh;
    QGridLayout *m_grid;
    QHash<QString, HealthTile *> m_tiles;
    QTableWidget *m_changes, *m_endpoints;
    QChart *m_chart;
    QChartView *m_chartView;
};
