#pragma once

#include "app/alertsmodel.h"

#include <QWidget>

class OpsClient;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

// Active alerts by level and age, or the history; the timeline of one; acknowledge and
// resolve (operators). Alert text from the daemon is always shown as plain text.
class AlertsPage final : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPage(OpsClient *client, QWidget *parent = nullptr);

    AlertsModel *model() const { return m_model; }
    void reload();
    // Acknowledges the selected alert with a comment (the dialog asks when comment is null).
    void acknowledgeSelected(const QString &comment = {});
    void resolveSelected(const QString &comment = {});
    QString statusText() const;
    void selectAlert(const QString &id);

Q_SIGNALS:
    void unacknowledgedChanged(int count);
    void alertRaised(const protocol::Alert &alert); // a new error or critical alert

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showDetail();
    QString selectedId() const;
    void change(const QString &type, const QString &comment);

    OpsClient *m_client;
    AlertsModel *m_model;
    QCheckBox *m_history;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QPushButton *m_ack, *m_resolve, *m_refresh;
    QLabel *m_status;
    QString m_noAlertsText;
    bool m_loaded = false;
};
