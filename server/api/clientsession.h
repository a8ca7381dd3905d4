#pragma once

#include "server/api/commanddispatcher.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpSocket>
#include <QObject>
#include <QTimer>
#include <QWebSocket>
#include <memory>

// A server push, framed once for every client: the JSON payload and the same payload as a
// complete unmasked WebSocket text frame (RFC 6455 section 5.2).
struct OutgoingFrame {
    explicit OutgoingFrame(const QByteArray &json);
    QByteArray payload;
    QByteArray wire;
};

// One WebSocket client. Answers its requests through the dispatcher and receives pushes,
// but never lets a slow reader hold the daemon's memory: past the queue limit it skips
// updates (the sequence gap tells it to fetch history), and it is dropped when it stays
// behind for too long.
class ClientSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)
public:
    struct Limits {
        qint64 maxMessageBytes = 64 * 1024;
        int authTimeoutMs = 5000;
        qint64 queueLimitBytes = 1024 * 1024;
        int stallDropMs = 30000;
        int commandsPerSecond = 50;
    };

    // tcp, when known, is the connection under the WebSocket: pushes are written to it whole,
    // so a tick costs each client one write() instead of QWebSocket's per-client framing.
    ClientSession(std::unique_ptr<QWebSocket> socket, QPointer<QTcpSocket> tcp, CommandDispatcher *dispatcher, Limits limits,
                  std::optional<Identity> preAuthenticated, QObject *parent = nullptr);
    ~ClientSession() override;

    bool isAuthenticated() const { return m_context.identity.has_value(); }
    // The client behind a trusted proxy, for lockouts and the audit.
    void setClientAddress(const QString &address) { m_context.address = address; }
    const std::optional<Identity> &identity() const { return m_context.identity; }
    // Sends a push built once for everyone. Returns false when it was skipped.
    bool push(const OutgoingFrame &frame);
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

    qint64 skipped() const { return m_skipped; }
    // Another fleet host whose metrics_update pushes this client asked for (metrics.watch).
    const QString &watchedHost() const { return m_watchedHost; }

Q_SIGNALS:
    void authenticated(ClientSession *session);
    void finished(ClientSession *session);
    void dropped(ClientSession *session);
    void watchChanged(ClientSession *session);

private:
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void send(const QByteArray &frame);
    bool allowCommand();

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_tcp;
    CommandDispatcher *m_dispatcher;
    Limits m_limits;
    CommandContext m_context;
    QTimer m_authTimer;
    QElapsedTimer m_stalledSince;
    QElapsedTimer m_bucketClock;
    double m_tokens = 0;
    int m_loginsInFlight = 0;
    bool m_loggingOut = false; // a logout is being audited: nothing more is taken from this session
    int m_failedLogins = 0;
    bool m_encrypted = false; // TLS: pushes go through the QSslSocket, never straight to the descriptor
    qint64 m_skipped = 0;
    bool m_closing = false;
    QString m_watchedHost;
};
