#pragma once

#include "app/logsmodel.h"

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class OpsClient;
class QBarSeries;
class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

// Search what the service and the daemon logged: a query, a histogram per level over the
// range (click a bar to zoom into it), the matching lines and the whole JSON of one.
class LogsPage final : public QWidget {
    Q_OBJECT
public:
    explicit LogsPage(OpsClient *client, QWidget *parent = nullptr);

    void setQuery(const QString &query);
    void search();
    const LogsModel *model() const { return m_model; }
    QString errorText() const;
    // What is sent to the daemon: the query with the level and range filters.
    QString effectiveQuery() const;
    // Saved queries (name -> query), kept in the console's settings.
    QStringList savedQueryNames() const;
    void saveQuery(const QString &name, const QString &query);
    // The same source's lines around the selected one, in the detail pane.
    void showContext();
    QString detailText() const;
    QStringList highlightedTerms() const;
    QString summaryText() const;
    // The fleet's hosts (from the Fleet page); with more than one, a filter offers each.
    void setHosts(const QStringList &hosts);
    void setHostFilter(const QString &host); // empty: every host's lines
    QString hostFilter() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void loadHistogram(const QString &query);
    void tail();
    void zoomToBucket(int bucket);
    void fillSavedMenu();
    void updateSummary();

    OpsClient *m_client;
    LogsModel *m_model;
    QLineEdit *m_query;
    QComboBox *m_level, *m_range, *m_host;
    QPushButton *m_searchButton, *m_helpButton, *m_moreButton, *m_contextButton, *m_savedButton;
    QCheckBox *m_live;
    QLabel *m_error, *m_summary;
    QChartView *m_chartView;
    QChart *m_chart;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    class HighlightDelegate *m_highlight;
    QTimer m_tailTimer;
    qint64 m_zoomFrom = -1, m_zoomTo = -1;
    qint64 m_histFrom = 0;
    QJsonObject m_rate; // the last analysis' error_rate block
    double m_bucketMs = 0;
};
