#pragma once

#include "app/alertsmodel.h"

#include <QSet>
#include <QWidget>

class NotificationsView;
class OpsClient;
class RulesView;
class SilencesView;
class QCheckBox;
class QComboBox;
class QTabWidget;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

// Active alerts by level and age, or the history; the timeline of one; acknowledge (one or
// many), resolve and silence (operators); tabs for silences, rules and who is notified when.
// Alert text from the daemon is always shown as plain text.
class AlertsPage final : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPage(OpsClient *client, QWidget *parent = nullptr);

    AlertsModel *model() const { return m_model; }
    void reload();
    // Acknowledges the selected alerts (all that still fire) with one comment (the dialog asks
    // when comment is null).
    void acknowledgeSelected(const QString &comment = {});
    void selectAll();
    // The Silence dialog, prefilled with the selected alert's rule.
    void silenceSelected();
    enum Tab { AlertsTab, SilencesTab, RulesTab, NotificationsTab };
    void showTab(Tab tab);
    SilencesView *silencesView() const { return m_silences; }
    RulesView *rulesView() const { return m_rules; }
    NotificationsView *notificationsView() const { return m_notifications; }
    void resolveSelected(const QString &comment = {});
    QString statusText() const;
    void selectAlert(const QString &id);
    // The alert of the current row (empty when none is).
    QString selectedId() const;
    // The fleet's hosts (from the Fleet page); with more than one, a filter offers each.
    void setHosts(const QStringList &hosts);
    // Lists only this host's alerts (empty: every host's).
    void setHostFilter(const QString &host);
    QString hostFilter() const;

Q_SIGNALS:
    void unacknowledgedChanged(int count);
    void alertRaised(const protocol::Alert &alert); // a new error or critical alert

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showDetail();
    static QString eventText(const QString &kind);
    bool selectIfShown(const QString &id);
    QString m_pendingSelection;
    QStringList selectedIds() const;
    void change(const QString &type, const QString &comment);

    OpsClient *m_client;
    AlertsModel *m_model;
    QCheckBox *m_history;
    QLabel *m_hostLabel;
    QComboBox *m_hostFilter;
    QSet<QString> m_announced; // alerts of hosts filtered out that were announced already
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QCheckBox *m_rawDetails;
    QPushButton *m_ack, *m_resolve, *m_silence, *m_refresh;
    QTabWidget *m_tabs;
    SilencesView *m_silences;
    RulesView *m_rules;
    NotificationsView *m_notifications;
    QLabel *m_status;
    QString m_noAlertsText;
    bool m_loaded = false;
};
