#include "server/api/opsserver.h"

#include "server/logging/jsonlogger.h"
#include "server/monitoring/metricshub.h"
#include "server/protocol/protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QTcpSocket>

using StatusCode = QHttpServerResponder::StatusCode;

namespace {

StatusCode httpStatus(const QString &code)
{
    namespace E = protocol::Error;
    if (code == E::BadRequest) return StatusCode::BadRequest;
    if (code == E::Unauthorized) return StatusCode::Unauthorized;
    if (code == E::Forbidden) return StatusCode::Forbidden;
    if (code == E::NotFound) return StatusCode::NotFound;
    if (code == E::Conflict) return StatusCode::Conflict;
    if (code == E::TooLarge) return StatusCode::PayloadTooLarge;
    if (code == E::RateLimited) return StatusCode::TooManyRequests;
    return StatusCode::InternalServerError;
}

QHttpServerResponse jsonResponse(const QJsonObject &json, StatusCode status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(json).toJson(QJsonDocument::Compact), status);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

// Commands whose answer needs a password hash: they take about a second, and QtHttpServer 6.4
// cannot answer a request whose connection went away meanwhile safely, so they are
// WebSocket-only; HTTP callers use API tokens.
bool isSlowCommand(const QString &type)
{
    return type == protocol::Type::Login || type == protocol::Type::UserAdd;
}

} // namespace

OpsServer::OpsServer(const Config::Server &settings, CommandDispatcher *dispatcher, AuthService *auth, MetricsHub *hub,
                     QObject *parent)
    : QObject(parent), m_settings(settings), m_dispatcher(dispatcher), m_auth(auth), m_hub(hub)
{
    m_started = QDateTime::currentMSecsSinceEpoch();
    connect(&m_http, &QAbstractHttpServer::newWebSocketConnection, this, &OpsServer::onNewWebSocket);
    connect(hub, &MetricsHub::published, this,
            [this](const protocol::MetricsSample &, const QByteArray &frame) { onPublished(frame); });
    setupRoutes();
}

OpsServer::~OpsServer()
{
    const auto sessions = m_sessions;
    m_sessions.clear();
    qDeleteAll(sessions);
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
    if (!address.isLoopback() && !m_settings.allowInsecureRemote) {
        *error = QStringLiteral("refusing to listen on %1 without TLS: set [server] allow_insecure_remote = true "
                                "to accept unencrypted connections from other hosts")
                     .arg(address.toString());
        return false;
    }
    m_port = m_http.listen(address, m_settings.port);
    if (m_port == 0) {
        *error = QStringLiteral("cannot listen on %1:%2 (in use or not permitted)").arg(address.toString()).arg(m_settings.port);
        return false;
    }
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
    return s;
}

void OpsServer::closeSessionsOfToken(const QString &tokenId)
{
    for (ClientSession *session : std::as_const(m_sessions)) {
        if (session->identity() && session->identity()->tokenId == tokenId)
            session->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token revoked"));
    }
}

void OpsServer::onNewWebSocket()
{
    while (m_http.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection();
        if (!socket)
            continue;
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
            if (authorization.startsWith("Bearer "))
                identity = m_auth->authenticate(QString::fromLatin1(authorization.mid(7).trimmed()));
            if (!identity) {
                socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("invalid token"));
                socket.release()->deleteLater();
                continue;
            }
        }
        // The QTcpSocket under this QWebSocket, for ClientSession's direct push path.
        QPointer<QTcpSocket> tcp = m_upgrading.take(socket->peerPort());
        if (tcp && (tcp->peerAddress() != socket->peerAddress() || tcp->peerPort() != socket->peerPort()))
            tcp.clear();
        for (auto it = m_upgrading.begin(); it != m_upgrading.end();)
            it = it.value() ? std::next(it) : m_upgrading.erase(it);
        ClientSession::Limits limits;
        limits.maxMessageBytes = m_settings.maxMessageBytes;
        limits.authTimeoutMs = m_settings.authTimeoutMs;
        limits.queueLimitBytes = m_settings.clientQueueLimitBytes;
        limits.stallDropMs = m_settings.clientStallDropMs;
        auto *session = new ClientSession(std::move(socket), tcp, m_dispatcher, limits, identity, this);
        m_sessions.insert(session);
        connect(session, &ClientSession::finished, this, [this](ClientSession *s) {
            if (m_sessions.remove(s)) {
                m_updatesSkipped += s->skipped();
                s->deleteLater();
            }
        });
        connect(session, &ClientSession::dropped, this, [this](ClientSession *) { ++m_clientsDropped; });
        auto greet = [this](ClientSession *s) {
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
    for (ClientSession *session : std::as_const(m_sessions)) {
        if (session->push(outgoing))
            ++m_messagesSent;
    }
}

void OpsServer::broadcast(QLatin1StringView type, qint64 seq, const QJsonObject &data)
{
    onPublished(protocol::pushFrame(type, seq, m_auth->clock()->nowMs(), data));
}

std::optional<Identity> OpsServer::bearer(const QHttpServerRequest &request) const
{
    const QByteArray header = request.value(QByteArrayLiteral("Authorization"));
    if (!header.startsWith("Bearer "))
        return std::nullopt;
    return m_auth->authenticate(QString::fromLatin1(header.mid(7).trimmed()));
}

QHttpServerResponse OpsServer::resultResponse(const protocol::Result &result) const
{
    QHttpServerResponse response = jsonResponse(result.toJson(), result.ok ? StatusCode::Ok : httpStatus(result.error.code));
    if (!result.ok && result.error.code == protocol::Error::Unauthorized)
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
    return response;
}

QFuture<QHttpServerResponse> OpsServer::command(const QHttpServerRequest &request, const QString &type, const QJsonObject &data)
{
    CommandContext context;
    context.identity = bearer(request);
    context.address = request.remoteAddress().toString();
    context.userAgent = QString::fromUtf8(request.value(QByteArrayLiteral("User-Agent"))).left(512);
    protocol::Request r{type, QString(), data};
    if (isSlowCommand(type)) {
        return QtFuture::makeReadyFuture(resultResponse(protocol::Result::failure(
            {}, protocol::Error::BadRequest, QStringLiteral("\"%1\" is available over the WebSocket API only").arg(type))));
    }
    if (!context.identity) {
        return QtFuture::makeReadyFuture(resultResponse(
            protocol::Result::failure({}, protocol::Error::Unauthorized, QStringLiteral("send Authorization: Bearer TOKEN"))));
    }
    QFuture<CommandOutcome> outcome = m_dispatcher->dispatch(context, r);
    // Every command reachable here answers synchronously (see isSlowCommand).
    Q_ASSERT(outcome.isFinished());
    return QtFuture::makeReadyFuture(resultResponse(outcome.result().result));
}

void OpsServer::setupRoutes()
{
    using Method = QHttpServerRequest::Method;

    // QtHttpServer 6.4 upgrades a connection only when a route handled the request and wrote
    // nothing; the responder form with a void handler is the one that can stay silent.
    m_http.route(QStringLiteral("/ws"), [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (request.value(QByteArrayLiteral("upgrade")).compare(QByteArrayLiteral("websocket"), Qt::CaseInsensitive) == 0) {
            // onNewWebSocket() takes it from here; the TCP socket is remembered for pushes.
            if (QTcpSocket *tcp = responder.socket())
                m_upgrading.insert(tcp->peerPort(), tcp);
            return;
        }
        responder.write(QJsonDocument(protocol::Result::failure({}, protocol::Error::BadRequest,
                                                                QStringLiteral("/ws expects a WebSocket upgrade")).toJson()),
                        QHttpServerResponder::StatusCode::UpgradeRequired);
    });

    // Liveness and readiness answer without a token so probes work, but only say
    // healthy/unhealthy; the checks' details need a viewer token.
    m_http.route(QStringLiteral("/healthz"), Method::Get, [this](const QHttpServerRequest &request) {
        QJsonObject report = m_health ? m_health() : QJsonObject{{u"overall_status"_qs, u"healthy"_qs}};
        const bool healthy = report.value(u"overall_status"_qs).toString() == QLatin1StringView("healthy");
        if (!bearer(request))
            report = QJsonObject{{u"overall_status"_qs, report.value(u"overall_status"_qs)},
                                 {u"timestamp"_qs, report.value(u"timestamp"_qs)}};
        return jsonResponse(report, healthy ? StatusCode::Ok : StatusCode::ServiceUnavailable);
    });
    m_http.route(QStringLiteral("/readyz"), Method::Get, [this] {
        const bool ready = m_ready && m_hub->latest().has_value();
        return jsonResponse({{u"ready"_qs, ready}}, ready ? StatusCode::Ok : StatusCode::ServiceUnavailable);
    });
    m_http.route(QStringLiteral("/metrics"), Method::Get, [this](const QHttpServerRequest &request) {
        if (!bearer(request))
            return resultResponse(protocol::Result::failure({}, protocol::Error::Unauthorized,
                                                            QStringLiteral("send Authorization: Bearer TOKEN")));
        const auto &latest = m_hub->latest();
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                                   renderPrometheus(latest ? &*latest : nullptr, stats()));
    });
    m_http.route(QStringLiteral("/api/v1/metrics/current"), Method::Get, [this](const QHttpServerRequest &request) {
        return command(request, QString(protocol::Type::MetricsCurrent), {});
    });
    m_http.route(QStringLiteral("/api/v1/metrics/history"), Method::Get, [this](const QHttpServerRequest &request) {
        const QUrlQuery query = request.query();
        QJsonObject data;
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key == QLatin1StringView("step"))
                data.insert(key, value.toDouble());
            else
                data.insert(key, value);
        }
        return command(request, QString(protocol::Type::MetricsHistory), data);
    });
    // Log ingest: the body is the batch itself (JSON lines or a JSON array), not a data object.
    m_http.route(QStringLiteral("/api/v1/logs"), Method::Post, [this](const QHttpServerRequest &request) {
        CommandContext context;
        context.identity = bearer(request);
        context.address = request.remoteAddress().toString();
        return resultResponse(m_dispatcher->ingestLogs(context, request.body()).result());
    });
    // Request records from the service's middleware: the body is the batch (a JSON array).
    m_http.route(QStringLiteral("/api/v1/requests"), Method::Post, [this](const QHttpServerRequest &request) {
        CommandContext context;
        context.identity = bearer(request);
        context.address = request.remoteAddress().toString();
        return resultResponse(m_dispatcher->ingestRequests(context, request.body()).result());
    });
    // Every other command: POST /api/v1/<type> with the message's data as the JSON body.
    m_http.route(QStringLiteral("/api/v1/<arg>"), Method::Post, [this](const QString &type, const QHttpServerRequest &request) {
        if (request.body().size() > m_settings.maxMessageBytes) {
            return QtFuture::makeReadyFuture(resultResponse(protocol::Result::failure(
                {}, protocol::Error::TooLarge, QStringLiteral("request body over %1 bytes").arg(m_settings.maxMessageBytes))));
        }
        QJsonObject data;
        if (!request.body().trimmed().isEmpty()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                return QtFuture::makeReadyFuture(resultResponse(protocol::Result::failure(
                    {}, protocol::Error::BadRequest, QStringLiteral("the body must be a JSON object"))));
            }
            data = doc.object();
        }
        return command(request, type, data);
    });
}
