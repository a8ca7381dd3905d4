#include "ui/mainwindow.h"

#include "app/serverwatcher.h"
#include <QVBoxLayout>
#include <QGraphicsOpacityEffect>
#include <QLineEdit>
#include <QCloseEvent>
#include "app/messagetext.h"

#include "app/errortext.h"
#include "app/formatting.h"
#include "app/serveraddress.h"
#include "ui/certificatedialog.h"
#include "ui/connectdialog.h"
#include "app/offlinecache.h"
#include "ui/alertspage.h"
#include "server/protocol/protocol.h"
#include "ui/auditpage.h"
#include "ui/backupspage.h"
#include "app/fleetmodel.h"
#include "ui/fleetpage.h"
#include "ui/healthpage.h"
#include "ui/dashboardpage.h"
#include "ui/logspage.h"

#include <QActionGroup>
#include <QApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QSet>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QStandardPaths>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace {
// A padlock, closed for an encrypted link, open for a plain one (no icon theme has one for sure).
QPixmap padlock(bool closed, const QColor &colour, qreal dpr)
{
    const int size = 16;
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, 1.8);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    QPainterPath shackle;
    const qreal shift = closed ? 0 : 3.5;
    shackle.moveTo(4.5, 8);
    shackle.lineTo(4.5, 5.5 - shift * 0.3);
    shackle.arcTo(QRectF(4.5, 1.5 - shift * 0.3, 7, 7), 180, -180);
    shackle.lineTo(11.5, closed ? 8 : 5.5);
    p.drawPath(shackle);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRoundedRect(QRectF(2.5, 7.5, 11, 7.5), 1.5, 1.5);
    return pixmap;
}
} // namespace

MainWindow::MainWindow(OpsClient *client, LanguageManager *language, ServerProfilesModel *profiles, QWidget *parent,
                       const QString &cacheDir)
    : QMainWindow(parent), m_client(client), m_language(language), m_profiles(profiles)
{
    const QString dir = cacheDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) : cacheDir;
    m_cache = std::make_unique<OfflineCache>(QDir(dir).filePath(QStringLiteral("audit-cache.db")));
    QString cacheError;
    if (!m_cache->open(&cacheError))
        qWarning("offline audit cache unavailable: %s", qPrintable(cacheError));
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_sidebar = new QListWidget(central);
    m_sidebar->setFixedWidth(170);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    // No style sheet here: palette roles follow a palette change (dark desktop) at run time.
    m_sidebar->viewport()->setBackgroundRole(QPalette::AlternateBase);
    m_sidebar->setSpacing(3);
    m_pages = new QStackedWidget(central);
    // While the data is old, every page says so above it and is drawn faded.
    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(0);
    m_staleBar = new QLabel(central);
    m_staleBar->setObjectName(u"staleBar"_qs);
    m_staleBar->setTextFormat(Qt::PlainText);
    m_staleBar->setWordWrap(true);
    m_staleBar->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; border-bottom: 1px solid #e0a3a3;"
                                             "padding: 6px 12px; font-weight: bold; }"));
    m_staleBar->hide();
    right->addWidget(m_staleBar);
    right->addWidget(m_pages, 1);
    layout->addWidget(m_sidebar);
    layout->addLayout(right, 1);
    setCentralWidget(central);

    // Pages arrive with their capabilities; a page that does not work yet is not listed.
    m_dashboard = new DashboardPage(client, m_pages);
    m_dashboard->setStaleBannerEnabled(false); // the window's own bar says it, for every page
    m_alerts = new AlertsPage(client, m_pages);
    m_logs = new LogsPage(client, m_pages);
    m_audit = new AuditPage(client, m_cache.get(), m_pages);
    m_backups = new BackupsPage(client, m_pages);
    m_health = new HealthPage(client, m_pages);
    m_fleet = new FleetPage(client, m_pages);
    const std::pair<QWidget *, QStyle::StandardPixmap> pages[] = {{m_dashboard, QStyle::SP_ComputerIcon},
                                                                  {m_alerts, QStyle::SP_MessageBoxWarning},
                                                                  {m_logs, QStyle::SP_FileDialogDetailedView},
                                                                  {m_audit, QStyle::SP_FileDialogInfoView},
                                                                  {m_backups, QStyle::SP_DriveHDIcon},
                                                                  {m_health, QStyle::SP_DialogApplyButton},
                                                                  {m_fleet, QStyle::SP_DirLinkIcon}};
    for (const auto &[page, icon] : pages) {
        auto *item = new QListWidgetItem(style()->standardIcon(icon), QString());
        item->setSizeHint(QSize(0, 36));
        item->setData(Qt::UserRole, m_pages->addWidget(page));
        m_sidebar->addItem(item);
    }
    m_sidebar->setCurrentRow(0);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, [this](int row) {
        if (const QListWidgetItem *item = m_sidebar->item(row))
            m_pages->setCurrentIndex(item->data(Qt::UserRole).toInt());
    });
    // A fleet of several hosts: its page goes to the top of the list, the rest keep their order.
    connect(m_fleet, &FleetPage::hostChosen, this, &MainWindow::showHost);
    connect(m_fleet, &FleetPage::serverChosen, this, &MainWindow::connectToProfile);
    connect(m_fleet, &FleetPage::manageServersRequested, this, &MainWindow::showServersDialog);
    m_loadToken = [this](const QString &profile, TokenStore::Done done) { m_tokens.load(profile, std::move(done)); };
    // The other servers follow the connection: the one connected to is not watched twice.
    connect(m_client, &OpsClient::authenticated, this, &MainWindow::refreshWatchedServers);
    connect(m_dashboard, &DashboardPage::ownHostRequested, this, [this] { showHost({}); });
    // The chosen host's state follows the fleet list; a host that left the fleet (or another
    // daemon connected) gives the pages back to the daemon's own host.
    connect(m_fleet, &FleetPage::hostsChanged, this, [this] {
        m_alerts->setHosts(m_fleet->model()->hosts());
        m_logs->setHosts(m_fleet->model()->hosts());
        const QString host = m_dashboard->host();
        if (host.isEmpty())
            return;
        if (!m_fleet->model()->contains(host) || host == m_client->hostName()) {
            m_dashboard->setHost({});
            m_health->setHost({});
            return;
        }
        m_dashboard->setHostDown(m_fleet->model()->downSinceMs(host));
    });
    connect(m_fleet, &FleetPage::hostsChanged, this, [this](int hosts) {
        QListWidgetItem *item = sidebarItem(FleetPageIndex);
        const int row = m_sidebar->row(item);
        const int wanted = hosts > 1 ? 0 : m_sidebar->count() - 1;
        if (row == wanted)
            return;
        const Page shown = currentPage();
        const QSignalBlocker quiet(m_sidebar);
        m_sidebar->takeItem(row);
        m_sidebar->insertItem(wanted, item);
        m_sidebar->setCurrentItem(sidebarItem(shown));
    });

    m_tlsIcon = new QLabel(this);
    m_tlsIcon->setObjectName(u"encryptionIcon"_qs);
    m_tlsLabel = new QLabel(this);
    m_tlsLabel->setObjectName(u"encryptionLabel"_qs);
    m_stateLabel = new QLabel(this);
    m_serverLabel = new QLabel(this);
    m_userLabel = new QLabel(this);
    m_ageLabel = new QLabel(this);
    m_latencyLabel = new QLabel(this);
    for (QLabel *l : {m_stateLabel, m_tlsIcon, m_tlsLabel, m_serverLabel, m_userLabel, m_ageLabel, m_latencyLabel}) {
        l->setTextFormat(Qt::PlainText);
        statusBar()->addWidget(l);
    }

    m_fileMenu = menuBar()->addMenu(QString());
    m_connectAction = m_fileMenu->addAction(QString(), this, [this] { showConnectDialog(); });
    m_connectAction->setShortcut(QKeySequence::Open);
    m_disconnectAction = m_fileMenu->addAction(QString(), m_client, &OpsClient::disconnectFromServer);
    m_openBundleAction = m_fileMenu->addAction(QString(), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open audit bundle"), QString(), tr("Audit bundles (*.json)"));
        if (path.isEmpty())
            return;
        showPage(AuditPageIndex);
        m_audit->openBundle(path);
    });
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), qApp, &QApplication::quit);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(QString());
    // Ctrl+1…7 for the pages and F5 to refresh the one shown, listed in the menu.
    for (int page = DashboardPageIndex; page <= FleetPageIndex; ++page) {
        QAction *a = m_viewMenu->addAction(QString(), this, [this, page] { showPage(Page(page)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
        m_pageActions.append(a);
    }
    m_refreshAction = m_viewMenu->addAction(QString(), this, &MainWindow::refreshCurrentPage);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    // Esc: the dashboard's charts follow the newest samples again after a zoom or a pan.
    m_liveAction = m_viewMenu->addAction(QString(), this, [this] {
        showPage(DashboardPageIndex);
        m_dashboard->goLive();
    });
    m_liveAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_liveAction->setEnabled(false);
    connect(m_dashboard, &DashboardPage::windowChanged, m_liveAction, [this](bool live) { m_liveAction->setEnabled(!live); });
    connect(m_dashboard, &DashboardPage::markerActivated, this, [this](const QVariantMap &marker) {
        const QString kind = marker.value(u"kind"_qs).toString();
        if (kind == u"alert"_qs) {
            showPage(AlertsPageIndex);
            m_alerts->selectAlert(marker.value(u"id"_qs).toString());
        } else if (kind == u"backup"_qs) {
            showPage(BackupsPageIndex);
            m_backups->selectBackup(marker.value(u"name"_qs).toString());
        } else if (kind == u"start"_qs) {
            showPage(HealthPageIndex);
        }
    });
    m_viewMenu->addSeparator();
    auto *ranges = new QActionGroup(this);
    for (DashboardPage::Range r : {DashboardPage::Range::Live5Min, DashboardPage::Range::Hour, DashboardPage::Range::Day,
                                   DashboardPage::Range::Week}) {
        QAction *a = m_viewMenu->addAction(QString(), this, [this, r] { m_dashboard->setRange(r); });
        a->setCheckable(true);
        a->setChecked(r == m_dashboard->range());
        ranges->addAction(a);
        m_rangeActions.append(a);
    }
    // Ctrl+F or / : the search field of the page shown (the Logs page otherwise).
    m_searchAction = m_viewMenu->addAction(QString(), this, [this] { focusSearch(); });
    m_searchAction->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_Slash)});
    m_viewMenu->addSeparator();
    // Light, dark, or what the desktop says; kept for the next start.
    m_themeMenu = m_viewMenu->addMenu(QString());
    auto *themes = new QActionGroup(this);
    for (const QString &theme : {u"system"_qs, u"light"_qs, u"dark"_qs}) {
        QAction *a = m_themeMenu->addAction(QString(), this, [this, theme] {
            QSettings().setValue(QStringLiteral("theme"), theme);
            applyTheme(theme);
        });
        a->setCheckable(true);
        a->setData(theme);
        themes->addAction(a);
        m_themeActions.append(a);
    }
    const QString savedTheme = QSettings().value(QStringLiteral("theme"), u"system"_qs).toString();
    for (QAction *a : std::as_const(m_themeActions))
        a->setChecked(a->data().toString() == savedTheme);
    if (savedTheme != u"system"_qs)
        applyTheme(savedTheme);
    // Notifications (tray messages and sound) can be muted for a while; the tray icon and
    // the Alerts page still show everything.
    m_muteMenu = m_viewMenu->addMenu(QString());
    for (int hours : {1, 4, 8}) {
        QAction *a = m_muteMenu->addAction(QString(), this, [this, hours] {
            setMutedUntil(QDateTime::currentMSecsSinceEpoch() + hours * 3600000LL);
        });
        a->setData(hours);
        m_muteActions.append(a);
    }
    m_unmuteAction = m_muteMenu->addAction(QString(), this, [this] { setMutedUntil(-1); });
    m_mutedUntilMs = QSettings().value(QStringLiteral("alerts/muted_until"), -1).toLongLong();
    m_viewMenu->addSeparator();
    m_soundAction = m_viewMenu->addAction(QString());
    m_soundAction->setCheckable(true);
    m_soundAction->setChecked(QSettings().value(QStringLiteral("alerts/sound"), false).toBool());
    connect(m_soundAction, &QAction::toggled, this, [](bool on) { QSettings().setValue(QStringLiteral("alerts/sound"), on); });
    connect(m_dashboard, &DashboardPage::rangeChanged, this, [this](DashboardPage::Range r) {
        m_rangeActions.at(int(r))->setChecked(true);
    });

    m_languageMenu = menuBar()->addMenu(QString());
    auto *languages = new QActionGroup(this);
    auto addLanguage = [&](LanguageManager::Language l) {
        QAction *a = m_languageMenu->addAction(QString(), this, [this, l] {
            m_language->setLanguage(l);
            QSettings().setValue(QStringLiteral("language"), LanguageManager::code(l));
        });
        a->setCheckable(true);
        a->setChecked(m_language->language() == l);
        languages->addAction(a);
        return a;
    };
    m_systemLanguage = addLanguage(LanguageManager::Language::System);
    m_english = addLanguage(LanguageManager::Language::English);
    m_japanese = addLanguage(LanguageManager::Language::Japanese);
    // Each language is named in itself, so it can be found whatever is on screen now.
    m_english->setText(QStringLiteral("English"));
    m_japanese->setText(QStringLiteral("日本語"));

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About FormAuto Ops"),
                           tr("FormAuto Ops console %1\nOperations console for the formauto service.")
                               .arg(QCoreApplication::applicationVersion()));
    });

    connect(m_client, &OpsClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_client, &OpsClient::authenticated, this, &MainWindow::updateStatus);
    connect(m_client, &OpsClient::authenticationFailed, this, &MainWindow::onAuthenticationFailed);
    connect(m_client, &OpsClient::trustRequested, this, &MainWindow::onTrustRequested);
    connect(m_client, &OpsClient::certificatePinned, this, &MainWindow::onCertificatePinned);
    connect(m_client, &OpsClient::certificateChanged, this, &MainWindow::onCertificateChanged);
    connect(m_client, &OpsClient::plainTextUnanswered, this, [this] {
        m_tlsNote = TlsNote::PlainUnanswered;
        updateStatus();
    });
    connect(m_client, &OpsClient::authenticated, this, [this] { m_tlsNote = TlsNote::None; });
    connect(m_client, &OpsClient::tlsFailed, this, [this](const QString &reason) {
        showConnectDialog(tr("No secure connection to %1: %2").arg(serveraddress::hostPort(m_client->server()), reason));
    });
    connect(m_client, &OpsClient::latencyChanged, this, &MainWindow::updateStatus);
    connect(m_client, &OpsClient::staleChanged, this, [this](bool stale) {
        updateStatus();
        if (stale)
            QApplication::alert(this);
    });
    connect(m_client, &OpsClient::sessionToken, this, [this](const QString &token) {
        if (!m_rememberToken || m_profileName.isEmpty())
            return;
        m_tokens.save(m_profileName, token, [this](bool ok, const QString &error) {
            if (!ok)
                statusBar()->showMessage(tr("The session could not be kept in the keychain: %1").arg(error), 8000);
        });
    });
    // The tray shows how many alerts nobody has taken yet, and tells about new serious ones.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
        m_tray->setContextMenu(m_muteMenu);
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            raise();
            activateWindow();
            showPage(AlertsPageIndex);
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            showPage(AlertsPageIndex);
        });
    }
    connect(m_alerts, &AlertsPage::unacknowledgedChanged, this, [this](int count) {
        m_unacknowledged = count;
        updateTrayIcon();
        retranslateUi();
    });
    connect(m_alerts, &AlertsPage::alertRaised, this, [this](const protocol::Alert &a) {
        if (!m_alerts->hostFilter().isEmpty() && m_alerts->hostFilter() != a.host)
            m_alerts->setHostFilter({}); // the alert is shown, whichever host was filtered
        m_alerts->selectAlert(a.id);
        if (isMuted())
            return;
        if (m_tray)
            m_tray->showMessage(tr("%1 alert").arg(AlertsModel::levelText(a.level)), messages::alertTitle(a),
                                a.level == u"critical"_qs ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
        QApplication::alert(this);
        if (m_soundAction->isChecked())
            QApplication::beep();
        m_alerts->selectAlert(a.id);
    });
    // Diagnosis evidence opens the Dashboard over its range, or the Logs.
    connect(m_health, &HealthPage::showMetric, this, [this](const QString &, qint64 fromMs, qint64 toMs) {
        // The evidence's own window, with a little on either side to see it start and end.
        const qint64 margin = qMax<qint64>(30000, (toMs - fromMs) / 10);
        m_dashboard->setWindow(fromMs - margin, toMs + margin);
        showPage(DashboardPageIndex);
    });
    connect(m_health, &HealthPage::showLogs, this, [this](const QString &query, qint64 fromMs, qint64 toMs) {
        // The evidence's own time range, in the query language the Logs page speaks.
        m_logs->setQuery(fromMs > 0 && toMs >= fromMs
                             ? QStringLiteral("%1 from:%2 to:%3").arg(query, protocol::isoTimestamp(fromMs), protocol::isoTimestamp(toMs))
                             : query);
        m_logs->search();
        showPage(LogsPageIndex);
    });
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer.start();

    retranslateUi();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::showHost(const QString &host)
{
    m_dashboard->setHost(host);
    m_dashboard->setHostDown(host.isEmpty() ? -1 : m_fleet->model()->downSinceMs(host));
    m_health->setHost(host);
    showPage(DashboardPageIndex);
}

QListWidgetItem *MainWindow::sidebarItem(Page page) const
{
    for (int row = 0; row < m_sidebar->count(); ++row) {
        if (m_sidebar->item(row)->data(Qt::UserRole).toInt() == int(page))
            return m_sidebar->item(row);
    }
    return nullptr;
}

QList<MainWindow::Page> MainWindow::sidebarOrder() const
{
    QList<Page> out;
    for (int row = 0; row < m_sidebar->count(); ++row)
        out << Page(m_sidebar->item(row)->data(Qt::UserRole).toInt());
    return out;
}

void MainWindow::showPage(Page page)
{
    m_sidebar->setCurrentItem(sidebarItem(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    const QListWidgetItem *item = m_sidebar->currentItem();
    return item ? Page(item->data(Qt::UserRole).toInt()) : DashboardPageIndex;
}

void MainWindow::refreshCurrentPage()
{
    switch (currentPage()) {
    case DashboardPageIndex: break; // follows pushes
    case AlertsPageIndex: m_alerts->reload(); break;
    case LogsPageIndex: m_logs->search(); break;
    case AuditPageIndex: m_audit->search(); break;
    case BackupsPageIndex: m_backups->reload(); break;
    case HealthPageIndex: m_health->reload(); break;
    case FleetPageIndex: m_fleet->reload(); break;
    }
}

void MainWindow::showConnectDialog(const QString &error)
{
    ConnectDialog dialog(m_profiles, this);
    dialog.setError(error);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectDialog::Request r = dialog.request();
    useProfile(r.profile, false);
    if (r.profile.useToken)
        m_client->connectWithToken(r.profile.url, r.token);
    else
        m_client->connectWithPassword(r.profile.url, r.profile.username, r.password);
    if (!r.profile.rememberToken)
        m_tokens.forget(r.profile.name, [](bool, const QString &) {});
}

void MainWindow::refreshWatchedServers()
{
    FleetModel *model = m_fleet->model();
    model->setConnectedName(m_profileName);
    ServerWatcher *watcher = m_fleet->watcher();
    QSet<QString> wanted;
    for (const ServerProfile &p : m_profiles->profiles()) {
        if (p.onFleetPage && p.name != m_profileName)
            wanted.insert(p.name);
    }
    for (const QString &name : watcher->watched()) {
        if (!wanted.contains(name))
            watcher->unwatch(name);
    }
    for (const QString &name : model->servers()) {
        if (!wanted.contains(name))
            model->removeServer(name);
    }
    for (const ServerProfile &p : m_profiles->profiles()) {
        if (!wanted.contains(p.name) || watcher->watched().contains(p.name))
            continue;
        if (!p.rememberToken) {
            model->setServerUnreachable(p.name, tr("no remembered sign-in: connect to it once with \u201cRemember the session in the system keychain\u201d ticked"),
                                        QDateTime::currentMSecsSinceEpoch());
            continue;
        }
        m_loadToken(p.name, [this, p](bool ok, const QString &tokenOrError) {
            // Still wanted by the time the keychain answers?
            const int row = m_profiles->indexOf(p.name);
            if (row < 0 || !m_profiles->profiles().at(row).onFleetPage || p.name == m_profileName)
                return;
            if (!ok || tokenOrError.isEmpty()) {
                m_fleet->model()->setServerUnreachable(p.name, ok ? tr("no remembered sign-in: connect to it once with \u201cRemember the session in the system keychain\u201d ticked")
                                                                  : tr("the keychain did not give its sign-in: %1").arg(tokenOrError),
                                                       QDateTime::currentMSecsSinceEpoch());
                return;
            }
            m_fleet->watcher()->watch({p.name, p.url, tokenOrError, p.pinnedSha256, p.caFile});
        });
    }
}

void MainWindow::connectToProfile(const QString &name)
{
    const int row = m_profiles->indexOf(name);
    if (row < 0)
        return;
    const ServerProfile profile = m_profiles->profiles().at(row);
    if (!profile.rememberToken) {
        showConnectDialog();
        return;
    }
    m_loadToken(profile.name, [this, profile](bool ok, const QString &tokenOrError) {
        if (!ok || tokenOrError.isEmpty()) {
            showConnectDialog();
            return;
        }
        m_client->disconnectFromServer();
        useProfile(profile, false);
        m_profiles->setLastUsed(profile.name);
        m_fleet->watcher()->unwatch(profile.name);
        m_fleet->model()->removeServer(profile.name);
        m_client->connectWithToken(profile.url, tokenOrError);
    });
}

void MainWindow::showServersDialog()
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"otherServersDialog"_qs);
    dialog->setWindowTitle(tr("Other servers on the Fleet page"));
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QLabel(tr("Saved servers to watch beside the one this window is connected to. Each is reached with its own "
                               "remembered sign-in; a server you have not signed in to with \u201cRemember the session in the system keychain\u201d "
                               "ticked is shown as not reachable until you do."),
                            dialog);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *list = new QListWidget(dialog);
    list->setObjectName(u"otherServersList"_qs);
    for (const ServerProfile &p : m_profiles->profiles()) {
        auto *item = new QListWidgetItem(p.name == m_profileName ? tr("%1 (connected)").arg(p.name)
                                                                 : tr("%1 \u2014 %2").arg(p.name, p.url.toString()),
                                         list);
        item->setData(Qt::UserRole, p.name);
        item->setFlags(p.name == m_profileName ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(p.onFleetPage ? Qt::Checked : Qt::Unchecked);
    }
    if (list->count() == 0)
        list->addItem(tr("No saved server yet: connect to one (File > Connect…) and save it."));
    layout->addWidget(list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, list] {
        for (int i = 0; i < list->count(); ++i) {
            const QString name = list->item(i)->data(Qt::UserRole).toString();
            if (!name.isEmpty() && name != m_profileName)
                m_profiles->setOnFleetPage(name, list->item(i)->checkState() == Qt::Checked);
        }
        refreshWatchedServers();
    });
    dialog->resize(560, 360);
    dialog->open();
}

void MainWindow::connectToLastProfile()
{
    const int row = m_profiles->indexOf(m_profiles->lastUsed());
    if (row < 0 || !m_profiles->profiles().at(row).rememberToken) {
        showConnectDialog();
        return;
    }
    const ServerProfile profile = m_profiles->profiles().at(row);
    m_tokens.load(profile.name, [this, profile](bool ok, const QString &tokenOrError) {
        if (!ok || tokenOrError.isEmpty()) {
            showConnectDialog();
            return;
        }
        useProfile(profile, false);
        m_client->connectWithToken(profile.url, tokenOrError);
    });
}

void MainWindow::connectToServer(const QUrl &typed, const QString &token)
{
    const QUrl url = serveraddress::parse(typed.toString()).value_or(typed);
    const int row = m_profiles->indexOfUrl(url);
    if (row >= 0) {
        useProfile(m_profiles->profiles().at(row), false);
    } else {
        ServerProfile p;
        p.name = serveraddress::hostPort(url);
        p.url = url;
        p.useToken = true;
        useProfile(p, true);
    }
    m_rememberToken = false; // a token from a file stays in the file
    m_client->connectWithToken(url, token);
}

void MainWindow::useProfile(const ServerProfile &profile, bool saveOnPin)
{
    m_profile = profile;
    m_profileName = profile.name;
    m_rememberToken = profile.rememberToken;
    m_saveOnPin = saveOnPin;
    m_client->setTlsTrust(profile.pinnedSha256, profile.caFile);
    m_tlsNote = TlsNote::None;
    if (m_certificateDialog)
        m_certificateDialog->close();
}

void MainWindow::onTrustRequested(const CertificateInfo &certificate)
{
    if (m_certificateDialog)
        m_certificateDialog->close();
    auto *dialog = new CertificateDialog(CertificateDialog::Mode::Ask, certificate, {}, m_profileName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_certificateDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, sha256 = certificate.sha256] { m_client->acceptCertificate(sha256); });
    connect(dialog, &QDialog::rejected, this, [this] {
        m_client->rejectCertificate();
        m_tlsNote = TlsNote::Untrusted;
        updateStatus();
    });
    dialog->open(); // window-modal, and the event loop keeps running
}

void MainWindow::onCertificatePinned(const QString &sha256)
{
    m_profile.pinnedSha256 = sha256;
    if (m_profiles->indexOf(m_profile.name) >= 0) {
        m_profiles->setPin(m_profile.name, sha256);
    } else if (m_saveOnPin) {
        m_profiles->upsert(m_profile);
        m_saveOnPin = false;
    }
}

void MainWindow::onCertificateChanged(const QString &pinnedSha256, const CertificateInfo &presented)
{
    if (m_certificateDialog)
        m_certificateDialog->close();
    auto *dialog = new CertificateDialog(CertificateDialog::Mode::Changed, presented, pinnedSha256,
                                         m_profiles->indexOf(m_profile.name) >= 0 ? m_profile.name : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_certificateDialog = dialog;
    m_tlsNote = TlsNote::Changed;
    updateStatus();
    dialog->open();
    QApplication::alert(this);
}

CertificateDialog *MainWindow::certificateDialog() const
{
    return m_certificateDialog;
}

QString MainWindow::encryptionText() const
{
    return m_tlsLabel->text();
}

void MainWindow::onStateChanged(OpsClient::State)
{
    updateStatus();
}

void MainWindow::onAuthenticationFailed(const protocol::ErrorInfo &error)
{
    if (m_rememberToken && !m_profileName.isEmpty())
        m_tokens.forget(m_profileName, [](bool, const QString &) {});
    showConnectDialog(errorText(error));
}

QString MainWindow::statusText() const
{
    return m_stateLabel->text();
}

void MainWindow::updateStatus()
{
    QString state;
    // Neutral states in the window's text colour (readable in a dark theme too).
    QString colour = palette().color(QPalette::WindowText).name();
    switch (m_client->state()) {
    case OpsClient::State::Disconnected: state = tr("Disconnected"); break;
    case OpsClient::State::Connecting: state = tr("Connecting…"); break;
    case OpsClient::State::Authenticating: state = tr("Signing in…"); break;
    case OpsClient::State::Reconnecting: state = tr("Connection lost, reconnecting…"); colour = QStringLiteral("#b00020"); break;
    case OpsClient::State::Connected:
        state = m_client->isStale() ? tr("Connected, no updates") : tr("Connected");
        colour = m_client->isStale() ? QStringLiteral("#b00020") : QStringLiteral("#1b7f3b");
        break;
    }
    m_stateLabel->setText(QStringLiteral("● ") + state);
    m_stateLabel->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(colour));
    m_serverLabel->setText(m_client->server().isValid() ? tr("Server: %1").arg(m_client->server().toString()) : QString());
    m_userLabel->setText(m_client->username().isEmpty() ? QString()
                                                        : tr("User: %1 (%2)").arg(m_client->username(), m_client->role()));
    const qint64 last = m_client->lastUpdateMs();
    m_ageLabel->setText(last > 0 ? tr("Last update: %1").arg(formatting::age(QDateTime::currentMSecsSinceEpoch() - last)) : QString());
    // The round trip of the last WebSocket ping, only while the link answers.
    const bool live = m_client->state() == OpsClient::State::Connected && !m_client->isStale();
    m_latencyLabel->setText(live && m_client->latencyMs() >= 0 ? tr("Round trip: %1 ms").arg(m_client->latencyMs()) : QString());
    // The title and the tray say so too: the window may be all an operator sees of it.
    const bool outOfDate = last > 0 && !live;
    if (outOfDate) {
        m_staleBar->setText(tr("No update from the daemon since %1 (%2): every page shows what it knew then.")
                                .arg(formatting::dateTime(last), formatting::age(QDateTime::currentMSecsSinceEpoch() - last)));
        if (!m_pages->graphicsEffect()) {
            auto *fade = new QGraphicsOpacityEffect(m_pages);
            fade->setOpacity(0.55);
            m_pages->setGraphicsEffect(fade);
        }
    } else if (m_pages->graphicsEffect()) {
        m_pages->setGraphicsEffect(nullptr);
    }
    m_staleBar->setVisible(outOfDate);
    const QString title = outOfDate ? tr("FormAuto Ops — no updates since %1").arg(formatting::dateTime(last)) : tr("FormAuto Ops");
    if (windowTitle() != title)
        setWindowTitle(title);
    if (m_tray) {
        const QString tip = outOfDate ? tr("FormAuto Ops: no updates since %1").arg(formatting::dateTime(last))
                                      : tr("FormAuto Ops: %n unacknowledged alert(s)", nullptr, m_unacknowledged);
        if (m_tray->toolTip() != tip)
            m_tray->setToolTip(tip);
    }
    m_disconnectAction->setEnabled(m_client->state() != OpsClient::State::Disconnected);

    // Whether what crosses the network is readable by anyone on the way.
    const bool linked = m_client->state() == OpsClient::State::Connected || m_client->state() == OpsClient::State::Authenticating;
    const QUrl server = m_client->server();
    QString text, tip;
    QColor tlsColour;
    if (linked && m_client->isEncrypted()) {
        text = tr("Encrypted (%1)").arg(m_client->tlsVersion());
        tlsColour = QColor(0x1b, 0x7f, 0x3b);
        const QSslCertificate c = m_client->peerCertificate();
        tip = tr("Certificate: %1\nSHA-256: %2\nValid until: %3")
                  .arg(c.subjectInfo(QSslCertificate::CommonName).join(u", "_qs), TlsTrust::fingerprint(c),
                       formatting::dateTime(c.expiryDate().toMSecsSinceEpoch()));
    } else if (linked && serveraddress::isInsecureRemote(server)) {
        text = tr("Not encrypted");
        tlsColour = QColor(0xb0, 0x00, 0x20);
        tip = tr("Passwords, tokens and everything on screen cross the network in clear. Connect with wss://.");
    } else if (linked) {
        text = tr("Not encrypted (this computer only)");
        tlsColour = QColor(0x66, 0x66, 0x66);
        tip = tr("The daemon runs on this computer; nothing leaves it.");
    } else if (m_tlsNote == TlsNote::PlainUnanswered && !linked) {
        text = tr("No answer over ws:// — does the daemon want wss://?");
        tlsColour = QColor(0xb0, 0x00, 0x20);
        tip = tr("The daemon closed the connection without answering. A daemon with TLS on does that to plain text: "
                 "connect with wss:// instead.");
    } else if (m_client->state() == OpsClient::State::Disconnected && m_tlsNote != TlsNote::None) {
        // Why it is not connected, until the next attempt.
        text = m_tlsNote == TlsNote::Changed ? tr("Certificate changed: refused") : tr("Certificate not trusted");
        tlsColour = QColor(0xb0, 0x00, 0x20);
    }
    m_tlsLabel->setText(text);
    m_tlsLabel->setToolTip(tip);
    m_tlsIcon->setToolTip(tip);
    m_tlsLabel->setStyleSheet(tlsColour.isValid() ? QStringLiteral("color: %1;").arg(tlsColour.name()) : QString());
    // Emptied rather than hidden: the status bar hides and shows its widgets around messages.
    if (text.isEmpty())
        m_tlsIcon->clear();
    else
        m_tlsIcon->setPixmap(padlock(linked && m_client->isEncrypted(), tlsColour, devicePixelRatioF()));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

// The tray's icon: the colour of the most serious alert nobody has taken, with their count;
// a plain tick when none fires.
void MainWindow::updateTrayIcon()
{
    if (!m_tray)
        return;
    const QString level = m_alerts->model()->worstUnacknowledgedLevel();
    if (level.isEmpty() || m_unacknowledged <= 0) {
        m_tray->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
        return;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(AlertsModel::levelColourName(level)));
    painter.drawEllipse(QRectF(1, 1, 30, 30));
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(m_unacknowledged > 99 ? 12 : 17);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRectF(0, 0, 32, 32), Qt::AlignCenter, m_unacknowledged > 99 ? u"99+"_qs : QString::number(m_unacknowledged));
    painter.end();
    m_tray->setIcon(QIcon(pixmap));
}

void MainWindow::retranslateUi()
{
    sidebarItem(DashboardPageIndex)->setText(tr("Dashboard"));
    sidebarItem(AlertsPageIndex)->setText(m_unacknowledged > 0 ? tr("Alerts (%1)").arg(m_unacknowledged) : tr("Alerts"));
    sidebarItem(LogsPageIndex)->setText(tr("Logs"));
    sidebarItem(AuditPageIndex)->setText(tr("Audit"));
    sidebarItem(BackupsPageIndex)->setText(tr("Backups"));
    sidebarItem(HealthPageIndex)->setText(tr("Health"));
    sidebarItem(FleetPageIndex)->setText(tr("Fleet"));
    m_openBundleAction->setText(tr("Open audit &bundle…"));
    m_fileMenu->setTitle(tr("&File"));
    m_connectAction->setText(tr("&Connect…"));
    m_disconnectAction->setText(tr("&Disconnect"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    const QStringList pages{tr("Dashboard"), tr("Alerts"), tr("Logs"), tr("Audit"), tr("Backups"), tr("Health"), tr("Fleet")};
    for (qsizetype i = 0; i < m_pageActions.size(); ++i)
        m_pageActions.at(i)->setText(pages.at(i));
    m_refreshAction->setText(tr("&Refresh"));
    m_searchAction->setText(tr("&Search"));
    m_themeMenu->setTitle(tr("&Theme"));
    const QStringList themeNames{tr("Follow the system"), tr("Light"), tr("Dark")};
    for (qsizetype i = 0; i < m_themeActions.size(); ++i)
        m_themeActions.at(i)->setText(themeNames.at(i));
    m_muteMenu->setTitle(isMuted() ? tr("&Mute notifications (muted until %1)").arg(formatting::dateTime(m_mutedUntilMs))
                                   : tr("&Mute notifications"));
    for (QAction *a : std::as_const(m_muteActions))
        a->setText(tr("For %n hour(s)", nullptr, a->data().toInt()));
    m_unmuteAction->setText(tr("Unmute"));
    m_unmuteAction->setEnabled(isMuted());
    m_liveAction->setText(tr("Back to &live"));
    const QStringList ranges{tr("Live 5 minutes"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days")};
    for (qsizetype i = 0; i < m_rangeActions.size(); ++i)
        m_rangeActions.at(i)->setText(ranges.at(i));
    m_soundAction->setText(tr("&Sound for new error and critical alerts"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguage->setText(tr("System default"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About"));
    updateStatus(); // also the window title and the tray's tip
}

QString MainWindow::staleText() const
{
    return m_staleBar->isVisible() ? m_staleBar->text() : QString();
}

bool MainWindow::pagesFaded() const
{
    return m_pages->graphicsEffect() != nullptr;
}

bool MainWindow::isMuted() const
{
    return m_mutedUntilMs > QDateTime::currentMSecsSinceEpoch();
}

void MainWindow::setMutedUntil(qint64 ms)
{
    m_mutedUntilMs = ms;
    QSettings().setValue(QStringLiteral("alerts/muted_until"), ms);
    retranslateUi();
}

void MainWindow::focusSearch()
{
    QLineEdit *field = nullptr;
    if (m_pages->currentWidget() == m_audit)
        field = m_audit->findChild<QLineEdit *>(u"userFilter"_qs);
    if (!field) {
        showPage(LogsPageIndex);
        field = m_logs->findChild<QLineEdit *>(u"query"_qs);
    }
    if (field) {
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    }
}

QPalette MainWindow::darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x37));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa8));
    p.setColor(QPalette::Highlight, QColor(0x2d, 0x7d, 0xd2));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x88));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x88));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x88));
    return p;
}

void MainWindow::applyTheme(const QString &theme)
{
    // The desktop's own palette, remembered before the first change, is "system".
    static const QPalette system = QApplication::palette();
    if (theme == u"dark"_qs) {
        QApplication::setPalette(darkPalette());
    } else if (theme == u"light"_qs) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setPalette(system);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}
