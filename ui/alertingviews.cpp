#include "ui/alertingviews.h"

#include "app/alertsmodel.h"
#include "app/errortext.h"
#include "app/formatting.h"
#include "app/messagetext.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"
#include "ui/alertdialogs.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

// Server text goes into items as plain data; QTableWidget never interprets it.
QTableWidgetItem *item(const QString &text)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

QTableWidget *makeTable(QWidget *parent, int columns)
{
    auto *t = new QTableWidget(0, columns, parent);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

QString dateText(const QJsonValue &iso)
{
    return iso.isString() ? formatting::dateTime(protocol::parseIsoTimestamp(iso.toString())) : QString();
}

QString failureText(const protocol::Result &r)
{
    // The daemon's own words say which field is wrong; shown as plain text.
    return errorText(r.error);
}

} // namespace

SilencesView::SilencesView(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_create = new QPushButton(this);
    m_expire = new QPushButton(this);
    bar->addStretch();
    bar->addWidget(m_create);
    bar->addWidget(m_expire);
    layout->addLayout(bar);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_table = makeTable(this, 5);
    layout->addWidget(m_table, 1);
    connect(m_create, &QPushButton::clicked, this, [this] { createSilence({}); });
    connect(m_expire, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || row >= m_silences.size() || !m_client)
            return;
        const QString id = m_silences.at(row).toObject().value(u"id"_qs).toString();
        m_client->request(u"silence.expire"_qs, {{u"id"_qs, id}}, [this](const protocol::Result &r) {
            m_status->setText(r.ok ? tr("The silence has ended.") : failureText(r));
            reload();
        });
    });
    retranslateUi();
}

void SilencesView::createSilence(const QStringList &matchers)
{
    SilenceDialog dialog(matchers, this);
    if (dialog.exec() != QDialog::Accepted || !m_client)
        return;
    m_client->request(u"silence.create"_qs, dialog.request(), [this](const protocol::Result &r) {
        m_status->setText(r.ok ? tr("Silenced until %1.").arg(dateText(r.data.value(u"ends_at"_qs))) : failureText(r));
        reload();
    });
}

void SilencesView::reload()
{
    if (!m_client)
        return;
    m_client->request(u"silences.list"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(failureText(r));
            return;
        }
        m_silences = r.data.value(u"silences"_qs).toArray();
        fill();
    });
}

void SilencesView::fill()
{
    m_table->setRowCount(int(m_silences.size()));
    for (int row = 0; row < m_silences.size(); ++row) {
        const QJsonObject s = m_silences.at(row).toObject();
        QStringList matchers;
        for (const QJsonValue &m : s.value(u"matchers"_qs).toArray())
            matchers << m.toString();
        m_table->setItem(row, 0, item(matchers.join(u", ")));
        m_table->setItem(row, 1, item(dateText(s.value(u"ends_at"_qs))));
        m_table->setItem(row, 2, item(s.value(u"created_by"_qs).toString()));
        m_table->setItem(row, 3, item(dateText(s.value(u"created_at"_qs))));
        m_table->setItem(row, 4, item(s.value(u"comment"_qs).toString()));
    }
    m_table->resizeColumnsToContents();
    m_expire->setEnabled(!m_silences.isEmpty());
    if (m_silences.isEmpty() && m_status->text().isEmpty())
        m_status->setText(tr("No active silences."));
}

void SilencesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SilencesView::retranslateUi()
{
    m_create->setText(tr("New silence…"));
    m_expire->setText(tr("End silence"));
    m_table->setHorizontalHeaderLabels({tr("Matchers"), tr("Until"), tr("By"), tr("Created"), tr("Comment")});
    m_status->clear();
    fill();
}

RulesView::RulesView(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_add = new QPushButton(this);
    m_edit = new QPushButton(this);
    m_remove = new QPushButton(this);
    bar->addStretch();
    for (QPushButton *b : {m_add, m_edit, m_remove})
        bar->addWidget(b);
    layout->addLayout(bar);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_table = makeTable(this, 6);
    layout->addWidget(m_table, 1);
    connect(m_add, &QPushButton::clicked, this, [this] { edit({}); });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0 && row < m_rules.size())
            edit(m_rules.at(row).toObject());
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < m_rules.size())
            edit(m_rules.at(row).toObject());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || row >= m_rules.size() || !m_client)
            return;
        const QJsonObject rule = m_rules.at(row).toObject();
        if (rule.value(u"source"_qs).toString() != u"api"_qs) {
            m_status->setText(tr("Rules from the configuration file are disabled, not removed: edit it and clear \"Enabled\"."));
            return;
        }
        m_client->request(u"alert_rule.delete"_qs, {{u"name"_qs, rule.value(u"name"_qs).toString()}}, [this](const protocol::Result &r) {
            m_status->setText(r.ok ? tr("Rule removed; a rule of that name in the configuration file applies again.") : failureText(r));
            reload();
        });
    });
    if (m_client) {
        connect(m_client, &OpsClient::authenticated, this, [this] { retranslateUi(); });
    }
    retranslateUi();
}

void RulesView::edit(const QJsonObject &rule)
{
    RuleDialog dialog(rule, m_series, this);
    if (dialog.exec() != QDialog::Accepted || !m_client)
        return;
    m_client->request(u"alert_rule.set"_qs, dialog.request(), [this](const protocol::Result &r) {
        m_status->setText(r.ok ? tr("Rule saved.") : failureText(r));
        reload();
    });
}

void RulesView::reload()
{
    if (!m_client)
        return;
    m_client->request(u"alert_rules.list"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok) {
            m_status->setText(failureText(r));
            return;
        }
        m_rules = r.data.value(u"rules"_qs).toArray();
        m_series.clear();
        for (const QJsonValue &v : r.data.value(u"series"_qs).toArray())
            m_series << v.toString();
        fill();
    });
}

void RulesView::fill()
{
    m_table->setRowCount(int(m_rules.size()));
    for (int row = 0; row < m_rules.size(); ++row) {
        const QJsonObject rule = m_rules.at(row).toObject();
        m_table->setItem(row, 0, item(rule.value(u"name"_qs).toString()));
        m_table->setItem(row, 1, item(rule.value(u"expression"_qs).toString()));
        m_table->setItem(row, 2, item(AlertsModel::levelText(rule.value(u"level"_qs).toString())));
        m_table->setItem(row, 3, item(tr("%n s", nullptr, rule.value(u"hold_seconds"_qs).toInt())));
        m_table->setItem(row, 4, item(rule.value(u"source"_qs).toString() == u"api"_qs ? tr("Console/API") : tr("Configuration file")));
        m_table->setItem(row, 5, item(rule.value(u"enabled"_qs).toBool() ? tr("Enabled") : tr("Disabled")));
    }
    m_table->resizeColumnsToContents();
}

void RulesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RulesView::retranslateUi()
{
    m_add->setText(tr("New rule…"));
    m_edit->setText(tr("Edit…"));
    m_remove->setText(tr("Remove"));
    const bool admin = m_client && m_client->role() == u"admin"_qs;
    for (QPushButton *b : {m_add, m_edit, m_remove}) {
        b->setEnabled(admin);
        b->setToolTip(admin ? QString() : tr("Only administrators change alert rules."));
    }
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Condition"), tr("Level"), tr("Resolve after"), tr("Source"), tr("State")});
    fill();
}

NotificationsView::NotificationsView(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_channelsLabel = new QLabel(this);
    m_refresh = new QPushButton(this);
    bar->addWidget(m_channelsLabel);
    bar->addStretch();
    bar->addWidget(m_refresh);
    layout->addLayout(bar);
    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    layout->addWidget(m_error);
    m_channels = makeTable(this, 4);
    m_channels->setMaximumHeight(160);
    layout->addWidget(m_channels);
    m_previewLabel = new QLabel(this);
    layout->addWidget(m_previewLabel);
    m_preview = new QPlainTextEdit(this);
    m_preview->setReadOnly(true);
    layout->addWidget(m_preview, 1);
    connect(m_refresh, &QPushButton::clicked, this, &NotificationsView::reload);
    retranslateUi();
}

void NotificationsView::reload()
{
    if (!m_client)
        return;
    m_client->request(u"notify.status"_qs, {}, [this](const protocol::Result &r) {
        m_error->setText(r.ok ? QString() : failureText(r));
        if (r.ok) {
            m_status = r.data;
            fill();
        }
    });
}

QString NotificationsView::previewText() const
{
    return m_preview->toPlainText();
}

void NotificationsView::fill()
{
    const QJsonArray channels = m_status.value(u"channels"_qs).toArray();
    m_channels->setRowCount(int(channels.size()));
    for (int row = 0; row < channels.size(); ++row) {
        const QJsonObject c = channels.at(row).toObject();
        QString error = c.value(u"last_error"_qs).toString();
        if (!error.isEmpty())
            error = tr("%1 (%2)").arg(error, dateText(c.value(u"last_error_at"_qs)));
        if (!c.value(u"configured"_qs).toBool())
            error = tr("not configured");
        m_channels->setItem(row, 0, item(c.value(u"name"_qs).toString()));
        m_channels->setItem(row, 1, item(c.value(u"last_success"_qs).isString() ? dateText(c.value(u"last_success"_qs)) : tr("never")));
        m_channels->setItem(row, 2, item(QLocale().toString(c.value(u"queued"_qs).toInt())));
        m_channels->setItem(row, 3, item(error));
    }
    m_channels->resizeColumnsToContents();

    // The escalation preview in words: who hears of an alert of each level, and when.
    QSet<QString> configured;
    for (const QJsonValue &v : channels) {
        if (v.toObject().value(u"configured"_qs).toBool())
            configured.insert(v.toObject().value(u"name"_qs).toString());
    }
    QStringList lines;
    const QJsonObject escalation = m_status.value(u"escalation"_qs).toObject();
    for (const QString &level : {u"warning"_qs, u"error"_qs, u"critical"_qs}) {
        const QJsonObject policy = escalation.value(level).toObject();
        if (policy.isEmpty())
            continue;
        lines << tr("%1 alert, while nobody acknowledges it:").arg(AlertsModel::levelText(level));
        for (const QJsonValue &v : policy.value(u"steps"_qs).toArray()) {
            const QJsonObject step = v.toObject();
            QStringList channelNames;
            for (const QJsonValue &c : step.value(u"channels"_qs).toArray())
                channelNames << (configured.contains(c.toString()) ? c.toString() : tr("%1 (not configured)").arg(c.toString()));
            const int minutes = step.value(u"after_seconds"_qs).toInt() / 60;
            const QString who = channelNames.isEmpty() ? tr("nobody (no channel routed)") : messages::list(channelNames);
            QString line = minutes == 0 ? tr("  at once: %1").arg(who) : tr("  after %n min: %1", nullptr, minutes).arg(who);
            if (step.value(u"raise"_qs).toBool())
                line += tr(", level raised");
            lines << line;
        }
        const int reminder = policy.value(u"reminder_seconds"_qs).toInt() / 60;
        if (reminder > 0 && level == u"critical"_qs)
            lines << tr("  then every %n min until resolved: a reminder", nullptr, reminder);
        lines << QString();
    }
    const QJsonArray windows = m_status.value(u"maintenance"_qs).toArray();
    lines << tr("Maintenance windows (alerts recorded, nobody notified):");
    if (windows.isEmpty())
        lines << tr("  none");
    for (const QJsonValue &v : windows) {
        const QJsonObject w = v.toObject();
        QStringList days;
        // Weekdays in the operator's language ("sat" → Sat / 土).
        static const QStringList names{u"mon"_qs, u"tue"_qs, u"wed"_qs, u"thu"_qs, u"fri"_qs, u"sat"_qs, u"sun"_qs};
        for (const QJsonValue &d : w.value(u"days"_qs).toArray()) {
            const qsizetype day = names.indexOf(d.toString().left(3).toLower());
            days << (day >= 0 ? QLocale().dayName(int(day) + 1, QLocale::ShortFormat) : d.toString());
        }
        QStringList matchers;
        for (const QJsonValue &m : w.value(u"matchers"_qs).toArray())
            matchers << m.toString();
        lines << tr("  %1: %2 from %3 for %n min (%4)%5", nullptr, w.value(u"duration_minutes"_qs).toInt())
                     .arg(w.value(u"name"_qs).toString(), days.join(u' '), w.value(u"start"_qs).toString(),
                          w.value(u"time_zone"_qs).toString(),
                          w.value(u"active"_qs).toBool() ? tr(" — now") : tr(" — next %1").arg(dateText(w.value(u"next_start"_qs))));
        if (!matchers.isEmpty())
            lines << tr("    only alerts matching %1").arg(matchers.join(u", "));
    }
    m_preview->setPlainText(lines.join(u'\n'));
}

void NotificationsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void NotificationsView::retranslateUi()
{
    m_channelsLabel->setText(tr("Notification channels"));
    m_previewLabel->setText(tr("Escalation: who hears of an alert, and when"));
    m_refresh->setText(tr("Refresh"));
    m_channels->setHorizontalHeaderLabels({tr("Channel"), tr("Last success"), tr("Queued"), tr("Last error")});
    fill();
}
