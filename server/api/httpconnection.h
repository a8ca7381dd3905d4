#pragma once

#include "server/api/httprequestparser.h"
#include "server/auth/authservice.h"

#include <QByteArray>
#include <QFuture>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <functional>
#include <memory>
#include <optional>

// One HTTP request, once its route accepted head and body.
struct HttpRequest {
    HttpRequestHead head;
    QByteArray path;
    QUrlQuery query;
    QByteArray body;
    QString clientAddress; // the peer, or the forwarded client behind a trusted proxy
    QString userAgent;
    std::optional<Identity> identity;
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool close = false;

    static HttpResponse json(const QJsonObject &json, int status = 200);
};

// What a route needs before any body byte is read: whether a token is needed and which
// role, and how large a body may be (0: none).
struct HttpRoute {
    enum class Token { None, Optional, Required };
    Token token = Token::Required;
    protocol::Role role = protocol::Role::Viewer;
    qint64 maxBodyBytes = 0;
    std::function<QFuture<HttpResponse>(const HttpRequest &)> handler;
    // Agents' pushes: only an agent token (scope "agent:HOST") may use the route, and an agent
    // token may use no other.
    bool agents = false;
};

class HttpRouter {
public:
    virtual ~HttpRouter() = default;
    // nullptr: no such route; *status is 404 or 405.
    virtual const HttpRoute *route(const QByteArray &method, const QByteArray &path, int *status) const = 0;
    virtual std::optional<Identity> authenticate(const QByteArray &authorization) const = 0;
    virtual QString clientAddress(const QHostAddress &peer, const HttpRequestHead &head) const = 0;
};

// One HTTP/1.1 connection (plain or TLS) until it closes or becomes a WebSocket. It owns
// the socket while the request head is unknown, which is why this exists at all:
// QtHttpServer 6.4 reads a whole body into memory before any handler can look at the
// token or the size, so an unauthenticated client could make the daemon hold gigabytes.
// Here the head is parsed first (at most maxHeadBytes, within headTimeoutMs), the route,
// token, role and Content-Length are checked, and only then is the body read, counted as
// it arrives. The socket's read buffer is bounded, so a peer that sends while a request is
// being answered is held back by TCP, not by our memory.
class HttpConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    struct Limits {
        qsizetype maxHeadBytes = 16 * 1024;
        int headTimeoutMs = 10000;
        int idleTimeoutMs = 30000;
        int bodyIdleTimeoutMs = 30000;
    };

    HttpConnection(QTcpSocket *socket, const HttpRouter *router, Limits limits, QObject *parent = nullptr);
    ~HttpConnection() override;

    QTcpSocket *socket() const { return m_socket; }
    bool hasAuthenticated() const { return m_authenticated; }

Q_SIGNALS:
    // The socket now carries a WebSocket handshake, rolled back so it can be read again;
    // the receiver owns it. This connection deletes itself afterwards.
    void upgradeRequested(QTcpSocket *socket);
    void authenticated(QTcpSocket *socket);

private:
    enum class Phase { Head, Body, Handling, Closing };
    void onReadyRead();
    void onBytesWritten();
    void process();
    bool onHead();
    void dispatch();
    void respond(const HttpResponse &response);
    void fail(int status, const QString &code, const QString &message, bool close = true);
    void closeSoon();
    void startRequest();

    QPointer<QTcpSocket> m_socket;
    const HttpRouter *m_router;
    Limits m_limits;
    HttpRequestParser m_parser;
    Phase m_phase = Phase::Head;
    QByteArray m_pending; // read from the socket, not yet parsed
    bool m_inTransaction = false;
    const HttpRoute *m_route = nullptr;
    HttpRequest m_request;
    QTimer m_timer; // head, idle or body deadline, whichever applies now
    QElapsedTimer m_bodyStarted;
    std::unique_ptr<QFutureWatcher<HttpResponse>> m_watcher;
    bool m_authenticated = false;
    bool m_keepAlive = true;
    bool m_shutDown = false;
    qint64 m_drained = 0;
};
