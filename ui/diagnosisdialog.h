#pragma once

#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>

class OpsClient;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

// Run diagnosis: the ranked findings in the operator's language (from each finding's message
// key and parameters), a detail with explanation, probable cause, suggested action and
// evidence; an evidence item opens the Dashboard or the Logs at its time; export as Markdown,
// HTML or JSON.
class DiagnosisDialog final : public QDialog {
    Q_OBJECT
public:
    explicit DiagnosisDialog(OpsClient *client, QWidget *parent = nullptr);
    void run();
    // Writes the daemon's report in this format (markdown, html, json) to a file; empty path asks.
    void exportTo(const QString &format, const QString &path = {});
    int findingCount() const;
    QString detailText() const;
    QString statusText() const;
    void selectFinding(int index);

    struct Text {
        QString title, explanation, cause, action;
    };
    // A finding in the operator's language; falls back to the daemon's English.
    static Text describe(const QJsonObject &finding);

Q_SIGNALS:
    void showMetric(const QString &series, qint64 fromMs, qint64 toMs);
    void showLogs(const QString &query, qint64 fromMs, qint64 toMs);

private:
    void fill();
    void showSelected();
    OpsClient *m_client;
    QJsonArray m_findings;
    QLabel *m_status;
    QTreeWidget *m_list;
    QPlainTextEdit *m_detail;
    QPushButton *m_open, *m_markdown, *m_html, *m_json, *m_rerun;
};
