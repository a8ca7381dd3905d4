#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "tests/support/testsupport.h"
#include "ui/alertspage.h"
#include "ui/backupspage.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/metricchart.h"
#include "ui/restorewizard.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

// The Backups page against a real daemon: create, verify and drill with progress, the
// schedule, and the restore wizard from choice to result; screenshots in both languages.
class tst_BackupsConsole final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createVerifyDrillAndRestore();
};

void tst_BackupsConsole::createVerifyDrillAndRestore()
{
    QTemporaryDir data, cacheDir, settings;
    Config config = testsupport::testConfig(data.path());
    testsupport::writeFile(data.filePath(u"srv/uploads/form.csv"_qs), "name,url\nx,https://example.com\n");
    testsupport::writeFile(data.filePath(u"srv/uploads/big.bin"_qs), QByteArray(2 * 1024 * 1024, 'b'));
    config.backup.directories = {data.filePath(u"srv/uploads"_qs)};
    Daemon daemon(config, true, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QString id, code;
    const QString admin = *daemon.auth()->createApiToken(u"admin"_qs, u"console"_qs, protocol::Role::Admin, -1, &id, &code, &error);
    const QString viewer = *daemon.auth()->createApiToken(u"admin"_qs, u"wall"_qs, protocol::Role::Viewer, -1, &id, &code, &error);

    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ServerProfilesModel profiles(std::make_unique<QSettings>(settings.filePath(u"q.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, cacheDir.path());
    window.resize(1280, 800);
    window.show();
    window.showPage(MainWindow::BackupsPageIndex);
    client.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), admin);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    BackupsPage *page = window.backups();
    QTRY_COMPARE_WITH_TIMEOUT(page->schedule()->rowCount(), 6, 5000);
    QCOMPARE(page->table()->rowCount(), 0);

    QSignalSpy finished(page, &BackupsPage::jobFinished);
    page->startJob(u"backup.create"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.last().at(0).toJsonObject().value(u"state"_qs).toString(), u"done"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(page->table()->rowCount(), 1, 5000);
    // The outcome is worded from its key (the archive and its size), not the daemon's English.
    QVERIFY2(page->statusText().startsWith(u"Backup finished: created full_backup_"_qs) && page->statusText().contains(u"KiB)"_qs),
             qPrintable(page->statusText()));
    QVERIFY(page->table()->item(0, 6)->text().contains(u"service database (sqlite"_qs));
    QVERIFY(page->table()->item(0, 6)->text().contains(u"uploads (2 files)"_qs));
    page->table()->selectRow(0);
    page->startJob(u"backup.verify"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    page->startJob(u"backup.drill"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 30000);
    QCOMPARE(finished.last().at(0).toJsonObject().value(u"state"_qs).toString(), u"done"_qs);
    QCOMPARE(finished.last().at(0).toJsonObject().value(u"message_key"_qs).toString(), u"backup.drill_ok"_qs);
    QVERIFY2(page->statusText().contains(u"2 databases restored into a scratch database"_qs), qPrintable(page->statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(page->table()->item(0, 5) && page->table()->item(0, 5)->text() != u"not yet"_qs, 5000);
    QVERIFY(page->table()->item(0, 4)->text() != u"FAILED"_qs);
    const QString name = page->selectedName();
    QVERIFY(name.startsWith(u"full_backup_"_qs));
    // The Dashboard says when the service was last proven restorable.
    QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->backupText().startsWith(u"Backups: last "_qs)
                                 && !window.dashboard()->backupText().endsWith(u"proven restorable never"_qs), 5000);

    // The backup is a mark on the Dashboard's charts; opening it shows that archive on the Backups page,
    // and an alert's mark shows that alert on the Alerts page.
    MetricChart *cpu = window.dashboard()->charts().first();
    const auto markerOf = [cpu](const QString &kind) {
        for (const MetricChart::Marker &m : cpu->markers()) {
            if (m.data.toMap().value(u"kind"_qs).toString() == kind)
                return m;
        }
        return MetricChart::Marker{};
    };
    QTRY_VERIFY_WITH_TIMEOUT(markerOf(u"backup"_qs).ms > 0, 5000);
    QCOMPARE(markerOf(u"backup"_qs).data.toMap().value(u"name"_qs).toString(), name);
    page->table()->clearSelection();
    page->table()->setCurrentCell(-1, -1);
    QVERIFY(page->selectedName().isEmpty());
    window.showPage(MainWindow::DashboardPageIndex);
    Q_EMIT cpu->markerActivated(markerOf(u"backup"_qs).data);
    QCOMPARE(window.currentPage(), MainWindow::BackupsPageIndex);
    QCOMPARE(page->selectedName(), name);
    QTRY_VERIFY_WITH_TIMEOUT(markerOf(u"alert"_qs).ms > 0, 5000);
    const QString alertId = markerOf(u"alert"_qs).data.toMap().value(u"id"_qs).toString();
    QVERIFY(!alertId.isEmpty());
    Q_EMIT cpu->markerActivated(markerOf(u"alert"_qs).data);
    QCOMPARE(window.currentPage(), MainWindow::AlertsPageIndex);
    QCOMPARE(window.alerts()->selectedId(), alertId);
    window.showPage(MainWindow::BackupsPageIndex);

    const QString outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QTest::qWait(200);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"backups_en_1280x800.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"backups_ja_1280x800.png"_qs)));
    window.resize(1920, 1080);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"backups_ja_1920x1080.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(outDir).filePath(u"backups_en_1920x1080.png"_qs)));
    window.resize(1280, 800);

    // Runs checks on the restore wizard once it is open; a failed check returns from them, and
    // the wizard still closes (or the test would hang in exec()).
    const auto whenWizardOpens = [this](std::function<void(RestoreWizard *)> checks) {
        QTimer::singleShot(100, this, [checks = std::move(checks)] {
            auto *wizard = qobject_cast<RestoreWizard *>(QApplication::activeModalWidget());
            QVERIFY(wizard);
            const auto closeWizard = qScopeGuard([wizard] {
                if (wizard->isVisible())
                    wizard->reject();
            });
            checks(wizard);
        });
    };

    // Change the data, then restore through the wizard.
    testsupport::writeFile(data.filePath(u"srv/uploads/form.csv"_qs), "changed\n");
    testsupport::writeFile(data.filePath(u"srv/uploads/intruder.txt"_qs), "x");
    bool wizardRan = false;
    whenWizardOpens([&](RestoreWizard *wizard) {
        QCOMPARE(wizard->chosen(), name);
        wizard->next(); // the dry run
        QTRY_VERIFY_WITH_TIMEOUT(wizard->reportText().contains(u"would be replaced"_qs), 30000);
        QVERIFY(wizard->reportText().contains(u"Nothing has been changed yet"_qs));
        QVERIFY(wizard->grab().save(QDir(outDir).filePath(u"restore_dryrun_en.png"_qs)));
        wizard->next(); // confirm
        QCOMPARE(wizard->currentId(), int(RestoreWizard::ConfirmPage));
        QVERIFY(!wizard->button(QWizard::CommitButton)->isEnabled());
        wizard->confirmEdit()->setText(u"full_backup_wrong"_qs);
        QVERIFY(!wizard->button(QWizard::CommitButton)->isEnabled());
        wizard->confirmEdit()->setText(name);
        QVERIFY(wizard->button(QWizard::CommitButton)->isEnabled());
        QVERIFY(wizard->grab().save(QDir(outDir).filePath(u"restore_confirm_en.png"_qs)));
        wizard->next(); // restore
        QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::FinishButton)->isEnabled(), 60000);
        QVERIFY2(wizard->finishedOk(), qPrintable(wizard->resultText()));
        QVERIFY(wizard->resultText().contains(u"Safety backup taken first"_qs));
        QVERIFY(wizard->grab().save(QDir(outDir).filePath(u"restore_done_en.png"_qs)));
        wizardRan = true;
        wizard->accept();
    });
    page->openRestoreWizard();
    QVERIFY(wizardRan);
    QCOMPARE(testsupport::readFile(data.filePath(u"srv/uploads/form.csv"_qs)), QByteArray("name,url\nx,https://example.com\n"));
    QVERIFY(!QFileInfo::exists(data.filePath(u"srv/uploads/intruder.txt"_qs)));
    QTRY_COMPARE_WITH_TIMEOUT(page->table()->rowCount(), 2, 5000); // the safety backup is listed

    // The same wizard in Japanese: the dry-run report is worded from its keys, not the daemon's English.
    language.setLanguage(LanguageManager::Language::Japanese);
    page->table()->selectRow(0);
    bool japaneseRan = false;
    whenWizardOpens([&](RestoreWizard *wizard) {
        // Why each archive exists, in Japanese: the newest is the safety copy the restore took.
        auto *list = wizard->findChild<QListWidget *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QVERIFY2(list->item(0)->text().contains(u"%1 の復元前の安全バックアップ"_qs.arg(name)), qPrintable(list->item(0)->text()));
        QVERIFY2(list->item(1)->text().contains(u"admin による手動実行"_qs), qPrintable(list->item(1)->text()));
        QVERIFY(wizard->grab().save(QDir(outDir).filePath(u"restore_choose_ja.png"_qs)));
        wizard->next(); // the dry run
        QTRY_VERIFY_WITH_TIMEOUT(wizard->reportText().contains(u"まだ何も変更していません"_qs), 30000);
        QVERIFY2(!wizard->reportText().contains(u"Nothing has been changed"_qs), qPrintable(wizard->reportText()));
        QVERIFY2(!wizard->reportText().contains(u"would be"_qs), qPrintable(wizard->reportText()));
        QVERIFY(wizard->grab().save(QDir(outDir).filePath(u"restore_dryrun_ja.png"_qs)));
        japaneseRan = true;
    });
    page->openRestoreWizard();
    QVERIFY(japaneseRan);
    language.setLanguage(LanguageManager::Language::English);

    // A viewer cannot restore or start jobs.
    OpsClient wallClient;
    BackupsPage wall(&wallClient);
    wallClient.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), viewer);
    QTRY_COMPARE_WITH_TIMEOUT(wall.table()->rowCount(), 2, 10000);
    const auto buttons = wall.findChildren<QPushButton *>();
    for (QPushButton *b : buttons) {
        if (b->text() == u"Restore…"_qs || b->text() == u"Create now"_qs)
            QVERIFY(!b->isEnabled());
    }
}

QTEST_MAIN(tst_BackupsConsole)
#include "tst_backupsconsole.moc"
