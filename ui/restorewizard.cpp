#include "ui/restorewizard.h"
#include "app/messagetext.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QVBoxLayout>
#include <functional>

namespace {

// A wizard page whose "complete" is a function of the wizard's state.
class StepPage final : public QWizardPage {
public:
    std::function<bool()> complete;
    bool isComplete() const override { return complete ? complete() : true; }
    void changed() { Q_EMIT completeChanged(); }
};

StepPage *stepPage(QWizard *wizard, int id)
{
    return static_cast<StepPage *>(wizard->page(id));
}

} // namespace

QString RestoreWizard::describeSteps(const QJsonArray &steps)
{
    QStringList lines;
    const QLocale locale;
    for (const QJsonValue &v : steps) {
        const QJsonObject s = v.toObject();
        const QString componentKey = s.value(u"component"_qs).toString();
        const QString component = messages::componentName(componentKey);
        const QString action = s.value(u"action"_qs).toString();
        const QString target = s.value(u"target"_qs).toString();
        if (action == u"skip"_qs) {
            lines << tr("%1: not restored — %2").arg(component, messages::carried(s, u"detail"_qs));
            continue;
        }
        if (componentKey == u"safety_backup"_qs) {
            lines << tr("Safety backup taken first: %1").arg(target);
            continue;
        }
        const QString verb = action == u"would replace"_qs ? tr("would be replaced") : tr("replaced");
        lines << tr("%1: %2 %3").arg(component, target, verb);
        const bool done = action != u"would replace"_qs;
        if (s.contains(u"current_files"_qs)) {
            lines << (done ? tr("    before: %1 files (%2); restored: %3 files (%4)") : tr("    now %1 files (%2), in the backup %3 files (%4)"))
                         .arg(locale.toString(s.value(u"current_files"_qs).toInteger()), formatting::bytes(s.value(u"current_bytes"_qs).toDouble()),
                              locale.toString(s.value(u"backup_files"_qs).toInteger()), formatting::bytes(s.value(u"backup_bytes"_qs).toDouble()));
        }
        const QJsonObject now = s.value(u"current_tables"_qs).toObject(), then = s.value(u"backup_tables"_qs).toObject();
        QStringList tables = then.keys();
        for (const QString &t : now.keys()) {
            if (!tables.contains(t))
                tables << t;
        }
        for (const QString &t : std::as_const(tables)) {
            const QString current = now.contains(t) ? locale.toString(now.value(t).toInteger()) : tr("none");
            const QString backup = then.contains(t) ? locale.toString(then.value(t).toInteger()) : tr("none (dropped)");
            lines << (done ? tr("    table %1: %2 rows before, %3 restored") : tr("    table %1: %2 rows now, %3 after the restore")).arg(t, current, backup);
        }
    }
    return lines.join(u'\n');
}

RestoreWizard::RestoreWizard(OpsClient *client, const QJsonArray &backups, const QString &selected, QWidget *parent)
    : QWizard(parent), m_client(client)
{
    setWindowTitle(tr("Restore from a backup"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setMinimumSize(720, 480);

    auto *choose = new StepPage;
    choose->setTitle(tr("Choose a backup"));
    choose->setSubTitle(tr("The service database and directories will be replaced by what this backup holds."));
    m_list = new QListWidget(choose);
    for (const QJsonValue &v : backups) {
        const QJsonObject b = v.toObject();
        const QString name = b.value(u"name"_qs).toString();
        const QJsonValue verified = b.value(u"verify_ok"_qs);
        const QString why = messages::carried(b, u"reason"_qs);
        //: A backup in the list: name, when, size, verified or not, why it was taken.
        auto *item = new QListWidgetItem(tr("%1   %2   %3   %4   %5")
                                             .arg(name, formatting::dateTime(protocol::parseIsoTimestamp(b.value(u"created"_qs).toString())),
                                                  formatting::bytes(b.value(u"size_bytes"_qs).toDouble()),
                                                  verified.isNull() ? tr("not verified") : verified.toBool() ? tr("verified") : tr("VERIFY FAILED"),
                                                  why.isEmpty() ? QString() : tr("(%1)").arg(why)));
        item->setData(Qt::UserRole, name);
        m_list->addItem(item);
        if (name == selected)
            m_list->setCurrentItem(item);
    }
    (new QVBoxLayout(choose))->addWidget(m_list);
    choose->complete = [this] { return m_list->currentItem() != nullptr; };
    connect(m_list, &QListWidget::currentRowChanged, choose, [choose] { choose->changed(); });
    setPage(ChoosePage, choose);

    auto *dry = new StepPage;
    dry->setTitle(tr("What the restore would do"));
    dry->setSubTitle(tr("A dry run: the archive is checked and unpacked to a staging area; nothing is changed."));
    m_report = new QPlainTextEdit(dry);
    m_report->setReadOnly(true);
    (new QVBoxLayout(dry))->addWidget(m_report);
    dry->complete = [this] { return m_dryRunDone && m_ok; };
    setPage(DryRunPage, dry);

    auto *confirm = new StepPage;
    confirm->setTitle(tr("Confirm"));
    confirm->setCommitPage(true);
    confirm->setButtonText(QWizard::CommitButton, tr("Restore"));
    auto *confirmLayout = new QVBoxLayout(confirm);
    m_confirmHint = new QLabel(confirm);
    m_confirmHint->setTextFormat(Qt::PlainText);
    m_confirmHint->setWordWrap(true);
    m_confirm = new QLineEdit(confirm);
    confirmLayout->addWidget(m_confirmHint);
    confirmLayout->addWidget(m_confirm);
    confirmLayout->addStretch();
    confirm->complete = [this] { return m_confirm->text().trimmed() == chosen(); };
    connect(m_confirm, &QLineEdit::textChanged, confirm, [confirm] { confirm->changed(); });
    setPage(ConfirmPage, confirm);

    auto *runPage = new StepPage;
    runPage->setTitle(tr("Restoring"));
    auto *runLayout = new QVBoxLayout(runPage);
    m_phase = new QLabel(runPage);
    m_phase->setTextFormat(Qt::PlainText);
    m_bar = new QProgressBar(runPage);
    m_result = new QPlainTextEdit(runPage);
    m_result->setReadOnly(true);
    runLayout->addWidget(m_phase);
    runLayout->addWidget(m_bar);
    runLayout->addWidget(m_result, 1);
    runPage->complete = [this] { return m_done; };
    setPage(RunPage, runPage);

    if (m_client) {
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type == protocol::Type::BackupProgress && data.value(u"job_id"_qs).toString() == m_jobId)
                onPush(data);
        });
    }
}

QString RestoreWizard::chosen() const
{
    return m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toString() : QString();
}

QString RestoreWizard::reportText() const
{
    return m_report->toPlainText();
}

QString RestoreWizard::resultText() const
{
    return m_result->toPlainText();
}

void RestoreWizard::initializePage(int id)
{
    if (id == DryRunPage) {
        m_dryRunDone = false;
        m_ok = false;
        m_report->setPlainText(tr("Checking %1 and working out what would change…").arg(chosen()));
        runJob(true);
    } else if (id == ConfirmPage) {
        m_confirmHint->setText(tr("This replaces the service's data with %1. A safety backup is taken first, and any failure rolls back.\n\n"
                                  "Type the backup's name to confirm:").arg(chosen()));
        m_confirm->clear();
    } else if (id == RunPage) {
        m_done = false;
        m_ok = false;
        m_bar->setRange(0, 0);
        m_phase->setText(tr("Starting…"));
        runJob(false);
    }
    QWizard::initializePage(id);
}

bool RestoreWizard::validateCurrentPage()
{
    if (currentId() == ConfirmPage && m_confirm->text().trimmed() != chosen())
        return false;
    return QWizard::validateCurrentPage();
}

void RestoreWizard::runJob(bool dryRun)
{
    if (!m_client)
        return;
    QJsonObject data{{u"name"_qs, chosen()}, {u"dry_run"_qs, dryRun}};
    if (!dryRun)
        data.insert(u"confirm"_qs, m_confirm->text().trimmed());
    m_jobId.clear();
    m_client->request(u"backup.restore"_qs, data, [this, dryRun](const protocol::Result &r) {
        if (r.ok) {
            m_jobId = r.data.value(u"job_id"_qs).toString();
            return;
        }
        const QString text = errorText(r.error);
        if (dryRun) {
            m_dryRunDone = true;
            m_report->setPlainText(text);
            stepPage(this, DryRunPage)->changed();
        } else {
            m_done = true;
            m_bar->setRange(0, 1);
            m_result->setPlainText(text);
            stepPage(this, RunPage)->changed();
        }
    });
}

void RestoreWizard::onPush(const QJsonObject &u)
{
    const QString state = u.value(u"state"_qs).toString();
    const bool dryRun = u.value(u"kind"_qs).toString() == u"restore_dry_run"_qs;
    if (state == u"running"_qs) {
        if (!dryRun) {
            m_phase->setText(u.value(u"phase"_qs).toString());
            if (u.contains(u"percent"_qs)) {
                m_bar->setRange(0, 1000);
                m_bar->setValue(int(u.value(u"percent"_qs).toDouble() * 10));
            } else {
                m_bar->setRange(0, 0);
            }
        }
        return;
    }
    const QJsonObject result = u.value(u"result"_qs).toObject();
    const bool ok = state == u"done"_qs;
    QString text = describeSteps(result.value(u"steps"_qs).toArray());
    if (!ok) {
        text = tr("Failed: %1").arg(messages::carried(u, u"message"_qs)) + u"\n\n"_qs + text;
        // What the rollback did, part by part (a part not put back names where its data is).
        QStringList undone;
        for (const QJsonValue &v : result.value(u"rollback"_qs).toArray()) {
            const QJsonObject r = v.toObject();
            undone << tr("    %1 (%2): %3").arg(messages::componentName(r.value(u"component"_qs).toString()), r.value(u"target"_qs).toString(),
                                              messages::carried(r, u"detail"_qs));
        }
        if (!undone.isEmpty())
            text += u"\n\n"_qs + tr("Rolled back:") + u'\n' + undone.join(u'\n');
    }
    if (dryRun) {
        m_dryRunDone = true;
        m_ok = ok;
        m_report->setPlainText(ok ? tr("Nothing has been changed yet.") + u"\n\n"_qs + text : text);
        stepPage(this, DryRunPage)->changed();
        return;
    }
    m_done = true;
    m_ok = ok;
    m_bar->setRange(0, 1);
    m_bar->setValue(1);
    m_phase->setText(ok ? tr("Restored.") : result.value(u"rolled_back"_qs).toBool() ? tr("The restore failed and was rolled back.") : tr("The restore failed."));
    m_result->setPlainText(text);
    stepPage(this, RunPage)->changed();
}
