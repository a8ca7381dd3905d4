#include "app/auditmodel.h"
#include "app/languagemanager.h"
#include "app/logsmodel.h"
#include "app/offlinecache.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "tests/support/httpreceiver.h"
#include "tests/support/testsupport.h"
#include "server/alerts/alertengine.h"
#include "ui/alertdialogs.h"
#include "ui/alertingviews.h"
#include "ui/alertspage.h"
#include "ui/auditpage.h"
#include "ui/logspage.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableView>
#include <QSettings>
#include <QTest>

// The Audit and Logs pages against a real daemon, then without one.
class tst_AuditConsole final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsUnderTester();
    void offlineBrowsingAndBundles();
    void logsPageSearchesAndReportsErrors();
    void alertsPageShowsPushesAndAcknowledges();
    void bulkAcknowledgeSilencesRulesAndEscalation();

private:
    QTemporaryDir m_dir;
};

void tst_AuditConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_AuditConsole::modelsUnderTester()
{
    AuditModel audit;
    QAbstractItemModelTester t1(&audit, QAbstractItemModelTester::FailureReportingMode::QtTest);
    protocol::AuditEntry e;
    e.seq = 1;
    e.id = u"x"_qs;
    e.action = u"alert.ack"_qs;
    e.resourceType = u"alert"_qs;
    e.resourceId = u"a-1"_qs;
    e.details = {{u"comment"_qs, u"said \"ok\", then left"_qs}};
    e.timestampMs = 0;
    audit.setRows({e});
    protocol::AuditEntry older = e;
    older.seq = 0;
    audit.appendRows({older});
    QCOMPARE(audit.rowCount(), 2);
    QCOMPARE(audit.index(0, AuditModel::Resource).data().toString(), u"alert:a-1"_qs);
    QCOMPARE(audit.index(0, AuditModel::User).data().toString(), u"(anonymous)"_qs);
    const QByteArray csv = audit.toCsv();
    QVERIFY(csv.startsWith("id,seq,user_id,action,resource_type,resource_id,details,ip_address,user_agent,timestamp\r\n"));
    // RFC 4180: the JSON's own quotes doubled, its backslashes kept.
    QVERIFY2(csv.contains(R"("{""comment"":""said \""ok\"", then left""}")"), csv.constData());
    QCOMPARE(QJsonDocument::fromJson(audit.toJson()).array().size(), 2);

    LogsModel logs;
    QAbstractItemModelTester t2(&logs, QAbstractItemModelTester::FailureReportingMode::QtTest);
    logs.setRows(QJsonArray{QJsonObject{{u"id"_qs, 5}, {u"level"_qs, u"ERROR"_qs}, {u"message"_qs, u"a\nb"_qs}}});
    logs.prependRows(QJsonArray{QJsonObject{{u"id"_qs, 7}}, QJsonObject{{u"id"_qs, 6}}});
    logs.appendRows(QJsonArray{QJsonObject{{u"id"_qs, 2}}});
    QCOMPARE(logs.rowCount(), 4);
    QCOMPARE(logs.newestId(), 7);
    QCOMPARE(logs.oldestId(), 2);
    QCOMPARE(logs.index(2, LogsModel::Message).data().toString(), u"a b"_qs);
}

void tst_AuditConsole::offlineBrowsingAndBundles()
{
    QTemporaryDir data, cacheDir;
    Config config = testsupport::testConfig(data.path());
    auto daemon = std::make_unique<Daemon>(config, true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon->start(&error), qPrintable(error));
    QString id, code;
    const QString token = *daemon->auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);

    OpsClient client;
    client.setReconnectDelays(60000, 60000); // stays away once the daemon is gone
    LanguageManager language;
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"p.ini"_qs), QSettings::IniFormat));
    auto window = std::make_unique<MainWindow>(&client, &language, &profiles, nullptr, cacheDir.path());
    window->show();
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon->port())), token);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    for (int i = 0; i < 3; ++i) {
        bool done = false;
        client.request(u"token.create"_qs, {{u"name"_qs, u"t%1"_qs.arg(i)}, {u"role"_qs, u"viewer"_qs}},
                       [&](const protocol::Result &r) { done = r.ok; });
        QTRY_VERIFY(done);
    }
    AuditPage *audit = window->audit();
    QCOMPARE(audit->mode(), AuditPage::Mode::Live);
    audit->search();
    QTRY_COMPARE_WITH_TIMEOUT(audit->model()->rowCount(), 3, 5000);
    QCOMPARE(audit->model()->rows().first().action, u"token.create"_qs);
    // Who did it, by name: the daemon sends the user name beside the id.
    QCOMPARE(audit->model()->index(0, AuditModel::User).data().toString(), u"admin"_qs);
    QVERIFY(audit->model()->rows().first().userId != u"admin"_qs);
    // The page shown follows new entries without Search (and stops when paused).
    window->showPage(MainWindow::AuditPageIndex);
    const qint64 newestBefore = audit->model()->rows().first().seq;
    {
        bool done = false;
        client.request(u"token.create"_qs, {{u"name"_qs, u"t-follow"_qs}, {u"role"_qs, u"viewer"_qs}},
                       [&](const protocol::Result &r) { done = r.ok; });
        QTRY_VERIFY(done);
    }
    QTRY_COMPARE_WITH_TIMEOUT(audit->model()->rowCount(), 4, 12000);
    QVERIFY(audit->model()->rows().first().seq > newestBefore);
    QCOMPARE(audit->model()->rows().first().action, u"token.create"_qs);

    // What an operator sees on the Audit and Logs pages, in both languages and both sizes.
    {
        const QDir out(qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath()));
        window->logs()->setQuery(u"source:formauto-opsd"_qs);
        window->logs()->search();
        QTRY_VERIFY_WITH_TIMEOUT(window->logs()->model()->rowCount() >= 1, 10000);
        for (LanguageManager::Language l : {LanguageManager::Language::English, LanguageManager::Language::Japanese}) {
            language.setLanguage(l);
            const QString code = l == LanguageManager::Language::English ? u"en"_qs : u"ja"_qs;
            // The summary follows the switch (it used to stay in the old language).
            QTRY_VERIFY(!window->logs()->summaryText().isEmpty());
            QTRY_COMPARE(window->logs()->summaryText().contains(u"in the range"_qs), code == u"en"_qs);
            for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
                window->resize(size);
                for (const auto &[page, name] : {std::pair{MainWindow::AuditPageIndex, u"audit"_qs}, std::pair{MainWindow::LogsPageIndex, u"logs"_qs}}) {
                    window->showPage(page);
                    QTest::qWait(150);
                    QVERIFY(window->grab().save(out.filePath(QStringLiteral("%1_%2_%3x%4.png").arg(name, code).arg(size.width()).arg(size.height()))));
                }
            }
        }
        language.setLanguage(LanguageManager::Language::English);
        window->showPage(MainWindow::AuditPageIndex);
    }

    // A bundle exported over the protocol opens and verifies without the daemon.
    QJsonObject bundle;
    client.request(u"audit.export"_qs, {}, [&](const protocol::Result &r) { bundle = r.data; });
    QTRY_VERIFY(!bundle.isEmpty());
    const QString bundlePath = m_dir.filePath(u"bundle.json"_qs);
    testsupport::writeFile(bundlePath, QJsonDocument(bundle).toJson());

    // Let the mirror catch up (it syncs on connect and every minute), then lose the daemon.
    OfflineCache probe(cacheDir.filePath(u"audit-cache.db"_qs));
    QVERIFY(probe.open(&error));
    bool synced = false;
    auto *cacheForSync = new OfflineCache(cacheDir.filePath(u"audit-cache.db"_qs), this);
    QVERIFY(cacheForSync->open(&error));
    cacheForSync->sync(&client, [&](int, const QString &e) { synced = e.isEmpty(); });
    QTRY_VERIFY(synced);
    QVERIFY(probe.lastSeq() >= 4); // three token.create and the export itself
    QVERIFY(window->staleText().isEmpty());
    QVERIFY(!window->pagesFaded());
    daemon.reset();
    QTRY_COMPARE_WITH_TIMEOUT(audit->mode(), AuditPage::Mode::Offline, 5000);
    // Every page says its data is old, and is drawn faded.
    QTRY_VERIFY_WITH_TIMEOUT(window->staleText().startsWith(u"No update from the daemon since"_qs), 5000);
    QVERIFY(window->pagesFaded());
    audit->search();
    QVERIFY(audit->model()->rowCount() >= 4);
    QVERIFY2(audit->bannerText().startsWith(u"Offline: showing the local copy as of"_qs), qPrintable(audit->bannerText()));

    // A console started with no daemon at all browses the same copy.
    window.reset();
    OpsClient offlineClient;
    MainWindow offline(&offlineClient, &language, &profiles, nullptr, cacheDir.path());
    offline.audit()->search();
    QCOMPARE(offline.audit()->mode(), AuditPage::Mode::Offline);
    QVERIFY(offline.audit()->model()->rowCount() >= 4);

    QVERIFY(offline.audit()->openBundle(bundlePath));
    QCOMPARE(offline.audit()->mode(), AuditPage::Mode::Bundle);
    QCOMPARE(offline.audit()->model()->rowCount(), bundle.value(u"rows"_qs).toArray().size());
    QVERIFY2(offline.audit()->bannerText().contains(u"verified"_qs), qPrintable(offline.audit()->bannerText()));
    // The same file with one row altered is refused, and says which.
    QByteArray text = testsupport::readFile(bundlePath);
    text.replace("\"t1\"", "\"t9\"");
    const QString tampered = m_dir.filePath(u"tampered.json"_qs);
    testsupport::writeFile(tampered, text);
    QVERIFY(!offline.audit()->openBundle(tampered));
    QVERIFY2(offline.audit()->bannerText().contains(u"was changed"_qs), qPrintable(offline.audit()->bannerText()));
    QCOMPARE(offline.audit()->model()->rowCount(), 0);
}

void tst_AuditConsole::logsPageSearchesAndReportsErrors()
{
    QTemporaryDir data;
    Daemon daemon(testsupport::testConfig(data.path()), true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QString id, code;
    const QString token = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    OpsClient client;
    LogsPage page(&client);
    page.show();
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), token);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    // The daemon's own log lands in the store within a couple of seconds.
    page.setQuery(u"source:formauto-opsd listening"_qs);
    QTRY_VERIFY_WITH_TIMEOUT((page.search(), QTest::qWait(300), page.model()->rowCount() >= 1), 10000);
    // The query's words are highlighted; field conditions are not words.
    QCOMPARE(page.highlightedTerms(), QStringList{u"listening"_qs});
    // Context: the same source's lines around the selected one, the hit marked.
    page.findChild<QTableView *>()->selectRow(0);
    page.showContext();
    QTRY_VERIFY_WITH_TIMEOUT(page.detailText().contains(u"▶"_qs), 5000);
    QVERIFY2(page.detailText().section(u'▶', 1).section(u'\n', 0, 0).contains(u"listening"_qs), qPrintable(page.detailText()));
    // A wrong query blames the query, at its place, and the old results go.
    page.setQuery(u"timeout colour:red"_qs);
    page.search();
    QTRY_VERIFY(!page.errorText().isEmpty());
    QVERIFY2(page.errorText().startsWith(u"The query is not valid at character 9"_qs), qPrintable(page.errorText()));
    QVERIFY2(page.errorText().contains(u"unknown field"_qs), qPrintable(page.errorText()));
    QCOMPARE(page.model()->rowCount(), 0);
    QCOMPARE(page.findChild<QLineEdit *>(u"query"_qs)->selectedText(), u"colour:red"_qs);
    page.setQuery(u"timeout OR refused"_qs);
    page.search();
    QTRY_VERIFY(page.errorText().contains(u"there is no OR"_qs));
    {
        // In Japanese the fault is said in Japanese (the daemon sends it as a key with its
        // position), still at its place.
        LanguageManager language;
        language.setLanguage(LanguageManager::Language::Japanese);
        page.setQuery(u"timeout colour:red"_qs);
        page.search();
        QTRY_VERIFY(page.errorText().contains(u"colour"_qs));
        static const QRegularExpression japanese(QStringLiteral("[\\x{3040}-\\x{30ff}\\x{4e00}-\\x{9fff}]"));
        QVERIFY2(japanese.match(page.errorText()).hasMatch() && !page.errorText().contains(u"unknown field"_qs), qPrintable(page.errorText()));
        QVERIFY2(page.errorText().contains(u"9"_qs), qPrintable(page.errorText()));
        QCOMPARE(page.findChild<QLineEdit *>(u"query"_qs)->selectedText(), u"colour:red"_qs);
        language.setLanguage(LanguageManager::Language::English);
    }
    // Saved queries are kept by name.
    page.saveQuery(u"tst saved"_qs, u"level:error timeout"_qs);
    QVERIFY(page.savedQueryNames().contains(u"tst saved"_qs));
    QSettings().remove(u"logs/saved/tst saved"_qs);
}

void tst_AuditConsole::alertsPageShowsPushesAndAcknowledges()
{
    QTemporaryDir data, cacheDir;
    // A channel for every level (a local receiver that answers 200), so that the only alert
    // here is the one the test raises: without one, "nobody will be notified" is an alert too.
    testsupport::HttpReceiver receiver;
    Config config = testsupport::testConfig(data.path());
    testsupport::writeFile(data.filePath(u"webhook-url"_qs), QStringLiteral("http://127.0.0.1:%1/hook").arg(receiver.port()).toUtf8());
    config.notify.webhookUrlFile = data.filePath(u"webhook-url"_qs);
    config.notify.routeInfo = config.notify.routeWarning = config.notify.routeError = config.notify.routeCritical = {u"webhook"_qs};
    config.notify.escalation.clear();
    config.notify.allowDestinations = {u"127.0.0.1/32"_qs};
    Daemon daemon(config, true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    AlertRule hot = *AlertRule::parse(u"cpu_hot"_qs, u"cpu_percent > 50"_qs, u"critical"_qs, &error);
    hot.title = u"<b>CPU</b> hot & bothered"_qs; // server text: must show literally
    daemon.withAlerts([&](AlertEngine &e) { return e.setRules({hot}); });
    QString id, code;
    const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    const QString viewer = *daemon.auth()->createApiToken(u"admin"_qs, u"wall"_qs, protocol::Role::Viewer, -1, &id, &code, &error);

    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"q.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.show();
    window.showPage(MainWindow::AlertsPageIndex);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QTest::qWait(300);

    protocol::MetricsSample s;
    s.timestampMs = QDateTime::currentMSecsSinceEpoch();
    s.system.cpuPercent = 99;
    daemon.withAlerts([&](AlertEngine &e) { return e.evaluate(s); }); // fires at once (no duration), pushed to the console
    AlertsPage *page = window.alerts();
    QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 1, 5000);
    QCOMPARE(page->model()->index(0, AlertsModel::Title).data().toString(), u"<b>CPU</b> hot & bothered"_qs);
    QCOMPARE(page->model()->index(0, AlertsModel::Level).data().toString(), u"Critical"_qs);
    QCOMPARE(page->model()->unacknowledged(), 1);
    const QString alertId = page->model()->index(0, 0).data(AlertsModel::AlertIdRole).toString();

    // A viewer sees it but cannot take it.
    OpsClient wallClient;
    AlertsPage wall(&wallClient);
    wallClient.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), viewer);
    QTRY_COMPARE_WITH_TIMEOUT(wall.model()->rowCount(), 1, 10000);
    wall.selectAlert(alertId);
    wall.acknowledgeSelected(u"mine"_qs);
    QTRY_COMPARE(wall.statusText(), u"Your role does not allow this action."_qs);

    // Screenshots of the page as operators see it, in both languages.
    page->selectAlert(alertId);
    QTest::qWait(300);
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    window.resize(1280, 800);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_en_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_ja_1280x800.png"_qs)));
    window.resize(1920, 1080);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_ja_1920x1080.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_en_1920x1080.png"_qs)));
    window.resize(1280, 800);

    page->acknowledgeSelected(u"on it"_qs);
    QTRY_COMPARE(page->model()->unacknowledged(), 0);
    QCOMPARE(page->model()->alerts().first().acknowledgedBy, u"admin"_qs);
    QTRY_COMPARE(wall.model()->alerts().first().state, u"acknowledged"_qs); // pushed to every console
    const auto audit = daemon.store()->auditSince(0, 100, &error);
    QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const protocol::AuditEntry &e) {
        return e.action == u"alert.acknowledge"_qs && e.resourceId == alertId && e.details.value(u"comment"_qs).toString() == u"on it"_qs;
    }));
}

// Several alerts acknowledged at once; a silence made through the dialog; the rules and
// the notifications tab (channel health, the escalation preview in words), in both languages.
void tst_AuditConsole::bulkAcknowledgeSilencesRulesAndEscalation()
{
    QTemporaryDir data, cacheDir;
    Config config = testsupport::testConfig(data.path());
    // A webhook that refuses: its health shows the error.
    testsupport::writeFile(data.filePath(u"hook"_qs), "http://127.0.0.1:9/hook\n");
    config.notify.webhookUrlFile = data.filePath(u"hook"_qs);
    config.notify.allowDestinations = {u"127.0.0.1/32"_qs};
    config.notify.routeCritical = {u"webhook"_qs};
    QString error;
    config.alerts.maintenance = {*MaintenanceWindow::parse(u"weekly deploy"_qs, {u"sat"_qs}, u"02:00"_qs, u"2h"_qs, u"Asia/Tokyo"_qs,
                                                           {u"rule=~cpu_.*"_qs}, &error)};
    Daemon daemon(config, true, SystemClock::instance());
    QVERIFY2(daemon.start(&error), qPrintable(error));
    AlertRule a = *AlertRule::parse(u"cpu_a"_qs, u"cpu_percent > 50"_qs, u"critical"_qs, &error);
    AlertRule b = *AlertRule::parse(u"cpu_b"_qs, u"cpu_percent > 60"_qs, u"error"_qs, &error);
    daemon.withAlerts([&](AlertEngine &e) { return e.setRules({a, b}); });
    QString id, code;
    const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"q2.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.resize(1280, 800);
    window.show();
    window.showPage(MainWindow::AlertsPageIndex);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QTest::qWait(300);
    protocol::MetricsSample s;
    s.timestampMs = QDateTime::currentMSecsSinceEpoch();
    s.system.cpuPercent = 99;
    daemon.withAlerts([&](AlertEngine &e) { return e.evaluate(s); });
    AlertsPage *page = window.alerts();
    QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 2, 5000);
    QCOMPARE(page->model()->unacknowledged(), 2);

    page->selectAll();
    page->acknowledgeSelected(u"both mine"_qs);
    QTRY_COMPARE(page->model()->unacknowledged(), 0);
    QTRY_COMPARE(page->statusText(), u"2 alerts updated."_qs); // the answers may come after the pushes
    const auto audit = daemon.store()->auditSince(0, 100, &error);
    QCOMPARE(std::count_if(audit.begin(), audit.end(), [](const protocol::AuditEntry &e) { return e.action == u"alert.acknowledge"_qs; }), 2);

    // Silence through the dialog, prefilled from the selected alert.
    page->selectAlert(page->model()->alerts().first().id);
    const QString rule = page->model()->alerts().first().rule;
    QString prefilled;
    QTimer::singleShot(200, this, [&] {
        auto *dialog = qobject_cast<SilenceDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        prefilled = dialog->findChild<QPlainTextEdit *>()->toPlainText();
        QVERIFY(!dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled()); // no comment yet
        dialog->findChild<QLineEdit *>()->setText(u"<i>deploying</i>, ask dora"_qs);
        dialog->accept();
    });
    page->silenceSelected();
    QCOMPARE(prefilled, u"rule="_qs + rule);
    page->showTab(AlertsPage::SilencesTab);
    QTRY_COMPARE_WITH_TIMEOUT(page->silencesView()->table()->rowCount(), 1, 5000);
    QCOMPARE(page->silencesView()->table()->item(0, 4)->text(), u"<i>deploying</i>, ask dora"_qs);
    QCOMPARE(daemon.withAlerts([&](AlertEngine &e) { return e.silences(false, &error); }).size(), 1);

    page->showTab(AlertsPage::RulesTab);
    QTRY_COMPARE_WITH_TIMEOUT(page->rulesView()->table()->rowCount(), 2, 5000);
    QVERIFY(page->rulesView()->findChild<QPushButton *>()->isEnabled()); // an admin may change rules

    page->showTab(AlertsPage::NotificationsTab);
    QTRY_VERIFY_WITH_TIMEOUT(page->notificationsView()->previewText().contains(u"after 15 min: email (not configured), level raised"_qs), 5000);
    QVERIFY(page->notificationsView()->previewText().contains(u"at once: webhook"_qs));
    QVERIFY(page->notificationsView()->previewText().contains(u"weekly deploy: Sat from 02:00 for 120 min (Asia/Tokyo)"_qs));
    // The refused webhook shows in the channel table once a delivery was tried.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        page->notificationsView()->reload();
        QTest::qWait(200);
        const QTableWidgetItem *e = page->notificationsView()->channels()->item(0, 3);
        return e && !e->text().isEmpty();
    }()), 10000);
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_notifications_en.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_notifications_ja.png"_qs)));
    page->showTab(AlertsPage::SilencesTab);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_silences_ja.png"_qs)));
    page->showTab(AlertsPage::RulesTab);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_rules_ja.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    page->showTab(AlertsPage::RulesTab);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"alerts_rules_en.png"_qs)));
}

QTEST_MAIN(tst_AuditConsole)
#include "tst_auditconsole.moc"
