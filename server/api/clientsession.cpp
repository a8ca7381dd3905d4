#include "server/api/clientsession.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"

#include <QNetworkRequest>

ClientSession::ClientSession(std::unique_ptr<QWebSocket> socket, CommandDispatcher *dispatcher, Limits limits,
                             std::optional<Identity> preAuthenticated, QObject *parent)
    : QObject(parent), m_socket(std::move(socket)), m_dispatcher(dispatcher), m_limits(limits)
{
    m_socket->setParent(nullptr);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxMessageBytes));
    m_context.address = m_socket->peerAddress().toString();
    m_context.userAgent = QString::fromUtf8(m_socket->request().rawHeader("User-Agent")).left(512);
    m_context.identity = std::move(preAuthenticated);
    m_tokens = m_limits.commandsPerSecond * 2;
    m_bucketClock.start();

    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &ClientSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &ClientSession::onBinary);
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] { Q_EMIT finished(this); });

    if (!m_context.identity) {
        m_authTimer.setSingleShot(true);
        connect(&m_authTimer, &QTimer::timeout, this, [this] {
            if (!isAuthenticated())
                close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("authentication timeout"));
        });
        m_authTimer.start(m_limits.authTimeoutMs);
    }
}

ClientSession::~ClientSession()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ClientSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(code, reason);
    // A peer that never answers the close handshake must not keep the socket forever.
    QTimer::singleShot(2000, this, [this] {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

bool ClientSession::allowCommand()
{
    const double elapsed = double(m_bucketClock.restart()) / 1000.0;
    m_tokens = qMin(double(m_limits.commandsPerSecond * 2), m_tokens + elapsed * m_limits.commandsPerSecond);
    if (m_tokens < 1)
        return false;
    m_tokens -= 1;
    return true;
}

void ClientSession::onText(const QString &message)
{
    if (m_closing)
        return;
    QString error, id;
    const std::optional<protocol::Request> request = protocol::Request::fromJson(message.toUtf8(), &error, &id);
    if (!request) {
        send(protocol::Result::failure(id, protocol::Error::BadRequest, error).toFrame());
        return;
    }
    if (!allowCommand()) {
        send(protocol::Result::failure(request->id, protocol::Error::RateLimited, QStringLiteral("too many requests")).toFrame());
        return;
    }
    QPointer<ClientSession> self(this);
    m_dispatcher->dispatch(m_context, *request).then(this, [self](const CommandOutcome &outcome) {
        if (!self || self->m_closing)
            return;
        const bool wasAuthenticated = self->isAuthenticated();
        self->send(outcome.result.toFrame());
        if (outcome.endSession) {
            self->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("logged out"));
            return;
        }
        if (outcome.identity) {
            self->m_context.identity = outcome.identity;
            self->m_authTimer.stop();
            if (!wasAuthenticated)
                Q_EMIT self->authenticated(self);
        }
    });
}

void ClientSession::onBinary(const QByteArray &)
{
    send(protocol::Result::failure({}, protocol::Error::BadRequest, QStringLiteral("binary messages are not part of the protocol")).toFrame());
}

void ClientSession::send(const QByteArray &frame)
{
    // Answers are small and follow requests, which are rate limited; still, a client that
    // sends and never reads must not grow our buffers without end.
    if (m_socket->bytesToWrite() > m_limits.queueLimitBytes * 4) {
        Q_EMIT dropped(this);
        m_socket->abort();
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(frame));
}

bool ClientSession::push(const QString &text)
{
    if (m_closing || !isAuthenticated())
        return false;
    if (m_socket->bytesToWrite() > m_limits.queueLimitBytes) {
        ++m_skipped;
        if (!m_stalledSince.isValid())
            m_stalledSince.start();
        else if (m_stalledSince.elapsed() > m_limits.stallDropMs) {
            qCInfo(lcOps).noquote() << "dropping client" << m_context.address << "that stayed"
                                    << m_socket->bytesToWrite() << "bytes behind";
            Q_EMIT dropped(this);
            m_socket->abort();
        }
        return false;
    }
    m_stalledSince.invalidate();
    m_socket->sendTextMessage(text);
    return true;
}
