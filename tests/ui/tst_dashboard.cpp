#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "app/errortext.h"
#include "ui/connectdialog.h"
#include "ui/dashboardpage.h"
#include "ui/healthpage.h"
#include "ui/logspage.h"
#include "ui/mainwindow.h"
#include "ui/metricchart.h"
#include "ui/metrictile.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QDateTimeEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <cmath>

namespace {

protocol::MetricsSample sample(qint64 ms, double phase)
{
    protocol::MetricsSample s;
    s.timestampMs = ms;
    s.demo = true;
    s.system.cpuPercent = 35 + 25 * std::sin(phase);
    s.system.cpuPerCore = {s.system.cpuPercent + 5, s.system.cpuPercent - 5};
    s.system.load1 = 0.8;
    s.system.load5 = 0.6;
    s.system.load15 = 0.5;
    s.system.memoryTotal = 16ULL << 30;
    s.system.memoryPercent = 52 + 6 * std::sin(phase / 3);
    s.system.memoryAvailable = quint64(double(s.system.memoryTotal) * (1 - s.system.memoryPercent / 100));
    s.system.disk = {u"/"_qs, u"/dev/vda1"_qs, u"ext4"_qs, 200ULL << 30, 80ULL << 30, 60};
    s.system.disks = {s.system.disk, {u"/var/lib/postgresql"_qs, u"/dev/vdb"_qs, u"xfs"_qs, 100ULL << 30, 30ULL << 30, 70}};
    s.system.recvBytesPerSec = 400000 + 250000 * std::sin(phase * 2);
    s.system.sentBytesPerSec = 120000 + 60000 * std::cos(phase);
    s.tasks.available = true;
    s.tasks.runningTasks = qint64(4 + 3 * std::sin(phase));
    s.tasks.completedToday = qint64(ms / 60000 % 500);
    s.tasks.totalCompleted = 12000 + s.tasks.completedToday;
    s.tasks.successRate = 91.5 + 2 * std::sin(phase / 2);
    return s;
}

// Ten minutes of 1 s samples ending now, CPU = i % 100 (so every value is known).
qint64 fillTenMinutes(DashboardPage &page)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    QList<protocol::MetricsSample> samples;
    for (int i = 0; i < 600; ++i) {
        protocol::MetricsSample s = sample(now - (599 - i) * 1000LL, i / 10.0);
        s.system.cpuPercent = i % 100;
        s.system.memoryPercent = 50;
        s.performance.uptime = 3600 + i; // started an hour before the first sample
        samples.append(s);
    }
    page.buffer().add(samples);
    page.markChartsDirty();
    page.refresh();
    return now;
}

void send(QWidget *viewport, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
          Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent e(type, pos, viewport->mapToGlobal(pos), button, buttons, modifiers);
    QCoreApplication::sendEvent(viewport, &e);
}


} // namespace

class tst_Dashboard final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pushChangesValuesAndSeries();
    void staleTaskDatabaseIsShown();
    void restartIsABreakInTheLine();
    void chartsCanBeExplored();
    void markersAndThresholdsAreDrawnAndOpen();
    void exportWritesWhatIsShown();
    void customRangeDialog();
    void keyboardReachesEveryPage();
    void switchingLanguageChangesTexts();
    void screenshots();
    void connectDialog();

private:
    QTemporaryDir m_dir;
};

void tst_Dashboard::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_Dashboard::pushChangesValuesAndSeries()
{
    DashboardPage page(nullptr);
    page.resize(1200, 900);
    page.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    protocol::MetricsSample a = sample(now - 2000, 0);
    a.system.cpuPercent = 42;
    page.ingest(a);
    QTRY_COMPARE(page.tile(u"cpu_percent"_qs)->value(), u"42.0 %"_qs);
    MetricChart *cpu = page.charts().first();
    QTRY_COMPARE(cpu->lineSeries(0)->count(), 1);
    protocol::MetricsSample b = sample(now - 1000, 1);
    b.system.cpuPercent = 77.5;
    b.tasks.runningTasks = 9;
    page.ingest(b);
    QTRY_COMPARE(page.tile(u"cpu_percent"_qs)->value(), u"77.5 %"_qs);
    QCOMPARE(page.tile(u"tasks.running_tasks"_qs)->value(), u"9"_qs);
    QCOMPARE(cpu->lineSeries(0)->count(), 2);
    QCOMPARE(cpu->lineSeries(0)->at(1).y(), 77.5);
    QCOMPARE(page.figures()->index(0, CurrentMetricsModel::Maximum).data().toString(), u"77.5 %"_qs);
    // Per-mount disk lines follow the sample.
    QCOMPARE(page.chart(u"mount./var/lib/postgresql.percent"_qs)->lineSeries(1)->name(), u"/var/lib/postgresql"_qs);
}

// A daemon that stopped for four minutes and started again: the chart shows two pieces of
// line, not one straight line across the time nothing was measured.
void tst_Dashboard::restartIsABreakInTheLine()
{
    DashboardPage page(nullptr);
    page.resize(1200, 900);
    page.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<protocol::MetricsSample> samples;
    qint64 seq = 1;
    for (qint64 t = now - 290000; t <= now - 250000; t += 5000) // before the stop
        samples.append(sample(t, seq++));
    for (qint64 t = now - 10000; t <= now; t += 5000) // after the restart
        samples.append(sample(t, seq++));
    for (protocol::MetricsSample &s : samples)
        s.system.cpuPercent = 30;
    for (const protocol::MetricsSample &s : std::as_const(samples))
        page.ingest(s);
    MetricChart *cpu = page.charts().first();
    QTRY_COMPARE(cpu->segmentCount(0), 2);
    QCOMPARE(cpu->pointCount() >= qsizetype(samples.size()), true);
    // The first piece ends before the stop, the second begins after the restart.
    QVERIFY(cpu->lineSeries(0)->points().last().x() <= double(now - 250000));
    page.resize(1280, 800);
    QTest::qWait(200);
    QVERIFY(page.grab().save(QDir(qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath())).filePath(u"dashboard_gap_en.png"_qs)));
    // Without the hole it is one line again.
    DashboardPage steady(nullptr);
    steady.resize(1200, 900);
    steady.show();
    for (qint64 t = now - 60000, k = 1; t <= now; t += 5000, ++k) {
        protocol::MetricsSample s = sample(t, k);
        s.system.cpuPercent = 30;
        steady.ingest(s);
    }
    QTRY_COMPARE(steady.charts().first()->segmentCount(0), 1);
}

// Hover shows every chart's values at the pointer's time; drag zooms, the wheel zooms around the
// pointer, Shift+drag pans, double click and goLive() return to the live range.
void tst_Dashboard::chartsCanBeExplored()
{
    DashboardPage page(nullptr);
    page.resize(1920, 1080);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setRange(DashboardPage::Range::Live5Min);
    const qint64 now = fillTenMinutes(page);
    MetricChart *cpu = page.charts().first();
    MetricChart *memory = page.chart(u"memory.percent"_qs);
    QVERIFY(memory && memory != cpu);
    const QRectF plot = cpu->plotRect();
    QVERIFY(plot.width() > 300);

    // Hover: the time under the pointer on every chart, with each line's value there.
    const qint64 target = now - 120000; // sample i = 479, CPU 79 %
    const QPointF at(cpu->xOfTime(target), plot.center().y());
    send(cpu->viewport(), QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    QVERIFY(std::abs(cpu->crosshairTime() - target) < 1000);
    QCOMPARE(memory->crosshairTime(), cpu->crosshairTime());
    const QString cpuText = cpu->crosshairText();
    QVERIFY2(cpuText.contains(u"Total: 79.0 %"_qs) || cpuText.contains(u"Total: 78.0 %"_qs) || cpuText.contains(u"Total: 80.0 %"_qs),
             qPrintable(cpuText));
    QVERIFY2(memory->crosshairText().contains(u"Memory: 50.0 %"_qs), qPrintable(memory->crosshairText()));
    QVERIFY(memory->crosshairText().contains(u"Swap"_qs)); // every line of the chart
    // Leaving the plot hides it everywhere.
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(cpu->viewport(), &leave);
    QCOMPARE(memory->crosshairTime(), -1);
    QVERIFY(memory->crosshairText().isEmpty());

    // Drag from 4 to 2 minutes ago: that window, on every chart, no longer following now.
    QSignalSpy windows(&page, &DashboardPage::windowChanged);
    const double x1 = cpu->xOfTime(now - 240000), x2 = cpu->xOfTime(now - 120000);
    send(cpu->viewport(), QEvent::MouseButtonPress, QPointF(x1, plot.center().y()), Qt::LeftButton, Qt::LeftButton);
    send(cpu->viewport(), QEvent::MouseMove, QPointF((x1 + x2) / 2, plot.center().y()), Qt::NoButton, Qt::LeftButton);
    send(cpu->viewport(), QEvent::MouseMove, QPointF(x2, plot.center().y()), Qt::NoButton, Qt::LeftButton);
    send(cpu->viewport(), QEvent::MouseButtonRelease, QPointF(x2, plot.center().y()), Qt::LeftButton, Qt::NoButton);
    QVERIFY(!page.isLive());
    QCOMPARE(windows.count(), 1);
    const qint64 tolerance = 2 * 300000 / qint64(plot.width()) + 1; // two pixels
    QVERIFY2(std::abs(page.windowFrom() - (now - 240000)) <= tolerance, qPrintable(QString::number(page.windowFrom() - (now - 240000))));
    QVERIFY(std::abs(page.windowTo() - (now - 120000)) <= tolerance);
    for (MetricChart *c : page.charts()) {
        QCOMPARE(c->timeFrom(), page.windowFrom());
        QCOMPARE(c->timeTo(), page.windowTo());
    }
    // What is drawn is that window only: no point outside it.
    for (const QPointF &p : cpu->lineSeries(0)->points())
        QVERIFY(p.x() >= double(page.windowFrom()) && p.x() <= double(page.windowTo()));
    // New samples do not move a fixed window.
    const qint64 fromBefore = page.windowFrom();
    page.ingest(sample(now + 1000, 1));
    QTest::qWait(20);
    QCOMPARE(page.windowFrom(), fromBefore);

    // A click without a drag is not a zoom.
    send(cpu->viewport(), QEvent::MouseButtonPress, plot.center(), Qt::LeftButton, Qt::LeftButton);
    send(cpu->viewport(), QEvent::MouseButtonRelease, plot.center() + QPointF(2, 0), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(page.windowFrom(), fromBefore);

    // The wheel: one notch in is a fifth less time, around the pointer's time.
    const qint64 span = page.windowTo() - page.windowFrom();
    const QPointF centre = cpu->plotRect().center();
    const qint64 under = cpu->timeAtX(centre.x());
    QWheelEvent wheel(centre, cpu->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(cpu->viewport(), &wheel);
    const qint64 zoomed = page.windowTo() - page.windowFrom();
    QVERIFY2(std::abs(double(zoomed) - 0.8 * double(span)) < 0.01 * double(span), qPrintable(QString::number(zoomed)));
    QVERIFY(page.windowFrom() < under && page.windowTo() > under);
    QVERIFY(std::abs(cpu->timeAtX(centre.x()) - under) <= tolerance);

    // What an operator sees while exploring: a zoomed window, a rule's threshold, the crosshair.
    cpu->setThresholds({{80, u"Alert rule cpu_high (Warning): cpu_percent > 80 for 2m"_qs, QColor(u"#f9a825"_qs)}});
    page.markChartsDirty();
    page.refresh();
    send(cpu->viewport(), QEvent::MouseMove, centre, Qt::NoButton, Qt::NoButton);
    QVERIFY(!cpu->crosshairText().isEmpty());
    QVERIFY(page.grab().save(QDir(qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath())).filePath(u"dashboard_explore_en_1920x1080.png"_qs)));

    // Shift+drag to the right by a quarter of the plot: a quarter of the span earlier.
    const double quarter = cpu->plotRect().width() / 4;
    const qint64 panFrom = page.windowFrom();
    send(cpu->viewport(), QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
    send(cpu->viewport(), QEvent::MouseMove, centre + QPointF(quarter, 0), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    send(cpu->viewport(), QEvent::MouseButtonRelease, centre + QPointF(quarter, 0), Qt::LeftButton, Qt::NoButton, Qt::ShiftModifier);
    QVERIFY2(std::abs((panFrom - page.windowFrom()) - zoomed / 4) <= tolerance, qPrintable(QString::number(panFrom - page.windowFrom())));
    QCOMPARE(page.windowTo() - page.windowFrom(), zoomed);
    // Panning never goes past now.
    send(cpu->viewport(), QEvent::MouseButtonPress, centre, Qt::MiddleButton, Qt::MiddleButton);
    send(cpu->viewport(), QEvent::MouseMove, centre - QPointF(cpu->plotRect().width() * 20, 0), Qt::NoButton, Qt::MiddleButton);
    send(cpu->viewport(), QEvent::MouseButtonRelease, centre, Qt::MiddleButton, Qt::NoButton);
    QVERIFY(page.windowTo() <= QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(page.windowTo() - page.windowFrom(), zoomed);

    // Double click: live again, the range it had.
    send(cpu->viewport(), QEvent::MouseButtonDblClick, centre, Qt::LeftButton, Qt::LeftButton);
    QVERIFY(page.isLive());
    QCOMPARE(page.range(), DashboardPage::Range::Live5Min);
    QVERIFY(std::abs(cpu->timeTo() - QDateTime::currentMSecsSinceEpoch()) < 5000);
    QCOMPARE(windows.last().first().toBool(), true);
}

// Thresholds of alert rules are lines at their value; events are marks that open their details.
void tst_Dashboard::markersAndThresholdsAreDrawnAndOpen()
{
    DashboardPage page(nullptr);
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const qint64 now = fillTenMinutes(page);
    page.setWindow(now - 600000, now); // the daemon's start (an hour earlier) is outside
    MetricChart *cpu = page.charts().first();
    cpu->setThresholds({{80, u"cpu > 80"_qs, Qt::red}, {500, u"off the scale"_qs, Qt::red}});
    page.markChartsDirty();
    page.refresh();
    QVERIFY(std::abs(cpu->thresholdLineY(0) - cpu->yOfValue(80)) < 1.0);
    QVERIFY(cpu->thresholdLineY(0) < cpu->yOfValue(50)); // above the middle of a 0–100 axis
    QVERIFY(std::isnan(cpu->thresholdLineY(1)));        // 500 % is not on a 0–100 axis

    // The daemon's start is a marker once the window shows it; clicking it says which.
    QVERIFY(!cpu->markers().isEmpty());
    const qint64 started = cpu->markers().last().ms;
    QVERIFY(std::abs(started - (now - 599000 - 3600000)) < 1000);
    page.setWindow(started - 300000, started + 300000);
    QSignalSpy opened(&page, &DashboardPage::markerActivated);
    const QPointF mark(cpu->xOfTime(started), cpu->plotRect().center().y());
    send(cpu->viewport(), QEvent::MouseMove, mark, Qt::NoButton, Qt::NoButton);
    QVERIFY2(cpu->crosshairText().contains(u"Daemon started"_qs), qPrintable(cpu->crosshairText()));
    QVERIFY(cpu->crosshairText().contains(u"No data at this time"_qs)); // nothing was measured before it
    const qint64 windowFrom = page.windowFrom();
    send(cpu->viewport(), QEvent::MouseButtonPress, mark, Qt::LeftButton, Qt::LeftButton);
    send(cpu->viewport(), QEvent::MouseButtonRelease, mark + QPointF(30, 0), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().first().toMap().value(u"kind"_qs).toString(), u"start"_qs);
    QCOMPARE(page.windowFrom(), windowFrom); // a marker click is not the start of a zoom
}

void tst_Dashboard::exportWritesWhatIsShown()
{
    DashboardPage page(nullptr);
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const qint64 now = fillTenMinutes(page);
    page.setWindow(now - 59000, now); // the last 60 samples
    MetricChart *cpu = page.charts().first();
    const QString csv = m_dir.filePath(u"cpu.csv"_qs);
    QString error;
    QVERIFY2(cpu->exportCsv(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.first(), u"time,Total"_qs);
    QCOMPARE(rows.size(), 61);
    // Sample 599 is the last, CPU 599 % 100 = 99, at now in ISO 8601 with its offset.
    const QStringList last = rows.last().split(u',');
    QCOMPARE(QDateTime::fromString(last.at(0), Qt::ISODateWithMs).toMSecsSinceEpoch(), now);
    QCOMPARE(last.at(1), u"99"_qs);
    // Byte rates say their unit in the header.
    QVERIFY(page.chart(u"network.sent_bytes_per_sec"_qs)->exportCsv(csv, &error));
    QVERIFY(f.seek(0));
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readLine().startsWith("time,Received (bytes/s),Sent (bytes/s)"));
    const QString png = m_dir.filePath(u"cpu.png"_qs);
    QVERIFY(cpu->exportPng(png, &error));
    const QImage image(png);
    QCOMPARE(image.size(), cpu->size() * cpu->devicePixelRatio());
    // A path that cannot be written is an error that names it, not a silent success.
    QVERIFY(!cpu->exportCsv(u"/proc/forbidden/cpu.csv"_qs, &error));
    QVERIFY(error.contains(u"/proc/forbidden/cpu.csv"_qs));
}

void tst_Dashboard::customRangeDialog()
{
    DashboardPage page(nullptr);
    page.resize(1280, 800);
    page.show();
    page.openRangeDialog();
    auto *dialog = page.findChild<QDialog *>(u"rangeDialog"_qs);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *from = dialog->findChild<QDateTimeEdit *>(u"from"_qs);
    auto *to = dialog->findChild<QDateTimeEdit *>(u"to"_qs);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    const QDateTime end = QDateTime::currentDateTime().addSecs(-3600);
    // The end before the start: refused with a reason.
    from->setDateTime(end);
    to->setDateTime(end.addSecs(-60));
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog->findChild<QLabel *>(u"note"_qs)->text().isEmpty());
    to->setDateTime(end.addSecs(1800));
    QVERIFY(ok->isEnabled());
    ok->click();
    QVERIFY(!page.isLive());
    QCOMPARE(page.windowFrom() / 1000, end.toMSecsSinceEpoch() / 1000);
    QCOMPARE(page.windowTo() - page.windowFrom(), 1800000);
    page.goLive();
    QVERIFY(page.isLive());
}

// Ctrl+1…6 reach the pages, and the menu shows the keys.
void tst_Dashboard::keyboardReachesEveryPage()
{
    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"k.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window) || true);
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QTRY_VERIFY(window.logs()->isVisible());
    QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
    QTRY_VERIFY(window.healthPage()->isVisible());
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QTRY_VERIFY(window.dashboard()->isVisible());
    bool listed = false;
    for (QAction *menu : window.menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *a : menu->menu()->actions())
            listed = listed || (a->text() == u"Alerts"_qs && a->shortcut() == QKeySequence(u"Ctrl+2"_qs));
    }
    QVERIFY(listed);

    // Ctrl+F: the Logs search field, focused.
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(window.logs()->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), window.logs()->findChild<QLineEdit *>(u"query"_qs));
    // Typing "/" there is text, not a shortcut.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Slash);
    QCOMPARE(window.logs()->findChild<QLineEdit *>(u"query"_qs)->text(), u"/"_qs);

    // A 1280x800 screen (less its panel) holds the whole window, status bar included.
    QVERIFY2(window.minimumSizeHint().height() <= 740 && window.minimumSizeHint().width() <= 1280,
             qPrintable(QStringLiteral("%1x%2").arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())));
    window.resize(1280, 740);
    QTRY_COMPARE(window.height(), 740);
    QVERIFY(window.statusBar()->isVisible());
    QVERIFY(window.statusBar()->geometry().bottom() < window.height());

    // The dark theme darkens the window; "follow the system" gives the palette back.
    const QColor before = window.palette().color(QPalette::Window);
    window.applyTheme(u"dark"_qs);
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 100);
    window.applyTheme(u"system"_qs);
    QTRY_COMPARE(window.palette().color(QPalette::Window), before);

    // Muted for an hour: said in the menu, and over when unmuted.
    window.setMutedUntil(QDateTime::currentMSecsSinceEpoch() + 3600000);
    QVERIFY(window.isMuted());
    bool mutedShown = false;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *a : menu->menu() ? menu->menu()->actions() : QList<QAction *>())
            mutedShown = mutedShown || a->text().contains(u"muted until"_qs);
    }
    QVERIFY(mutedShown);
    window.setMutedUntil(-1);
    QVERIFY(!window.isMuted());
}

void tst_Dashboard::staleTaskDatabaseIsShown()
{
    DashboardPage page(nullptr);
    protocol::MetricsSample s = sample(QDateTime::currentMSecsSinceEpoch(), 0);
    s.tasks = {};
    s.tasks.error = u"connection refused <b>html</b>"_qs;
    page.ingest(s);
    QTRY_VERIFY(!page.tile(u"tasks.running_tasks"_qs)->toolTip().isEmpty());
    QCOMPARE(page.tile(u"tasks.running_tasks"_qs)->value(), u"–"_qs);
    // Server text is shown as text, never interpreted as markup.
    QTextDocument shown;
    shown.setHtml(page.tile(u"tasks.running_tasks"_qs)->toolTip());
    QCOMPARE(shown.toPlainText(), s.tasks.error);
}

void tst_Dashboard::switchingLanguageChangesTexts()
{
    OpsClient client;
    LanguageManager language;
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"a.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles);
    window.show();
    language.setLanguage(LanguageManager::Language::English);
    QCOMPARE(window.menuBar()->actions().first()->text(), u"&File"_qs);
    QCOMPARE(window.dashboard()->tile(u"memory.percent"_qs)->caption(), u"Memory"_qs);
    QCOMPARE(window.statusText(), u"● Disconnected"_qs);

    language.setLanguage(LanguageManager::Language::Japanese);
    QTRY_COMPARE(window.menuBar()->actions().first()->text(), u"ファイル(&F)"_qs);
    QCOMPARE(window.dashboard()->tile(u"memory.percent"_qs)->caption(), u"メモリ"_qs);
    QCOMPARE(window.dashboard()->tile(u"tasks.completed_today"_qs)->caption(), u"本日の完了数"_qs);
    QCOMPARE(window.statusText(), u"● 未接続"_qs);
    QCOMPARE(window.dashboard()->figures()->headerData(CurrentMetricsModel::Average, Qt::Horizontal).toString(), u"平均"_qs);
    QCOMPARE(QLocale().language(), QLocale::Japanese);

    language.setLanguage(LanguageManager::Language::English);
    QTRY_COMPARE(window.menuBar()->actions().first()->text(), u"&File"_qs);
    QCOMPARE(window.dashboard()->tile(u"memory.percent"_qs)->caption(), u"Memory"_qs);
}

void tst_Dashboard::screenshots()
{
    // A day of 1-minute history and the last five minutes at 5 s, as the daemon would send.
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    for (const auto &[code, lang] : {std::pair{u"en"_qs, LanguageManager::Language::English},
                                     std::pair{u"ja"_qs, LanguageManager::Language::Japanese}}) {
        for (const auto &[size, dark] : {std::pair{QSize(1280, 800), false}, std::pair{QSize(1920, 1080), false},
                                         std::pair{QSize(1280, 800), true}}) {
            OpsClient client;
            LanguageManager language;
            language.setLanguage(lang);
            ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"b.ini"_qs), QSettings::IniFormat));
            MainWindow window(&client, &language, &profiles);
            if (dark)
                window.setPalette(MainWindow::darkPalette());
            window.resize(size);
            window.show();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QList<protocol::MetricsSample> samples;
            for (int i = 0; i < 60; ++i)
                samples.append(sample(now - 300000 + i * 5000, i / 6.0));
            window.dashboard()->buffer().add(samples);
            window.dashboard()->markChartsDirty();
            window.dashboard()->refresh();
            QTest::qWait(200);
            const QImage image = window.grab().toImage();
            const QString file = QDir(outDir).filePath(QStringLiteral("dashboard_%1_%2x%3%4.png").arg(code).arg(size.width()).arg(size.height()).arg(dark ? u"_dark"_qs : QString()));
            QVERIFY2(image.save(file), qPrintable(file));
            QCOMPARE(image.size(), size);
            // Not a blank window: charts drew lines in more than a handful of colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 7)
                for (int x = 0; x < image.width(); x += 7)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 20, qPrintable(file));
            qInfo("wrote %s", qPrintable(file));
        }
    }
}

void tst_Dashboard::connectDialog()
{
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"c.ini"_qs), QSettings::IniFormat));
    profiles.upsert({u"production"_qs, QUrl(u"wss://ops.example:8765"_qs), u"alice"_qs, false, true});
    for (const auto &[code, lang] : {std::pair{u"en"_qs, LanguageManager::Language::English},
                                     std::pair{u"ja"_qs, LanguageManager::Language::Japanese}}) {
        LanguageManager language;
        language.setLanguage(lang);
        ConnectDialog dialog(&profiles);
        dialog.setError(errorText(u"unauthorized"_qs));
        dialog.show();
        const ConnectDialog::Request r = dialog.request();
        QCOMPARE(r.profile.url, QUrl(u"wss://ops.example:8765"_qs)); // the last profile is preselected
        QCOMPARE(r.profile.username, u"alice"_qs);
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY2(!ok->isEnabled(), "no password yet");
        for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
            if (edit->echoMode() == QLineEdit::Password && edit->isEnabled())
                QTest::keyClicks(edit, u"secret-password"_qs);
        }
        QVERIFY(ok->isEnabled());
        QCOMPARE(ok->text(), code == u"ja"_qs ? u"接続"_qs : u"Connect"_qs);
        const QString file = QDir(outDir).filePath(QStringLiteral("connect_dialog_%1.png").arg(code));
        QVERIFY(dialog.grab().save(file));
        qInfo("wrote %s", qPrintable(file));
    }
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
