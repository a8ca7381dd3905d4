#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWizard>

class OpsClient;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;

// Restore, for admins, in four steps that leave no doubt: choose a backup, read the dry-run
// report of what would be replaced, type the backup's name to confirm, then watch it run
// (a safety backup first; any failure rolls back) and read the result.
class RestoreWizard final : public QWizard {
    Q_OBJECT
public:
    enum PageId { ChoosePage, DryRunPage, ConfirmPage, RunPage };
    RestoreWizard(OpsClient *client, const QJsonArray &backups, const QString &selected, QWidget *parent = nullptr);
    QString chosen() const;
    QString reportText() const;
    QString resultText() const;
    bool finishedOk() const { return m_ok; }
    QLineEdit *confirmEdit() const { return m_confirm; }

    // How a dry-run or restore report reads to an operator (steps, current vs backup).
    static QString describeSteps(const QJsonArray &steps);

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;

private:
    void runJob(bool dryRun);
    void onPush(const QJsonObject &update);
    OpsClient *m_client;
    QListWidget *m_list;
    QPlainTextEdit *m_report, *m_result;
    QLineEdit *m_confirm;
    QLabel *m_confirmHint, *m_phase;
    QProgressBar *m_bar;
    QString m_jobId;
    bool m_dryRunDone = false, m_done = false, m_ok = false;
};
