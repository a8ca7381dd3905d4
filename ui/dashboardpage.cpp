#include "ui/dashboardpage.h"
#include "server/protocol/jsonlist.h"

#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"
#include "ui/metricchart.h"
#include "ui/metrictile.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
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
    connect(m_rangeButtons, &QButtonGroup::idClicked, this, [this](int id) { setRange(Range(id)); });
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
    m_charts = {m_cpuChart, m_memoryChart, m_diskChart, m_networkChart, m_tasksChart, m_successChart};
    for (MetricChart *percentChart : {m_cpuChart, m_memoryChart, m_diskChart, m_successChart}) {
        percentChart->setFixedRange(0, 100);
        percentChart->setFormatter([](double v) { return formatting::percent(v); });
    }
    m_networkChart->setFormatter([](double v) { return formatting::bytesPerSecond(v); });
    m_networkChart->setByteRate(true);
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
        connect(m_client, &OpsClient::sampleReceived, this, &DashboardPage::ingest);
        connect(m_client, &OpsClient::historyReceived, this, [this](const QList<protocol::MetricsSample> &samples) {
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
            if (state == OpsClient::State::Connected && m_buffer.size() < 2)
                requestHistory();
            if (state == OpsClient::State::Connected)
                requestBackupSummary();
        });
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type == protocol::Type::BackupProgress && data.value(u"state"_qs).toString() != u"running"_qs)
                requestBackupSummary();
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
    m_chartsDirty = true;
    if (QAbstractButton *b = m_rangeButtons->button(int(range)))
        b->setChecked(true);
    requestHistory();
    refresh();
    Q_EMIT rangeChanged(range);
}

void DashboardPage::requestHistory()
{
    if (!m_client || m_client->state() != OpsClient::State::Connected)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const Range requested = m_range;
    m_client->request(QStringLiteral("metrics.history"),
                      {{u"from"_qs, protocol::isoTimestamp(now - rangeMs(requested))}, {u"step"_qs, rangeStepSeconds(requested)}},
                      [this, requested](const protocol::Result &r) {
                          if (!r.ok || requested != m_range)
                              return;
                          m_buffer.add(protocol::listFromJson<protocol::MetricsSample>(r.data.value(u"samples"_qs).toArray()));
                          m_chartsDirty = true;
                          refresh();
                      });
}

void DashboardPage::ingest(const protocol::MetricsSample &sample)
{
    m_buffer.add(sample);
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
    }
    const qint64 end = qMax(QDateTime::currentMSecsSinceEpoch(), latest ? latest->timestampMs : 0);
    const qint64 begin = end - rangeMs(m_range);
    // Live ranges redraw on every sample. Over a day or a week a decimation column (one per
    // 3 pixels) spans minutes, so the charts are redrawn when one fills, or on new history, a
    // new range or size; tiles and figures follow every sample.
    const bool longRange = m_range == Range::Day || m_range == Range::Week;
    const qint64 columnMs = qMax<qint64>(1, rangeMs(m_range) / qMax(1, m_charts.first()->plotColumns()));
    const qint64 column = end / columnMs;
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
        updateBackupLine();
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
    m_staleBanner->setVisible(stale);
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
    m_memoryChart->setLines({{QStringLiteral("memory.percent"), tr("Memory")}, {QStringLiteral("swap.percent"), tr("Swap")}});
    m_networkChart->setLines({{QStringLiteral("network.recv_bytes_per_sec"), tr("Received")},
                              {QStringLiteral("network.sent_bytes_per_sec"), tr("Sent")}});
    m_tasksChart->setLines({{QStringLiteral("tasks.running_tasks"), tr("Running")},
                            {QStringLiteral("tasks.completed_today"), tr("Completed today")}});
    m_successChart->setLines({{QStringLiteral("tasks.success_rate"), tr("Success rate")}});
    rebuildDiskAndCpuLines();
    m_figures->retranslate();
    updateTiles();
    updateBackupLine();
    if (m_staleBanner->isVisible())
        setStale(true);
}
