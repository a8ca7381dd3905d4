#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/health/performance.h"
#include "tests/support/testsupport.h"
#include "ui/diagnosisdialog.h"
#include "ui/dashboardpage.h"
#include "ui/healthpage.h"
#include "ui/logspage.h"
#include "server/protocol/protocol.h"
#include "ui/mainwindow.h"
#include "ui/metricchart.h"

#include <QApplication>
#include <QDir>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QScopeGuard>
#include <QTimer>

// The Health page against a real daemon with an HTTP endpoint check: tiles, changes, the
// performance table, the diagnosis dialog and its export; screenshots in both languages.
class tst_HealthConsole final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tilesPerformanceAndDiagnosis();
    void findingsInJapanese();
    void nobodyNotifiedIsNotHealthy();
};

void tst_HealthConsole::tilesPerformanceAndDiagnosis()
{
    // The service's endpoint: answers 200 "ok".
    QTcpServer service;
    QVERIFY(service.listen(QHostAddress::LocalHost, 0));
    connect(&service, &QTcpServer::newConnection, this, [&service] {
        while (QTcpSocket *s = service.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                s->disconnectFromHost();
            });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    QTemporaryDir data, cacheDir, settings;
    Config config = testsupport::testConfig(data.path());
    config.health.http.append({u"api"_qs, QStringLiteral("http://127.0.0.1:%1/health").arg(service.serverPort()), u"ok"_qs, {}, 200});
    config.health.tcp.append({u"api-port"_qs, QStringLiteral("127.0.0.1:%1").arg(service.serverPort())});
    // Someone is told of error and critical alerts (a webhook on the local service, which
    // answers 200): without a channel, Health would rightly not say "Healthy".
    testsupport::writeFile(data.filePath(u"webhook-url"_qs), QStringLiteral("http://127.0.0.1:%1/hook").arg(service.serverPort()).toUtf8());
    config.notify.webhookUrlFile = data.filePath(u"webhook-url"_qs);
    config.notify.routeError = {u"webhook"_qs};
    config.notify.routeCritical = {u"webhook"_qs};
    config.notify.allowDestinations = {u"127.0.0.1/32"_qs};
    Daemon daemon(config, true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    for (int i = 0; i < 40; ++i)
        daemon.performance()->add({QDateTime::currentMSecsSinceEpoch(), i % 3 ? u"GET"_qs : u"POST"_qs,
                                   i % 3 ? QStringLiteral("/api/tasks/%1").arg(i) : u"/api/forms"_qs, i % 10 == 0 ? 502 : 200,
                                   0.02 + (i % 7) * 0.03, i % 10 == 0});
    QString id, code;
    const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.resize(1280, 800);
    window.show();
    window.showPage(MainWindow::HealthPageIndex);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    HealthPage *page = window.healthPage();
    page->runChecks();
    QTRY_VERIFY_WITH_TIMEOUT(page->tileCount() >= 10, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(page->overallText(), u"Healthy"_qs, 15000);
    page->reload();
    QTRY_VERIFY_WITH_TIMEOUT(page->endpoints()->rowCount() >= 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(page->changes()->rowCount() >= 10, 5000); // every check's first state is a change
    bool found = false;
    for (int row = 0; row < page->endpoints()->rowCount(); ++row)
        found = found || page->endpoints()->item(row, 0)->text() == u"GET /api/tasks/:id"_qs;
    QVERIFY(found);
    QCOMPARE(page->chartedEndpoints(), page->endpoints()->rowCount());
    // The Dashboard carries the performance monitor from the next sample on.
    QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->serviceText().startsWith(u"Service, last minute: 4"_qs), 10000);
    QVERIFY2(window.dashboard()->serviceText().contains(u"errors"_qs), qPrintable(window.dashboard()->serviceText()));
    QTRY_COMPARE_WITH_TIMEOUT(window.dashboard()->backupText(), u"Backups: last never · proven restorable never"_qs, 5000);
    // The daemon's rules draw their thresholds on the charts of their series (the ticket's
    // defaults: CPU 80 and 95 %, memory 85 and 95 %, disk 90 %), and its start is a marker.
    MetricChart *cpu = window.dashboard()->chart(u"cpu_percent"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(cpu->thresholds().size(), 2, 5000);
    QList<double> values{cpu->thresholds().at(0).value, cpu->thresholds().at(1).value};
    std::sort(values.begin(), values.end());
    QCOMPARE(values, (QList<double>{80, 95}));
    QCOMPARE(window.dashboard()->chart(u"memory.percent"_qs)->thresholds().size(), 2);
    QCOMPARE(window.dashboard()->chart(u"tasks.success_rate"_qs)->thresholds().size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(cpu->markers().cbegin(), cpu->markers().cend(),
                                         [](const MetricChart::Marker &m) { return m.data.toMap().value(u"kind"_qs) == u"start"_qs; }),
                             5000);

    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_en_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_ja_1280x800.png"_qs)));
    window.resize(1920, 1080);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_ja_1920x1080.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_en_1920x1080.png"_qs)));
    window.resize(1280, 800);

    // The diagnosis dialog: one request in ten failed (above), and the diagnosis says so.
    bool ran = false;
    QTimer::singleShot(100, this, [&] {
        auto *dialog = qobject_cast<DiagnosisDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        // A failed check returns from here: the dialog must still close, or the test hangs in exec().
        const auto closeDialog = qScopeGuard([dialog] { dialog->reject(); });
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->statusText().isEmpty() && dialog->statusText() != u"Diagnosing…"_qs, 20000);
        QCOMPARE(dialog->statusText(), u"1 finding, the most serious first."_qs);
        QCOMPARE(dialog->findingCount(), 1);
        QVERIFY2(dialog->detailText().startsWith(u"Errors are up: "_qs), qPrintable(dialog->detailText()));
        QVERIFY(dialog->detailText().contains(u"Probable cause: No dependency is down"_qs));
        const QString file = data.filePath(u"report.md"_qs);
        dialog->exportTo(u"markdown"_qs, file);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(file), 20000);
        QVERIFY(testsupport::readFile(file).startsWith("# formauto diagnosis"));
        QVERIFY(dialog->grab().save(QDir(outDir).filePath(u"diagnosis_en.png"_qs)));
        ran = true;
    });
    page->openDiagnosis();
    QVERIFY(ran);

    // Evidence opens the Logs at its own time range.
    const qint64 from = QDateTime::currentMSecsSinceEpoch() - 15 * 60000, to = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT page->showLogs(u"level:error"_qs, from, to);
    QVERIFY(window.logs()->isVisible());
    QVERIFY2(window.logs()->effectiveQuery().contains(u"from:"_qs + protocol::isoTimestamp(from)), qPrintable(window.logs()->effectiveQuery()));
    QVERIFY(!window.logs()->effectiveQuery().contains(u"since:"_qs));
}

// A daemon with no notification channel: Health does not say "Healthy", the notifications
// tile says nobody will be notified (in Japanese too), and diagnosis says so instead of
// "Nothing looks wrong".
void tst_HealthConsole::nobodyNotifiedIsNotHealthy()
{
    QTemporaryDir data, cacheDir, settings;
    Daemon daemon(testsupport::testConfig(data.path()), true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QString id, code;
    const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.resize(1280, 800);
    window.show();
    window.showPage(MainWindow::HealthPageIndex);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    HealthPage *page = window.healthPage();
    page->runChecks();
    QTRY_VERIFY_WITH_TIMEOUT(!page->tileStateText(u"notifications"_qs).isEmpty(), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(page->tileStateText(u"notifications"_qs),
                              u"Unhealthy — no channel configured: nobody will be notified"_qs, 15000);
    QVERIFY2(!page->overallText().startsWith(u"Healthy"_qs), qPrintable(page->overallText()));
    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_no_channel_en_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTRY_VERIFY(page->tileStateText(u"notifications"_qs).contains(u"誰にも通知されません"_qs));
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"health_no_channel_ja_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);

    bool ran = false;
    QTimer::singleShot(100, this, [&] {
        auto *dialog = qobject_cast<DiagnosisDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        const auto closeDialog = qScopeGuard([dialog] { dialog->reject(); });
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->statusText().isEmpty() && dialog->statusText() != u"Diagnosing…"_qs, 20000);
        QVERIFY2(dialog->statusText() != u"Nothing looks wrong."_qs, qPrintable(dialog->statusText()));
        bool said = false;
        for (int i = 0; i < dialog->findingCount() && !said; ++i) {
            dialog->selectFinding(i);
            said = dialog->detailText().contains(u"nobody will be notified"_qs);
        }
        QVERIFY2(said, qPrintable(dialog->statusText()));
        ran = true;
    });
    page->openDiagnosis();
    QVERIFY(ran);
}

void tst_HealthConsole::findingsInJapanese()
{
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::Japanese);
    const QJsonObject finding{{u"rule"_qs, u"disk_full"_qs}, {u"severity"_qs, u"critical"_qs},
                              {u"params"_qs, QJsonObject{{u"hours"_qs, 5.5}, {u"free_bytes"_qs, 2e9}, {u"bytes_per_hour"_qs, 4e8}}},
                              {u"title"_qs, u"The disk will be full in about 5.5 hours"_qs}};
    const DiagnosisDialog::Text ja = DiagnosisDialog::describe(finding);
    QVERIFY2(ja.title.contains(u"ディスク"_qs), qPrintable(ja.title));
    QVERIFY(ja.title.contains(u"5.5"_qs));
    language.setLanguage(LanguageManager::Language::English);
    QCOMPARE(DiagnosisDialog::describe(finding).title, u"The disk will be full in about 5.5 hours"_qs);
    // An unknown rule falls back to the daemon's English.
    QCOMPARE(DiagnosisDialog::describe({{u"rule"_qs, u"future_rule"_qs}, {u"title"_qs, u"<b>x</b>"_qs}}).title, u"<b>x</b>"_qs);
}

QTEST_MAIN(tst_HealthConsole)
#include "tst_healthconsole.moc"
