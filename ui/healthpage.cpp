#include "ui/healthpage.h"
#include "app/messagetext.h"

#include "app/alertsmodel.h"
#include "app/errortext.h"
#include "app/formatting.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"
#include "ui/diagnosisdialog.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QValueAxis>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QColor levelColour(const QString &status, const QString &level)
{
    if (status != u"healthy"_qs)
        return level == u"warning"_qs ? QColor(0xd9, 0x8c, 0x00) : QColor(0xc6, 0x28, 0x28);
    return level == u"warning"_qs ? QColor(0xd9, 0x8c, 0x00) : QColor(0x2e, 0x7d, 0x32);
}

QTableWidgetItem *item(const QString &text)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

// Response times of one check over the last hours, newest last.
class Sparkline final : public QWidget {
public:
    explicit Sparkline(QWidget *parent)
        : QWidget(parent)
    {
        setMinimumHeight(28);
    }
    void setValues(QList<double> values)
    {
        m_values = std::move(values);
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (m_values.size() < 2)
            return;
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const double max = std::max(1e-6, *std::max_element(m_values.begin(), m_values.end()));
        QPolygonF line;
        for (qsizetype i = 0; i < m_values.size(); ++i)
            line << QPointF(double(i) * (width() - 2) / double(m_values.size() - 1) + 1, height() - 2 - m_values.at(i) / max * (height() - 4));
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawPolyline(line);
    }

private:
    QList<double> m_values;
};

} // namespace

class HealthTile final : public QFrame {
public:
    explicit HealthTile(QWidget *parent)
        : QFrame(parent)
    {
        setFrameShape(QFrame::StyledPanel);
        setMinimumWidth(230);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(10, 8, 10, 8);
        m_name = new QLabel(this);
        QFont bold = m_name->font();
        bold.setBold(true);
        m_name->setFont(bold);
        m_state = new QLabel(this);
        m_detail = new QLabel(this);
        m_detail->setWordWrap(true);
        for (QLabel *l : {m_name, m_state, m_detail})
            l->setTextFormat(Qt::PlainText); // server text is never interpreted
        m_spark = new Sparkline(this);
        layout->addWidget(m_name);
        layout->addWidget(m_state);
        layout->addWidget(m_detail);
        layout->addWidget(m_spark);
    }
    // stale: the check as a host that stopped reporting last said it, greyed and worded so.
    void set(const QString &name, const QJsonObject &check, bool stale = false)
    {
        m_name->setText(HealthPage::checkTitle(name));
        m_state->setText(stale ? HealthPage::tr("Last reported: %1").arg(HealthPage::stateText(check)) : HealthPage::stateText(check));
        QPalette pal = m_state->palette();
        pal.setColor(QPalette::WindowText, stale ? palette().color(QPalette::PlaceholderText)
                                                 : levelColour(check.value(u"status"_qs).toString(), check.value(u"level"_qs).toString()));
        m_state->setPalette(pal);
        m_detail->setText(detailText(name, check));
    }
    void setHistory(const QList<double> &seconds) { m_spark->setValues(seconds); }
    QString stateText() const { return m_state->text(); }

private:
    static QString detailText(const QString &name, const QJsonObject &check)
    {
        const QJsonObject d = check.value(u"details"_qs).toObject();
        QStringList parts;
        const double seconds = check.value(u"response_time"_qs).toDouble();
        if (seconds > 0)
            parts << HealthPage::tr("%1 ms").arg(QLocale().toString(seconds * 1000, 'f', seconds < 0.01 ? 2 : 0));
        if (name == u"system"_qs)
            parts << HealthPage::tr("CPU %1, memory %2").arg(formatting::percent(d.value(u"cpu_percent"_qs).toDouble()),
                                                             formatting::percent(d.value(u"memory_percent"_qs).toDouble()));
        if (name == u"disk"_qs) {
            const QJsonObject mounts = d.value(u"mounts"_qs).toObject();
            for (auto it = mounts.constBegin(); it != mounts.constEnd(); ++it)
                parts << HealthPage::tr("%1 %2").arg(it.key(), formatting::percent(it.value().toObject().value(u"percent"_qs).toDouble()));
        }
        if (name == u"redis"_qs && d.contains(u"used_memory"_qs))
            parts << HealthPage::tr("%1 used, %n client(s)", nullptr, d.value(u"connected_clients"_qs).toInt())
                         .arg(formatting::bytes(d.value(u"used_memory"_qs).toDouble()));
        if (d.contains(u"certificate_days_left"_qs))
            parts << HealthPage::tr("certificate: %1 days left").arg(d.value(u"certificate_days_left"_qs).toDouble(), 0, 'f', 1);
        if (d.contains(u"status_code"_qs))
            parts << HealthPage::tr("HTTP %1").arg(d.value(u"status_code"_qs).toInt());
        if (name == u"backups"_qs)
            parts << HealthPage::tr("last backup: %1").arg(d.value(u"last_backup"_qs).isString()
                                                               ? formatting::dateTime(protocol::parseIsoTimestamp(d.value(u"last_backup"_qs).toString()))
                                                               : HealthPage::tr("none"));
        if (name == u"daemon"_qs)
            parts << HealthPage::tr("event loop lag %1 ms").arg(QLocale().toString(d.value(u"event_loop_lag_ms"_qs).toDouble(), 'f', 0));
        if (d.contains(u"error"_qs))
            parts << d.value(u"error"_qs).toString().left(160);
        return parts.join(u" · ");
    }
    QLabel *m_name, *m_state, *m_detail;
    Sparkline *m_spark;
};

QString HealthPage::checkTitle(const QString &name)
{
    if (name == u"sampler"_qs)
        return tr("Metrics sampler");
    if (name == u"ops_store"_qs)
        return tr("Ops store");
    if (name == u"system"_qs)
        return tr("CPU and memory");
    if (name == u"disk"_qs)
        return tr("Disks");
    if (name == u"daemon"_qs)
        return tr("This daemon");
    if (name == u"database"_qs)
        return tr("Service database");
    if (name == u"redis"_qs)
        return tr("Redis");
    if (name == u"backups"_qs)
        return tr("Backups");
    if (name == u"notifications"_qs)
        return tr("Notification channels");
    if (name.startsWith(u"http:"_qs))
        return tr("Endpoint %1").arg(name.mid(5));
    if (name.startsWith(u"tcp:"_qs))
        return tr("Port %1").arg(name.mid(4));
    if (name.startsWith(u"dns:"_qs))
        return tr("DNS %1").arg(name.mid(4));
    return name;
}

QString HealthPage::reasonText(const QString &key)
{
    return messages::healthReason(key);
}

QString HealthPage::stateText(const QJsonObject &check)
{
    const QString status = check.value(u"status"_qs).toString();
    const QString level = check.value(u"level"_qs).toString();
    QString text = status == u"healthy"_qs ? (level == u"warning"_qs ? tr("Healthy, with a warning") : tr("Healthy"))
                   : status == u"error"_qs ? tr("Check failed")
                                           : (level == u"critical"_qs ? tr("Unhealthy (critical)") : tr("Unhealthy"));
    const QString key = check.value(u"message_key"_qs).toString();
    if (const QString reason = reasonText(key); !reason.isEmpty())
        text += u" — "_qs + reason;
    return text;
}

HealthPage::HealthPage(OpsClient *client, QWidget *parent)
    : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    auto *bar = new QHBoxLayout;
    m_overall = new QLabel(this);
    m_overall->setTextFormat(Qt::PlainText);
    QFont big = m_overall->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_overall->setFont(big);
    m_overall->setWordWrap(true); // a long verdict wraps rather than widening the window
    m_overall->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_run = new QPushButton(this);
    m_diagnose = new QPushButton(this);
    m_refresh = new QPushButton(this);
    bar->addWidget(m_overall, 1);
    bar->addStretch();
    for (QPushButton *b : {m_run, m_diagnose, m_refresh})
        bar->addWidget(b);
    layout->addLayout(bar);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    auto *tiles = new QWidget(scroll);
    m_grid = new QGridLayout(tiles);
    m_grid->setSpacing(8);
    scroll->setWidget(tiles);
    auto *lower = new QWidget(splitter);
    auto *lowerLayout = new QHBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 6, 0, 0);
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    m_changesLabel = new QLabel(lower);
    m_endpointsLabel = new QLabel(lower);
    m_changes = new QTableWidget(0, 3, lower);
    m_endpoints = new QTableWidget(0, 5, lower);
    for (QTableWidget *t : {m_changes, m_endpoints}) {
        t->verticalHeader()->hide();
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->horizontalHeader()->setStretchLastSection(true);
    }
    left->addWidget(m_changesLabel);
    left->addWidget(m_changes);
    right->addWidget(m_endpointsLabel);
    // Average and p95 per endpoint, the busiest first.
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chartView = new QChartView(m_chart, lower);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(170);
    right->addWidget(m_chartView, 3);
    right->addWidget(m_endpoints, 2);
    lowerLayout->addLayout(left, 1);
    lowerLayout->addLayout(right, 1);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    scroll->setMinimumHeight(330);
    splitter->setSizes({460, 260});
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &HealthPage::runChecks);
    connect(m_diagnose, &QPushButton::clicked, this, &HealthPage::openDiagnosis);
    connect(m_refresh, &QPushButton::clicked, this, &HealthPage::reload);
    if (m_client) {
        connect(m_client, &OpsClient::stateChanged, this, [this](OpsClient::State s) {
            if (s == OpsClient::State::Connected)
                reload();
        });
        connect(m_client, &OpsClient::authenticated, this, [this] { retranslateUi(); });
        // The performance panel follows the service's requests while the page is shown.
        auto *performanceTimer = new QTimer(this);
        connect(performanceTimer, &QTimer::timeout, this, [this] {
            if (!isVisible())
                return;
            reloadPerformance();
            // Another host's report changes in the store, not in a push to this page.
            if (!m_host.isEmpty())
                reload();
        });
        performanceTimer->start(10000);
        connect(m_client, &OpsClient::pushReceived, this, [this](const QString &type, qint64, const QJsonObject &data) {
            if (type == protocol::Type::HealthUpdate && m_host.isEmpty()) {
                applyReport(data);
                reloadPerformance();
                m_client->request(u"health.history"_qs, historyRequest(), [this](const protocol::Result &r) {
                    if (r.ok && m_host.isEmpty())
                        applyHistory(r.data.value(u"history"_qs).toArray());
                });
            }
        });
    }
    retranslateUi();
}

int HealthPage::chartedEndpoints() const
{
    const auto series = m_chart->series();
    if (series.isEmpty())
        return 0;
    return int(static_cast<QHorizontalBarSeries *>(series.first())->barSets().size());
}

QString HealthPage::tileStateText(const QString &check) const
{
    const HealthTile *tile = m_tiles.value(check);
    return tile ? tile->stateText() : QString();
}

QString HealthPage::overallText() const
{
    return m_overall->text();
}

void HealthPage::reload()
{
    if (!m_client)
        return;
    const QString host = m_host;
    QJsonObject data;
    if (!host.isEmpty())
        data.insert(u"host"_qs, host);
    m_client->request(u"health.report"_qs, data, [this, host](const protocol::Result &r) {
        if (host != m_host)
            return; // another host was chosen meanwhile
        if (!r.ok) {
            m_status->setText(errorText(r.error));
            if (!host.isEmpty()) {
                m_report = {};
                applyReport({});
            }
            return;
        }
        m_status->clear();
        applyReport(r.data);
    });
    m_client->request(u"health.history"_qs, historyRequest(), [this, host](const protocol::Result &r) {
        if (r.ok && host == m_host)
            applyHistory(r.data.value(u"history"_qs).toArray());
    });
    reloadPerformance();
}

QJsonObject HealthPage::historyRequest() const
{
    QJsonObject data{{u"hours"_qs, 6}, {u"limit"_qs, 5000}};
    if (!m_host.isEmpty())
        data.insert(u"host"_qs, m_host);
    return data;
}

void HealthPage::setHost(const QString &host)
{
    const QString wanted = m_client && host == m_client->hostName() ? QString() : host;
    if (wanted == m_host)
        return;
    m_host = wanted;
    // Nothing of the previous host's report stays on the page.
    qDeleteAll(m_tiles);
    m_tiles.clear();
    m_report = {};
    m_history = {};
    m_status->clear();
    retranslateUi();
    if (m_client && m_client->state() == OpsClient::State::Connected)
        reload();
}

void HealthPage::reloadPerformance()
{
    if (!m_client || m_client->state() != OpsClient::State::Connected)
        return;
    m_client->request(u"performance.report"_qs, {}, [this](const protocol::Result &r) {
        if (r.ok)
            applyPerformance(r.data);
    });
}

void HealthPage::runChecks()
{
    if (!m_client)
        return;
    m_status->setText(tr("Running every check…"));
    m_client->request(u"health.run"_qs, {}, [this](const protocol::Result &r) {
        m_status->setText(r.ok ? QString() : errorText(r.error.code));
        if (r.ok)
            applyReport(r.data);
    }, 60000);
}

void HealthPage::openDiagnosis()
{
    DiagnosisDialog dialog(m_client, this);
    connect(&dialog, &DiagnosisDialog::showMetric, this, &HealthPage::showMetric);
    connect(&dialog, &DiagnosisDialog::showLogs, this, &HealthPage::showLogs);
    dialog.exec();
}

void HealthPage::applyReport(const QJsonObject &report)
{
    m_report = report;
    const QJsonObject checks = report.value(u"checks"_qs).toObject();
    int index = int(m_tiles.size());
    for (auto it = checks.constBegin(); it != checks.constEnd(); ++it) {
        HealthTile *tile = m_tiles.value(it.key());
        if (!tile) {
            tile = new HealthTile(this);
            m_tiles.insert(it.key(), tile);
            m_grid->addWidget(tile, index / 3, index % 3);
            ++index;
        }
        tile->set(it.key(), it.value().toObject());
    }
    retranslateUi();
}

void HealthPage::applyHistory(const QJsonArray &rows)
{
    m_history = rows;
    QHash<QString, QList<double>> latencies;
    QJsonArray changes;
    for (qsizetype i = rows.size() - 1; i >= 0; --i) { // oldest first
        const QJsonObject row = rows.at(i).toObject();
        latencies[row.value(u"check"_qs).toString()].append(row.value(u"response_time"_qs).toDouble());
    }
    for (auto it = latencies.constBegin(); it != latencies.constEnd(); ++it) {
        if (HealthTile *tile = m_tiles.value(it.key()))
            tile->setHistory(it.value().mid(std::max<qsizetype>(0, it.value().size() - 120)));
    }
    retranslateUi();
}

void HealthPage::applyPerformance(const QJsonObject &snapshot)
{
    m_performance = snapshot;
    retranslateUi();
}

void HealthPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Another host's report is read from the store, not pushed: fresh whenever the page shows.
    if (!m_host.isEmpty() && m_client && m_client->state() == OpsClient::State::Connected)
        reload();
}

void HealthPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void HealthPage::retranslateUi()
{
    m_run->setText(tr("Run checks now"));
    m_diagnose->setText(tr("Run diagnosis…"));
    m_refresh->setText(tr("Refresh"));
    const bool operatorRole = m_client && (m_client->role() == u"admin"_qs || m_client->role() == u"operator"_qs);
    // Checks run on the daemon of the host they are about: this one runs its own.
    m_run->setEnabled(operatorRole && m_host.isEmpty());
    m_run->setToolTip(m_host.isEmpty() ? QString() : tr("Each host's daemon runs its own checks; this page shows %1's last report.").arg(m_host));
    // Diagnosis is this daemon's own (its figures, logs and backups).
    m_diagnose->setEnabled(m_host.isEmpty());
    m_diagnose->setToolTip(m_host.isEmpty() ? QString() : tr("Diagnosis runs on this daemon's own host; go back to it on the Dashboard to run it."));
    m_changesLabel->setText(tr("Changes"));
    // The service's requests are reported to this daemon, whichever host the page shows.
    m_endpointsLabel->setText(m_host.isEmpty() || !m_client || m_client->hostName().isEmpty()
                                  ? tr("Performance over the last minute, per endpoint")
                                  : tr("Performance over the last minute, per endpoint (reported to %1)").arg(m_client->hostName()));
    m_changes->setHorizontalHeaderLabels({tr("Time"), tr("Check"), tr("State")});
    m_endpoints->setHorizontalHeaderLabels({tr("Endpoint"), tr("Requests/min"), tr("Average"), tr("p95"), tr("Errors")});
    const QString prefix = m_host.isEmpty() ? QString() : tr("%1:").arg(m_host) + u' ';
    if (m_report.isEmpty()) {
        m_overall->setText(prefix + tr("Health: not known yet"));
        m_overall->setPalette(palette());
    } else {
        const QString status = m_report.value(u"overall_status"_qs).toString();
        const bool stale = m_report.value(u"stale"_qs).toBool();
        QPalette pal = m_overall->palette();
        if (stale || status == u"unknown"_qs) {
            // A host that stopped reporting is not called healthy on an old report.
            const QString said = m_report.value(u"reported_status"_qs).toString() == u"healthy"_qs ? tr("healthy") : tr("unhealthy");
            const qint64 seen = protocol::parseIsoTimestamp(m_report.value(u"last_seen"_qs).toString());
            m_overall->setText(prefix + tr("Not known — no heartbeat since %1 (its last report said %2)")
                                            .arg(seen > 0 ? formatting::dateTime(seen) : tr("unknown"), said));
            pal.setColor(QPalette::WindowText, QColor(AlertsModel::levelColourName(u"critical"_qs)));
        } else {
            m_overall->setText(prefix + (status == u"healthy"_qs ? tr("Healthy") : tr("Unhealthy")));
            pal.setColor(QPalette::WindowText, levelColour(status, m_report.value(u"level"_qs).toString()));
        }
        m_overall->setPalette(pal);
        const QJsonObject checks = m_report.value(u"checks"_qs).toObject();
        for (auto it = checks.constBegin(); it != checks.constEnd(); ++it) {
            if (HealthTile *tile = m_tiles.value(it.key()))
                tile->set(it.key(), it.value().toObject(), stale);
        }
    }
    QList<QJsonObject> changes;
    for (const QJsonValue &v : m_history) {
        if (v.toObject().value(u"changed"_qs).toBool() && changes.size() < 200)
            changes.append(v.toObject());
    }
    m_changes->setRowCount(int(changes.size()));
    for (int row = 0; row < changes.size(); ++row) {
        const QJsonObject c = changes.at(row);
        m_changes->setItem(row, 0, item(formatting::dateTime(protocol::parseIsoTimestamp(c.value(u"timestamp"_qs).toString()))));
        m_changes->setItem(row, 1, item(checkTitle(c.value(u"check"_qs).toString())));
        m_changes->setItem(row, 2, item(stateText(c)));
    }
    m_changes->resizeColumnsToContents();
    const QJsonObject endpoints = m_performance.value(u"endpoints"_qs).toObject();
    m_endpoints->setRowCount(int(endpoints.size()));
    int row = 0;
    const QLocale locale;
    for (auto it = endpoints.constBegin(); it != endpoints.constEnd(); ++it, ++row) {
        const QJsonObject p = it.value().toObject();
        m_endpoints->setItem(row, 0, item(it.key()));
        m_endpoints->setItem(row, 1, item(locale.toString(p.value(u"requests_per_minute"_qs).toDouble(), 'f', 0)));
        m_endpoints->setItem(row, 2, item(tr("%1 ms").arg(locale.toString(p.value(u"average_response_time"_qs).toDouble() * 1000, 'f', 0))));
        m_endpoints->setItem(row, 3, item(tr("%1 ms").arg(locale.toString(p.value(u"p95_response_time"_qs).toDouble() * 1000, 'f', 0))));
        m_endpoints->setItem(row, 4, item(formatting::percent(p.value(u"error_rate"_qs).toDouble())));
    }
    m_endpoints->resizeColumnsToContents();

    QList<std::pair<double, QString>> busiest;
    for (auto it = endpoints.constBegin(); it != endpoints.constEnd(); ++it)
        busiest.append({it.value().toObject().value(u"requests_per_minute"_qs).toDouble(), it.key()});
    std::sort(busiest.begin(), busiest.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    busiest = busiest.mid(0, 8);
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis);
    if (busiest.isEmpty())
        return;
    // One bar set per endpoint (named in full in the legend), average and p95 side by side.
    auto *series = new QHorizontalBarSeries;
    double max = 1;
    for (const auto &[rate, name] : std::as_const(busiest)) {
        const QJsonObject p = endpoints.value(name).toObject();
        auto *set = new QBarSet(name);
        *set << p.value(u"average_response_time"_qs).toDouble() * 1000 << p.value(u"p95_response_time"_qs).toDouble() * 1000;
        max = std::max(max, p.value(u"p95_response_time"_qs).toDouble() * 1000);
        series->append(set);
    }
    m_chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append({tr("Average (ms)"), tr("p95 (ms)")});
    auto *values = new QValueAxis;
    values->setRange(0, max * 1.1);
    values->setLabelFormat(u"%.0f"_qs);
    m_chart->addAxis(categories, Qt::AlignLeft);
    m_chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(values);
}
