#pragma once

#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "app/tokenstore.h"

#include <functional>
#include "app/tokenstore.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <memory>

class AlertsPage;
class AuditPage;
class BackupsPage;
class CertificateDialog;
class HealthPage;
class FleetPage;
class QListWidgetItem;
class QSystemTrayIcon;
class DashboardPage;
class LogsPage;
class OfflineCache;
class QActionGroup;
class QLabel;
class QListWidget;
class QStackedWidget;

// The console's window: a side bar of pages, the pages, and a status bar that always says
// whether what is on screen is live.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // cacheDir: where the offline audit copy lives (the user's data directory by default).
    MainWindow(OpsClient *client, LanguageManager *language, ServerProfilesModel *profiles, QWidget *parent = nullptr,
               const QString &cacheDir = {});
    ~MainWindow() override;

    // Pages by what they are (Ctrl+1…7); the sidebar may list them in another order (the
    // Fleet page comes first when the daemon has more than one host).
    enum Page { DashboardPageIndex, AlertsPageIndex, LogsPageIndex, AuditPageIndex, BackupsPageIndex, HealthPageIndex, FleetPageIndex };
    void showPage(Page page);
    Page currentPage() const;
    DashboardPage *dashboard() const { return m_dashboard; }
    LogsPage *logs() const { return m_logs; }
    AlertsPage *alerts() const { return m_alerts; }
    AuditPage *audit() const { return m_audit; }
    BackupsPage *backups() const { return m_backups; }
    HealthPage *healthPage() const { return m_health; }
    FleetPage *fleetPage() const { return m_fleet; }
    // Dashboard and Health show this host of the fleet (empty: the daemon's own) and the
    // Dashboard comes up.
    void showHost(const QString &host);
    // The sidebar's pages from top to bottom.
    QList<Page> sidebarOrder() const;
    // Opens the connect dialog (also used by File > Connect).
    void showConnectDialog(const QString &error = {});
    // Connects with a remembered session token of the last profile, if there is one.
    void connectToLastProfile();
    // --server: the saved profile for this address if there is one (its pin and CA file
    // apply), else a new one named host:port, saved once a certificate is pinned for it.
    void connectToServer(const QUrl &url, const QString &token);
    // Where remembered tokens come from (the OS keychain; tests give their own).
    using TokenLoader = std::function<void(const QString &profile, TokenStore::Done done)>;
    void setTokenLoader(TokenLoader loader) { m_loadToken = std::move(loader); }
    // The saved servers marked for the Fleet page, other than the one connected to, watched
    // through their own connections (again after the marks or the connection changed).
    void refreshWatchedServers();
    // Connects the window to a saved server with its remembered token (the connect dialog
    // when there is none).
    void connectToProfile(const QString &name);
    void showServersDialog();
    QString statusText() const;
    QString encryptionText() const;
    // The certificate question or refusal on screen, if any.
    CertificateDialog *certificateDialog() const;

    // The out-of-date bar over every page (empty while the data is current).
    QString staleText() const;
    bool pagesFaded() const;
    bool isMuted() const;
    void setMutedUntil(qint64 ms); // -1: not muted
    void applyTheme(const QString &theme); // system | light | dark
    static QPalette darkPalette();
    void focusSearch();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void retranslateUi();
    void updateTrayIcon();
    void refreshCurrentPage();
    void updateStatus();
    void onStateChanged(OpsClient::State state);
    void onAuthenticationFailed(const protocol::ErrorInfo &error);
    void useProfile(const ServerProfile &profile, bool saveOnPin);
    void onTrustRequested(const CertificateInfo &certificate);
    void onCertificatePinned(const QString &sha256);
    void onCertificateChanged(const QString &pinnedSha256, const CertificateInfo &presented);

    OpsClient *m_client;
    LanguageManager *m_language;
    ServerProfilesModel *m_profiles;
    TokenStore m_tokens;
    TokenLoader m_loadToken;
    QString m_profileName;
    ServerProfile m_profile;  // the server being connected to
    bool m_saveOnPin = false; // a --server address without a saved profile
    enum class TlsNote { None, Untrusted, Changed, PlainUnanswered };
    TlsNote m_tlsNote = TlsNote::None; // shown while disconnected
    QPointer<CertificateDialog> m_certificateDialog;
    bool m_rememberToken = false;
    QListWidget *m_sidebar;
    QStackedWidget *m_pages;
    DashboardPage *m_dashboard;
    LogsPage *m_logs;
    AlertsPage *m_alerts;
    QSystemTrayIcon *m_tray = nullptr;
    int m_unacknowledged = 0;
    AuditPage *m_audit;
    BackupsPage *m_backups;
    HealthPage *m_health;
    FleetPage *m_fleet;
    QListWidgetItem *sidebarItem(Page page) const;
    QList<QAction *> m_pageActions; // View > Dashboard (Ctrl+1) … Health (Ctrl+6)
    QAction *m_refreshAction = nullptr;
    QAction *m_liveAction = nullptr;
    QAction *m_searchAction = nullptr;
    QMenu *m_themeMenu = nullptr;
    QList<QAction *> m_themeActions;
    QMenu *m_muteMenu = nullptr;
    QList<QAction *> m_muteActions;
    QAction *m_unmuteAction = nullptr;
    qint64 m_mutedUntilMs = -1;
    QLabel *m_staleBar = nullptr;
    std::unique_ptr<OfflineCache> m_cache;
    QAction *m_openBundleAction;
    QLabel *m_tlsIcon, *m_tlsLabel;
    QLabel *m_stateLabel, *m_serverLabel, *m_userLabel, *m_ageLabel, *m_latencyLabel;
    QMenu *m_fileMenu, *m_viewMenu, *m_languageMenu, *m_helpMenu;
    QAction *m_connectAction, *m_disconnectAction, *m_quitAction, *m_aboutAction;
    QAction *m_systemLanguage, *m_english, *m_japanese;
    QList<QAction *> m_rangeActions;
    QAction *m_soundAction;
    QTimer m_statusTimer;
};
