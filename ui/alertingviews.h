#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class OpsClient;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

// Active silences; end one early (operators).
class SilencesView final : public QWidget {
    Q_OBJECT
public:
    explicit SilencesView(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    // Opens the Silence dialog prefilled with these matchers and creates the silence.
    void createSilence(const QStringList &matchers);
    QTableWidget *table() const { return m_table; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fill();
    OpsClient *m_client;
    QJsonArray m_silences;
    QTableWidget *m_table;
    QPushButton *m_create, *m_expire;
    QLabel *m_status;
};

// Rules in force (config and API); admins add, change, disable or remove API rules.
class RulesView final : public QWidget {
    Q_OBJECT
public:
    explicit RulesView(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    QTableWidget *table() const { return m_table; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fill();
    void edit(const QJsonObject &rule);
    OpsClient *m_client;
    QJsonArray m_rules;
    QStringList m_series;
    QTableWidget *m_table;
    QPushButton *m_add, *m_edit, *m_remove;
    QLabel *m_status;
};

// Who hears about an alert and when: channel health, routes per level, the escalation preview
// ("T+0 Slack, T+15 min email, level raised") and maintenance windows.
class NotificationsView final : public QWidget {
    Q_OBJECT
public:
    explicit NotificationsView(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    QString previewText() const;
    QTableWidget *channels() const { return m_channels; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fill();
    OpsClient *m_client;
    QJsonObject m_status;
    QTableWidget *m_channels;
    QPlainTextEdit *m_preview;
    QPushButton *m_refresh;
    QLabel *m_channelsLabel, *m_previewLabel, *m_error;
};
