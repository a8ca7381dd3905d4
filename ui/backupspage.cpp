#include "ui/backupspage.h"
#include "app/messagetext.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"
#include "ui/restorewizard.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QTableWidgetItem *item(const QString &text)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

QString when(const QJsonValue &iso)
{
    return iso.isString() ? formatting::dateTime(protocol::parseIsoTimestamp(iso.toString())) : QString();
}

QString failureText(const protocol::Result &r)
{
    return errorText(r.error);
}

QString durationText(double ms)
{
    const qint64 s = qint64(ms / 1000);
    return s < 60 ? BackupsPage::tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1))
                  : BackupsPage::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

QString kindText(const QString &kind)
{
    if (kind == u"backup"_qs)
        return BackupsPage::tr("Backup");
    if (kind == u"verify"_qs)
        return BackupsPage::tr("Verification");
    if (kind == u"restore_drill"_qs)
        return BackupsPage::tr("Restore drill");
    if (kind == u"restore_dry_run"_qs)
        return BackupsPage::tr("Restore dry run");
    if (kind == u"restore"_qs)
        return BackupsPage::tr("Restore");
    return kind;
}

QString phaseText(const QString &phase)
{
    if (phase == u"dump"_qs)
        return BackupsPage::tr("dumping databases");
    if (phase == u"archive"_qs)
        return BackupsPage::tr("writing the archive");
    if (phase == u"verify"_qs)
        return BackupsPage::tr("checking every checksum");
    if (phase == u"extract"_qs)
        return BackupsPage::tr("unpacking to staging");
    if (phase == u"safety backup"_qs)
        return BackupsPage::tr("taking the safety backup");
    if (phase.startsWith(u"restore "_qs))
        return BackupsPage::tr("restoring %1").arg(phase.mid(8));
    return phase;
}

} // namespace

QString BackupsPage::componentsText(const QJsonArray &components)
{
    QStringList parts;
    for (const QJsonValue &v : components) {
        const QJsonObject c = v.toObject();
        const QString name = c.value(u"name"_qs).toString();
        if (name == u"service_database"_qs)
            parts << tr("service database (%1, %n table(s))", nullptr, c.value(u"tables"_qs).toInt()).arg(c.value(u"kind"_qs).toString());
        else if (name == u"ops_store"_qs)
            parts << tr("ops store");
        else if (name.startsWith(u"files:"_qs))
            parts << tr("%1 (%n file(s))", nullptr, c.value(u"files"_qs).toInt()).arg(name.mid(6));
        else
            parts << name;
    }
    return messages::list(parts);
}

BackupsPage::BackupsPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto *bar = new QHBoxLayout;
    m_create = new QPushButton(this);
    m_verify = new QPushButton(this);
    m_drill = new QPushButton(this);
    m_restore = new QPushButton(this);
    m_retention = new QPushButton(this);
    m_refresh = new QPushButton(this);
    for (QPushButton *b : {m_create, m_verify, m_drill, m_restore})
        bar->addWidget(b);
    bar->addStretch();
    bar->addWidget(m_retention);
    bar->addWidget(m_refresh);
    layout->addLayout(bar);
    auto *runningRow = new QHBoxLayout;
    m_running = new QLabel(this);
    m_running->setTextFormat(Qt::PlainText);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(260);
    runningRow->addWidget(m_running, 1);
    runningRow->addWidget(m_progress);
    layout->addLayout(runningRow);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(0, 8, splitter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *scheduleBox = new QWidget(splitter);
    auto *scheduleLayout = new QVBoxLayout(scheduleBox);
    scheduleLayout->setContentsMargins(0, 6, 0, 0);
    auto *scheduleBar = new QHBoxLayout;
    m_scheduleLabel = new QLabel(scheduleBox);
    m_runNow = new QPushButton(scheduleBox);
    scheduleBar->addWidget(m_scheduleLabel);
    scheduleBar->addStretch();
    scheduleBar->addWidget(m_runNow);
    scheduleLayout->addLayout(scheduleBar);
    m_schedule = new QTableWidget(0, 4, scheduleBox);
    m_schedule->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_schedule->setSelectionMode(QAbstractItemView::SingleSelection);
    m_schedule->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_schedule->verticalHeader()->hide();
    m_schedule->horizontalHeader()->setStretchLastSection(true);
    scheduleLayout->addWidget(m_schedule);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_create, &QPushButton::clicked, this, [this] { startJob(u"backup.create"_qs); });
    connect(m_verify, &QPushButton::clicked, this, [this] { startJob(u"backup.verify"_qs); });
    connect(m_drill, &QPushButton::clicked, this, [this] { startJob(u"backup.drill"_qs); });
    connect(m_restore, &QPushButton::clicked, this, &BackupsPage::openRestoreWizard);
    connect(m_retention, &QPushButton::clicked, this, &BackupsPage::showRetentionPreview);
    connect(m_refresh, &QPushButton::clicked, this, &BackupsPage::reload);
    connect(m_runNow, &QPushButton::clicked, this, [this] {
        const int row = m_schedule->currentRow();
        const QJsonArray jobs = m_data.value(u"schedule"_qs).toArray();
        if (row < 0 || row >= jobs.size() || !m_client)
            return;
        m_client->request(u"schedule.run"_qs, {{u"job"_qs, jobs.at(row).toObject().value(u"name"_qs).toString()}},
                          [this](const protocol::Result &r) {
                              m_status->setText(r.ok ? tr("Started.") : failureText(r));
                              reload();
                          });
    });
    if (m_client) {
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State s) {
            if (s == OpsClient::State::Connected)
                reload();
        });
        connect(m_client, &OpsClient::authenticated, this, [this] { retranslateUi(); });
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type == protocol::Type::BackupProgress)
                onProgress(data);
        });
    }
    retranslateUi();
}

QString BackupsPage::statusText() const
{
    return m_status->text();
}

QString BackupsPage::selectedName() const
{
    const int row = m_table->currentRow();
    const QJsonArray list = m_data.value(u"backups"_qs).toArray();
    return row >= 0 && row < list.size() ? list.at(row).toObject().value(u"name"_qs).toString() : QString();
}

void BackupsPage::selectBackup(const QString &name)
{
    if (selectIfListed(name))
        return;
    // Newer than the list shown (the Dashboard heard of it first): selected once the list has it.
    m_pendingSelection = name;
    reload();
}

bool BackupsPage::selectIfListed(const QString &name)
{
    const QJsonArray list = m_data.value(u"backups"_qs).toArray();
    for (int row = 0; row < list.size(); ++row) {
        if (list.at(row).toObject().value(u"name"_qs).toString() == name) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

void BackupsPage::reload()
{
    if (!m_client)
        return;
    m_client->request(u"backups.list"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(failureText(r));
            return;
        }
        const QString selected = m_pendingSelection.isEmpty() ? selectedName() : m_pendingSelection;
        m_pendingSelection.clear();
        m_data = r.data;
        fill();
        selectIfListed(selected);
        if (m_table->currentRow() < 0 && m_table->rowCount() > 0)
            m_table->selectRow(0);
    });
}

void BackupsPage::fill()
{
    const QJsonObject summary = m_data.value(u"summary"_qs).toObject();
    auto stamp = [](const QJsonValue &v) { return v.isString() ? when(v) : tr("never"); };
    m_summary->setText(tr("Last backup: %1    Last verified: %2    Last proven restorable: %3")
                           .arg(stamp(summary.value(u"last_backup"_qs)), stamp(summary.value(u"last_verified"_qs)),
                                stamp(summary.value(u"last_proven_restorable"_qs))));
    const QJsonArray list = m_data.value(u"backups"_qs).toArray();
    m_table->setRowCount(int(list.size()));
    QSet<QString> hosts; // a fleet's archives live on the host that wrote each
    for (int row = 0; row < list.size(); ++row) {
        const QJsonObject b = list.at(row).toObject();
        const QJsonValue verified = b.value(u"verify_ok"_qs), drilled = b.value(u"drill_ok"_qs);
        m_table->setItem(row, 0, item(b.value(u"name"_qs).toString()));
        m_table->item(row, 0)->setToolTip(messages::carried(b, u"reason"_qs));
        m_table->setItem(row, 1, item(when(b.value(u"created"_qs))));
        m_table->setItem(row, 2, item(formatting::bytes(b.value(u"size_bytes"_qs).toDouble())));
        m_table->setItem(row, 3, item(b.value(u"duration_ms"_qs).toDouble() > 0 ? durationText(b.value(u"duration_ms"_qs).toDouble()) : QString()));
        m_table->setItem(row, 4, item(verified.isNull() ? tr("not yet") : verified.toBool() ? when(b.value(u"verified_at"_qs)) : tr("FAILED")));
        m_table->setItem(row, 5, item(drilled.isNull() ? tr("not yet") : drilled.toBool() ? when(b.value(u"drill_at"_qs)) : tr("FAILED")));
        m_table->setItem(row, 6, item(componentsText(b.value(u"components"_qs).toArray())));
        m_table->setItem(row, 7, item(b.value(u"host"_qs).toString()));
        if (!b.value(u"host"_qs).toString().isEmpty())
            hosts.insert(b.value(u"host"_qs).toString());
        if (!verified.isNull() && !verified.toBool())
            m_table->item(row, 4)->setToolTip(b.value(u"verify_message"_qs).toString());
        if (!drilled.isNull() && !drilled.toBool())
            m_table->item(row, 5)->setToolTip(b.value(u"drill_message"_qs).toString());
    }
    m_table->setColumnHidden(7, hosts.size() < 2);
    m_table->resizeColumnsToContents();
    const QJsonArray jobs = m_data.value(u"schedule"_qs).toArray();
    m_schedule->setRowCount(int(jobs.size()));
    for (int row = 0; row < jobs.size(); ++row) {
        const QJsonObject j = jobs.at(row).toObject();
        const QJsonObject last = j.value(u"last"_qs).toObject();
        QString lastText = tr("never run");
        if (!last.isEmpty())
            lastText = tr("%1: %2 (%3)").arg(when(last.value(u"started"_qs)), last.value(u"ok"_qs).toBool() ? tr("ok") : tr("FAILED"),
                                             messages::carried(last, u"message"_qs));
        if (j.value(u"running"_qs).toBool())
            lastText = tr("running…");
        m_schedule->setItem(row, 0, item(messages::jobName(j.value(u"name"_qs).toString())));
        m_schedule->setItem(row, 1, item(j.value(u"schedule"_qs).toString() + u"  ("_qs + j.value(u"time_zone"_qs).toString() + u')'));
        m_schedule->setItem(row, 2, item(when(j.value(u"next_run"_qs))));
        m_schedule->setItem(row, 3, item(lastText));
    }
    m_schedule->resizeColumnsToContents();
    const QJsonObject running = m_data.value(u"running"_qs).toObject();
    if (running.isEmpty()) {
        m_running->clear();
        m_progress->hide();
    } else {
        onProgress(running);
    }
}

void BackupsPage::onProgress(const QJsonObject &u)
{
    const QString state = u.value(u"state"_qs).toString();
    const QString kind = u.value(u"kind"_qs).toString();
    const QString name = u.value(u"name"_qs).toString();
    if (state == u"running"_qs) {
        QString text = tr("%1 %2 running: %3").arg(kindText(kind), name, phaseText(u.value(u"phase"_qs).toString()));
        if (u.contains(u"eta_seconds"_qs))
            text += tr(", about %n s left", nullptr, u.value(u"eta_seconds"_qs).toInt());
        m_running->setText(text);
        m_progress->show();
        if (u.contains(u"percent"_qs)) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(u.value(u"percent"_qs).toDouble() * 10));
        } else {
            m_progress->setRange(0, 0);
        }
        if (m_dialog && u.value(u"job_id"_qs).toString() == m_ownJob) {
            m_dialog->setLabelText(text);
            m_dialog->setMaximum(u.contains(u"percent"_qs) ? 1000 : 0);
            m_dialog->setValue(int(u.value(u"percent"_qs).toDouble() * 10));
        }
        return;
    }
    m_running->clear();
    m_progress->hide();
    if (u.value(u"job_id"_qs).toString() == m_ownJob) {
        if (m_dialog) {
            m_dialog->reset();
            m_dialog->deleteLater();
        }
        m_ownJob.clear();
    }
    // Failures keep the daemon's own words (which file, which table), shown as plain text.
    // Worded again after a language switch.
    m_statusWording = [this, state, kind, u] {
        const QString message = messages::carried(u, u"message"_qs);
        return state == u"done"_qs        ? tr("%1 finished: %2").arg(kindText(kind), message)
               : state == u"cancelled"_qs ? tr("%1 cancelled.").arg(kindText(kind))
                                          : tr("%1 failed: %2").arg(kindText(kind), message);
    };
    m_statusShown = m_statusWording();
    m_status->setText(m_statusShown);
    Q_EMIT jobFinished(u);
    reload();
}

void BackupsPage::startJob(const QString &type)
{
    if (!m_client)
        return;
    QJsonObject data;
    if (type != u"backup.create"_qs) {
        data.insert(u"name"_qs, selectedName());
        if (selectedName().isEmpty()) {
            m_status->setText(tr("Select a backup first."));
            return;
        }
    }
    m_client->request(type, data, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(failureText(r));
            return;
        }
        m_ownJob = r.data.value(u"job_id"_qs).toString();
        m_dialog = new QProgressDialog(tr("Starting…"), tr("Cancel"), 0, 0, this);
        m_dialog->setWindowTitle(tr("Backup job"));
        m_dialog->setMinimumDuration(300);
        m_dialog->setAutoClose(false);
        m_dialog->setAutoReset(false);
        const QString jobId = m_ownJob;
        connect(m_dialog, &QProgressDialog::canceled, this, [this, jobId] {
            m_client->request(u"backup.cancel"_qs, {{u"job_id"_qs, jobId}}, [this](const protocol::Result &c) {
                if (!c.ok)
                    m_status->setText(failureText(c));
            });
        });
    });
}

void BackupsPage::showRetentionPreview()
{
    if (!m_client)
        return;
    m_client->request(u"backup.retention_preview"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(failureText(r));
            return;
        }
        QDialog dialog(this);
        dialog.setWindowTitle(tr("What the next cleanup would delete"));
        auto *layout = new QVBoxLayout(&dialog);
        const QJsonObject p = r.data.value(u"policy"_qs).toObject();
        auto *policy = new QLabel(tr("Kept: younger than %1 days, the last %2, the newest of each of the last %3 days, %4 weeks and %5 months, "
                                     "and always the newest verified backup.")
                                      .arg(p.value(u"max_age_days"_qs).toInt()).arg(p.value(u"keep_last"_qs).toInt())
                                      .arg(p.value(u"keep_daily"_qs).toInt()).arg(p.value(u"keep_weekly"_qs).toInt())
                                      .arg(p.value(u"keep_monthly"_qs).toInt()),
                                  &dialog);
        policy->setWordWrap(true);
        layout->addWidget(policy);
        const QJsonArray decisions = r.data.value(u"decisions"_qs).toArray();
        auto *table = new QTableWidget(int(decisions.size()), 3, &dialog);
        table->setHorizontalHeaderLabels({tr("Backup"), tr("Decision"), tr("Why")});
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        int deleting = 0;
        for (int row = 0; row < decisions.size(); ++row) {
            const QJsonObject d = decisions.at(row).toObject();
            const bool keep = d.value(u"keep"_qs).toBool();
            deleting += keep ? 0 : 1;
            table->setItem(row, 0, item(d.value(u"name"_qs).toString()));
            table->setItem(row, 1, item(keep ? tr("keep") : tr("delete")));
            table->setItem(row, 2, item(messages::carried(d, u"reason"_qs)));
        }
        table->resizeColumnsToContents();
        table->horizontalHeader()->setStretchLastSection(true);
        layout->addWidget(table);
        layout->addWidget(new QLabel(tr("%n backup(s) would be deleted.", nullptr, deleting), &dialog));
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        dialog.resize(640, 420);
        dialog.exec();
    });
}

void BackupsPage::openRestoreWizard()
{
    RestoreWizard wizard(m_client, m_data.value(u"backups"_qs).toArray(), selectedName(), this);
    wizard.exec();
    reload();
}

void BackupsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void BackupsPage::retranslateUi()
{
    if (m_statusWording && !m_status->text().isEmpty())
        m_statusShown = m_statusWording();
    m_status->setText(m_statusShown);
    m_create->setText(tr("Create now"));
    m_verify->setText(tr("Verify"));
    m_drill->setText(tr("Restore drill"));
    m_restore->setText(tr("Restore…"));
    m_retention->setText(tr("Retention preview…"));
    m_refresh->setText(tr("Refresh"));
    m_runNow->setText(tr("Run now"));
    m_scheduleLabel->setText(tr("Schedule"));
    const bool admin = m_client && m_client->role() == u"admin"_qs;
    const bool operatorRole = m_client && (admin || m_client->role() == u"operator"_qs);
    m_restore->setEnabled(admin);
    m_restore->setToolTip(admin ? QString() : tr("Only administrators restore."));
    for (QPushButton *b : {m_create, m_verify, m_drill, m_runNow}) {
        b->setEnabled(operatorRole);
        b->setToolTip(operatorRole ? QString() : tr("Operators and administrators start backup jobs."));
    }
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Created"), tr("Size"), tr("Took"), tr("Verified"), tr("Proven restorable"), tr("Contents"),
                                        tr("Written by")});
    m_schedule->setHorizontalHeaderLabels({tr("Job"), tr("Schedule"), tr("Next run"), tr("Last run")});
    fill();
}
