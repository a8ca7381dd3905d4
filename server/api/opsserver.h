#pragma once

#include "server/api/clientsession.h"
#include "server/api/commanddispatcher.h"
#include "server/config/config.h"
#include "server/monitoring/prometheus.h"

#include <QHttpServer>
#include <QObject>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <functional>

class MetricsHub;

// One port for HTTP and the WebSocket upgrade (/ws). Routes and sockets only forward to
// the dispatcher; this class owns connections, limits and the per-tick fan-out.
class OpsServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpsServer)
public:
    using HealthProbe = std::function<QJsonObject()>; // the health report, ticket shape

    OpsServer(const Config::Server &settings, CommandDispatcher *dispatcher, AuthService *auth, MetricsHub *hub,
              QObject *parent = nullptr);
    ~OpsServer() override;

    // Binds; port 0 picks a free one. Off-loopback addresses need allowInsecureRemote.
    bool listen(QString *error);
    quint16 port() const { return m_port; }
    void setHealthProbe(HealthProbe probe) { m_health = std::move(probe); }
    void setReady(bool ready) { m_ready = ready; }

    qsizetype clientCount() const { return m_sessions.size(); }
    DaemonStats stats() const;

    // A push to every authenticated client, framed once.
    void broadcast(QLatin1StringView type, qint64 seq, const QJsonObject &data);

    // Closes every session that authenticated with this token (after a revoke).
    void closeSessionsOfToken(const QString &tokenId);

private:
    void onNewWebSocket();
    void onPublished(const QByteArray &frame);
    void setupRoutes();
    std::optional<Identity> bearer(const QHttpServerRequest &request) const;
    QHttpServerResponse resultResponse(const protocol::Result &result) const;
    QFuture<QHttpServerResponse> command(const QHttpServerRequest &request, const QString &type, const QJsonObject &data);

    Config::Server m_settings;
    CommandDispatcher *m_dispatcher;
    AuthService *m_auth;
    MetricsHub *m_hub;
    QHttpServer m_http;
    QSet<ClientSession *> m_sessions;
    QHash<quint16, QPointer<QTcpSocket>> m_upgrading; // by peer port, between route and upgrade
    HealthProbe m_health;
    quint16 m_port = 0;
    bool m_ready = false;
    qint64 m_started = 0;
    qint64 m_messagesSent = 0;
    qint64 m_updatesSkipped = 0;
    qint64 m_clientsDropped = 0;
};
