// Dashboard benchmark (label "bench"): 24 hours of 1-second samples for the dashboard series
// loaded into the dashboard; time to first paint, UI-thread time per live update, console RSS.
// The peer, in the same run: the same day handed to a QLineSeries undecimated.
#include "app/metricsbuffer.h"
#include "ui/dashboardpage.h"
#include "ui/metricchart.h"

#include <QApplication>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QLineSeries>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QTest>
#include <algorithm>
#include <cmath>

namespace {

protocol::MetricsSample sample(qint64 ms, int i)
{
    protocol::MetricsSample s;
    s.timestampMs = ms;
    s.system.cpuPercent = 40 + 30 * std::sin(i / 900.0) + (i % 97 == 0 ? 25 : 0);
    s.system.memoryPercent = 55 + 10 * std::sin(i / 7000.0);
    s.system.memoryTotal = 16ULL << 30;
    s.system.disk = {u"/"_qs, u"/dev/vda1"_qs, u"ext4"_qs, 200ULL << 30, 80ULL << 30, 60 + i / 86400.0};
    s.system.disks = {s.system.disk};
    s.system.recvBytesPerSec = 500000 + 300000 * std::sin(i / 300.0);
    s.system.sentBytesPerSec = 150000 + 50000 * std::cos(i / 450.0);
    s.tasks.available = true;
    s.tasks.runningTasks = 5 + i % 7;
    s.tasks.completedToday = i / 180;
    s.tasks.totalCompleted = 10000 + i / 180;
    s.tasks.successRate = 90 + 3 * std::sin(i / 5000.0);
    return s;
}

qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[size_t(p * double(v.size() - 1))];
}

} // namespace

class bench_Dashboard final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dayOfSecondsIntoTheDashboard();
    void peerUndecimatedSeries();
};

void bench_Dashboard::dayOfSecondsIntoTheDashboard()
{
    DashboardPage page(nullptr);
    page.resize(1920, 1080);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const qint64 rssBefore = rssKiB();
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = end - 86400LL * 1000;
    QList<protocol::MetricsSample> day;
    day.reserve(86400);
    for (int i = 0; i < 86400; ++i)
        day.append(sample(start + qint64(i) * 1000, i));

    QElapsedTimer first;
    first.start();
    page.buffer().add(day);
    page.setRange(DashboardPage::Range::Day); // marks the charts dirty and redraws
    page.repaint(); // synchronous paint of everything on screen
    const double firstPaintMs = double(first.nsecsElapsed()) / 1e6;
    day.clear();
    day.squeeze();

    std::vector<double> updates, refreshes;
    const int rendersBefore = page.charts().first()->renderCount();
    for (int i = 0; i < 600; ++i) { // ten minutes of live updates: charts redraw about twice
        QElapsedTimer t;
        t.start();
        page.ingest(sample(end + qint64(i + 1) * 1000, 86400 + i));
        QCoreApplication::processEvents(); // the queued refresh runs here, as in the program
        refreshes.push_back(double(t.nsecsElapsed()) / 1e6);
        // Then what the refresh posted: the scene's change notices, layouts, and the paint
        // of what changed (tiles, table, a chart when it was redrawn), flushed to the window.
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        updates.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    {
        std::vector<double> sorted = updates;
        std::sort(sorted.rbegin(), sorted.rend());
        qInfo("charts painted %d times in 600 updates; slowest updates %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f ms",
              page.charts().first()->renderCount() - rendersBefore, sorted[0], sorted[1], sorted[2], sorted[3], sorted[4], sorted[5],
              sorted[6], sorted[7]);
    }
    qInfo("of which refresh (figures, tiles, charts when a column fills): p50 %.2f ms, max %.2f ms",
          percentile(refreshes, 0.5), percentile(refreshes, 1.0));
    // The worst case on its own: every chart redrawn from the whole day.
    std::vector<double> full;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        page.markChartsDirty();
        page.refresh();
        page.repaint();
        full.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    qInfo("full redraw of all charts from the day: p50 %.1f ms, max %.1f ms", percentile(full, 0.5), percentile(full, 1.0));

    // Hover: the pointer crosses the CPU chart; every chart moves its crosshair and looks up
    // its values, and what changed is painted, as in the program (the event loop runs until
    // the window has been flushed). Beside it, the upper bound: every chart repainted whole.
    MetricChart *cpu = page.charts().first();
    const QRectF plot = cpu->plotRect();
    std::vector<double> hovers, wholeRepaints;
    for (int i = 0; i < 400; ++i) {
        const QPointF at(plot.left() + plot.width() * (i % 200) / 200.0, plot.center().y());
        QElapsedTimer t;
        t.start();
        QMouseEvent move(QEvent::MouseMove, at, cpu->viewport()->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(cpu->viewport(), &move);
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        hovers.push_back(double(t.nsecsElapsed()) / 1e6);
        if (i % 4 == 0) {
            QElapsedTimer w;
            w.start();
            for (MetricChart *c : page.charts())
                c->viewport()->repaint();
            wholeRepaints.push_back(double(w.nsecsElapsed()) / 1e6);
        }
    }
    QVERIFY(!cpu->crosshairText().isEmpty());
    // Zoom: wheel notches in from the day to minutes, then out again; each redraws every chart
    // from the day of samples for the new window, and repaints the page.
    std::vector<double> zooms;
    for (int i = 0; i < 40; ++i) {
        const QPointF at = cpu->plotRect().center();
        QElapsedTimer t;
        t.start();
        QWheelEvent wheel(at, cpu->viewport()->mapToGlobal(at), QPoint(), QPoint(0, i < 20 ? 240 : -240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(cpu->viewport(), &wheel);
        page.repaint();
        zooms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    QVERIFY(!page.isLive());
    qInfo("hover (crosshair and values on %lld charts, changed parts painted) p50 %.2f ms, p99 %.2f ms over 400 moves; "
          "every chart repainted whole (from its cached picture) p50 %.1f ms",
          qlonglong(page.charts().size()), percentile(hovers, 0.5), percentile(hovers, 0.99), percentile(wholeRepaints, 0.5));
    qInfo("zoom (wheel, redraw of every chart for the new window, page repaint) p50 %.1f ms, max %.1f ms over 40 notches",
          percentile(zooms, 0.5), percentile(zooms, 1.0));
    QVERIFY2(percentile(hovers, 0.99) < 8, "goal: hover p99 < 8 ms");
    QVERIFY2(percentile(zooms, 1.0) < 50, "goal: zoom redraw < 50 ms");
    const qint64 rss = rssKiB();
    qsizetype points = 0;
    for (MetricChart *c : page.charts())
        points += c->pointCount();
    qInfo("24 h of 1 s samples (86,400 x %lld series) -> %lld points on screen; first paint %.0f ms",
          qlonglong(page.buffer().seriesNames().size()), qlonglong(points), firstPaintMs);
    qInfo("live update (refresh and the paint it causes) p50 %.2f ms, p99 %.2f ms over 600 updates; RSS %lld MiB (%lld MiB before loading)",
          percentile(updates, 0.5), percentile(updates, 0.99), qlonglong(rss / 1024), qlonglong(rssBefore / 1024));
    QVERIFY2(percentile(updates, 0.99) < 16, "goal: p99 < 16 ms per live update");
    QVERIFY2(rss < 200 * 1024, "goal: console RSS < 200 MB");
}

void bench_Dashboard::peerUndecimatedSeries()
{
    // What the dashboard would cost without decimation: one chart, the raw day in a QLineSeries.
    QChartView view;
    auto *series = new QLineSeries;
    view.chart()->addSeries(series);
    view.chart()->createDefaultAxes();
    view.resize(960, 360);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QList<QPointF> points;
    points.reserve(86400);
    for (int i = 0; i < 86400; ++i)
        points.append(QPointF(i, 40 + 30 * std::sin(i / 900.0)));
    std::vector<double> updates;
    for (int i = 0; i < 10; ++i) {
        points.removeFirst();
        points.append(QPointF(86400 + i, 50));
        QElapsedTimer t;
        t.start();
        series->replace(points);
        view.repaint();
        updates.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    QElapsedTimer a;
    a.start();
    series->append(QPointF(90000, 1));
    const double appendMs = double(a.nsecsElapsed()) / 1e6;
    qInfo("peer: one chart with the raw day (86,400 points): replace + repaint p50 %.1f ms; one append() %.1f ms",
          percentile(updates, 0.5), appendMs);
}

QTEST_MAIN(bench_Dashboard)
#include "bench_dashboard.moc"
