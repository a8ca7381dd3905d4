#include "ui/alertspage.h"
#include "ui/hostfilter.h"
#include "app/messagetext.h"
#include "server/protocol/jsonlist.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "ui/alertingviews.h"
#include "server/protocol/protocol.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QIdentityProxyModel>
#include <QColor>
#include <QFont>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

QString AlertsPage::eventText(const QString &kind)
{
    if (kind == u"fired"_qs)
        return tr("fired");
    if (kind == u"acknowledged"_qs)
        return tr("acknowledged");
    if (kind == u"resolved"_qs)
        return tr("resolved");
    if (kind == u"escalated"_qs)
        return tr("escalated");
    if (kind == u"silenced"_qs)
        return tr("silenced");
    if (kind == u"unsilenced"_qs)
        return tr("silence over");
    if (kind == u"notified"_qs)
        return tr("notified");
    if (kind == u"notification_failed"_qs)
        return tr("notification failed");
    return kind;
}

namespace {
// How serious at a glance: the level's colour beside its name, and firing error and critical
// alerts in bold. Rows are the model's own (an identity proxy), so selections map one to one.
class AlertsStyle final : public QIdentityProxyModel {
public:
    AlertsStyle(QAbstractItemModel *source, QObject *parent)
        : QIdentityProxyModel(parent)
    {
        setSourceModel(source);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole && index.column() == AlertsModel::Level)
            return QColor(AlertsModel::levelColourName(QIdentityProxyModel::data(index, AlertsModel::RawLevelRole).toString()));
        if (role == Qt::FontRole) {
            const QString level = QIdentityProxyModel::data(index, AlertsModel::RawLevelRole).toString();
            const QString state = sourceModel()->index(index.row(), AlertsModel::State).data(AlertsModel::RawStateRole).toString();
            if (state == u"firing"_qs && (level == u"critical"_qs || level == u"error"_qs)) {
                QFont bold = QIdentityProxyModel::data(index, role).value<QFont>();
                bold.setBold(true);
                return bold;
            }
        }
        return QIdentityProxyModel::data(index, role);
    }
};
} // namespace

AlertsPage::AlertsPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new AlertsModel(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 12, 12, 12);
    m_tabs = new QTabWidget(this);
    outer->addWidget(m_tabs);
    auto *alertsTab = new QWidget(m_tabs);
    auto *layout = new QVBoxLayout(alertsTab);
    auto *bar = new QHBoxLayout;
    m_history = new QCheckBox(this);
    m_hostLabel = new QLabel(this);
    m_hostFilter = new QComboBox(this);
    m_hostFilter->setObjectName(u"alertsHostFilter"_qs);
    m_hostFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_hostFilter->addItem(QString(), QString());
    m_hostLabel->setBuddy(m_hostFilter);
    m_hostLabel->hide();
    m_hostFilter->hide();
    connect(m_hostFilter, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    m_refresh = new QPushButton(this);
    m_ack = new QPushButton(this);
    m_resolve = new QPushButton(this);
    m_silence = new QPushButton(this);
    bar->addWidget(m_history);
    bar->addWidget(m_hostLabel);
    bar->addWidget(m_hostFilter);
    bar->addStretch();
    for (QPushButton *b : {m_refresh, m_ack, m_resolve, m_silence})
        bar->addWidget(b);
    layout->addLayout(bar);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setModel(new AlertsStyle(m_model, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // several: bulk acknowledge
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(AlertsModel::Title, QHeaderView::Stretch);
    // Dates and ages are never cut off: those columns take the width their text needs.
    for (int column : {int(AlertsModel::Level), int(AlertsModel::State), int(AlertsModel::Since), int(AlertsModel::Age), int(AlertsModel::AckedBy),
                       int(AlertsModel::Host)})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    // The host column appears once alerts of more than one fleet host are listed.
    auto showHosts = [this] { m_table->setColumnHidden(AlertsModel::Host, m_model->hostCount() < 2); };
    showHosts();
    connect(m_model, &QAbstractItemModel::modelReset, this, showHosts);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, showHosts);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, showHosts);
    connect(m_model, &QAbstractItemModel::dataChanged, this, showHosts);
    auto *ageTimer = new QTimer(this);
    ageTimer->setInterval(10000);
    connect(ageTimer, &QTimer::timeout, m_model, [this] { m_model->tick(); });
    ageTimer->start();
    auto *detailBox = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detail = new QPlainTextEdit(detailBox);
    m_detail->setReadOnly(true);
    m_rawDetails = new QCheckBox(detailBox);
    connect(m_rawDetails, &QCheckBox::toggled, this, &AlertsPage::showDetail);
    detailLayout->addWidget(m_detail);
    detailLayout->addWidget(m_rawDetails);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_silences = new SilencesView(client, m_tabs);
    m_rules = new RulesView(client, m_tabs);
    m_notifications = new NotificationsView(client, m_tabs);
    m_tabs->addTab(alertsTab, QString());
    m_tabs->addTab(m_silences, QString());
    m_tabs->addTab(m_rules, QString());
    m_tabs->addTab(m_notifications, QString());
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == SilencesTab)
            m_silences->reload();
        else if (index == RulesTab)
            m_rules->reload();
        else if (index == NotificationsTab)
            m_notifications->reload();
    });
    connect(m_silence, &QPushButton::clicked, this, &AlertsPage::silenceSelected);

    connect(m_history, &QCheckBox::toggled, this, &AlertsPage::reload);
    connect(m_refresh, &QPushButton::clicked, this, &AlertsPage::reload);
    connect(m_ack, &QPushButton::clicked, this, [this] { acknowledgeSelected(); });
    connect(m_resolve, &QPushButton::clicked, this, [this] { resolveSelected(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { Q_EMIT unacknowledgedChanged(m_model->unacknowledged()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlertsPage::showDetail);
    if (m_client) {
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State s) {
            if (s == OpsClient::State::Connected)
                reload();
        });
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type != protocol::Type::AlertUpdate)
                return;
            QString error;
            const auto alert = protocol::Alert::fromJson(data, &error);
            if (!alert)
                return;
            // A new error or critical is announced once, whichever host the list is filtered to.
            const bool serious = alert->state == u"firing"_qs && (alert->level == u"error"_qs || alert->level == u"critical"_qs);
            const bool listed = hostFilter().isEmpty() || alert->host == hostFilter();
            const bool isNew = std::none_of(m_model->alerts().begin(), m_model->alerts().end(),
                                            [&](const protocol::Alert &a) { return a.id == alert->id; });
            const bool announce = serious && (listed ? isNew : true) && !m_announced.contains(alert->id);
            if (serious) {
                if (m_announced.size() > 5000)
                    m_announced.clear();
                m_announced.insert(alert->id);
            }
            if (listed) {
                const QString selected = selectedId();
                m_model->apply({*alert}, !m_history->isChecked());
                selectIfShown(selected);
                m_status->setText(m_model->rowCount() == 0 ? tr("No alerts.") : QString());
            }
            if (announce)
                Q_EMIT alertRaised(*alert);
        });
    }
    retranslateUi();
}

QStringList AlertsPage::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << m_model->index(index.row(), 0).data(AlertsModel::AlertIdRole).toString();
    return ids;
}

void AlertsPage::selectAll()
{
    m_table->selectAll();
}

void AlertsPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void AlertsPage::silenceSelected()
{
    QStringList matchers;
    const QString id = selectedId();
    for (const protocol::Alert &a : m_model->alerts()) {
        if (a.id == id) {
            matchers << u"rule="_qs + a.rule;
            const QJsonObject labels = a.details.value(u"labels"_qs).toObject();
            for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
                matchers << it.key() + u'=' + it.value().toString();
        }
    }
    m_silences->createSilence(matchers);
}

QString AlertsPage::selectedId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->index(current.row(), 0).data(AlertsModel::AlertIdRole).toString() : QString();
}

bool AlertsPage::selectIfShown(const QString &id)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(AlertsModel::AlertIdRole).toString() == id) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

void AlertsPage::selectAlert(const QString &id)
{
    if (selectIfShown(id))
        return;
    // Not among the open alerts (a resolved one, from a chart's marker): show the history and
    // select it when that has loaded.
    if (!id.isEmpty() && !m_history->isChecked()) {
        m_pendingSelection = id;
        m_history->setChecked(true);
    }
}

QString AlertsPage::statusText() const
{
    return m_status->text();
}

void AlertsPage::reload()
{
    if (!m_client)
        return;
    QJsonObject data{{u"active"_qs, !m_history->isChecked()}, {u"limit"_qs, 500}};
    const QString host = hostFilter();
    if (!host.isEmpty())
        data.insert(u"host"_qs, host);
    m_client->request(u"alerts.list"_qs, data, [this, host](const protocol::Result &r) {
        if (host != hostFilter())
            return; // another filter was chosen meanwhile
        if (!r.ok) {
            m_status->setText(errorText(r.error.code));
            return;
        }
        const QList<protocol::Alert> alerts = protocol::listFromJson<protocol::Alert>(r.data.value(u"alerts"_qs).toArray());
        const QString selected = m_pendingSelection.isEmpty() ? selectedId() : m_pendingSelection;
        m_pendingSelection.clear();
        m_model->setAlerts(alerts);
        if (!selectIfShown(selected))
            showDetail(); // the alert shown before is not listed now (another host, resolved)
        m_loaded = true;
        m_status->setText(alerts.isEmpty() ? tr("No alerts.") : QString());
    });
}

void AlertsPage::showDetail()
{
    const QString id = selectedId();
    m_ack->setEnabled(false);
    m_resolve->setEnabled(false);
    if (id.isEmpty() || !m_client) {
        m_detail->clear();
        return;
    }
    m_client->request(u"alert.get"_qs, {{u"id"_qs, id}}, [this, id](const protocol::Result &r) {
        if (!r.ok || id != selectedId())
            return;
        QString error;
        const auto a = protocol::Alert::fromJson(r.data, &error);
        if (!a)
            return;
        // The daemon's message key, worded here in the operator's language; its English text
        // otherwise. The daemon's own data stays one click away (Raw data).
        QStringList lines{messages::alertTitle(*a), messages::alertMessage(*a), QString()};
        lines << tr("Level: %1   State: %2").arg(AlertsModel::levelText(a->level), AlertsModel::stateText(a->state));
        lines << tr("Fired: %1").arg(formatting::dateTime(a->firedAtMs));
        if (!a->acknowledgedBy.isEmpty())
            lines << tr("Acknowledged by %1 at %2: %3").arg(a->acknowledgedBy, formatting::dateTime(a->acknowledgedAtMs), a->ackComment);
        if (a->resolvedAtMs > 0)
            lines << tr("Resolved: %1 (after %2)").arg(formatting::dateTime(a->resolvedAtMs), AlertsModel::durationText(a->resolvedAtMs - a->firedAtMs));
        lines << QString() << tr("Timeline:");
        for (const QJsonValue &v : a->timeline) {
            const QJsonObject e = v.toObject();
            const QString kind = e.value(u"kind"_qs).toString();
            QString sentence = messages::eventText(kind, e.value(u"detail"_qs).toObject());
            if (sentence.isEmpty())
                sentence = eventText(kind);
            lines << QStringLiteral("  %1  %2").arg(formatting::dateTime(protocol::parseIsoTimestamp(e.value(u"timestamp"_qs).toString())), sentence);
        }
        if (m_rawDetails->isChecked()) {
            lines << QString() << tr("Raw data from the daemon:")
                  << QString::fromUtf8(QJsonDocument(r.data).toJson(QJsonDocument::Indented));
        }
        m_detail->setPlainText(lines.join(u'\n'));
        // Several selected: acknowledge those that still fire.
        const QStringList ids = selectedIds();
        m_ack->setEnabled(std::any_of(m_model->alerts().begin(), m_model->alerts().end(), [&](const protocol::Alert &x) {
            return ids.contains(x.id) && x.state == u"firing"_qs;
        }));
        m_resolve->setEnabled(a->state != u"resolved"_qs);
    });
}

void AlertsPage::change(const QString &type, const QString &comment)
{
    // One request per alert, so each is checked and audited on its own.
    QStringList ids = selectedIds();
    if (type == u"alert.ack"_qs) {
        ids.removeIf([this](const QString &id) {
            return std::none_of(m_model->alerts().begin(), m_model->alerts().end(),
                                [&](const protocol::Alert &a) { return a.id == id && a.state == u"firing"_qs; });
        });
    }
    if (ids.isEmpty() || !m_client)
        return;
    auto pending = std::make_shared<int>(int(ids.size()));
    auto failures = std::make_shared<QStringList>();
    for (const QString &id : std::as_const(ids)) {
        m_client->request(type, {{u"id"_qs, id}, {u"comment"_qs, comment}}, [this, pending, failures, total = ids.size()](const protocol::Result &r) {
            if (!r.ok) {
                failures->append(errorText(r.error.code)); // e.g. a viewer: "Your role does not allow this action."
            } else {
                QString error;
                if (auto a = protocol::Alert::fromJson(r.data, &error))
                    m_model->apply({*a}, !m_history->isChecked());
            }
            if (--*pending > 0)
                return;
            failures->removeDuplicates();
            if (failures->isEmpty())
                m_status->setText(total > 1 ? tr("%n alert(s) updated.", nullptr, int(total)) : QString());
            else
                m_status->setText(failures->join(u' '));
            showDetail();
        });
    }
}

void AlertsPage::acknowledgeSelected(const QString &comment)
{
    QString text = comment;
    if (text.isNull()) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Acknowledge alert"), tr("Comment (who is on it, what is being done):"),
                                     QLineEdit::Normal, QString(), &ok);
        if (!ok)
            return;
    }
    change(u"alert.ack"_qs, text);
}

void AlertsPage::resolveSelected(const QString &comment)
{
    QString text = comment;
    if (text.isNull()) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Resolve alert"), tr("Comment:"), QLineEdit::Normal, QString(), &ok);
        if (!ok)
            return;
    }
    change(u"alert.resolve"_qs, text);
}

void AlertsPage::setHosts(const QStringList &hosts)
{
    if (hostfilter::setHosts(m_hostFilter, hosts))
        reload(); // the filtered host left the fleet: every host's again
    const bool several = hosts.size() > 1 || m_hostFilter->currentIndex() > 0;
    m_hostLabel->setVisible(several);
    m_hostFilter->setVisible(several);
}

void AlertsPage::setHostFilter(const QString &host)
{
    hostfilter::choose(m_hostFilter, host);
}

QString AlertsPage::hostFilter() const
{
    return m_hostFilter->currentData().toString();
}

void AlertsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AlertsPage::retranslateUi()
{
    m_history->setText(tr("Show resolved alerts too"));
    m_hostLabel->setText(tr("&Host:"));
    m_hostFilter->setItemText(0, tr("All hosts"));
    m_rawDetails->setText(tr("Show the daemon's raw data"));
    showDetail(); // the detail is worded in the language now chosen
    m_refresh->setText(tr("Refresh"));
    m_ack->setText(tr("Acknowledge…"));
    m_resolve->setText(tr("Resolve…"));
    m_silence->setText(tr("Silence…"));
    m_tabs->setTabText(AlertsTab, tr("Alerts"));
    m_tabs->setTabText(SilencesTab, tr("Silences"));
    m_tabs->setTabText(RulesTab, tr("Rules"));
    m_tabs->setTabText(NotificationsTab, tr("Notifications"));
    m_model->retranslate();
    if (m_status->text() == m_noAlertsText || m_status->text().isEmpty())
        m_status->setText(m_model->rowCount() == 0 && m_loaded ? tr("No alerts.") : QString());
    m_noAlertsText = tr("No alerts.");
    showDetail();
}
