#pragma once

#include "server/api/clientsession.h"
#include "server/api/commanddispatcher.h"
#include "server/api/connectionlistener.h"
#include "server/api/httpconnection.h"
#include "server/api/tlscontext.h"
#include "server/config/config.h"
#include "server/monitoring/eventlooplag.h"
#include "server/monitoring/prometheus.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QWebSocketServer>
#include <functional>

class StoreThread;
class MetricsHub;

// One port for HTTP and the WebSocket upgrade (/ws), plain or TLS. Connections are taken
// by ConnectionListener (caps) and HttpConnection (head first, limits before the body);
// routes only forward to the dispatcher, which answers both transports the same way.
class OpsServer final : public QObject, private HttpRouter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpsServer)
public:
    using HealthProbe = std::function<QJsonObject()>; // the health report, ticket shape

    OpsServer(const Config::Server &settings, CommandDispatcher *dispatcher, AuthService *auth, MetricsHub *hub,
              QObject *parent = nullptr);
    ~OpsServer() override;

    // Where a self-signed certificate is kept when [server] names none.
    void setDataDir(const QString &dataDir) { m_dataDir = dataDir; }
    // Binds; port 0 picks a free one. Off loopback: TLS, or allow_insecure_remote with tls = "off".
    bool listen(QString *error);
    quint16 port() const { return m_port; }
    bool tlsEnabled() const { return m_listener.isTls(); }
    QString tlsFingerprint() const { return m_fingerprint; }
    // SIGHUP: certificate and key read again for new connections; connected clients stay.
    bool reloadTls(QString *error);
    // Whether [server] tls resolves to on for this listen address.
    static bool tlsWanted(const Config::Server &settings, QString *error);

    void setHealthProbe(HealthProbe probe) { m_health = std::move(probe); }
    // The store's writing thread, whose backlog /metrics shows.
    void setStoreThread(StoreThread *thread) { m_storeThread = thread; }
    // The fleet's name of this host, told to clients in hello.
    void setHostName(const QString &host) { m_hostName = host; }
    void setReady(bool ready) { m_ready = ready; }

    qsizetype clientCount() const { return m_sessions.size(); }
    DaemonStats stats() const;

    // A push to every authenticated client, framed once.
    void broadcast(QLatin1StringView type, qint64 seq, const QJsonObject &data);
    // Another fleet host's samples (metrics_update data objects with their host), pushed to the
    // clients that watch that host.
    void relay(const QString &host, const QList<QJsonObject> &samples);
    QSet<QString> watchedHosts() const { return m_watched; }

Q_SIGNALS:
    // The other hosts some client watches changed (FleetMember::setWatched).
    void watchedHostsChanged(const QSet<QString> &hosts);

public:
    // Closes every session that authenticated with this token (after a revoke).
    void closeSessionsOfToken(const QString &tokenId);

    // Every command reachable over POST /api/v1/<type>, for tests that walk them all.
    QStringList commandTypes() const;

private:
    // HttpRouter
    const HttpRoute *route(const QByteArray &method, const QByteArray &path, int *status) const override;
    std::optional<Identity> authenticate(const QByteArray &authorization) const override;
    QString clientAddress(const QHostAddress &peer, const HttpRequestHead &head) const override;
    QString forwardedClient(const QHostAddress &peer, const QByteArray &forwardedFor) const;

    void onConnection(QTcpSocket *socket);
    void onNewWebSocket();
    void onPublished(const QByteArray &frame);
    void updateWatched();
    void setupRoutes();
    QFuture<HttpResponse> command(const HttpRequest &request, const QString &type, const QJsonObject &data);
    bool loadTls(QString *error);

    struct RouteKey {
        QByteArray method;
        QByteArray path;
        friend bool operator==(const RouteKey &a, const RouteKey &b) { return a.method == b.method && a.path == b.path; }
        friend size_t qHash(const RouteKey &k, size_t seed = 0) { return qHashMulti(seed, k.method, k.path); }
    };

    Config::Server m_settings;
    CommandDispatcher *m_dispatcher;
    AuthService *m_auth;
    MetricsHub *m_hub;
    ConnectionListener m_listener;
    EventLoopLag m_lag;
    QWebSocketServer m_ws;
    QHash<RouteKey, HttpRoute> m_routes;
    QHash<QByteArray, HttpRoute> m_commandRoutes; // by command type
    HttpRoute m_unknownCommand;
    QList<QPair<QHostAddress, int>> m_trustedProxies;
    QSet<ClientSession *> m_sessions;
    QSet<QString> m_watched;
    QHash<QPair<QString, quint16>, QPointer<QTcpSocket>> m_upgrading; // by peer, between upgrade and handshake
    HealthProbe m_health;
    StoreThread *m_storeThread = nullptr;
    QString m_dataDir;
    QString m_hostName;
    QString m_fingerprint;
    tls::Files m_tlsFiles;
    quint16 m_port = 0;
    bool m_ready = false;
    bool m_madeCertificate = false;
    qint64 m_started = 0;
    qint64 m_messagesSent = 0;
    qint64 m_updatesSkipped = 0;
    qint64 m_clientsDropped = 0;
};
