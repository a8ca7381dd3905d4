#include "server/api/clientsession.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"

#include <QFutureWatcher>
#include <QNetworkRequest>
#include <QSslSocket>
#include <cerrno>
#include <sys/socket.h>

OutgoingFrame::OutgoingFrame(const QByteArray &json)
    : payload(json)
{
    const qsizetype n = json.size();
    wire.reserve(n + 10);
    wire.append(char(0x81)); // FIN + text
    if (n < 126) {
        wire.append(char(n));
    } else if (n <= 0xffff) {
        wire.append(char(126));
        wire.append(char((n >> 8) & 0xff));
        wire.append(char(n & 0xff));
    } else {
        wire.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            wire.append(char((quint64(n) >> shift) & 0xff));
    }
    wire.append(json);
}

ClientSession::ClientSession(std::unique_ptr<QWebSocket> socket, QPointer<QTcpSocket> tcp, CommandDispatcher *dispatcher,
                             Limits limits, std::optional<Identity> preAuthenticated, QObject *parent)
    : QObject(parent), m_socket(std::move(socket)), m_tcp(std::move(tcp)), m_dispatcher(dispatcher), m_limits(limits)
{
    m_socket->setParent(nullptr);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxMessageBytes));
    m_context.address = m_socket->peerAddress().toString();
    m_context.userAgent = QString::fromUtf8(m_socket->request().rawHeader("User-Agent")).left(512);
    m_context.identity = std::move(preAuthenticated);
    m_encrypted = qobject_cast<QSslSocket *>(m_tcp.data()) != nullptr;
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
    // A logout is a barrier: what the client sends after it is not done under its identity
    // while the logout's audit row is on its way.
    if (m_loggingOut) {
        send(protocol::Result::failure(request->id, protocol::Error::Unauthorized, QStringLiteral("this session is logging out")).toFrame());
        return;
    }
    if (request->type == protocol::Type::Logout && isAuthenticated())
        m_loggingOut = true;
    // A socket waiting for its own login answer is not closed by the authentication timer
    // (password hashing may queue); after a few failed attempts it is.
    const bool credentials = request->type == protocol::Type::Login || request->type == protocol::Type::Auth;
    if (credentials && !isAuthenticated()) {
        ++m_loginsInFlight;
        m_authTimer.stop();
    }
    // The watcher belongs to this session: if the client goes away first, the answer is dropped.
    auto *watcher = new QFutureWatcher<CommandOutcome>(this);
    const bool isLogout = request->type == protocol::Type::Logout;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, credentials, isLogout, id = request->id] {
        watcher->deleteLater();
        const QFuture<CommandOutcome> future = watcher->future();
        if (credentials && m_loginsInFlight > 0)
            --m_loginsInFlight;
        if (m_closing)
            return;
        if (isLogout)
            m_loggingOut = false; // answered: closing, or refused and the session goes on
        if (future.resultCount() == 0) {
            // Refused on the way (the store thread's backlog is full, or the daemon is stopping):
            // the client is told, never left waiting.
            send(protocol::Result::failure(id, protocol::Error::RateLimited, protocol::Message{u"error.store_busy"_qs, {}}).toFrame());
            return;
        }
        const CommandOutcome outcome = future.result();
        const bool wasAuthenticated = isAuthenticated();
        send(outcome.result.toFrame());
        if (outcome.watchHost && *outcome.watchHost != m_watchedHost) {
            m_watchedHost = *outcome.watchHost;
            Q_EMIT watchChanged(this);
        }
        if (outcome.endSession) {
            close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("logged out"));
            return;
        }
        if (outcome.identity) {
            m_context.identity = outcome.identity;
            m_authTimer.stop();
            if (!wasAuthenticated)
                Q_EMIT authenticated(this);
            return;
        }
        if (credentials && !isAuthenticated()) {
            if (++m_failedLogins >= 3) {
                close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("authentication failed"));
                return;
            }
            if (m_loginsInFlight == 0)
                m_authTimer.start(m_limits.authTimeoutMs);
        }
    });
    watcher->setFuture(m_dispatcher->dispatch(m_context, *request));
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

bool ClientSession::push(const OutgoingFrame &frame)
{
    if (m_closing || !isAuthenticated())
        return false;
    const qint64 queued = m_tcp ? m_tcp->bytesToWrite() : m_socket->bytesToWrite();
    if (queued > m_limits.queueLimitBytes) {
        ++m_skipped;
        if (!m_stalledSince.isValid())
            m_stalledSince.start();
        else if (m_stalledSince.elapsed() > m_limits.stallDropMs) {
            qCInfo(lcOps).noquote() << "dropping client" << m_context.address << "that stayed"
                                    << queued << "bytes behind";
            Q_EMIT dropped(this);
            m_socket->abort();
        }
        return false;
    }
    m_stalledSince.invalidate();
    if (!m_tcp || m_tcp->state() != QAbstractSocket::ConnectedState) {
        m_socket->sendTextMessage(QString::fromUtf8(frame.payload));
        m_socket->flush();
        return true;
    }
    // Nothing queued: hand the whole frame to the kernel now. Whatever it does not take goes
    // into the QTcpSocket's buffer, ahead of anything QWebSocket writes later, so frames stay
    // whole and in order. Measured in bench_fanout: this, not QWebSocket::sendTextMessage(),
    // keeps the cost per client near one write().
    qsizetype written = 0;
    if (queued == 0 && !m_encrypted) {
        const ssize_t n = ::send(int(m_tcp->socketDescriptor()), frame.wire.constData(), size_t(frame.wire.size()),
                                 MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false; // the connection is going away; the read side will tell Qt
        written = n > 0 ? qsizetype(n) : 0;
    }
    if (written < frame.wire.size())
        m_tcp->write(frame.wire.constData() + written, frame.wire.size() - written);
    return true;
}
