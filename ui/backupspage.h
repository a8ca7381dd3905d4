#pragma once

#include <functional>

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class OpsClient;
class QLabel;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QTableWidget;

// Backups: the list (time, size, duration, components, verified, last proven restorable),
// Create now with progress and cancel, Verify, Restore drill, the retention preview, the
// schedule with next runs, and the restore wizard for admins.
class BackupsPage final : public QWidget {
    Q_OBJECT
public:
    explicit BackupsPage(OpsClient *client, QWidget *parent = nullptr);
    void reload();
    QTableWidget *table() const { return m_table; }
    QTableWidget *schedule() const { return m_schedule; }
    QString statusText() const;
    QString selectedName() const;
    void selectBackup(const QString &name);
    // Starts a job (backup.create, backup.verify, backup.drill) with a progress dialog.
    void startJob(const QString &type);
    void showRetentionPreview();
    void openRestoreWizard();
    // What the page shows of a component list: "service database (sqlite, 3 tables), files: uploads (2 files)".
    static QString componentsText(const QJsonArray &components);

Q_SIGNALS:
    // A job's last push (state done, failed or cancelled).
    void jobFinished(const QJsonObject &update);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fill();
    void onProgress(const QJsonObject &update);
    OpsClient *m_client;
    bool selectIfListed(const QString &name);
    QJsonObject m_data;
    QString m_pendingSelection;
    QString m_ownJob; // started here: its dialog is open
    QPointer<QProgressDialog> m_dialog;
    QLabel *m_summary, *m_status, *m_running, *m_scheduleLabel;
    std::function<QString()> m_statusWording; // the last job's line, in the language now shown
    QString m_statusShown;
    QProgressBar *m_progress;
    QTableWidget *m_table, *m_schedule;
    QPushButton *m_create, *m_verify, *m_drill, *m_restore, *m_retention, *m_refresh, *m_runNow;
};
