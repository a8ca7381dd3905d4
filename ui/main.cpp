// formauto-console: the FormAuto Ops desktop console.
#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serveraddress.h"
#include "app/serverprofiles.h"
#include "ui/auditpage.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QScreen>
#include <QSettings>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FormAuto"));
    QApplication::setApplicationName(QStringLiteral("formauto-console"));
    QApplication::setApplicationVersion(QStringLiteral(FORMAUTO_OPS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("FormAuto Ops console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("Daemon address: wss://HOST:PORT, ws://HOST:PORT, https://… or HOST:PORT."), QStringLiteral("URL"));
    const QCommandLineOption tokenFileOption(QStringLiteral("token-file"), QStringLiteral("File holding an API or session token."), QStringLiteral("FILE"));
    const QCommandLineOption languageOption(QStringLiteral("lang"), QStringLiteral("ja, en or system."), QStringLiteral("CODE"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"), QStringLiteral("Save the window as PNG after DELAY ms and quit."), QStringLiteral("FILE"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"), QStringLiteral("Milliseconds before --screenshot."), QStringLiteral("DELAY"), QStringLiteral("8000"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Window size, WIDTHxHEIGHT."), QStringLiteral("SIZE"));
    const QCommandLineOption offlineOption(QStringLiteral("offline"), QStringLiteral("Do not connect; browse the local audit copy."));
    const QCommandLineOption bundleOption(QStringLiteral("bundle"), QStringLiteral("Open and verify an exported audit bundle."), QStringLiteral("FILE"));
    const QCommandLineOption pageOption(QStringLiteral("page"), QStringLiteral("Page to show: dashboard, alerts, logs, audit, backups or health."), QStringLiteral("PAGE"));
    parser.addOptions({serverOption, tokenFileOption, languageOption, screenshotOption, delayOption, sizeOption, offlineOption,
                       bundleOption, pageOption});
    parser.process(app);

    LanguageManager language;
    language.setLanguage(LanguageManager::fromCode(
        parser.isSet(languageOption) ? parser.value(languageOption) : QSettings().value(QStringLiteral("language")).toString()));

    OpsClient client;
    ServerProfilesModel profiles(std::make_unique<QSettings>());
    MainWindow window(&client, &language, &profiles);
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(u'x');
        if (wh.size() == 2)
            window.resize(wh.at(0).toInt(), wh.at(1).toInt());
    } else if (!window.restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: as large as a 1280x800 screen allows, status bar included.
        const QRect available = window.screen()->availableGeometry();
        window.resize(qMin(1280, available.width()), qMin(800, available.height()) - 40);
    }
    window.show();

    if (parser.value(pageOption) == QLatin1StringView("logs"))
        window.showPage(MainWindow::LogsPageIndex);
    else if (parser.value(pageOption) == QLatin1StringView("alerts"))
        window.showPage(MainWindow::AlertsPageIndex);
    else if (parser.value(pageOption) == QLatin1StringView("backups"))
        window.showPage(MainWindow::BackupsPageIndex);
    else if (parser.value(pageOption) == QLatin1StringView("health"))
        window.showPage(MainWindow::HealthPageIndex);
    else if (parser.value(pageOption) == QLatin1StringView("audit") || parser.isSet(offlineOption) || parser.isSet(bundleOption))
        window.showPage(MainWindow::AuditPageIndex);
    if (parser.isSet(bundleOption))
        window.audit()->openBundle(parser.value(bundleOption));
    if (parser.isSet(offlineOption) || parser.isSet(bundleOption)) {
        window.audit()->search();
    } else if (parser.isSet(serverOption) && parser.isSet(tokenFileOption)) {
        QFile file(parser.value(tokenFileOption));
        QString addressError;
        const auto server = serveraddress::parse(parser.value(serverOption), &addressError);
        if (!server) {
            window.showConnectDialog(addressError);
        } else if (!file.open(QIODevice::ReadOnly)) {
            window.showConnectDialog(QApplication::translate("main", "Cannot read the token file %1.").arg(file.fileName()));
        } else {
            window.connectToServer(*server, QString::fromUtf8(file.readLine(4096)).trimmed());
        }
    } else if (!parser.isSet(screenshotOption)) {
        QTimer::singleShot(0, &window, &MainWindow::connectToLastProfile);
    }

    if (parser.isSet(screenshotOption)) {
        QTimer::singleShot(parser.value(delayOption).toInt(), &window, [&] {
            window.grab().save(parser.value(screenshotOption));
            QApplication::quit();
        });
    }
    return app.exec();
}
