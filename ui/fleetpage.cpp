#include "ui/fleetpage.h"

#include "app/alertsmodel.h"
#include "app/errortext.h"
#include "app/fleetmodel.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "app/serverwatcher.h"

#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QVarLengthArray>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
// The figure on the right, its last minutes as a line on the left of the cell.
class SparklineDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString colour = index.data(FleetModel::ColourRole).toString();
        if (!colour.isEmpty()) {
            option->palette.setColor(QPalette::Text, QColor(colour));
            option->font.setBold(true);
        }
    }
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QList<double> values = index.data(FleetModel::HistoryRole).value<QList<double>>();
        if (values.size() < 2)
            return;
        // Scaled to its own range (at least 10 points of percent, or 2 tasks), so a change
        // shows; the newest figure is the number beside it.
        double low = values.first(), high = low;
        for (double v : values) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
        const double span = std::max(high - low, index.column() == FleetModel::Tasks ? 2.0 : 10.0);
        const double base = std::max(0.0, (low + high - span) / 2);
        const QRect area = option.rect.adjusted(6, 6, -option.rect.width() * 45 / 100, -6);
        if (area.width() < 20 || area.height() < 6)
            return;
        const double step = area.width() / double(std::max<qsizetype>(values.size() - 1, 20));
        QVarLengthArray<QPointF, FleetModel::HistoryLength> points;
        for (int i = 0; i < values.size(); ++i)
            points.append({area.left() + step * i, area.bottom() - area.height() * std::clamp((values.at(i) - base) / span, 0.0, 1.0)});
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const bool up = index.data(FleetModel::UpRole).toBool();
        QColor colour = up ? option.palette.color(QPalette::Highlight) : option.palette.color(QPalette::PlaceholderText);
        if (option.state & QStyle::State_Selected)
            colour = option.palette.color(QPalette::HighlightedText);
        painter->setPen(QPen(colour, 1.4));
        painter->drawPolyline(points.constData(), int(points.size()));
        painter->restore();
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const bool sparkline = index.column() >= FleetModel::Cpu && index.column() <= FleetModel::Tasks;
        return {size.width() + (sparkline ? 64 : 0), std::max(size.height(), 30)};
    }
};
} // namespace

FleetPage::FleetPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new FleetModel(this)), m_watcher(new ServerWatcher(this))
{
    auto serversChanged = [this] {
        // The Server column only while there are other servers to tell apart.
        m_table->setColumnHidden(FleetModel::Server, m_model->servers().isEmpty());
        updateSummary();
        Q_EMIT hostsChanged(m_model->hostCount(), m_model->downCount());
    };
    connect(m_watcher, &ServerWatcher::answered, this, [this, serversChanged](const QString &name, const QJsonObject &answer) {
        m_model->applyServer(name, answer, QDateTime::currentMSecsSinceEpoch());
        serversChanged();
    });
    connect(m_watcher, &ServerWatcher::unreachable, this, [this, serversChanged](const QString &name, const QString &why) {
        m_model->setServerUnreachable(name, why, QDateTime::currentMSecsSinceEpoch());
        serversChanged();
    });
    connect(m_watcher, &ServerWatcher::removed, this, [this, serversChanged](const QString &name) {
        m_model->removeServer(name);
        serversChanged();
    });
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"fleetSummary"_qs);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new SparklineDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Fixed rows and widths measured when the set of hosts changes, not on every answer: with
    // 200 hosts, measuring every cell every two seconds is most of the page's time.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(std::max(30, fontMetrics().height() + 12));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    m_table->setColumnHidden(FleetModel::Server, true); // until another server is watched
    m_table->setAlternatingRowColors(true);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_show = new QPushButton(this);
    m_show->setObjectName(u"fleetShowHost"_qs);
    m_show->setEnabled(false);
    auto chosen = [this] {
        const QModelIndex current = m_table->currentIndex();
        if (!current.isValid())
            return;
        const QString server = m_model->index(current.row(), FleetModel::Host).data(FleetModel::ServerRole).toString();
        if (!server.isEmpty())
            Q_EMIT serverChosen(server);
        else
            Q_EMIT hostChosen(m_model->index(current.row(), FleetModel::Host).data(FleetModel::HostRole).toString());
    };
    connect(m_table, &QTableView::activated, this, chosen);
    connect(m_show, &QPushButton::clicked, this, chosen);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, m_show,
            [this](const QModelIndex &current) { m_show->setEnabled(current.isValid()); });
    m_servers = new QPushButton(this);
    m_servers->setObjectName(u"fleetOtherServers"_qs);
    connect(m_servers, &QPushButton::clicked, this, &FleetPage::manageServersRequested);
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_servers);
    top->addWidget(m_show);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_hint);

    m_poll = new QTimer(this);
    m_poll->setInterval(2000);
    connect(m_poll, &QTimer::timeout, this, &FleetPage::reload);
    connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State state) {
        if (state == OpsClient::State::Connected) {
            reload();
            m_poll->start();
        } else {
            m_poll->stop();
        }
    });
    retranslateUi();
}

void FleetPage::reload()
{
    if (m_pending || m_client->state() != OpsClient::State::Connected)
        return;
    m_pending = true;
    m_client->request(u"fleet.hosts"_qs, {}, [this](const protocol::Result &r) {
        m_pending = false;
        if (!r.ok) {
            m_error = errorText(r.error);
            updateSummary();
            return;
        }
        m_error.clear();
        m_model->apply(r.data, QDateTime::currentMSecsSinceEpoch());
        updateSummary();
        Q_EMIT hostsChanged(m_model->hostCount(), m_model->downCount());
    }, 5000);
}

QString FleetPage::summaryText() const
{
    return m_summary->text();
}

void FleetPage::updateSummary()
{
    if (!m_error.isEmpty()) {
        m_summary->setText(tr("The fleet could not be read: %1").arg(m_error));
        return;
    }
    const int hosts = m_model->hostCount();
    if (hosts == 0) {
        m_summary->setText(tr("No host has reported yet."));
        return;
    }
    if (!m_model->storeError().isEmpty()) {
        m_summary->setText(tr("This daemon cannot reach the fleet's store (%1): the list is as of %2 and may be out of date.")
                               .arg(m_model->storeError(), formatting::dateTimeSeconds(m_model->asOfMs())));
        QPalette palette = m_summary->palette();
        palette.setColor(QPalette::WindowText, QColor(AlertsModel::levelColourName(u"critical"_qs)));
        m_summary->setPalette(palette);
        return;
    }
    QString text = tr("%n host(s)", nullptr, hosts);
    const int down = m_model->downCount();
    const int unreachable = m_model->unreachableCount();
    // "All up" only when nothing is down and every server answered: a server not reachable
    // may well have hosts that are down.
    if (down > 0)
        text = tr("%1 · %n down", nullptr, down).arg(text);
    else if (unreachable == 0)
        text = tr("%1 · all up").arg(text);
    if (const int others = int(m_model->servers().size()); others > 0)
        text = tr("%1 · %n other server(s)", nullptr, others).arg(text);
    if (unreachable > 0)
        text = tr("%1 · %n not reachable", nullptr, unreachable).arg(text);
    text = m_model->leader().isEmpty() ? tr("%1 · no leader: scheduled jobs and escalation wait").arg(text)
                                       : tr("%1 · leader %2 (term %3)").arg(text, m_model->leader()).arg(m_model->term());
    m_summary->setText(text);
    QPalette palette = m_summary->palette();
    palette.setColor(QPalette::WindowText, down > 0 || unreachable > 0 || m_model->leader().isEmpty() ? QColor(AlertsModel::levelColourName(u"critical"_qs))
                                                                                    : this->palette().color(QPalette::WindowText));
    m_summary->setPalette(palette);
}

void FleetPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void FleetPage::retranslateUi()
{
    m_title->setText(tr("Fleet"));
    m_show->setText(tr("Show on Dashboard and Health"));
    m_show->setToolTip(tr("Or double-click a host. A host of another server connects the window to that server."));
    m_servers->setText(tr("Other servers…"));
    m_servers->setToolTip(tr("Watch saved servers (independent daemons, each with its own store and sign-in) on this page."));
    m_hint->setText(tr("Every daemon on the same PostgreSQL store is a host of this fleet. A host that sends no heartbeat "
                       "for the fleet's down time is down and raises a host-down alert; the leader runs the scheduled jobs "
                       "and escalation for all of them. Hosts of other servers are watched through their own connections."));
    m_model->retranslate();
    m_table->resizeColumnsToContents(); // the words' widths changed
    updateSummary();
}
