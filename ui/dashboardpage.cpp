#include "ui/dashboardpage.h"
#include "server/protocol/jsonlist.h"

#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"
#include "ui/metricchart.h"
#include "ui/metrictile.h"

#include "app/alertsmodel.h"
#include "app/messagetext.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
constexpr int CustomId = 100;
constexpr int MaxAlertMarkers = 500; // as many as the first alerts.list asks for
const QStringList TileKeys = {QStringLiteral("cpu_percent"), QStringLiteral("memory.percent"), QStringLiteral("disk.percent"),
                              QStringLiteral("tasks.running_tasks"), QStringLiteral("tasks.completed_today"),
                              QStringLiteral("tasks.success_rate")};
}

DashboardPage::DashboardPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_figures(new CurrentMetricsModel(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *content = new QWidget;
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);

    m_staleBanner = new QLabel(content);
    m_staleBanner->setTextFormat(Qt::PlainText);
    m_staleBanner->setWordWrap(true);
    m_staleBanner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a3a3;"
                                                "border-radius: 4px; padding: 8px; font-weight: bold; }"));
    m_staleBanner->hide();
    layout->addWidget(m_staleBanner);

    auto *hostBar = new QHBoxLayout;
    m_hostLine = new QLabel(content);
    m_hostLine->setObjectName(u"dashboardHost"_qs);
    m_hostLine->setTextFormat(Qt::PlainText);
    m_hostLine->setWordWrap(true);
    QFont hostFont = m_hostLine->font();
    hostFont.setBold(true);
    m_hostLine->setFont(hostFont);
    m_ownHostButton = new QPushButton(content);
    m_ownHostButton->hide();
    connect(m_ownHostButton, &QPushButton::clicked, this, &DashboardPage::ownHostRequested);
    hostBar->addWidget(m_hostLine, 1);
    hostBar->addWidget(m_ownHostButton);
    layout->addLayout(hostBar);

    auto *bar = new QHBoxLayout;
    m_rangeLabel = new QLabel(content);
    bar->addWidget(m_rangeLabel);
    m_rangeButtons = new QButtonGroup(this);
    for (Range r : {Range::Live5Min, Range::Hour, Range::Day, Range::Week}) {
        auto *b = new QPushButton(content);
        b->setCheckable(true);
        b->setChecked(r == m_range);
        m_rangeButtons->addButton(b, int(r));
        bar->addWidget(b);
    }
    m_customButton = new QPushButton(content);
    m_customButton->setCheckable(true);
    m_rangeButtons->addButton(m_customButton, CustomId);
    bar->addWidget(m_customButton);
    connect(m_rangeButtons, &QButtonGroup::idClicked, this, [this](int id) {
        if (id == CustomId) {
            // The button shows the state; the dialog changes it.
            m_customButton->setChecked(!m_live);
            if (m_live)
                m_rangeButtons->button(int(m_range))->setChecked(true);
            openRangeDialog();
            return;
        }
        setRange(Range(id));
    });
    m_windowLabel = new QLabel(content);
    m_windowLabel->setTextFormat(Qt::PlainText);
    bar->addWidget(m_windowLabel);
    m_liveButton = new QPushButton(content);
    m_liveButton->hide();
    connect(m_liveButton, &QPushButton::clicked, this, &DashboardPage::goLive);
    bar->addWidget(m_liveButton);
    bar->addStretch();
    m_demoBadge = new QLabel(content);
    m_demoBadge->setTextFormat(Qt::PlainText);
    m_demoBadge->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #6b4f00; border-radius: 4px; padding: 3px 8px; }"));
    m_demoBadge->hide();
    bar->addWidget(m_demoBadge);
    m_perCore = new QCheckBox(content);
    connect(m_perCore, &QCheckBox::toggled, this, [this] {
        rebuildDiskAndCpuLines();
        refresh();
    });
    bar->addWidget(m_perCore);
    layout->addLayout(bar);

    auto *tiles = new QHBoxLayout;
    for (const QString &key : TileKeys) {
        auto *tile = new MetricTile(content);
        m_tiles.insert(key, tile);
        tiles->addWidget(tile);
    }
    layout->addLayout(tiles);
    auto *lines = new QHBoxLayout;
    m_serviceLine = new QLabel(content);
    m_backupLine = new QLabel(content);
    for (QLabel *l : {m_serviceLine, m_backupLine}) {
        l->setTextFormat(Qt::PlainText);
        lines->addWidget(l);
    }
    lines->addStretch();
    layout->addLayout(lines);

    auto *grid = new QGridLayout;
    grid->setSpacing(8);
    m_cpuChart = new MetricChart(content);
    m_memoryChart = new MetricChart(content);
    m_diskChart = new MetricChart(content);
    m_networkChart = new MetricChart(content);
    m_tasksChart = new MetricChart(content);
    m_successChart = new MetricChart(content);
    m_loadChart = new MetricChart(content);
    m_diskIoChart = new MetricChart(content);
    // Host first (CPU and load, memory and disk), then traffic, then the task queue.
    m_charts = {m_cpuChart, m_loadChart, m_memoryChart, m_diskChart, m_diskIoChart, m_networkChart, m_tasksChart, m_successChart};
    for (MetricChart *percentChart : {m_cpuChart, m_memoryChart, m_diskChart, m_successChart}) {
        percentChart->setFixedRange(0, 100);
        percentChart->setFormatter([](double v) { return formatting::percent(v); });
    }
    for (MetricChart *rateChart : {m_networkChart, m_diskIoChart}) {
        rateChart->setFormatter([](double v) { return formatting::bytesPerSecond(v); });
        rateChart->setByteRate(true);
    }
    m_loadChart->setFormatter([](double v) { return QLocale().toString(v, 'f', 2); });
    for (MetricChart *chart : std::as_const(m_charts)) {
        connect(chart, &MetricChart::hoverTimeChanged, this, &DashboardPage::setCrosshair);
        connect(chart, &MetricChart::windowRequested, this, &DashboardPage::setWindow);
        connect(chart, &MetricChart::liveRequested, this, &DashboardPage::goLive);
        connect(chart, &MetricChart::markerActivated, this, [this](const QVariant &data) { Q_EMIT markerActivated(data.toMap()); });
    }
    // Wheel and pan move the window many times a second: history is asked for once it rests.
    m_historyTimer = new QTimer(this);
    m_historyTimer->setSingleShot(true);
    m_historyTimer->setInterval(250);
    connect(m_historyTimer, &QTimer::timeout, this, &DashboardPage::requestHistory);
    m_tasksChart->setFormatter([](double v) { return formatting::count(v); });
    for (int i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts.at(i), i / 2, i % 2);
    layout->addLayout(grid, 1);

    m_table = new QTableView(content);
    m_table->setModel(m_figures);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * (m_figures->rowCount() + 1) + 6);
    layout->addWidget(m_table);

    if (m_client) {
        connect(m_client, &OpsClient::sampleReceived, this, [this](const protocol::MetricsSample &sample) {
            if (m_host.isEmpty())
                ingest(sample);
        });
        connect(m_client, &OpsClient::hostSampleReceived, this, [this](const protocol::MetricsSample &sample) {
            if (!m_host.isEmpty() && sample.host == m_host)
                ingest(sample);
        });
        connect(m_client, &OpsClient::historyReceived, this, [this](const QList<protocol::MetricsSample> &samples) {
            if (!m_host.isEmpty())
                return; // the daemon's own gap after a reconnect; another host's history is asked for below
            m_buffer.add(samples);
            m_chartsDirty = true;
            refresh();
        });
        connect(m_client, &OpsClient::staleChanged, this, &DashboardPage::setStale);
        // The banner's age counts up while nothing arrives.
        auto *ageTimer = new QTimer(this);
        ageTimer->setInterval(1000);
        connect(ageTimer, &QTimer::timeout, this, [this] {
            if (!m_staleBanner->isHidden())
                setStale(true);
        });
        ageTimer->start();
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State state) {
            if (state == OpsClient::State::Connected && (m_buffer.size() < 2 || !m_live))
                requestHistory();
            if (state == OpsClient::State::Connected) {
                updateHostLine();
                requestBackupSummary();
                requestRules();
                requestAlerts();
            }
        });
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type == protocol::Type::BackupProgress && data.value(u"state"_qs).toString() != u"running"_qs)
                requestBackupSummary();
            const QString alertHost = data.value(u"host"_qs).toString();
            if (type == protocol::Type::AlertUpdate && data.value(u"id"_qs).isString()
                && (alertHost.isEmpty() || effectiveHost().isEmpty() || alertHost == effectiveHost())) {
                m_alertEvents.insert(data.value(u"id"_qs).toString(), data);
                // At most the newest MaxAlertMarkers alerts are marked, whatever a daemon sends.
                while (m_alertEvents.size() > MaxAlertMarkers) {
                    auto oldest = m_alertEvents.begin();
                    for (auto it = m_alertEvents.begin(); it != m_alertEvents.end(); ++it) {
                        if (it->value(u"timestamp"_qs).toString() < oldest->value(u"timestamp"_qs).toString())
                            oldest = it;
                    }
                    m_alertEvents.erase(oldest);
                }
                rebuildMarkers();
            }
        });
    }
    rebuildDiskAndCpuLines();
    retranslateUi();
    setRange(Range::Live5Min);
}

qint64 DashboardPage::rangeMs(Range range)
{
    switch (range) {
    case Range::Live5Min: return 5LL * 60000;
    case Range::Hour: return 3600000;
    case Range::Day: return 86400000;
    case Range::Week: return 7LL * 86400000;
    }
    return 300000;
}

int DashboardPage::rangeStepSeconds(Range range)
{
    switch (range) {
    case Range::Live5Min: return 0;
    case Range::Hour: return 0;
    case Range::Day: return 60;
    case Range::Week: return 600;
    }
    return 0;
}

MetricTile *DashboardPage::tile(const QString &key) const
{
    return m_tiles.value(key);
}

void DashboardPage::setRange(Range range)
{
    m_range = range;
    m_live = true;
    m_chartsDirty = true;
    if (QAbstractButton *b = m_rangeButtons->button(int(range)))
        b->setChecked(true);
    updateWindowLabel();
    requestHistory();
    refresh();
    Q_EMIT rangeChanged(range);
    Q_EMIT windowChanged(true);
}

void DashboardPage::goLive()
{
    if (!m_live)
        setRange(m_range);
}

qint64 DashboardPage::windowFrom() const
{
    return m_live ? windowTo() - rangeMs(m_range) : m_viewFrom;
}

qint64 DashboardPage::windowTo() const
{
    if (!m_live)
        return m_viewTo;
    const auto &latest = m_buffer.latest();
    return qMax(QDateTime::currentMSecsSinceEpoch(), latest ? latest->timestampMs : 0);
}

void DashboardPage::setWindow(qint64 fromMs, qint64 toMs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 oldest = now - 8LL * 86400000;
    const qint64 span = qBound<qint64>(10000, toMs - fromMs, now - oldest);
    qint64 to = qMin(toMs, now);
    if (to - span < oldest)
        to = oldest + span;
    m_viewFrom = to - span;
    m_viewTo = to;
    m_live = false;
    m_chartsDirty = true;
    m_customButton->setChecked(true);
    updateWindowLabel();
    m_historyTimer->start();
    refresh();
    Q_EMIT windowChanged(false);
}

void DashboardPage::openRangeDialog()
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"rangeDialog"_qs);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Custom range"));
    auto *form = new QFormLayout(dialog);
    auto *from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(windowFrom()), dialog);
    auto *to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(windowTo()), dialog);
    from->setObjectName(u"from"_qs);
    to->setObjectName(u"to"_qs);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {from, to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_qs);
        edit->setDateTimeRange(now.addDays(-8), now.addSecs(60));
    }
    form->addRow(tr("From:"), from);
    form->addRow(tr("To:"), to);
    auto *note = new QLabel(dialog);
    note->setObjectName(u"note"_qs);
    note->setTextFormat(Qt::PlainText);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    auto validate = [from, to, note, buttons] {
        const bool ok = from->dateTime() < to->dateTime();
        note->setText(ok ? QString() : tr("The start must be before the end."));
        buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    };
    connect(from, &QDateTimeEdit::dateTimeChanged, dialog, validate);
    connect(to, &QDateTimeEdit::dateTimeChanged, dialog, validate);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, from, to] {
        setWindow(from->dateTime().toMSecsSinceEpoch(), to->dateTime().toMSecsSinceEpoch());
        dialog->accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    validate();
    dialog->open();
}

void DashboardPage::updateWindowLabel()
{
    m_liveButton->setVisible(!m_live);
    m_windowLabel->setVisible(!m_live);
    if (!m_live)
        m_windowLabel->setText(tr("%1 – %2").arg(formatting::dateTimeSeconds(m_viewFrom), formatting::dateTimeSeconds(m_viewTo)));
}

void DashboardPage::setCrosshair(qint64 ms)
{
    m_hoverMs = ms;
    for (MetricChart *chart : std::as_const(m_charts))
        chart->setCrosshair(ms);
}

MetricChart *DashboardPage::chart(const QString &lineKey) const
{
    for (MetricChart *c : m_charts) {
        if (c->hasLine(lineKey))
            return c;
    }
    return nullptr;
}

void DashboardPage::requestHistory()
{
    if (!m_client || m_client->state() != OpsClient::State::Connected)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonObject data;
    if (m_live) {
        data = {{u"from"_qs, protocol::isoTimestamp(now - rangeMs(m_range))}, {u"step"_qs, rangeStepSeconds(m_range)}};
    } else {
        // The resolution the window needs: at most about 2,000 samples; raw samples when the
        // daemon's own cadence already gives that few, else the next round step.
        const qint64 spanSeconds = (m_viewTo - m_viewFrom) / 1000;
        int step = int((spanSeconds + 1999) / 2000);
        if (qint64(step) * 1000 <= m_client->intervalMs()) {
            step = 0;
        } else {
            for (int nice : {10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400}) {
                if (nice >= step) {
                    step = nice;
                    break;
                }
            }
        }
        data = {{u"from"_qs, protocol::isoTimestamp(m_viewFrom)}, {u"to"_qs, protocol::isoTimestamp(m_viewTo)}, {u"step"_qs, step}};
    }
    if (!m_host.isEmpty())
        data.insert(u"host"_qs, m_host);
    const quint64 generation = ++m_historyGeneration;
    m_client->request(QStringLiteral("metrics.history"), data, [this, generation](const protocol::Result &r) {
        if (!r.ok || generation != m_historyGeneration)
            return; // a newer window (or another host) was asked for meanwhile
        m_buffer.add(protocol::listFromJson<protocol::MetricsSample>(r.data.value(u"samples"_qs).toArray()));
        m_chartsDirty = true;
        refresh();
    });
}

void DashboardPage::requestRules()
{
    m_client->request(u"alert_rules.list"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok)
            return; // no thresholds drawn; the Alerts page says why
        m_rules = r.data.value(u"rules"_qs).toArray();
        rebuildThresholds();
    });
}

void DashboardPage::requestAlerts()
{
    QJsonObject data{{u"active"_qs, false}, {u"limit"_qs, 500}};
    // The markers are the shown host's alerts (a daemon before the fleet names no host).
    if (!effectiveHost().isEmpty())
        data.insert(u"host"_qs, effectiveHost());
    const QString host = m_host;
    m_client->request(u"alerts.list"_qs, data, [this, host](const protocol::Result &r) {
        if (!r.ok || host != m_host)
            return;
        m_alertEvents.clear();
        for (const QJsonValue &v : r.data.value(u"alerts"_qs).toArray())
            m_alertEvents.insert(v.toObject().value(u"id"_qs).toString(), v.toObject());
        rebuildMarkers();
    });
}

// Each enabled rule's threshold on the chart that draws its series.
void DashboardPage::rebuildThresholds()
{
    QHash<MetricChart *, QList<MetricChart::Threshold>> perChart;
    for (const QJsonValue &v : std::as_const(m_rules)) {
        const QJsonObject rule = v.toObject();
        if (!rule.value(u"enabled"_qs).toBool(true) || !rule.value(u"threshold"_qs).isDouble())
            continue;
        MetricChart *c = chart(rule.value(u"series"_qs).toString());
        if (!c)
            continue;
        const QString level = rule.value(u"level"_qs).toString();
        perChart[c].append({rule.value(u"threshold"_qs).toDouble(),
                            tr("Alert rule %1 (%2): %3")
                                .arg(rule.value(u"name"_qs).toString(), AlertsModel::levelText(level), rule.value(u"expression"_qs).toString()),
                            QColor(AlertsModel::levelColourName(level))});
    }
    for (MetricChart *c : std::as_const(m_charts))
        c->setThresholds(perChart.value(c));
    m_chartsDirty = true;
    refresh();
}

// Events on every chart's time axis: alerts firing and resolving, backups, the daemon's start.
void DashboardPage::rebuildMarkers()
{
    QList<MetricChart::Marker> markers;
    for (const QJsonObject &a : std::as_const(m_alertEvents)) {
        const QString id = a.value(u"id"_qs).toString();
        const QString level = a.value(u"level"_qs).toString();
        QString error;
        const auto alert = protocol::Alert::fromJson(a, &error);
        const QString title = alert ? messages::alertTitle(*alert) : a.value(u"title"_qs).toString();
        const QVariantMap data{{u"kind"_qs, u"alert"_qs}, {u"id"_qs, id}};
        const qint64 fired = protocol::parseIsoTimestamp(a.value(u"timestamp"_qs).toString());
        if (fired > 0)
            markers.append({fired, tr("Alert fired (%1): %2").arg(AlertsModel::levelText(level), title),
                            QColor(AlertsModel::levelColourName(level)), data});
        const qint64 resolved = a.value(u"resolved_at"_qs).isString() ? protocol::parseIsoTimestamp(a.value(u"resolved_at"_qs).toString()) : -1;
        if (resolved > 0)
            markers.append({resolved, tr("Alert resolved: %1").arg(title), QColor(u"#2e7d32"_qs), data});
    }
    for (const QJsonValue &v : std::as_const(m_backupList)) {
        const QJsonObject b = v.toObject();
        const qint64 created = protocol::parseIsoTimestamp(b.value(u"created"_qs).toString());
        if (created > 0)
            markers.append({created, tr("Backup %1").arg(b.value(u"name"_qs).toString()), QColor(u"#6a1b9a"_qs),
                            QVariantMap{{u"kind"_qs, u"backup"_qs}, {u"name"_qs, b.value(u"name"_qs).toString()}}});
    }
    if (m_daemonStart > 0)
        markers.append({m_daemonStart, tr("Daemon started"), QColor(u"#546e7a"_qs), QVariantMap{{u"kind"_qs, u"start"_qs}}});
    std::sort(markers.begin(), markers.end(), [](const MetricChart::Marker &a, const MetricChart::Marker &b) { return a.ms < b.ms; });
    for (MetricChart *c : std::as_const(m_charts))
        c->setMarkers(markers);
}

QString DashboardPage::effectiveHost() const
{
    return !m_host.isEmpty() ? m_host : m_client ? m_client->hostName() : QString();
}

void DashboardPage::setHost(const QString &host)
{
    const QString wanted = m_client && host == m_client->hostName() ? QString() : host;
    if (wanted == m_host)
        return;
    m_host = wanted;
    m_hostDownSince = -1;
    if (m_client)
        m_client->watchHost(m_host);
    // Another host's figures: nothing of the previous host stays on the charts.
    m_buffer.clear();
    m_alertEvents.clear();
    m_daemonStart = -1;
    m_chartsDirty = true;
    m_drawnColumn = -1;
    updateHostLine();
    rebuildMarkers();
    refresh();
    requestHistory();
    if (m_client && m_client->state() == OpsClient::State::Connected)
        requestAlerts();
}

void DashboardPage::setHostDown(qint64 downSinceMs)
{
    if (downSinceMs == m_hostDownSince)
        return;
    m_hostDownSince = downSinceMs;
    updateHostLine();
}

QString DashboardPage::hostText() const
{
    return m_hostLine->text();
}

void DashboardPage::updateHostLine()
{
    const QString own = m_client ? m_client->hostName() : QString();
    m_ownHostButton->setVisible(!m_host.isEmpty());
    m_ownHostButton->setText(own.isEmpty() ? tr("Back to this daemon's host") : tr("Back to %1 (this daemon)").arg(own));
    QPalette palette = m_hostLine->palette();
    palette.setColor(QPalette::WindowText, this->palette().color(QPalette::WindowText));
    if (m_host.isEmpty()) {
        m_hostLine->setText(own.isEmpty() ? QString() : tr("Host: %1 (this daemon)").arg(own));
    } else if (m_hostDownSince >= 0) {
        m_hostLine->setText(tr("Host: %1 — down: no heartbeat since %2; its figures stop there")
                                .arg(m_host, formatting::dateTime(m_hostDownSince)));
        palette.setColor(QPalette::WindowText, QColor(AlertsModel::levelColourName(u"critical"_qs)));
    } else {
        m_hostLine->setText(own.isEmpty() ? tr("Host: %1 (through this daemon)").arg(m_host)
                                          : tr("Host: %1 (through %2)").arg(m_host, own));
    }
    m_hostLine->setPalette(palette);
    m_hostLine->setVisible(!m_hostLine->text().isEmpty());
}

void DashboardPage::ingest(const protocol::MetricsSample &sample)
{
    m_buffer.add(sample);
    if (!m_live && sample.timestampMs >= m_viewFrom && sample.timestampMs <= m_viewTo)
        m_chartsDirty = true;
    // Several samples in one event-loop pass (history, then pushes) make one redraw.
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshQueued = false;
        refresh();
    });
}

void DashboardPage::rebuildDiskAndCpuLines()
{
    QList<MetricChart::Line> cpu{{QStringLiteral("cpu_percent"), tr("Total")}};
    if (m_perCore->isChecked()) {
        for (int i = 0; i < m_cores; ++i)
            cpu.append({QStringLiteral("cpu_core.%1").arg(i), tr("Core %1").arg(i)});
    }
    m_cpuChart->setLines(cpu);
    m_chartsDirty = true;
    QList<MetricChart::Line> disks;
    for (const QString &mount : std::as_const(m_mounts))
        disks.append({QStringLiteral("mount.%1.percent").arg(mount), mount});
    if (disks.isEmpty())
        disks.append({QStringLiteral("disk.percent"), QStringLiteral("/")});
    m_diskChart->setLines(disks);
}

void DashboardPage::refresh()
{
    QElapsedTimer timer;
    timer.start();
    const auto &latest = m_buffer.latest();
    if (latest) {
        QStringList mounts;
        for (const auto &d : latest->system.disks)
            mounts.append(d.mountpoint);
        const int cores = int(latest->system.cpuPerCore.size());
        if (mounts != m_mounts || cores != m_cores) {
            m_mounts = mounts;
            m_cores = cores;
            rebuildDiskAndCpuLines();
        }
        m_demoBadge->setVisible(latest->demo);
        // The daemon (re)started: its start is a marker.
        const qint64 started = latest->performance.uptime > 0 ? latest->timestampMs - qint64(latest->performance.uptime * 1000) : -1;
        if (std::abs(started - m_daemonStart) > 2000) {
            m_daemonStart = started;
            rebuildMarkers();
        }
    }
    const qint64 end = windowTo();
    const qint64 begin = windowFrom();
    // Live ranges redraw on every sample. Over a day or a week a decimation column (one per
    // 3 pixels) spans minutes, so the charts are redrawn when one fills, or on new history, a
    // new range or size; tiles and figures follow every sample. A fixed window is redrawn
    // when something in it changed.
    const bool longRange = !m_live || m_range == Range::Day || m_range == Range::Week;
    const qint64 columnMs = qMax<qint64>(1, (end - begin) / qMax(1, m_charts.first()->plotColumns()));
    const qint64 column = m_live ? end / columnMs : m_drawnColumn;
    if (m_chartsDirty || !longRange || column != m_drawnColumn) {
        for (MetricChart *chart : std::as_const(m_charts)) {
            if (m_client)
                chart->setSampleInterval(m_client->intervalMs());
            chart->setTimeRange(begin, end);
            chart->updateFrom(m_buffer);
        }
        m_drawnColumn = column;
        m_chartsDirty = false;
    }
    m_figures->refresh(m_buffer, begin, end);
    updateTiles();
    m_lastRefreshMicros = timer.nsecsElapsed() / 1000;
}

void DashboardPage::requestBackupSummary()
{
    if (!m_client)
        return;
    m_client->request(u"backups.list"_qs, {}, [this](const protocol::Result &r) {
        if (!r.ok)
            return; // a daemon without backups: the line stays empty
        m_backupSummary = r.data.value(u"summary"_qs).toObject();
        m_backupList = r.data.value(u"backups"_qs).toArray();
        updateBackupLine();
        rebuildMarkers();
    });
}

void DashboardPage::updateBackupLine()
{
    if (m_backupSummary.isEmpty()) {
        m_backupLine->clear();
        return;
    }
    auto when = [](const QJsonValue &v) {
        return v.isString() ? formatting::dateTime(protocol::parseIsoTimestamp(v.toString())) : tr("never");
    };
    m_backupLine->setText(tr("Backups: last %1 · proven restorable %2")
                              .arg(when(m_backupSummary.value(u"last_backup"_qs)), when(m_backupSummary.value(u"last_proven_restorable"_qs))));
}

QString DashboardPage::serviceText() const
{
    return m_serviceLine->text();
}

QString DashboardPage::backupText() const
{
    return m_backupLine->text();
}

void DashboardPage::updateTiles()
{
    const auto &latest = m_buffer.latest();
    if (latest && latest->performance.available && latest->performance.requestsPerMinute > 0) {
        const protocol::PerformanceMetrics &p = latest->performance;
        m_serviceLine->setText(tr("Service, last minute: %1 requests · average %2 ms · p95 %3 ms · %4 errors")
                                   .arg(QLocale().toString(p.requestsPerMinute, 'f', 0), QLocale().toString(p.averageResponseTime * 1000, 'f', 0),
                                        QLocale().toString(p.p95 * 1000, 'f', 0), formatting::percent(p.errorRate)));
    } else {
        m_serviceLine->setText(latest ? tr("Service: no requests reported in the last minute") : QString());
    }
    if (!latest) {
        for (MetricTile *t : std::as_const(m_tiles)) {
            t->setValue(QStringLiteral("–"));
            t->setDetail(QString());
        }
        return;
    }
    const auto &s = latest->system;
    const auto &t = latest->tasks;
    auto level = [](double v, double warning, double critical) {
        return v >= critical ? MetricTile::Level::Critical : v >= warning ? MetricTile::Level::Warning : MetricTile::Level::Normal;
    };
    MetricTile *cpu = m_tiles.value(QStringLiteral("cpu_percent"));
    cpu->setValue(formatting::percent(s.cpuPercent));
    cpu->setDetail(tr("Load %1 / %2 / %3").arg(QLocale().toString(s.load1, 'f', 2), QLocale().toString(s.load5, 'f', 2),
                                               QLocale().toString(s.load15, 'f', 2)));
    cpu->setLevel(level(s.cpuPercent, 80, 95));
    MetricTile *memory = m_tiles.value(QStringLiteral("memory.percent"));
    memory->setValue(formatting::percent(s.memoryPercent));
    memory->setDetail(tr("%1 of %2 available").arg(formatting::bytes(double(s.memoryAvailable)), formatting::bytes(double(s.memoryTotal))));
    memory->setLevel(level(s.memoryPercent, 85, 95));
    MetricTile *disk = m_tiles.value(QStringLiteral("disk.percent"));
    disk->setValue(formatting::percent(s.disk.percent));
    disk->setDetail(tr("%1 free of %2").arg(formatting::bytes(double(s.disk.free)), formatting::bytes(double(s.disk.total))));
    disk->setLevel(level(s.disk.percent, 90, 95));
    const QString unavailable = tr("Task database unavailable");
    MetricTile *running = m_tiles.value(QStringLiteral("tasks.running_tasks"));
    MetricTile *today = m_tiles.value(QStringLiteral("tasks.completed_today"));
    MetricTile *success = m_tiles.value(QStringLiteral("tasks.success_rate"));
    if (!t.available) {
        for (MetricTile *tile : {running, today, success}) {
            tile->setValue(QStringLiteral("–"));
            tile->setDetail(unavailable);
            // The daemon's own words, escaped: a tooltip would otherwise render them as HTML.
            tile->setToolTip(QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(t.error.toHtmlEscaped()));
        }
        return;
    }
    running->setValue(formatting::count(double(t.runningTasks)));
    running->setDetail(QString());
    today->setValue(formatting::count(double(t.completedToday)));
    today->setDetail(tr("%1 completed in total").arg(formatting::count(double(t.totalCompleted))));
    success->setValue(formatting::percent(t.successRate));
    success->setDetail(tr("of completed tasks"));
    for (MetricTile *tile : {running, today, success})
        tile->setToolTip(QString());
}

void DashboardPage::setStale(bool stale)
{
    if (stale) {
        const qint64 age = m_client ? QDateTime::currentMSecsSinceEpoch() - m_client->lastUpdateMs() : -1;
        m_staleBanner->setText(tr("No update from the daemon since %1 (%2). The figures below are out of date.")
                                   .arg(m_client && m_client->lastUpdateMs() > 0 ? formatting::dateTime(m_client->lastUpdateMs()) : tr("never"),
                                        formatting::age(age)));
    }
    m_staleBanner->setVisible(stale && m_staleBannerEnabled);
}

void DashboardPage::resizeEvent(QResizeEvent *event)
{
    m_chartsDirty = true;
    QWidget::resizeEvent(event);
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DashboardPage::retranslateUi()
{
    m_rangeLabel->setText(tr("Range:"));
    m_rangeButtons->button(int(Range::Live5Min))->setText(tr("Live 5 min"));
    m_rangeButtons->button(int(Range::Hour))->setText(tr("1 hour"));
    m_rangeButtons->button(int(Range::Day))->setText(tr("24 hours"));
    m_rangeButtons->button(int(Range::Week))->setText(tr("7 days"));
    m_customButton->setText(tr("Custom…"));
    m_customButton->setToolTip(tr("Choose any range. On a chart: drag to zoom, wheel to zoom, Shift+drag to pan, double-click for live."));
    m_liveButton->setText(tr("Back to live (Esc)"));
    updateWindowLabel();
    updateHostLine();
    m_perCore->setText(tr("Per-core CPU"));
    m_demoBadge->setText(tr("Demo data"));
    m_tiles.value(QStringLiteral("cpu_percent"))->setCaption(tr("CPU"));
    m_tiles.value(QStringLiteral("memory.percent"))->setCaption(tr("Memory"));
    m_tiles.value(QStringLiteral("disk.percent"))->setCaption(tr("Disk (/)"));
    m_tiles.value(QStringLiteral("tasks.running_tasks"))->setCaption(tr("Running tasks"));
    m_tiles.value(QStringLiteral("tasks.completed_today"))->setCaption(tr("Completed today"));
    m_tiles.value(QStringLiteral("tasks.success_rate"))->setCaption(tr("Success rate"));
    m_cpuChart->setTitle(tr("CPU usage (%)"));
    m_memoryChart->setTitle(tr("Memory usage (%)"));
    m_diskChart->setTitle(tr("Disk usage per mount (%)"));
    m_networkChart->setTitle(tr("Network traffic"));
    m_tasksChart->setTitle(tr("Tasks"));
    m_successChart->setTitle(tr("Task success rate (%)"));
    m_loadChart->setTitle(tr("Load average"));
    m_diskIoChart->setTitle(tr("Disk I/O"));
    m_loadChart->setLines({{QStringLiteral("load.1"), tr("1 min")}, {QStringLiteral("load.5"), tr("5 min")}, {QStringLiteral("load.15"), tr("15 min")}});
    m_diskIoChart->setLines({{QStringLiteral("disk_io.read_bytes_per_sec"), tr("Read")},
                             {QStringLiteral("disk_io.write_bytes_per_sec"), tr("Write")}});
    m_memoryChart->setLines({{QStringLiteral("memory.percent"), tr("Memory")}, {QStringLiteral("swap.percent"), tr("Swap")}});
    m_networkChart->setLines({{QStringLiteral("network.recv_bytes_per_sec"), tr("Received")},
                              {QStringLiteral("network.sent_bytes_per_sec"), tr("Sent")}});
    m_tasksChart->setLines({{QStringLiteral("tasks.running_tasks"), tr("Running")},
                            {QStringLiteral("tasks.completed_today"), tr("Completed today")}});
    m_successChart->setLines({{QStringLiteral("tasks.success_rate"), tr("Success rate")}});
    rebuildDiskAndCpuLines();
    rebuildThresholds();
    rebuildMarkers();
    m_figures->retranslate();
    updateTiles();
    updateBackupLine();
    if (m_staleBanner->isVisible())
        setStale(true);
}
