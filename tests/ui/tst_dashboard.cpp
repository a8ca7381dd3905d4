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
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTest>
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

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x37));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa8));
    p.setColor(QPalette::Highlight, QColor(0x2d, 0x7d, 0xd2));
    return p;
}

} // namespace

class tst_Dashboard final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pushChangesValuesAndSeries();
    void staleTaskDatabaseIsShown();
    void restartIsABreakInTheLine();
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
    QCOMPARE(page.charts().at(2)->lineSeries(1)->name(), u"/var/lib/postgresql"_qs);
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
                window.setPalette(darkPalette());
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
