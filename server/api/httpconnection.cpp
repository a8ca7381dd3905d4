#include "server/api/httpconnection.h"

#include "server/protocol/envelope.h"
#include "server/protocol/protocol.h"

#include <QJsonDocument>
#include <QSslSocket>
#include <sys/socket.h>

namespace {

constexpr qint64 ReadChunk = 64 * 1024;
constexpr qint64 SocketReadBuffer = 64 * 1024;
constexpr qint64 MaxDrainBytes = 4 * 1024 * 1024; // read and dropped after a refusal, so the answer is seen
constexpr int LingerMs = 2000;
// A body trickled a byte at a time keeps the idle timer happy; this bounds the whole body.
constexpr qint64 BodyDeadlineMs = 120000;
// Answers not yet taken by the peer: past this, the next pipelined request waits (and,
// with the bounded read buffer, TCP holds the client back) instead of answers piling up.
constexpr qint64 MaxUnsentAnswerBytes = 256 * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

} // namespace

HttpResponse HttpResponse::json(const QJsonObject &json, int status)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(json).toJson(QJsonDocument::Compact);
    return r;
}

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpRouter *router, Limits limits, QObject *parent)
    : QObject(parent), m_socket(socket), m_router(router), m_limits(limits),
      m_parser(HttpRequestParser::Limits{limits.maxHeadBytes, 100})
{
    socket->setParent(this);
    socket->setReadBufferSize(SocketReadBuffer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        switch (m_phase) {
        case Phase::Head:
            if (m_inTransaction || !m_pending.isEmpty())
                fail(408, QString(protocol::Error::BadRequest), QStringLiteral("the request head did not arrive within %1 s").arg(m_limits.headTimeoutMs / 1000));
            else if (m_socket)
                m_socket->abort(); // idle keep-alive, or a TLS handshake that never finished
            break;
        case Phase::Body:
            fail(408, QString(protocol::Error::BadRequest),
                 m_bodyStarted.elapsed() >= BodyDeadlineMs ? QStringLiteral("the body did not arrive within %1 s").arg(BodyDeadlineMs / 1000)
                                                           : QStringLiteral("no body bytes for %1 s").arg(m_limits.bodyIdleTimeoutMs / 1000));
            break;
        case Phase::Closing:
            if (m_socket)
                m_socket->abort();
            break;
        case Phase::Handling:
            break;
        }
    });
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    });
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &) {
            if (m_socket)
                m_socket->abort();
        });
    }
    m_timer.start(m_limits.headTimeoutMs);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_watcher.reset();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void HttpConnection::onReadyRead()
{
    if (!m_socket)
        return;
    if (m_phase == Phase::Closing) {
        // Drop what a refused client still sends, up to a bound, so it sees our answer.
        while (m_socket->bytesAvailable() > 0) {
            const QByteArray dropped = m_socket->read(ReadChunk);
            if (dropped.isEmpty())
                break;
            m_drained += dropped.size();
            if (m_drained > MaxDrainBytes) {
                m_socket->abort();
                return;
            }
        }
        return;
    }
    process();
}

void HttpConnection::onBytesWritten()
{
    if ((m_phase == Phase::Head || m_phase == Phase::Body) && m_socket && m_socket->bytesToWrite() <= MaxUnsentAnswerBytes
        && (!m_pending.isEmpty() || m_socket->bytesAvailable() > 0)) {
        process();
        return;
    }
    if (m_phase != Phase::Closing || !m_socket || m_socket->bytesToWrite() > 0 || m_shutDown)
        return;
    m_shutDown = true;
    if (qobject_cast<QSslSocket *>(m_socket.data()))
        m_socket->disconnectFromHost();
    else
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR); // the peer reads our answer, then EOF
}

void HttpConnection::startRequest()
{
    m_parser.reset();
    m_route = nullptr;
    m_request = HttpRequest();
    m_phase = Phase::Head;
}

void HttpConnection::process()
{
    while (m_socket && (m_phase == Phase::Head || m_phase == Phase::Body)) {
        if (m_socket->bytesToWrite() > MaxUnsentAnswerBytes)
            return; // onBytesWritten() goes on once the peer has read

        if (m_pending.isEmpty()) {
            if (m_socket->bytesAvailable() <= 0)
                return;
            // A WebSocket handshake is read once more by QWebSocketServer: keep what the head
            // was read from, so it can be rolled back (bounded by the head limit).
            if (m_phase == Phase::Head && !m_inTransaction && m_parser.state() == HttpRequestParser::State::Head) {
                m_socket->startTransaction();
                m_inTransaction = true;
                m_timer.start(m_limits.headTimeoutMs);
            }
            m_pending = m_socket->read(ReadChunk);
            if (m_pending.isEmpty())
                return;
        }
        const qsizetype used = m_parser.feed(m_pending);
        m_pending.remove(0, used);
        const HttpRequestParser::State state = m_parser.state();
        if (state == HttpRequestParser::State::Error) {
            fail(m_parser.errorStatus(), QString(protocol::Error::BadRequest), m_parser.errorMessage());
            return;
        }
        if (m_phase == Phase::Head) {
            if (state == HttpRequestParser::State::Head)
                continue;
            if (!onHead())
                return;
            continue;
        }
        // Body: counted as it arrives, against the route's limit.
        m_request.body.append(m_parser.takeBody());
        if (m_parser.bodyBytesSeen() > m_route->maxBodyBytes) {
            fail(413, QString(protocol::Error::TooLarge), QStringLiteral("the body is larger than %1 bytes").arg(m_route->maxBodyBytes));
            return;
        }
        if (m_bodyStarted.elapsed() > BodyDeadlineMs) {
            fail(408, QString(protocol::Error::BadRequest), QStringLiteral("the body did not arrive within %1 s").arg(BodyDeadlineMs / 1000));
            return;
        }
        m_timer.start(qMin<qint64>(m_limits.bodyIdleTimeoutMs, qMax<qint64>(1, BodyDeadlineMs - m_bodyStarted.elapsed())));
        if (state == HttpRequestParser::State::Complete) {
            dispatch();
            return;
        }
        if (used == 0 && !m_pending.isEmpty()) {
            fail(400, QString(protocol::Error::BadRequest), QStringLiteral("malformed request body framing"));
            return;
        }
    }
}

bool HttpConnection::onHead()
{
    const HttpRequestHead &head = m_parser.head();
    m_keepAlive = head.keepAlive;
    const QByteArray path = head.path();

    if (path == "/ws" && head.upgrade && head.header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0
        && head.method == "GET") {
        if (!m_inTransaction || !m_pending.isEmpty() || m_parser.state() != HttpRequestParser::State::Complete) {
            fail(400, QString(protocol::Error::BadRequest), QStringLiteral("a WebSocket upgrade must be the first request on its connection"));
            return false;
        }
        m_timer.stop();
        QTcpSocket *socket = m_socket;
        socket->rollbackTransaction();
        m_inTransaction = false;
        socket->disconnect(this);
        socket->setParent(nullptr);
        socket->setReadBufferSize(0);
        m_socket = nullptr;
        m_phase = Phase::Closing;
        Q_EMIT upgradeRequested(socket);
        deleteLater();
        return false;
    }
    if (m_inTransaction) {
        m_socket->commitTransaction();
        m_inTransaction = false;
    }

    int status = 404;
    m_route = m_router->route(head.method, path, &status);
    if (!m_route) {
        if (path == "/ws")
            fail(426, QString(protocol::Error::BadRequest), QStringLiteral("/ws expects a WebSocket upgrade"));
        else if (status == 405)
            fail(405, QString(protocol::Error::BadRequest), QStringLiteral("%1 is not served on this path").arg(QString::fromLatin1(head.method)));
        else
            fail(404, QString(protocol::Error::NotFound), QStringLiteral("no such path"));
        return false;
    }
    m_request.head = head;
    m_request.path = path;
    m_request.query = QUrlQuery(QString::fromUtf8(head.query()));
    m_request.clientAddress = m_router->clientAddress(m_socket->peerAddress(), head);
    m_request.userAgent = QString::fromUtf8(head.header("user-agent")).left(512);

    // The token and the size are looked at before a single body byte is read.
    const QByteArray authorization = head.header("authorization");
    if (m_route->token != HttpRoute::Token::None && !authorization.isEmpty())
        m_request.identity = m_router->authenticate(authorization);
    if (m_route->token == HttpRoute::Token::Required) {
        if (!m_request.identity) {
            fail(401, QString(protocol::Error::Unauthorized),
                 authorization.isEmpty() ? QStringLiteral("send Authorization: Bearer TOKEN")
                                         : QStringLiteral("the token is unknown, revoked or expired"));
            return false;
        }
        if (m_request.identity->agentHost().isEmpty() == m_route->agents) {
            fail(403, QString(protocol::Error::Forbidden),
                 m_route->agents ? QStringLiteral("this route takes an agent token (formauto-opsd fleet agent-token HOST)")
                                 : QStringLiteral("an agent token pushes to /api/v1/agent/push and nothing else"),
                 m_parser.state() != HttpRequestParser::State::Complete);
            return false;
        }
        if (int(m_request.identity->role) < int(m_route->role)) {
            fail(403, QString(protocol::Error::Forbidden), QStringLiteral("this needs the %1 role").arg(protocol::roleName(m_route->role)),
                 m_parser.state() != HttpRequestParser::State::Complete);
            return false;
        }
    }
    // An agent token reaches the agents' route and nothing else, not even a token's view of /healthz.
    if (m_request.identity && !m_request.identity->agentHost().isEmpty() && !m_route->agents)
        m_request.identity.reset();
    if (m_request.identity && !m_authenticated) {
        m_authenticated = true;
        Q_EMIT authenticated(m_socket);
    }
    const bool hasBody = m_parser.state() == HttpRequestParser::State::Body;
    if (hasBody && (head.contentLength > m_route->maxBodyBytes || m_route->maxBodyBytes == 0)) {
        fail(413, QString(protocol::Error::TooLarge),
             m_route->maxBodyBytes == 0 ? QStringLiteral("this request takes no body")
                                        : QStringLiteral("the body is larger than %1 bytes").arg(m_route->maxBodyBytes));
        return false;
    }
    if (!hasBody) {
        dispatch();
        return false;
    }
    if (head.expectContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_phase = Phase::Body;
    m_bodyStarted.start();
    m_timer.start(m_limits.bodyIdleTimeoutMs);
    return true;
}

void HttpConnection::dispatch()
{
    m_phase = Phase::Handling;
    m_timer.stop();
    QFuture<HttpResponse> future = m_route->handler(m_request);
    m_request.body.clear();
    if (future.isFinished()) {
        if (future.resultCount() > 0)
            respond(future.result());
        else
            fail(500, QString(protocol::Error::Internal), QStringLiteral("the request was cancelled"));
        return;
    }
    // The answer comes when it is ready; if the client goes away first, the watcher goes
    // with this connection and the answer is simply dropped.
    m_watcher = std::make_unique<QFutureWatcher<HttpResponse>>();
    connect(m_watcher.get(), &QFutureWatcherBase::finished, this, [this] {
        QFuture<HttpResponse> done = m_watcher->future();
        if (done.isValid() && done.resultCount() > 0)
            respond(done.result());
        else
            fail(500, QString(protocol::Error::Internal), QStringLiteral("the request was cancelled"));
    });
    m_watcher->setFuture(future);
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (!m_socket)
        return;
    const bool close = response.close || !m_keepAlive || m_phase == Phase::Head || m_phase == Phase::Body;
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason(response.status) + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    out += response.body;
    m_socket->write(out);
    m_watcher.reset();
    if (close) {
        closeSoon();
        return;
    }
    startRequest();
    m_timer.start(m_limits.idleTimeoutMs);
    if (!m_pending.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::fail(int status, const QString &code, const QString &message, bool close)
{
    HttpResponse response = HttpResponse::json(protocol::Result::failure({}, QLatin1StringView(code.toLatin1()), message).toJson(), status);
    if (status == 401)
        response.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
    response.close = close;
    if (!close) {
        m_phase = Phase::Handling;
        respond(response);
        return;
    }
    respond(response);
}

void HttpConnection::closeSoon()
{
    m_phase = Phase::Closing;
    m_pending.clear();
    if (m_inTransaction && m_socket) {
        m_socket->commitTransaction();
        m_inTransaction = false;
    }
    m_timer.start(LingerMs);
    onBytesWritten();
    onReadyRead();
}
