#include "app/alertsmodel.h"
#include "app/currentmetricsmodel.h"
#include "app/decimation.h"
#include "app/errortext.h"
#include "app/formatting.h"
#include "app/metricsbuffer.h"
#include "app/serverprofiles.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {
protocol::MetricsSample sample(qint64 ms, double cpu)
{
    protocol::MetricsSample s;
    s.timestampMs = ms;
    s.system.cpuPercent = cpu;
    s.system.memoryPercent = cpu / 2;
    s.tasks.available = true;
    s.tasks.runningTasks = qint64(cpu);
    s.tasks.successRate = 90;
    return s;
}
} // namespace

class tst_ConsoleModels final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bufferKeepsOrderAndMerges();
    void bufferHolesForMissingSeries();
    void bufferStats();
    void decimation_data();
    void decimation();
    void decimationKeepsSpikes();
    void gapsAreBreaks_data();
    void alertsShowLevelAndAge();
    void gapsAreBreaks();
    void currentMetricsModel();
    void serverProfilesModel();
    void errorTexts();
};

void tst_ConsoleModels::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // fixed formats below
}

void tst_ConsoleModels::bufferKeepsOrderAndMerges()
{
    MetricsBuffer b;
    b.add(sample(3000, 3));
    b.add(sample(1000, 1)); // older, e.g. from history
    b.add(sample(2000, 2));
    b.add(sample(2000, 20)); // the same time again replaces
    QCOMPARE(b.times(), (QList<qint64>{1000, 2000, 3000}));
    QCOMPARE(*b.series(u"cpu_percent"_qs), (QList<double>{1, 20, 3}));
    QCOMPARE(b.latest()->timestampMs, 3000);
    QVERIFY(!b.series(u"nothing"_qs));
}

void tst_ConsoleModels::bufferHolesForMissingSeries()
{
    MetricsBuffer b;
    b.add(sample(1000, 1));
    protocol::MetricsSample down = sample(2000, 2);
    down.tasks = {}; // task database unavailable: no task series
    b.add(down);
    b.add(sample(3000, 3));
    const QList<double> &running = *b.series(u"tasks.running_tasks"_qs);
    QCOMPARE(running.size(), 3);
    QCOMPARE(running[0], 1.0);
    QVERIFY(std::isnan(running[1]));
    QCOMPARE(running[2], 3.0);
    // A series that appears later is NaN before it.
    protocol::MetricsSample more = sample(4000, 4);
    more.system.cpuPerCore = {7};
    b.add(more);
    QCOMPARE(b.series(u"cpu_core.0"_qs)->size(), 4);
    QVERIFY(std::isnan(b.series(u"cpu_core.0"_qs)->at(0)));
}

void tst_ConsoleModels::bufferStats()
{
    MetricsBuffer b;
    for (int i = 0; i < 10; ++i)
        b.add(sample(i * 1000, i));
    const auto s = b.stats(u"cpu_percent"_qs, 2000, 5000);
    QCOMPARE(s.count, 4);
    QCOMPARE(s.min, 2.0);
    QCOMPARE(s.max, 5.0);
    QCOMPARE(s.average, 3.5);
    QCOMPARE(s.current, 5.0);
    QVERIFY(std::isnan(b.stats(u"cpu_percent"_qs, 20000, 30000).current));
}

void tst_ConsoleModels::decimation_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("columns");
    QTest::addColumn<int>("maxPoints");
    QTest::newRow("few points pass through") << 50 << 100 << 50;
    QTest::newRow("a day into 800 columns") << 86400 << 800 << 1600;
    QTest::newRow("a week into 400 columns") << 7 * 8640 << 400 << 800;
}

void tst_ConsoleModels::decimation()
{
    QFETCH(int, samples);
    QFETCH(int, columns);
    QFETCH(int, maxPoints);
    QList<qint64> t;
    QList<double> v;
    for (int i = 0; i < samples; ++i) {
        t.append(qint64(i) * 1000);
        v.append(std::sin(i / 100.0) * 50 + 50);
    }
    const QList<QPointF> points = decimateMinMax(t, v, 0, t.last(), columns);
    QVERIFY(points.size() <= maxPoints);
    QVERIFY(points.size() >= qMin(samples, columns));
    for (qsizetype i = 1; i < points.size(); ++i)
        QVERIFY(points[i].x() > points[i - 1].x()); // time order
}

void tst_ConsoleModels::decimationKeepsSpikes()
{
    QList<qint64> t;
    QList<double> v;
    for (int i = 0; i < 86400; ++i) {
        t.append(qint64(i) * 1000);
        v.append(i == 43210 ? 99.0 : (i == 60000 ? -5.0 : 10.0));
    }
    v[100] = qQNaN(); // a hole is skipped, not drawn as 0
    const QList<QPointF> points = decimateMinMax(t, v, 0, t.last(), 500);
    double top = 0, bottom = 100;
    for (const QPointF &p : points) {
        top = qMax(top, p.y());
        bottom = qMin(bottom, p.y());
        QVERIFY(!std::isnan(p.y()));
    }
    QCOMPARE(top, 99.0);
    QCOMPARE(bottom, -5.0);
    // A window inside the data: only its points.
    const QList<QPointF> window = decimateMinMax(t, v, 1000000, 1010000, 500);
    QCOMPARE(window.size(), 11);
    QCOMPARE(window.first().x(), 1000000.0);
}

// Where the data has a hole (a daemon stopped, hung or out of reach), the line breaks there;
// where the spacing only changes (minute rollups, then second samples), it does not.
// Each alert says how long it has been going, counting on (a resolved one: how long it
// lasted), and each level has a colour of its own.
void tst_ConsoleModels::alertsShowLevelAndAge()
{
    AlertsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 t0 = 1764288000000;
    protocol::Alert critical, warning, resolved;
    critical.id = u"a"_qs, critical.level = u"critical"_qs, critical.state = u"firing"_qs, critical.firedAtMs = t0 - 3 * 60000;
    warning.id = u"b"_qs, warning.level = u"warning"_qs, warning.state = u"acknowledged"_qs, warning.firedAtMs = t0 - 2 * 3600000 - 5 * 60000;
    resolved.id = u"c"_qs, resolved.level = u"error"_qs, resolved.state = u"resolved"_qs, resolved.firedAtMs = t0 - 86400000LL * 2;
    resolved.resolvedAtMs = resolved.firedAtMs + 45000;
    model.setAlerts({warning, resolved, critical});
    model.tick(t0);
    auto row = [&](const QString &id) {
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.index(r, 0).data(AlertsModel::AlertIdRole).toString() == id)
                return r;
        return -1;
    };
    QCOMPARE(model.index(row(u"a"_qs), AlertsModel::Age).data().toString(), u"3 min"_qs);
    QCOMPARE(model.index(row(u"b"_qs), AlertsModel::Age).data().toString(), u"2 h 5 min"_qs);
    QCOMPARE(model.index(row(u"c"_qs), AlertsModel::Age).data().toString(), u"45 s"_qs); // how long it lasted
    QSet<QString> colours;
    for (const QString &level : {u"info"_qs, u"warning"_qs, u"error"_qs, u"critical"_qs})
        colours.insert(AlertsModel::levelColourName(level));
    QCOMPARE(colours.size(), 4);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick(t0 + 60000);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(row(u"a"_qs), AlertsModel::Age).data().toString(), u"4 min"_qs);
}

void tst_ConsoleModels::gapsAreBreaks_data()
{
    QTest::addColumn<QList<qint64>>("times");
    QTest::addColumn<qint64>("fromMs");
    QTest::addColumn<qint64>("toMs");
    QTest::addColumn<int>("segments");
    auto run = [](qint64 from, qint64 to, qint64 step) {
        QList<qint64> out;
        for (qint64 t = from; t <= to; t += step)
            out.append(t);
        return out;
    };
    const qint64 m = 60000;
    QTest::newRow("steady 5 s samples") << run(0, 30 * m, 5000) << qint64(0) << 30 * m << 1;
    QTest::newRow("a 12-minute hang") << run(0, 10 * m, 5000) + run(22 * m, 30 * m, 5000) << qint64(0) << 30 * m << 2;
    QTest::newRow("two restarts") << run(0, 5 * m, 5000) + run(6 * m, 10 * m, 5000) + run(12 * m, 15 * m, 5000) << qint64(0) << 15 * m << 3;
    QTest::newRow("20 s of jitter is no gap") << run(0, 5 * m, 5000) + run(5 * m + 14000, 10 * m, 5000) << qint64(0) << 10 * m << 1;
    QTest::newRow("minute rollups then 5 s samples") << run(0, 60 * m, m) + run(60 * m + 5000, 70 * m, 5000) << qint64(0) << 70 * m << 1;
    QTest::newRow("a gap in rollups") << run(0, 30 * m, m) + run(45 * m, 60 * m, m) << qint64(0) << 60 * m << 2;
    QTest::newRow("a gap just before the window") << run(0, 5 * m, 5000) + run(10 * m, 20 * m, 5000) << 6 * m << 20 * m << 1;
    QTest::newRow("a gap inside, window from mid-run") << run(0, 5 * m, 5000) + run(10 * m, 20 * m, 5000) << 2 * m << 20 * m << 2;
}

void tst_ConsoleModels::gapsAreBreaks()
{
    QFETCH(QList<qint64>, times);
    QFETCH(qint64, fromMs);
    QFETCH(qint64, toMs);
    QFETCH(int, segments);
    const QList<double> values(times.size(), 10.0);
    const QList<QList<QPointF>> parts = decimateSegments(times, values, fromMs, toMs, 400, 5000);
    QCOMPARE(parts.size(), segments);
    qint64 points = 0;
    double lastX = -1;
    for (const QList<QPointF> &part : parts) {
        QVERIFY(!part.isEmpty());
        QVERIFY(part.first().x() > lastX); // in time order, no overlap
        lastX = part.last().x();
        points += part.size();
    }
    // Nothing lost at the cuts: every sample in the window is drawn (few enough to pass through).
    qint64 inWindow = 0;
    for (qint64 t : std::as_const(times))
        inWindow += t >= fromMs && t <= toMs ? 1 : 0;
    QCOMPARE(points, inWindow);
}

void tst_ConsoleModels::currentMetricsModel()
{
    CurrentMetricsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(CurrentMetricsModel::ColumnCount));
    QCOMPARE(model.rowCount(), int(CurrentMetricsModel::dashboardRows().size()));
    QCOMPARE(model.index(0, CurrentMetricsModel::Current).data().toString(), u"–"_qs);
    MetricsBuffer b;
    for (int i = 1; i <= 4; ++i)
        b.add(sample(i * 1000, i * 10));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refresh(b, 0, 10000);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, CurrentMetricsModel::Metric).data().toString(), u"CPU"_qs);
    QCOMPARE(model.index(0, CurrentMetricsModel::Current).data().toString(), u"40.0 %"_qs);
    QCOMPARE(model.index(0, CurrentMetricsModel::Minimum).data().toString(), u"10.0 %"_qs);
    QCOMPARE(model.index(0, CurrentMetricsModel::Average).data(CurrentMetricsModel::RawValueRole).toDouble(), 25.0);
    const int running = 5;
    QCOMPARE(model.index(running, CurrentMetricsModel::Metric).data(CurrentMetricsModel::SeriesKeyRole).toString(),
             u"tasks.running_tasks"_qs);
    QCOMPARE(model.index(running, CurrentMetricsModel::Maximum).data().toString(), u"40"_qs);
    QCOMPARE(model.headerData(CurrentMetricsModel::Maximum, Qt::Horizontal).toString(), u"Maximum"_qs);
}

void tst_ConsoleModels::serverProfilesModel()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"console.ini"_qs);
    {
        ServerProfilesModel model(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.upsert({u"prod"_qs, QUrl(u"wss://ops.example:8765"_qs), u"alice"_qs, false, true});
        model.upsert({u"local"_qs, QUrl(u"ws://127.0.0.1:8765"_qs), u"admin"_qs, true, false});
        model.upsert({u"prod"_qs, QUrl(u"wss://ops2.example:8765"_qs), u"alice"_qs, false, true}); // replaces
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data().toString(), u"prod"_qs);
        QCOMPARE(model.index(0).data(ServerProfilesModel::UrlRole).toUrl(), QUrl(u"wss://ops2.example:8765"_qs));
        model.setLastUsed(u"local"_qs);
        QVERIFY(model.remove(u"local"_qs) && !model.remove(u"local"_qs));
        model.upsert({u"local"_qs, QUrl(u"ws://127.0.0.1:8765"_qs), u"admin"_qs, true, false});
    }
    // Saved and read back; no secret is in the file.
    ServerProfilesModel again(std::make_unique<QSettings>(file, QSettings::IniFormat));
    QCOMPARE(again.rowCount(), 2);
    QCOMPARE(again.profiles().at(0), (ServerProfile{u"prod"_qs, QUrl(u"wss://ops2.example:8765"_qs), u"alice"_qs, false, true}));
    QCOMPARE(again.lastUsed(), u"local"_qs);
    QFile ini(file);
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray text = ini.readAll();
    QVERIFY(!text.contains("password") && !text.contains("token="));
}

void tst_ConsoleModels::errorTexts()
{
    QCOMPARE(errorText(u"forbidden"_qs), u"Your role does not allow this action."_qs);
    QVERIFY(errorText(u"something_new"_qs).contains(u"something_new"_qs));
    QCOMPARE(formatting::percent(12.345), u"12.3 %"_qs);
    QCOMPARE(formatting::count(1234.4), u"1,234"_qs);
    QCOMPARE(formatting::age(65000), u"1 min ago"_qs);
}

QTEST_GUILESS_MAIN(tst_ConsoleModels)
#include "tst_consolemodels.moc"
