#pragma once

#include "app/currentmetricsmodel.h"
#include "app/metricsbuffer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class OpsClient;
class MetricChart;
class MetricTile;
class QButtonGroup;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

// Live charts and tiles of the host and the task queue, over a chosen time range.
class DashboardPage final : public QWidget {
    Q_OBJECT
public:
    enum class Range { Live5Min, Hour, Day, Week };
    Q_ENUM(Range)

    explicit DashboardPage(OpsClient *client, QWidget *parent = nullptr);

    void setRange(Range range);
    Range range() const { return m_range; }
    // A fixed window (zoom, pan, the range dialog): the charts stop following new samples
    // until goLive(). Clamped to [8 days ago, now] and to at least 10 seconds.
    void setWindow(qint64 fromMs, qint64 toMs);
    void goLive();
    bool isLive() const { return m_live; }
    qint64 windowFrom() const;
    qint64 windowTo() const;
    // The "Custom range" dialog (from/to pickers), opened without blocking.
    void openRangeDialog();
    // The crosshair shared by every chart (ms < 0 hides it).
    void setCrosshair(qint64 ms);
    // Standing alone, the page shows its own out-of-date banner; in the main window the
    // window's bar does.
    void setStaleBannerEnabled(bool on) { m_staleBannerEnabled = on; }
    MetricChart *chart(const QString &lineKey) const;
    static qint64 rangeMs(Range range);
    // History step for a range: about 2,000 points or fewer per series.
    static int rangeStepSeconds(Range range);

    // Which host of the fleet the page shows: empty (or the daemon's own name) for the daemon's
    // own host; another host's figures come from the store and its live samples are relayed
    // (OpsClient::watchHost). Changing it starts the charts afresh.
    void setHost(const QString &host);
    QString host() const { return m_host; }
    // Another host's heartbeat state, from the fleet list: `downSinceMs` < 0 while it is up.
    void setHostDown(qint64 downSinceMs);
    QString hostText() const;

    MetricsBuffer &buffer() { return m_buffer; }
    const CurrentMetricsModel *figures() const { return m_figures; }
    MetricTile *tile(const QString &key) const;
    QList<MetricChart *> charts() const { return m_charts; }
    // A live sample: buffered, drawn on the next event-loop pass (several coalesce into one).
    void ingest(const protocol::MetricsSample &sample);
    // Brings tiles, figures and (when their picture can change) charts up to date with the
    // buffer, for the range ending now (or at the newest sample).
    void refresh();
    // The buffer was changed from outside (tests, benchmarks): redraw the charts too.
    void markChartsDirty() { m_chartsDirty = true; }
    qint64 lastRefreshMicros() const { return m_lastRefreshMicros; }
    QString serviceText() const;
    QString backupText() const;

Q_SIGNALS:
    void rangeChanged(DashboardPage::Range range);
    // "Back to this daemon's host" was clicked.
    void ownHostRequested();
    void windowChanged(bool live);
    // A marker was clicked: {kind: alert, id} | {kind: backup, name} | {kind: start}.
    void markerActivated(const QVariantMap &marker);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void requestHistory();
    void retranslateUi();
    void updateTiles();
    void rebuildDiskAndCpuLines();
    void setStale(bool stale);
    void requestRules();
    void requestAlerts();
    void rebuildThresholds();
    void rebuildMarkers();
    void updateWindowLabel();
    void updateHostLine();
    QString effectiveHost() const;

    OpsClient *m_client;
    QString m_host;             // empty: the daemon's own
    qint64 m_hostDownSince = -1;
    QLabel *m_hostLine;
    QPushButton *m_ownHostButton;
    MetricsBuffer m_buffer;
    Range m_range = Range::Live5Min;
    bool m_live = true;
    qint64 m_viewFrom = 0, m_viewTo = 0;
    quint64 m_historyGeneration = 0;
    QTimer *m_historyTimer;
    qint64 m_hoverMs = -1;
    qint64 m_daemonStart = -1;
    bool m_staleBannerEnabled = true;
    QJsonArray m_rules;
    QHash<QString, QJsonObject> m_alertEvents; // alert id -> its latest JSON
    QJsonArray m_backupList;
    QPushButton *m_customButton;
    QPushButton *m_liveButton;
    QLabel *m_windowLabel;
    CurrentMetricsModel *m_figures;
    QLabel *m_staleBanner;
    QLabel *m_demoBadge;
    QLabel *m_rangeLabel;
    QLabel *m_serviceLine; // the ticket's PerformanceMonitor, from each sample
    QLabel *m_backupLine;  // last backup and last proven restorable
    QJsonObject m_backupSummary;
    void requestBackupSummary();
    void updateBackupLine();
    QButtonGroup *m_rangeButtons;
    QCheckBox *m_perCore;
    QHash<QString, MetricTile *> m_tiles;
    MetricChart *m_cpuChart, *m_memoryChart, *m_diskChart, *m_networkChart, *m_tasksChart, *m_successChart, *m_loadChart,
        *m_diskIoChart;
    QList<MetricChart *> m_charts;
    QTableView *m_table;
    QStringList m_mounts;
    int m_cores = 0;
    bool m_refreshQueued = false;
    bool m_chartsDirty = true;
    qint64 m_drawnColumn = -1;
    qint64 m_lastRefreshMicros = 0;
};
