#include "ui/diagnosisdialog.h"
#include "app/messagetext.h"

#include "app/alertsmodel.h"
#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString severityText(const QString &s)
{
    if (s == u"critical"_qs)
        return DiagnosisDialog::tr("Critical");
    if (s == u"error"_qs)
        return DiagnosisDialog::tr("Error");
    if (s == u"warning"_qs)
        return DiagnosisDialog::tr("Warning");
    return DiagnosisDialog::tr("Info");
}
} // namespace

DiagnosisDialog::Text DiagnosisDialog::describe(const QJsonObject &f)
{
    const QString rule = f.value(u"rule"_qs).toString();
    const QJsonObject p = f.value(u"params"_qs).toObject();
    const QLocale locale;
    auto num = [&](const char *key, int decimals = 1) { return locale.toString(p.value(QLatin1StringView(key)).toDouble(), 'f', decimals); };
    Text t{f.value(u"title"_qs).toString(), f.value(u"explanation"_qs).toString(), f.value(u"probable_cause"_qs).toString(),
           f.value(u"suggested_action"_qs).toString()};
    if (rule == u"disk_full"_qs) {
        t.title = tr("The disk will be full in about %1 hours").arg(num("hours"));
        t.explanation = tr("Free space falls by %1 per hour; %2 are left.")
                            .arg(formatting::bytes(p.value(u"bytes_per_hour"_qs).toDouble()), formatting::bytes(p.value(u"free_bytes"_qs).toDouble()));
        t.cause = tr("Growing logs, uploads or backups without retention.");
        t.action = tr("Find what grows (du -x / | sort -n), apply retention to logs and backups, or add space.");
    } else if (rule == u"memory_growth"_qs) {
        t.title = tr("Memory use grows steadily (%1 % per hour)").arg(num("percent_per_hour"));
        t.explanation = tr("Memory is at %1 % and rises in a straight line; at this pace it runs out in about %2 hours.").arg(num("percent"), num("hours"));
        t.cause = tr("A memory leak in a worker or the API process, or a cache without a limit.");
        t.action = tr("Check which process grows (ps aux --sort=-rss); restart it before it runs out, then find the leak.");
    } else if (rule == u"error_spike"_qs) {
        const QString cause = p.value(u"cause"_qs).toString();
        t.title = tr("Errors are up: %1 % of requests failed in the last 5 minutes").arg(num("error_rate"));
        t.explanation = tr("%1 error lines in the last 15 minutes, against %2 per minute before.").arg(num("errors_recent", 0), num("baseline_per_minute"));
        t.cause = cause == u"database"_qs ? tr("The database is slow or unreachable at the same time.")
                  : cause == u"redis"_qs  ? tr("Redis is down at the same time: queues and caches fail.")
                                          : tr("No dependency is down; the logs say more.");
        t.action = cause == u"database"_qs ? tr("Check the database: connections, locks, slow queries, disk.")
                   : cause == u"redis"_qs  ? tr("Restart or repair Redis; then check the workers reconnect.")
                                           : tr("Read the error lines in the evidence and the service's recent deploys.");
    } else if (rule == u"stuck_tasks"_qs) {
        t.title = tr("%n task(s) RUNNING for more than %1 minutes", nullptr, p.value(u"count"_qs).toInt()).arg(p.value(u"limit_minutes"_qs).toInt());
        t.explanation = tr("The oldest has been running for %1 minutes.").arg(num("oldest_minutes", 0));
        t.cause = tr("A worker died or hangs on a site that never answers, leaving its tasks marked running.");
        t.action = tr("Check the workers are alive; requeue or fail the stuck tasks; set timeouts on form submissions.");
    } else if (rule == u"success_rate_falling"_qs) {
        t.title = tr("Task success rate fell from %1 % to %2 %").arg(num("before"), num("now"));
        t.explanation = tr("The last hour's average against the five hours before.");
        t.cause = tr("Target sites changed their forms, block the service, or the network path fails.");
        t.action = tr("Look at the failing URLs in the logs; try one by hand; check proxies and rate limits.");
    } else if (rule == u"backup_stale"_qs) {
        t.title = p.value(u"hours"_qs).isNull() ? tr("There is no backup") : tr("The newest backup is %1 hours old").arg(num("hours", 0));
        t.explanation = tr("Backups are expected at least every %1 hours.").arg(p.value(u"limit_hours"_qs).toInt());
        t.cause = tr("The backup job fails or does not run (schedule, disk space, database permissions).");
        t.action = tr("Look at the schedule's last runs on the Backups page and run a backup now.");
    } else if (rule == u"backup_unverified"_qs) {
        t.title = f.value(u"severity"_qs).toString() == u"error"_qs ? tr("The newest backup failed its check") : tr("The newest backup has never been verified");
        t.cause = tr("A damaged archive, a dump that does not restore, or a verify job that does not run.");
        t.action = tr("Take a new backup now, verify it and run a restore drill; check the disk the backups are on.");
    } else if (rule == u"certificate_expiring"_qs) {
        t.title = tr("The certificate of %1 expires in %2 days").arg(p.value(u"check"_qs).toString().mid(5), num("days"));
        t.explanation = tr("It expires at %1.").arg(p.value(u"expires"_qs).toString());
        t.cause = tr("Automatic renewal is not set up or fails.");
        t.action = tr("Renew the certificate (certbot renew, or your provider) and reload the web server.");
    } else if (rule == u"channel_failing"_qs) {
        t.title = tr("Notifications through %1 are failing").arg(p.value(u"channel"_qs).toString());
        t.explanation = tr("%1 waiting; last error: %2").arg(p.value(u"queued"_qs).toInt()).arg(p.value(u"error"_qs).toString());
        t.cause = tr("The webhook URL, SMTP credentials or the network path to it changed.");
        t.action = tr("Check the channel's settings and that this host reaches it; queued alerts go out once it works.");
    } else if (rule == u"alerts_firing"_qs) {
        t.title = tr("%n alert(s) firing that nobody has acknowledged", nullptr, p.value(u"count"_qs).toInt());
        t.explanation = tr("The most serious is %1.").arg(AlertsModel::levelText(p.value(u"level"_qs).toString()));
        t.cause = tr("See each alert for what it measured.");
        t.action = tr("Open the Alerts page, acknowledge what is being handled and act on the rest.");
    } else if (rule == u"nobody_notified"_qs) {
        const QString reason = p.value(u"reason"_qs).toString();
        t.title = reason == u"no_channel"_qs          ? tr("No notification channel is configured: nobody will be notified")
                  : reason == u"level_all_failing"_qs ? tr("Every channel for error and critical alerts is failing: nobody is being notified")
                                                      : tr("No channel is routed for error or critical alerts: nobody will be notified");
        t.explanation = tr("Alerts of these levels fire and escalate, but no message leaves the monitored host.");
        t.cause = reason == u"level_all_failing"_qs ? tr("The channels' settings or the network path to them changed.")
                                                    : tr("The [notify] section has no channel, or its routes leave these levels out.");
        t.action = tr("Configure a Slack, email or webhook channel, route error and critical alerts to it, and send a test.");
    } else if (rule == u"clock_skew"_qs) {
        t.title = tr("The clocks differ by %1 s").arg(num("seconds"));
        t.explanation = tr("%1 answers with a time %2 s away from this host's clock.").arg(p.value(u"check"_qs).toString().mid(5), num("seconds"));
        t.cause = tr("Time synchronisation is not running on one of the hosts.");
        t.action = tr("Enable time synchronisation (systemd-timesyncd or chrony) on both hosts.");
    }
    return t;
}

DiagnosisDialog::DiagnosisDialog(OpsClient *client, QWidget *parent)
    : QDialog(parent), m_client(client)
{
    setWindowTitle(tr("Diagnosis"));
    resize(900, 560);
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_list = new QTreeWidget(splitter);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Severity"), tr("Finding")});
    m_list->header()->setStretchLastSection(true);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setReadOnly(true);
    layout->addWidget(splitter, 1);
    auto *bar = new QHBoxLayout;
    m_open = new QPushButton(tr("Open the evidence"), this);
    m_rerun = new QPushButton(tr("Run again"), this);
    m_markdown = new QPushButton(tr("Export Markdown…"), this);
    m_html = new QPushButton(tr("Export HTML…"), this);
    m_json = new QPushButton(tr("Export JSON…"), this);
    bar->addWidget(m_open);
    bar->addWidget(m_rerun);
    bar->addStretch();
    for (QPushButton *b : {m_markdown, m_html, m_json})
        bar->addWidget(b);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    bar->addWidget(close);
    layout->addLayout(bar);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &DiagnosisDialog::showSelected);
    connect(m_rerun, &QPushButton::clicked, this, &DiagnosisDialog::run);
    connect(m_markdown, &QPushButton::clicked, this, [this] { exportTo(u"markdown"_qs); });
    connect(m_html, &QPushButton::clicked, this, [this] { exportTo(u"html"_qs); });
    connect(m_json, &QPushButton::clicked, this, [this] { exportTo(u"json"_qs); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const int index = m_list->indexOfTopLevelItem(m_list->currentItem());
        if (index < 0 || index >= m_findings.size())
            return;
        for (const QJsonValue &v : m_findings.at(index).toObject().value(u"evidence"_qs).toArray()) {
            const QJsonObject e = v.toObject();
            const qint64 from = protocol::parseIsoTimestamp(e.value(u"from"_qs).toString());
            const qint64 to = protocol::parseIsoTimestamp(e.value(u"to"_qs).toString());
            if (e.value(u"kind"_qs).toString() == u"metric"_qs) {
                Q_EMIT showMetric(e.value(u"series"_qs).toString(), from, to);
                accept();
                return;
            }
            if (e.value(u"kind"_qs).toString() == u"log"_qs) {
                Q_EMIT showLogs(u"level:error"_qs, from, to);
                accept();
                return;
            }
        }
    });
    run();
}

void DiagnosisDialog::run()
{
    if (!m_client)
        return;
    m_status->setText(tr("Diagnosing…"));
    m_client->request(u"diagnose"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(errorText(r.error.code));
            return;
        }
        m_findings = r.data.value(u"findings"_qs).toArray();
        m_status->setText(m_findings.isEmpty() ? tr("Nothing looks wrong.")
                                               : tr("%n finding(s), the most serious first.", nullptr, int(m_findings.size())));
        fill();
    }, 60000);
}

void DiagnosisDialog::fill()
{
    m_list->clear();
    for (const QJsonValue &v : m_findings) {
        const QJsonObject f = v.toObject();
        auto *item = new QTreeWidgetItem({severityText(f.value(u"severity"_qs).toString()), describe(f).title});
        m_list->addTopLevelItem(item);
    }
    m_list->resizeColumnToContents(0);
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    else
        m_detail->clear();
}

void DiagnosisDialog::showSelected()
{
    const int index = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (index < 0 || index >= m_findings.size()) {
        m_detail->clear();
        m_open->setEnabled(false);
        return;
    }
    const QJsonObject f = m_findings.at(index).toObject();
    const Text t = describe(f);
    QStringList lines{t.title, QString(), t.explanation, QString(), tr("Probable cause: %1").arg(t.cause), tr("Suggested action: %1").arg(t.action),
                      QString(), tr("Evidence:")};
    bool navigable = false;
    for (const QJsonValue &v : f.value(u"evidence"_qs).toArray()) {
        const QJsonObject e = v.toObject();
        const QString kind = e.value(u"kind"_qs).toString();
        if (kind == u"metric"_qs) {
            navigable = true;
            lines << tr("  %1 from %2 to %3: %4 → %5 (min %6, max %7)")
                         .arg(messages::seriesName(e.value(u"series"_qs).toString()),
                              formatting::dateTime(protocol::parseIsoTimestamp(e.value(u"from"_qs).toString())),
                              formatting::dateTime(protocol::parseIsoTimestamp(e.value(u"to"_qs).toString())),
                              QLocale().toString(e.value(u"first"_qs).toDouble(), 'g', 6), QLocale().toString(e.value(u"last"_qs).toDouble(), 'g', 6),
                              QLocale().toString(e.value(u"min"_qs).toDouble(), 'g', 6), QLocale().toString(e.value(u"max"_qs).toDouble(), 'g', 6));
        } else if (kind == u"log"_qs) {
            navigable = true;
            for (const QJsonValue &line : e.value(u"lines"_qs).toArray())
                lines << u"  "_qs + line.toString();
        } else {
            // Server values as plain text.
            lines << u"  "_qs + QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
        }
    }
    m_detail->setPlainText(lines.join(u'\n'));
    m_open->setEnabled(navigable);
}

int DiagnosisDialog::findingCount() const
{
    return int(m_findings.size());
}

QString DiagnosisDialog::detailText() const
{
    return m_detail->toPlainText();
}

QString DiagnosisDialog::statusText() const
{
    return m_status->text();
}

void DiagnosisDialog::selectFinding(int index)
{
    if (index >= 0 && index < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(index));
}

void DiagnosisDialog::exportTo(const QString &format, const QString &givenPath)
{
    if (!m_client)
        return;
    m_client->request(u"diagnose.export"_qs, {{u"format"_qs, format}}, [this, givenPath](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(errorText(r.error.code));
            return;
        }
        QString path = givenPath;
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(this, tr("Export the diagnosis"), r.data.value(u"file_name"_qs).toString());
        if (path.isEmpty())
            return;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(r.data.value(u"content"_qs).toString().toUtf8()) < 0 || !file.commit()) {
            m_status->setText(tr("Could not write %1: %2").arg(path, file.errorString()));
            return;
        }
        m_status->setText(tr("Saved to %1.").arg(path));
    }, 60000);
}
