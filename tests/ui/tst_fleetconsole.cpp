#include "app/fleetmodel.h"
#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "app/serverwatcher.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/storage/database.h"
#include "server/protocol/protocol.h"
#include "tests/support/testsupport.h"
#include "ui/alertspage.h"
#include "ui/dashboardpage.h"
#include "ui/fleetpage.h"
#include "ui/healthpage.h"
#include "ui/hostfilter.h"
#include "ui/logspage.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QSettings>
#include <QTimer>
#include <QTcpServer>

// The Fleet page against a real daemon on a real PostgreSQL store, beside two more hosts of
// that store: worker-1 heartbeating, worker-2 silent for minutes. The page comes first in the
// sidebar, lists the down host first in red with how long, marks the leader, and the daemon
// raised host_down for worker-2. Screenshots in both languages and both sizes.
class tst_FleetConsole final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threeHostsOneDown();
    void choosingAHostShowsItsFigures();
    void modelOrdersTheWorstFirst();
    void hostFilterFollowsTheFleet();
    void otherServersOnTheFleetPage();
};

namespace {
bool heartbeat(const QString &connection, const QString &host, qint64 lastSeenMs, double cpu, double memory, const QString &alerts)
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    q.prepare(u"INSERT INTO fleet_hosts (host, role, addresses, version, started_at, last_seen, summary) VALUES (?, 'member', "
              "'[\"10.0.0.7:8765\"]', '0.5.0', ?, ?, ?) ON CONFLICT (host) DO UPDATE SET last_seen = excluded.last_seen, "
              "summary = excluded.summary"_qs);
    const QJsonObject summary{{u"cpu_percent"_qs, cpu}, {u"memory.percent"_qs, memory}, {u"disk.percent"_qs, 61.5},
                              {u"running_tasks"_qs, 4}, {u"open_alerts"_qs, QJsonDocument::fromJson(alerts.toUtf8()).object()},
                              {u"sampled_at"_qs, protocol::isoTimestamp(lastSeenMs)}};
    for (const QVariant &v : {QVariant(host), QVariant(lastSeenMs - 86400000), QVariant(lastSeenMs),
                              QVariant(QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)))})
        q.addBindValue(v);
    if (!q.exec())
        qWarning() << q.lastError().text();
    return !q.lastError().isValid();
}
bool exec(const QString &connection, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        qWarning() << sql << q.lastError().text();
    return !q.lastError().isValid();
}

// A raw sample of another member, as its fleet thread writes it, and the notification that
// wakes the members relaying it.
bool storeSample(const QString &connection, const QString &host, qint64 seq, qint64 ms, double cpu)
{
    protocol::MetricsSample sample;
    sample.seq = seq;
    sample.timestampMs = ms;
    sample.host = host;
    sample.system.cpuPercent = cpu;
    sample.system.memoryPercent = 64;
    const QString json = QString::fromUtf8(QJsonDocument(sample.toJson()).toJson(QJsonDocument::Compact));
    return exec(connection, u"INSERT INTO metric_samples (host, ts, seq, sample) VALUES (?, ?, ?, ?)"_qs, {host, ms, seq, json})
        && exec(connection, u"SELECT pg_notify('formauto_samples', ?)"_qs, {host});
}
} // namespace

void tst_FleetConsole::threeHostsOneDown()
{
    QString error;
    const QString name = u"formauto_ops_fleet_console"_qs;
    const auto url = testsupport::createPostgresDatabase(name, &error);
    if (!url)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    QTemporaryDir data, cacheDir, settings;
    testsupport::writeFile(data.filePath(u"pgpw"_qs), url->password.toUtf8());
    Config config = testsupport::testConfig(data.path());
    config.store.url = QStringLiteral("postgresql://%1@%2:%3/%4").arg(url->user, url->host).arg(url->port).arg(url->database);
    config.store.passwordFile = data.filePath(u"pgpw"_qs);
    config.fleet.host = u"api-1"_qs;
    config.fleet.downAfterSeconds = 15;
    {
        Daemon daemon(config, true, SystemClock::instance());
        QVERIFY2(daemon.start(&error), qPrintable(error));
        QVERIFY2(openDatabase(*url, u"fleet-console"_qs, false, &error), qPrintable(error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(heartbeat(u"fleet-console"_qs, u"worker-2"_qs, now - 7 * 60000, 35, 48, u"{}"_qs));
        QVERIFY(heartbeat(u"fleet-console"_qs, u"worker-1"_qs, now, 72, 81, u"{\"warning\":2,\"error\":0,\"critical\":1,\"info\":0}"_qs));

        QString id, code;
        const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
        OpsClient client;
        LanguageManager language;
        language.setLanguage(LanguageManager::Language::English);
        ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
        MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
        window.resize(1280, 800);
        window.show();
        QCOMPARE(window.sidebarOrder().last(), MainWindow::FleetPageIndex); // one host known yet: last
        client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
        FleetPage *page = window.fleetPage();
        FleetModel *model = page->model();
        // worker-1 keeps heartbeating with changing figures, so its sparklines have a line.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            static int beat = 0;
            ++beat;
            heartbeat(u"fleet-console"_qs, u"worker-1"_qs, QDateTime::currentMSecsSinceEpoch(), 60 + (beat * 7) % 30, 78 + beat % 5,
                      u"{\"warning\":2,\"error\":0,\"critical\":1,\"info\":0}"_qs);
            page->reload();
            QTest::qWait(400);
            return model->hostCount() == 3 && model->downCount() == 1
                && model->data(model->index(1, FleetModel::Cpu), FleetModel::HistoryRole).toList().size() >= 3
                && model->data(model->index(2, FleetModel::Cpu), FleetModel::HistoryRole).toList().size() >= 3;
        }()), 30000);
        QCOMPARE(window.sidebarOrder().first(), MainWindow::FleetPageIndex);
        QCOMPARE(window.currentPage(), MainWindow::DashboardPageIndex); // moving the entry does not change the page shown
        window.showPage(MainWindow::FleetPageIndex);
        // Down first, in red, with how long; then worker-1 (a critical alert); the leader.
        QCOMPARE(model->hosts(), (QStringList{u"worker-2"_qs, u"worker-1"_qs, u"api-1"_qs}));
        QVERIFY2(model->index(0, FleetModel::State).data().toString().startsWith(u"Down for 7 min"_qs),
                 qPrintable(model->index(0, FleetModel::State).data().toString()));
        QVERIFY(!model->index(0, FleetModel::State).data(FleetModel::ColourRole).toString().isEmpty());
        QCOMPARE(model->index(1, FleetModel::Alerts).data().toString(), u"1 Critical, 2 Warning"_qs);
        QCOMPARE(model->index(2, FleetModel::Host).data().toString(), u"api-1 (this daemon)"_qs);
        QCOMPARE(model->index(2, FleetModel::State).data().toString(), u"Up · leader"_qs);
        QVERIFY2(page->summaryText().startsWith(u"3 hosts · 1 down · leader api-1 (term "_qs), qPrintable(page->summaryText()));
        // The leader raised host_down for worker-2.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            QSqlQuery q(QSqlDatabase::database(u"fleet-console"_qs, false));
            return q.exec(u"SELECT COUNT(*) FROM alerts WHERE rule = 'host_down' AND host = 'worker-2' AND state = 'firing'"_qs) && q.next()
                && q.value(0).toInt() == 1;
        }()), 10000);

        const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_en_1280x800.png"_qs)));
        language.setLanguage(LanguageManager::Language::Japanese);
        QTest::qWait(300);
        QVERIFY2(page->summaryText().contains(u"ダウン"_qs), qPrintable(page->summaryText()));
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_ja_1280x800.png"_qs)));
        window.resize(1920, 1080);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_ja_1920x1080.png"_qs)));
        language.setLanguage(LanguageManager::Language::English);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_en_1920x1080.png"_qs)));
        client.disconnectFromServer();
    }
    closeDatabase(u"fleet-console"_qs);
    testsupport::dropPostgresDatabase(name);
}

// Choosing worker-1 on the Fleet page shows its figures on Dashboard (history from the store,
// live samples relayed) and its last health report on Health; a down host's report is "not
// known", never healthy; Alerts and Logs filter by host; the button goes back to api-1.
void tst_FleetConsole::choosingAHostShowsItsFigures()
{
    QString error;
    const QString name = u"formauto_ops_fleet_choose"_qs;
    const auto url = testsupport::createPostgresDatabase(name, &error);
    if (!url)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    QTemporaryDir data, cacheDir, settings;
    testsupport::writeFile(data.filePath(u"pgpw"_qs), url->password.toUtf8());
    Config config = testsupport::testConfig(data.path());
    config.store.url = QStringLiteral("postgresql://%1@%2:%3/%4").arg(url->user, url->host).arg(url->port).arg(url->database);
    config.store.passwordFile = data.filePath(u"pgpw"_qs);
    config.fleet.host = u"api-1"_qs;
    config.fleet.downAfterSeconds = 15;
    const QString db = u"fleet-choose"_qs;
    {
        Daemon daemon(config, true, SystemClock::instance());
        QVERIFY2(daemon.start(&error), qPrintable(error));
        QVERIFY2(openDatabase(*url, db, false, &error), qPrintable(error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(heartbeat(db, u"worker-2"_qs, now - 7 * 60000, 35, 48, u"{}"_qs));
        QVERIFY(heartbeat(db, u"worker-1"_qs, now, 91.5, 64, u"{}"_qs));
        // worker-1: a minute of samples at 91.5 % CPU and a report with Redis down; worker-2
        // last said healthy, eight minutes ago.
        for (int i = 0; i < 30; ++i)
            QVERIFY(storeSample(db, u"worker-1"_qs, i + 1, now - 60000 + i * 2000, 91.5));
        const QJsonObject sick{{u"overall_status"_qs, u"unhealthy"_qs}, {u"level"_qs, u"critical"_qs}, {u"timestamp"_qs, protocol::isoTimestamp(now)},
                               {u"checks"_qs, QJsonObject{{u"redis"_qs, QJsonObject{{u"status"_qs, u"unhealthy"_qs}, {u"level"_qs, u"critical"_qs},
                                                                                 {u"message_key"_qs, u"health.unreachable"_qs}}}}}};
        const QJsonObject fine{{u"overall_status"_qs, u"healthy"_qs}, {u"timestamp"_qs, protocol::isoTimestamp(now - 8 * 60000)},
                               {u"checks"_qs, QJsonObject{{u"redis"_qs, QJsonObject{{u"status"_qs, u"healthy"_qs}}}}}};
        QVERIFY(exec(db, u"UPDATE fleet_hosts SET health = ? WHERE host = ?"_qs,
                     {QString::fromUtf8(QJsonDocument(sick).toJson(QJsonDocument::Compact)), u"worker-1"_qs}));
        QVERIFY(exec(db, u"UPDATE fleet_hosts SET health = ? WHERE host = ?"_qs,
                     {QString::fromUtf8(QJsonDocument(fine).toJson(QJsonDocument::Compact)), u"worker-2"_qs}));

        QString id, code;
        const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
        OpsClient client;
        LanguageManager language;
        language.setLanguage(LanguageManager::Language::English);
        ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
        MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
        window.resize(1280, 800);
        window.show();
        client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
        QCOMPARE(client.hostName(), u"api-1"_qs); // from hello
        FleetPage *page = window.fleetPage();
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            heartbeat(db, u"worker-1"_qs, QDateTime::currentMSecsSinceEpoch(), 91.5, 64, u"{}"_qs);
            page->reload();
            QTest::qWait(300);
            return page->model()->hostCount() == 3;
        }()), 30000);
        DashboardPage *dashboard = window.dashboard();
        QVERIFY2(dashboard->hostText().contains(u"api-1 (this daemon)"_qs), qPrintable(dashboard->hostText()));

        // worker-1's row, then the button.
        window.showPage(MainWindow::FleetPageIndex);
        const int row = int(page->model()->hosts().indexOf(u"worker-1"_qs));
        QVERIFY(row >= 0);
        page->table()->setCurrentIndex(page->model()->index(row, FleetModel::Host));
        auto *show = page->findChild<QPushButton *>(u"fleetShowHost"_qs);
        QVERIFY(show && show->isEnabled());
        show->click();
        QCOMPARE(window.currentPage(), MainWindow::DashboardPageIndex);
        QCOMPARE(dashboard->host(), u"worker-1"_qs);
        QCOMPARE(window.healthPage()->host(), u"worker-1"_qs);
        QCOMPARE(client.watchedHost(), u"worker-1"_qs);
        QVERIFY2(dashboard->hostText().contains(u"worker-1 (through api-1)"_qs), qPrintable(dashboard->hostText()));
        // Its history from the store: every CPU figure on the charts is worker-1's, none api-1's.
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->buffer().size() >= 30, 10000);
        auto onlyWorker = [&](std::initializer_list<double> allowed) {
            const QList<double> *cpu = dashboard->buffer().series(u"cpu_percent"_qs);
            if (!cpu)
                return false;
            for (double v : *cpu) {
                if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
                    return false;
            }
            return dashboard->buffer().latest() && dashboard->buffer().latest()->host == u"worker-1"_qs;
        };
        QVERIFY(onlyWorker({91.5}));
        // A live sample of worker-1 is relayed within 2 s; api-1's own pushes (every second)
        // still do not reach the charts.
        QElapsedTimer relay;
        relay.start();
        QVERIFY(storeSample(db, u"worker-1"_qs, 31, QDateTime::currentMSecsSinceEpoch(), 55.5));
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->buffer().latest() && dashboard->buffer().latest()->system.cpuPercent == 55.5, 3000);
        QVERIFY2(relay.elapsed() < 2000, qPrintable(QString::number(relay.elapsed())));
        qInfo("worker-1's live sample reached the console in %lld ms", qint64(relay.elapsed()));
        QTest::qWait(2500);
        QVERIFY(onlyWorker({91.5, 55.5}));

        // Health: worker-1's last report, not api-1's.
        HealthPage *health = window.healthPage();
        QTRY_VERIFY_WITH_TIMEOUT(health->tileStateText(u"redis"_qs).startsWith(u"Unhealthy"_qs), 10000);
        QVERIFY2(health->overallText().startsWith(u"worker-1: Unhealthy"_qs), qPrintable(health->overallText()));
        const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_dashboard_en_1280x800.png"_qs)));
        window.showPage(MainWindow::HealthPageIndex);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_health_en_1280x800.png"_qs)));

        // worker-2 is down: its old "healthy" is not believed.
        window.showHost(u"worker-2"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(health->overallText().startsWith(u"worker-2: Not known — no heartbeat since"_qs), 10000);
        QVERIFY2(health->overallText().endsWith(u"(its last report said healthy)"_qs), qPrintable(health->overallText()));
        QVERIFY2(health->tileStateText(u"redis"_qs).startsWith(u"Last reported: Healthy"_qs), qPrintable(health->tileStateText(u"redis"_qs)));
        QVERIFY2(dashboard->hostText().contains(u"down: no heartbeat since"_qs), qPrintable(dashboard->hostText()));
        language.setLanguage(LanguageManager::Language::Japanese);
        window.showPage(MainWindow::HealthPageIndex);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_down_health_ja_1280x800.png"_qs)));
        window.showPage(MainWindow::DashboardPageIndex);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_down_dashboard_ja_1280x800.png"_qs)));
        window.resize(1920, 1080);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_down_dashboard_ja_1920x1080.png"_qs)));
        language.setLanguage(LanguageManager::Language::English);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_host_down_dashboard_en_1920x1080.png"_qs)));
        window.resize(1280, 800);

        // Alerts: only worker-2's (the leader raised host_down for it).
        AlertsPage *alerts = window.alerts();
        alerts->setHostFilter(u"worker-2"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            alerts->reload();
            QTest::qWait(300);
            const auto listed = alerts->model()->alerts();
            return !listed.isEmpty() && std::all_of(listed.begin(), listed.end(), [](const protocol::Alert &a) { return a.host == u"worker-2"_qs; });
        }()), 15000);
        window.showPage(MainWindow::AlertsPageIndex);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_alerts_host_filter_en_1280x800.png"_qs)));
        alerts->setHostFilter({});
        // Logs: the host filter is a host: term of the query.
        window.logs()->setHosts(page->model()->hosts());
        window.logs()->setHostFilter(u"worker-1"_qs);
        QVERIFY2(window.logs()->effectiveQuery().contains(u"host:worker-1"_qs), qPrintable(window.logs()->effectiveQuery()));

        // Back to this daemon's host.
        const QList<QPushButton *> back = dashboard->findChildren<QPushButton *>();
        auto it = std::find_if(back.begin(), back.end(), [](QPushButton *b) { return b->text().startsWith(u"Back to api-1"_qs); });
        QVERIFY(it != back.end());
        (*it)->click();
        QCOMPARE(dashboard->host(), QString());
        QCOMPARE(health->host(), QString());
        QCOMPARE(client.watchedHost(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->buffer().latest() && dashboard->buffer().latest()->host == u"api-1"_qs, 5000);
        client.disconnectFromServer();
    }
    closeDatabase(db);
    testsupport::dropPostgresDatabase(name);
}

void tst_FleetConsole::modelOrdersTheWorstFirst()
{
    // Without a daemon: the order rules and what an empty or odd answer does.
    FleetModel model;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto host = [now](const QString &name, bool up, double cpu, const QJsonObject &alerts) {
        return QJsonObject{{u"host"_qs, name}, {u"state"_qs, up ? u"up"_qs : u"down"_qs}, {u"last_seen"_qs, protocol::isoTimestamp(now - 30000)},
                           {u"summary"_qs, QJsonObject{{u"cpu_percent"_qs, cpu}, {u"open_alerts"_qs, alerts}}}};
    };
    model.apply({{u"hosts"_qs, QJsonArray{host(u"b-quiet"_qs, true, 10, {}), host(u"c-busy"_qs, true, 90, {}),
                                          host(u"d-critical"_qs, true, 5, {{u"critical"_qs, 1}}), host(u"a-down"_qs, false, 1, {}),
                                          QJsonObject{{u"state"_qs, u"up"_qs}}, QJsonValue(7)}},
                 {u"leader"_qs, u"b-quiet"_qs}},
                now);
    QCOMPARE(model.hosts(), (QStringList{u"a-down"_qs, u"d-critical"_qs, u"c-busy"_qs, u"b-quiet"_qs}));
    QCOMPARE(model.downCount(), 1);
    QCOMPARE(model.index(1, FleetModel::Alerts).data().toString(), u"1 Critical"_qs);
    QCOMPARE(model.index(3, FleetModel::Memory).data().toString(), u"—"_qs); // not reported: not zero
    model.apply({}, now);
    QCOMPARE(model.hostCount(), 0);
}

void tst_FleetConsole::hostFilterFollowsTheFleet()
{
    QComboBox combo;
    combo.addItem(u"All hosts"_qs, QString());
    QVERIFY(!hostfilter::setHosts(&combo, {u"worker-2"_qs, u"api-1"_qs}));
    QCOMPARE(combo.count(), 3);
    QCOMPARE(combo.itemData(1).toString(), u"api-1"_qs); // by name
    hostfilter::choose(&combo, u"worker-2"_qs);
    QCOMPARE(combo.currentData().toString(), u"worker-2"_qs);
    QVERIFY(!hostfilter::setHosts(&combo, {u"api-1"_qs, u"worker-2"_qs})); // same fleet: kept
    QCOMPARE(combo.currentData().toString(), u"worker-2"_qs);
    // The chosen host left the fleet: back to every host, and the page is told to ask again.
    QVERIFY(hostfilter::setHosts(&combo, {u"api-1"_qs}));
    QCOMPARE(combo.currentIndex(), 0);
    QCOMPARE(combo.count(), 2);
    // Choosing a host not listed yet (an alert's host) lists it.
    hostfilter::choose(&combo, u"worker-9"_qs);
    QCOMPARE(combo.currentData().toString(), u"worker-9"_qs);
}

// Independent daemons (each with its own SQLite store) on one Fleet page: the window is
// connected to api-1; edge-9 is watched through its own connection and token; a saved server
// that is not running, and one without a remembered sign-in, show as not reachable (in red,
// saying why), never as up. Opening edge-9's row connects the window to it, and api-1 is then
// the watched one.
void tst_FleetConsole::otherServersOnTheFleetPage()
{
    QString error;
    QTemporaryDir dataA, dataB, cacheDir, settings;
    Config configA = testsupport::testConfig(dataA.path());
    configA.fleet.host = u"api-1"_qs;
    Config configB = testsupport::testConfig(dataB.path());
    configB.fleet.host = u"edge-9"_qs;
    auto a = std::make_unique<Daemon>(configA, true, SystemClock::instance());
    QVERIFY2(a->start(&error), qPrintable(error));
    Daemon b(configB, true, SystemClock::instance());
    QVERIFY2(b.start(&error), qPrintable(error));
    QString id, code;
    const QString tokenA = *a->auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    const QString tokenB = *b.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Viewer, -1, &id, &code, &error);
    // A port nobody listens on.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = closed.serverPort();
    closed.close();

    ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
    auto profile = [](const QString &name, quint16 port, bool watched, bool remembered) {
        ServerProfile p;
        p.name = name;
        p.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port));
        p.useToken = true;
        p.rememberToken = remembered;
        p.onFleetPage = watched;
        return p;
    };
    profiles.upsert(profile(u"main"_qs, a->port(), true, true));
    profiles.upsert(profile(u"edge"_qs, b.port(), true, true));
    profiles.upsert(profile(u"old-box"_qs, closedPort, true, true));
    profiles.upsert(profile(u"lab"_qs, b.port(), true, false)); // never signed in with "Remember"
    profiles.upsert(profile(u"spare"_qs, b.port(), false, true)); // saved, not on the page
    const QHash<QString, QString> keychain{{u"main"_qs, tokenA}, {u"edge"_qs, tokenB}, {u"old-box"_qs, tokenB}, {u"spare"_qs, tokenB}};

    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.setTokenLoader([&keychain](const QString &name, TokenStore::Done done) {
        QTimer::singleShot(0, [name, done, token = keychain.value(name)] { done(!token.isEmpty(), token); });
    });
    window.resize(1280, 800);
    window.show();
    window.connectToProfile(u"main"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    FleetPage *page = window.fleetPage();
    FleetModel *model = page->model();
    auto rowOf = [model](const QString &server, const QString &host) {
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data(FleetModel::ServerRole).toString() == server && model->index(r, 0).data(FleetModel::HostRole).toString() == host)
                return r;
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"edge"_qs, u"edge-9"_qs) >= 0 && rowOf(u""_qs, u"api-1"_qs) >= 0
                                 && rowOf(u"old-box"_qs, u"old-box"_qs) >= 0 && rowOf(u"lab"_qs, u"lab"_qs) >= 0, 15000);
    QCOMPARE(model->servers().size(), 3); // edge, old-box, lab: not spare, not main itself
    QVERIFY(!page->watcher()->watched().contains(u"main"_qs));
    const int edge = rowOf(u"edge"_qs, u"edge-9"_qs);
    QCOMPARE(model->index(edge, FleetModel::State).data().toString(), u"Up · leader"_qs);
    QCOMPARE(model->index(edge, FleetModel::Server).data().toString(), u"edge"_qs);
    QVERIFY(model->index(edge, FleetModel::Host).data().toString() == u"edge-9"_qs); // not "this daemon": another server's
    QCOMPARE(model->index(rowOf(u""_qs, u"api-1"_qs), FleetModel::Server).data().toString(), u"main"_qs);
    // Not reachable, first and in red, saying why; never up.
    const int old = rowOf(u"old-box"_qs, u"old-box"_qs), lab = rowOf(u"lab"_qs, u"lab"_qs);
    QVERIFY(old < edge && lab < edge);
    QCOMPARE(model->index(old, FleetModel::State).data().toString(), u"Not reachable"_qs);
    QVERIFY(!model->index(old, FleetModel::State).data(FleetModel::ColourRole).toString().isEmpty());
    QVERIFY2(model->index(old, FleetModel::Host).data(Qt::ToolTipRole).toString().contains(u"no connection"_qs),
             qPrintable(model->index(old, FleetModel::Host).data(Qt::ToolTipRole).toString()));
    QVERIFY2(model->index(lab, FleetModel::Host).data(Qt::ToolTipRole).toString().contains(u"Remember the session"_qs),
             qPrintable(model->index(lab, FleetModel::Host).data(Qt::ToolTipRole).toString()));
    QVERIFY2(page->summaryText().startsWith(u"4 hosts · 3 other servers · 2 not reachable · leader api-1"_qs), qPrintable(page->summaryText()));
    QCOMPARE(model->index(old, FleetModel::Alerts).data().toString(), u"—"_qs); // not known: not "none"
    QCOMPARE(window.sidebarOrder().first(), MainWindow::FleetPageIndex); // more than one host
    // edge-9's figures arrive through its own connection: its sparkline grows.
    QTRY_VERIFY_WITH_TIMEOUT(model->data(model->index(rowOf(u"edge"_qs, u"edge-9"_qs), FleetModel::Cpu), FleetModel::HistoryRole).toList().size() >= 2,
                             15000);

    window.showPage(MainWindow::FleetPageIndex);
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_servers_en_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_servers_ja_1280x800.png"_qs)));
    window.resize(1920, 1080);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"fleet_servers_ja_1920x1080.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    window.resize(1280, 800);

    // Opening edge-9's row: the window connects to edge, and main becomes a watched server.
    page->table()->setCurrentIndex(model->index(rowOf(u"edge"_qs, u"edge-9"_qs), FleetModel::Host));
    page->findChild<QPushButton *>(u"fleetShowHost"_qs)->click();
    QTRY_COMPARE_WITH_TIMEOUT(client.hostName(), u"edge-9"_qs, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"main"_qs, u"api-1"_qs) >= 0 && rowOf(u""_qs, u"edge-9"_qs) >= 0, 15000);
    QVERIFY(!page->watcher()->watched().contains(u"edge"_qs));
    // A watched server that stops: not reachable, with its last figures, not up.
    a.reset();
    QTRY_COMPARE_WITH_TIMEOUT(model->index(rowOf(u"main"_qs, u"api-1"_qs), FleetModel::State).data().toString(), u"Not reachable"_qs, 15000);
    QVERIFY(!model->index(rowOf(u"main"_qs, u"api-1"_qs), 0).data(FleetModel::UpRole).toBool());
    client.disconnectFromServer();
    page->watcher()->unwatchAll();
}

QTEST_MAIN(tst_FleetConsole)
#include "tst_fleetconsole.moc"
