#include "server/api/opsserver.h"
#include "server/storage/storethread.h"

#include "server/logging/jsonlogger.h"
#include "server/monitoring/metricshub.h"
#include "server/protocol/protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

namespace {

int httpStatus(const QString &code)
{
    namespace E = protocol::Error;
    if (code == E::BadRequest) return 400;
    if (code == E::Unauthorized) return 401;
    if (code == E::Forbidden) return 403;
    if (code == E::NotFound) return 404;
    if (code == E::Conflict) return 409;
    if (code == E::TooLarge) return 413;
    if (code == E::RateLimited) return 429;
    return 500;
}

HttpResponse resultResponse(const protocol::Result &result)
{
    HttpResponse response = HttpResponse::json(result.toJson(), result.ok ? 200 : httpStatus(result.error.code));
    if (!result.ok && result.error.code == protocol::Error::Unauthorized)
        response.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
    if (!result.ok && result.error.code == protocol::Error::RateLimited)
        response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return response;
}

QFuture<HttpResponse> ready(HttpResponse response)
{
    return QtFuture::makeReadyFuture(std::move(response));
}

QString plainAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

OpsServer::OpsServer(const Config::Server &settings, CommandDispatcher *dispatcher, AuthService *auth, MetricsHub *hub,
                     QObject *parent)
    : QObject(parent), m_settings(settings), m_dispatcher(dispatcher), m_auth(auth), m_hub(hub),
      m_listener(ConnectionListener::Limits{settings.maxConnectionsPerAddress, settings.maxClients}),
      m_ws(QStringLiteral("formauto-opsd"), QWebSocketServer::NonSecureMode)
{
    m_started = QDateTime::currentMSecsSinceEpoch();
    m_ws.setHandshakeTimeout(settings.headTimeoutMs);
    m_ws.setMaxPendingConnections(1000000); // the listener caps connections, not this queue
    connect(&m_ws, &QWebSocketServer::newConnection, this, &OpsServer::onNewWebSocket);
    connect(&m_listener, &ConnectionListener::connectionReady, this, &OpsServer::onConnection);
    connect(hub, &MetricsHub::published, this,
            [this](const protocol::MetricsSample &, const QByteArray &frame) { onPublished(frame); });
    for (const QString &range : std::as_const(settings.trustedProxies)) {
        const auto subnet = QHostAddress::parseSubnet(range.contains(u'/') ? range : range + (range.contains(u':') ? u"/128"_qs : u"/32"_qs));
        if (!subnet.first.isNull())
            m_trustedProxies.append(subnet);
    }
    setupRoutes();
}

OpsServer::~OpsServer()
{
    const auto sessions = m_sessions;
    m_sessions.clear();
    qDeleteAll(sessions);
}

bool OpsServer::tlsWanted(const Config::Server &settings, QString *error)
{
    QHostAddress address;
    if (settings.host == QLatin1StringView("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(settings.host)) {
        *error = QStringLiteral("listen address \"%1\" is not an IP address").arg(settings.host);
        return false;
    }
    if (settings.tls == QLatin1StringView("on"))
        return true;
    if (settings.tls == QLatin1StringView("off"))
        return false;
    return !address.isLoopback();
}

bool OpsServer::loadTls(QString *error)
{
    m_tlsFiles = {m_settings.tlsCertFile, m_settings.tlsKeyFile, m_settings.tlsClientCaFile};
    if (m_tlsFiles.certFile.isEmpty() != m_tlsFiles.keyFile.isEmpty()) {
        *error = QStringLiteral("[server] tls_cert_file and tls_key_file go together: set both, or neither for a self-signed certificate");
        return false;
    }
    if (m_tlsFiles.certFile.isEmpty()) {
        const tls::Files made = tls::defaultFiles(m_dataDir);
        m_tlsFiles.certFile = made.certFile;
        m_tlsFiles.keyFile = made.keyFile;
        bool created = false;
        QStringList names;
        if (m_settings.host != QLatin1StringView("0.0.0.0") && m_settings.host != QLatin1StringView("::"))
            names << m_settings.host;
        if (!tls::ensureSelfSigned(m_tlsFiles, names, &created, error))
            return false;
        m_madeCertificate = created;
    }
    const std::optional<QSslConfiguration> config = tls::serverConfiguration(m_tlsFiles, error);
    if (!config)
        return false;
    m_fingerprint = tls::fingerprint(config->localCertificate());
    m_listener.setTls(*config);
    if (m_madeCertificate)
        qCWarning(lcOps).noquote() << "made a self-signed TLS certificate" << m_tlsFiles.certFile
                                   << "- consoles will ask to trust its SHA-256 fingerprint" << m_fingerprint;
    else
        qCInfo(lcOps).noquote() << "TLS certificate SHA-256 fingerprint" << m_fingerprint;
    return true;
}

bool OpsServer::reloadTls(QString *error)
{
    if (!m_listener.isTls()) {
        *error = QStringLiteral("TLS is off");
        return false;
    }
    const std::optional<QSslConfiguration> config = tls::serverConfiguration(m_tlsFiles, error);
    if (!config)
        return false; // the certificate in use stays
    m_fingerprint = tls::fingerprint(config->localCertificate());
    m_listener.setTls(*config);
    qCInfo(lcOps).noquote() << "reloaded the TLS certificate; SHA-256 fingerprint" << m_fingerprint;
    return true;
}

bool OpsServer::listen(QString *error)
{
    QHostAddress address;
    if (m_settings.host == QLatin1StringView("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(m_settings.host)) {
        *error = QStringLiteral("listen address \"%1\" is not an IP address").arg(m_settings.host);
        return false;
    }
    const bool useTls = tlsWanted(m_settings, error);
    if (!error->isEmpty())
        return false;
    if (!useTls && !address.isLoopback() && !m_settings.allowInsecureRemote) {
        *error = QStringLiteral("refusing to listen on %1 without TLS ([server] tls = \"off\"): set [server] allow_insecure_remote = true "
                                "only when a proxy in front terminates TLS")
                     .arg(address.toString());
        return false;
    }
    if (useTls && !QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is wanted but Qt has no TLS backend (%1)").arg(QSslSocket::activeBackend());
        return false;
    }
    if (useTls && !loadTls(error))
        return false;
    ConnectionListener::raiseDescriptorLimit();
    if (!m_listener.listen(address, m_settings.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(m_settings.port).arg(m_listener.errorString());
        return false;
    }
    m_port = m_listener.serverPort();
    m_lag.start();
    qCInfo(lcOps).noquote() << "serving" << (useTls ? "https/wss" : "http/ws") << "on" << address.toString() << m_port
                            << "for at most" << m_listener.capacity() << "connections";
    return true;
}

DaemonStats OpsServer::stats() const
{
    DaemonStats s;
    for (ClientSession *session : m_sessions)
        s.clients += session->isAuthenticated() ? 1 : 0;
    s.messagesSent = m_messagesSent;
    s.updatesSkipped = m_updatesSkipped;
    s.clientsDropped = m_clientsDropped;
    s.uptimeSeconds = double(QDateTime::currentMSecsSinceEpoch() - m_started) / 1000.0;
    s.sampleSeconds = double(m_hub->lastSystemSampleMicros()) / 1e6;
    s.eventLoopLagP99Seconds = m_lag.quantile(0.99);
    s.eventLoopLagMaxSeconds = m_lag.maximum();
    s.connections = m_listener.connectionCount();
    s.connectionCapacity = m_listener.capacity();
    s.connectionsRefused = m_listener.refusedCount();
    s.connectionsEvicted = m_listener.evictedCount();
    if (m_storeThread) {
        const StoreThread::Figures f = m_storeThread->figures();
        s.storeBacklog = f.backlog;
        s.storeOldestWaitSeconds = double(f.oldestAgeMs) / 1000.0;
        s.storeJobsRefused = f.refused;
    }
    return s;
}

void OpsServer::closeSessionsOfToken(const QString &tokenId)
{
    const QSet<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions) {
        if (session->identity() && session->identity()->tokenId == tokenId)
            session->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token revoked"));
    }
}

QStringList OpsServer::commandTypes() const
{
    QStringList types = m_dispatcher->commandTypes();
    types.sort();
    return types;
}

void OpsServer::onConnection(QTcpSocket *socket)
{
    HttpConnection::Limits limits;
    limits.headTimeoutMs = m_settings.headTimeoutMs;
    limits.idleTimeoutMs = m_settings.idleTimeoutMs;
    limits.bodyIdleTimeoutMs = m_settings.idleTimeoutMs;
    auto *connection = new HttpConnection(socket, this, limits, this);
    connect(connection, &HttpConnection::authenticated, &m_listener, &ConnectionListener::markAuthenticated);
    connect(connection, &HttpConnection::upgradeRequested, this, [this](QTcpSocket *tcp) {
        // QWebSocketServer reads the handshake again from the rolled-back socket and owns it.
        m_upgrading.insert({tcp->peerAddress().toString(), tcp->peerPort()}, tcp);
        m_ws.handleConnection(tcp);
        // The handshake is already buffered (rolled back), so no new readyRead may come; newer
        // QtWebSockets emit one in handleConnection, 6.4 may not. A second emission is harmless:
        // handleConnection's slot is queued ahead of it, and after the upgrade QWebSocket reads.
        if (tcp->bytesAvailable() > 0)
            QMetaObject::invokeMethod(tcp, &QIODevice::readyRead, Qt::QueuedConnection);
    });
}

void OpsServer::onNewWebSocket()
{
    while (m_ws.hasPendingConnections()) {
        std::unique_ptr<QWebSocket> socket(m_ws.nextPendingConnection());
        if (!socket)
            continue;
        // The QTcpSocket under this QWebSocket, for ClientSession's direct push path.
        QPointer<QTcpSocket> tcp = m_upgrading.take({socket->peerAddress().toString(), socket->peerPort()});
        for (auto it = m_upgrading.begin(); it != m_upgrading.end();)
            it = it.value() ? std::next(it) : m_upgrading.erase(it);
        if (socket->requestUrl().path() != QLatin1StringView("/ws")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the WebSocket endpoint is /ws"));
            socket.release()->deleteLater();
            continue;
        }
        const QString origin = socket->origin();
        if (!origin.isEmpty() && !m_settings.allowedOrigins.contains(origin)) {
            qCInfo(lcOps).noquote() << "refused WebSocket from origin" << origin.left(200);
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("origin not allowed"));
            socket.release()->deleteLater();
            continue;
        }
        if (m_sessions.size() >= m_settings.maxClients) {
            socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection, QStringLiteral("too many clients"));
            socket.release()->deleteLater();
            continue;
        }
        std::optional<Identity> identity;
        const QByteArray authorization = socket->request().rawHeader("Authorization");
        if (!authorization.isEmpty()) {
            identity = authenticate(authorization);
            if (!identity || !identity->agentHost().isEmpty()) {
                socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                              identity ? QStringLiteral("an agent token opens no session") : QStringLiteral("invalid token"));
                socket.release()->deleteLater();
                continue;
            }
        }
        const QString client = forwardedClient(socket->peerAddress(), socket->request().rawHeader("X-Forwarded-For"));
        ClientSession::Limits limits;
        limits.maxMessageBytes = m_settings.maxMessageBytes;
        limits.authTimeoutMs = m_settings.authTimeoutMs;
        limits.queueLimitBytes = m_settings.clientQueueLimitBytes;
        limits.stallDropMs = m_settings.clientStallDropMs;
        auto *session = new ClientSession(std::move(socket), tcp, m_dispatcher, limits, identity, this);
        session->setClientAddress(client);
        m_sessions.insert(session);
        connect(session, &ClientSession::finished, this, [this](ClientSession *s) {
            if (m_sessions.remove(s)) {
                m_updatesSkipped += s->skipped();
                s->deleteLater();
                if (!s->watchedHost().isEmpty())
                    updateWatched();
            }
        });
        connect(session, &ClientSession::watchChanged, this, [this](ClientSession *) { updateWatched(); });
        connect(session, &ClientSession::dropped, this, [this](ClientSession *) { ++m_clientsDropped; });
        auto greet = [this, tcp](ClientSession *s) {
            if (tcp)
                m_listener.markAuthenticated(tcp);
            const Identity &id = *s->identity();
            const qint64 now = m_auth->clock()->nowMs();
            const QJsonObject hello{
                {u"protocol"_qs, protocol::Version},
                {u"server"_qs, u"formauto-opsd"_qs},
                {u"version"_qs, QCoreApplication::applicationVersion()},
                {u"boot_id"_qs, QString::number(m_started)},
                {u"interval_ms"_qs, m_hub->intervalMs()},
                {u"last_seq"_qs, m_hub->latest() ? double(m_hub->latest()->seq) : 0.0},
                {u"user"_qs, id.username},
                {u"role"_qs, protocol::roleName(id.role)},
                {u"host"_qs, m_hostName},
            };
            s->push(OutgoingFrame(protocol::pushFrame(protocol::Type::Hello, -1, now, hello)));
            if (!m_hub->latestFrame().isEmpty())
                s->push(OutgoingFrame(m_hub->latestFrame()));
        };
        connect(session, &ClientSession::authenticated, this, greet);
        if (session->isAuthenticated())
            greet(session);
    }
}

void OpsServer::onPublished(const QByteArray &frame)
{
    // Encoded and framed once per tick; each client only writes the same bytes.
    const OutgoingFrame outgoing(frame);
    // A copy: dropping a stalled client can finish its session (and leave the set) mid-loop.
    const QSet<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions) {
        if (session->push(outgoing))
            ++m_messagesSent;
    }
}

void OpsServer::relay(const QString &host, const QList<QJsonObject> &samples)
{
    QList<ClientSession *> watching;
    for (ClientSession *session : std::as_const(m_sessions)) {
        if (session->watchedHost() == host)
            watching.append(session);
    }
    if (watching.isEmpty())
        return;
    for (const QJsonObject &sample : samples) {
        const OutgoingFrame outgoing(protocol::pushFrame(protocol::Type::MetricsUpdate, qint64(sample.value(u"seq"_qs).toDouble()),
                                                         protocol::parseIsoTimestamp(sample.value(u"timestamp"_qs).toString()), sample));
        for (ClientSession *session : std::as_const(watching)) {
            if (m_sessions.contains(session) && session->push(outgoing))
                ++m_messagesSent;
        }
    }
}

void OpsServer::updateWatched()
{
    QSet<QString> hosts;
    for (ClientSession *session : std::as_const(m_sessions)) {
        if (!session->watchedHost().isEmpty())
            hosts.insert(session->watchedHost());
    }
    if (hosts != m_watched) {
        m_watched = hosts;
        Q_EMIT watchedHostsChanged(hosts);
    }
}

void OpsServer::broadcast(QLatin1StringView type, qint64 seq, const QJsonObject &data)
{
    onPublished(protocol::pushFrame(type, seq, m_auth->clock()->nowMs(), data));
}

std::optional<Identity> OpsServer::authenticate(const QByteArray &authorization) const
{
    if (!authorization.startsWith("Bearer ") || authorization.size() > 1024)
        return std::nullopt;
    return m_auth->authenticate(QString::fromLatin1(authorization.mid(7).trimmed()));
}

QString OpsServer::forwardedClient(const QHostAddress &peer, const QByteArray &forwardedFor) const
{
    auto trusted = [this](const QHostAddress &a) {
        return std::any_of(m_trustedProxies.begin(), m_trustedProxies.end(),
                           [&a](const QPair<QHostAddress, int> &subnet) { return a.isInSubnet(subnet); });
    };
    QHostAddress p = peer;
    bool isV4 = false;
    if (const quint32 v4 = peer.toIPv4Address(&isV4); isV4)
        p = QHostAddress(v4);
    if (forwardedFor.isEmpty() || !trusted(p))
        return plainAddress(p);
    // The right-most address that is not one of our proxies is the client as our proxies saw it;
    // anything to its left was written by the client itself.
    const QList<QByteArray> hops = forwardedFor.left(2048).split(',');
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        QHostAddress hop;
        if (!hop.setAddress(QString::fromLatin1(it->trimmed())))
            break;
        if (!trusted(hop))
            return plainAddress(hop);
    }
    return plainAddress(p);
}

QString OpsServer::clientAddress(const QHostAddress &peer, const HttpRequestHead &head) const
{
    return forwardedClient(peer, head.header("x-forwarded-for"));
}

const HttpRoute *OpsServer::route(const QByteArray &method, const QByteArray &path, int *status) const
{
    const auto it = m_routes.constFind(RouteKey{method, path});
    if (it != m_routes.constEnd())
        return &*it;
    static const QByteArray commandPrefix = QByteArrayLiteral("/api/v1/");
    if (path.startsWith(commandPrefix) && path.size() > commandPrefix.size()) {
        const QByteArray type = path.mid(commandPrefix.size());
        const auto command = m_commandRoutes.constFind(type);
        const bool known = command != m_commandRoutes.constEnd();
        const bool otherRoute = std::any_of(m_routes.keyBegin(), m_routes.keyEnd(), [&path](const RouteKey &k) { return k.path == path; });
        if (method != "POST" || otherRoute) {
            *status = known || otherRoute ? 405 : 404;
            return nullptr;
        }
        return known ? &*command : &m_unknownCommand;
    }
    const bool otherMethod = std::any_of(m_routes.keyBegin(), m_routes.keyEnd(), [&path](const RouteKey &k) { return k.path == path; });
    *status = otherMethod ? 405 : 404;
    return nullptr;
}

QFuture<HttpResponse> OpsServer::command(const HttpRequest &request, const QString &type, const QJsonObject &data)
{
    CommandContext context;
    context.identity = request.identity;
    context.address = request.clientAddress;
    context.userAgent = request.userAgent;
    // The same asynchronous contract as over the WebSocket: the answer comes when the
    // command is done; HttpConnection waits for it without holding the event loop.
    return m_dispatcher->dispatch(context, protocol::Request{type, QString(), data}).then([](const CommandOutcome &outcome) {
        return resultResponse(outcome.result);
    });
}

void OpsServer::setupRoutes()
{
    using Token = HttpRoute::Token;
    using protocol::Role;

    // Liveness and readiness answer without a token so probes work, but only say
    // healthy/unhealthy; the checks' details need a viewer token.
    m_routes.insert({"GET", "/healthz"}, HttpRoute{Token::Optional, Role::Viewer, 0, [this](const HttpRequest &request) {
        QJsonObject report = m_health ? m_health() : QJsonObject{{u"overall_status"_qs, u"healthy"_qs}};
        const bool healthy = report.value(u"overall_status"_qs).toString() == QLatin1StringView("healthy");
        if (!request.identity)
            report = QJsonObject{{u"overall_status"_qs, report.value(u"overall_status"_qs)},
                                 {u"timestamp"_qs, report.value(u"timestamp"_qs)}};
        return ready(HttpResponse::json(report, healthy ? 200 : 503));
    }});
    m_routes.insert({"GET", "/readyz"}, HttpRoute{Token::None, Role::Viewer, 0, [this](const HttpRequest &) {
        const bool isReady = m_ready && m_hub->latest().has_value();
        return ready(HttpResponse::json({{u"ready"_qs, isReady}}, isReady ? 200 : 503));
    }});
    m_routes.insert({"GET", "/metrics"}, HttpRoute{Token::Required, Role::Viewer, 0, [this](const HttpRequest &) {
        const auto &latest = m_hub->latest();
        HttpResponse response;
        response.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
        response.body = renderPrometheus(latest ? &*latest : nullptr, stats());
        return ready(response);
    }});
    m_routes.insert({"GET", "/api/v1/metrics/current"}, HttpRoute{Token::Required, Role::Viewer, 0, [this](const HttpRequest &request) {
        return command(request, QString(protocol::Type::MetricsCurrent), {});
    }});
    m_routes.insert({"GET", "/api/v1/metrics/history"}, HttpRoute{Token::Required, Role::Viewer, 0, [this](const HttpRequest &request) {
        QJsonObject data;
        for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
            if (key == QLatin1StringView("step"))
                data.insert(key, value.toDouble());
            else
                data.insert(key, value);
        }
        return command(request, QString(protocol::Type::MetricsHistory), data);
    }});
    // Log ingest: the body is the batch itself (JSON lines or a JSON array), not a data object.
    m_routes.insert({"POST", "/api/v1/logs"}, HttpRoute{Token::Required, Role::Operator, m_settings.maxBodyBytes, [this](const HttpRequest &request) {
        CommandContext context;
        context.identity = request.identity;
        context.address = request.clientAddress;
        return m_dispatcher->ingestLogs(context, request.body).then([](const protocol::Result &r) { return resultResponse(r); });
    }});
    // Request records from the service's middleware: the body is the batch (a JSON array).
    m_routes.insert({"POST", "/api/v1/requests"}, HttpRoute{Token::Required, Role::Operator, m_settings.maxBodyBytes, [this](const HttpRequest &request) {
        CommandContext context;
        context.identity = request.identity;
        context.address = request.clientAddress;
        return m_dispatcher->ingestRequests(context, request.body).then([](const protocol::Result &r) { return resultResponse(r); });
    }});

    // An agent's push (PROTOCOL.md, Fleet): agent tokens only, and they reach nothing else.
    m_routes.insert({"POST", "/api/v1/agent/push"}, HttpRoute{Token::Required, Role::Operator, m_settings.maxCommandBodyBytes, [this](const HttpRequest &request) {
        CommandContext context;
        context.identity = request.identity;
        context.address = request.clientAddress;
        return m_dispatcher->agentPush(context, request.body).then([](const protocol::Result &r) { return resultResponse(r); });
    }, true});

    // Every command: POST /api/v1/<type> with the message's data as the JSON body. Each
    // gets its role from the dispatcher's table, so a viewer's body is refused unread.
    auto commandHandler = [this](const QString &type) {
        return [this, type](const HttpRequest &request) {
            QJsonObject data;
            if (!request.body.trimmed().isEmpty()) {
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
                if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                    return ready(resultResponse(protocol::Result::failure({}, protocol::Error::BadRequest,
                                                                          QStringLiteral("the body must be a JSON object"))));
                }
                data = doc.object();
            }
            return command(request, type, data);
        };
    };
    for (const QString &type : m_dispatcher->commandTypes()) {
        bool isPublic = false;
        const protocol::Role role = m_dispatcher->requiredRole(type, &isPublic).value_or(Role::Admin);
        m_commandRoutes.insert(type.toLatin1(), HttpRoute{isPublic ? Token::Optional : Token::Required, role,
                                                          m_settings.maxCommandBodyBytes, commandHandler(type)});
    }
    m_unknownCommand = HttpRoute{Token::Required, Role::Viewer, m_settings.maxCommandBodyBytes, [](const HttpRequest &request) {
        return ready(resultResponse(protocol::Result::failure(
            {}, protocol::Error::BadRequest, QStringLiteral("unknown command \"%1\"").arg(QString::fromLatin1(request.path.mid(8).left(64))))));
    }};
}
