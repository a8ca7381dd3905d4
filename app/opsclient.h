#pragma once

#include "app/tlstrust.h"
#include "server/protocol/envelope.h"
#include "server/protocol/metrics.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <functional>

// The console's connection to formauto-opsd: authenticates, answers requests by id,
// receives pushes, reconnects by itself with backoff, and fills the gap after a reconnect
// from metrics.history so charts have no holes.
class OpsClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpsClient)
public:
    enum class State { Disconnected, Connecting, Authenticating, Connected, Reconnecting };
    Q_ENUM(State)
    using Callback = std::function<void(const protocol::Result &)>;

    explicit OpsClient(QObject *parent = nullptr);
    ~OpsClient() override;

    // ws://host:port or wss://host:port (the /ws path is added when missing).
    void connectWithToken(const QUrl &server, const QString &token);
    // Logs in once; later reconnects use the session token the login returned.
    void connectWithPassword(const QUrl &server, const QString &username, const QString &password);
    void disconnectFromServer();

    // TLS trust for the next connects (wss://): the SHA-256 fingerprint pinned for this server
    // (empty: none yet) and an extra CA file (PEM) to trust besides the system's.
    void setTlsTrust(const QString &pinnedSha256, const QString &caFile);
    QString pinnedCertificate() const { return m_pin; }
    // Answers trustRequested: pins the certificate asked about (when `sha256` is that one)
    // and connects again; reject leaves the client disconnected.
    void acceptCertificate(const QString &sha256);
    void rejectCertificate();
    // The certificate waiting for an answer (sha256 empty when none).
    CertificateInfo pendingCertificate() const { return m_pendingCertificate; }

    // Sends a request; callback gets its result, or a local "unavailable"/"timeout" failure.
    void request(const QString &type, const QJsonObject &data, Callback callback, int timeoutMs = 15000);

    State state() const { return m_state; }
    QUrl server() const { return m_server; }
    QString username() const { return m_username; }
    QString role() const { return m_role; }
    QString token() const { return m_token; }
    int intervalMs() const { return m_intervalMs; }
    // The fleet's name of the daemon's own host (from hello; empty from daemons before 0.5.3).
    QString hostName() const { return m_hostName; }
    // Another host of the fleet whose live samples this connection should relay
    // (metrics.watch), kept across reconnects; empty: only the daemon's own. Its samples
    // arrive as hostSampleReceived, never as sampleReceived.
    void watchHost(const QString &host);
    QString watchedHost() const { return m_watchedHost; }
    qint64 lastUpdateMs() const { return m_lastSampleMs; }
    int latencyMs() const { return m_latencyMs; }
    bool isStale() const { return m_stale; }
    // The link as it is now: encrypted once a TLS session is up; "TLS 1.3", "TLS 1.2".
    bool isEncrypted() const { return m_encrypted; }
    QString tlsVersion() const;
    QSslCertificate peerCertificate() const { return m_peerCertificate; }

    // Reconnect delays grow from `initialMs` to `maxMs` (doubling, with up to 20 % jitter).
    void setReconnectDelays(int initialMs, int maxMs);
    // Updates are stale after this many intervals without one (default 3).
    void setStaleIntervals(int intervals) { m_staleIntervals = intervals; }

Q_SIGNALS:
    void stateChanged(OpsClient::State state);
    void authenticated(const QString &username, const QString &role);
    void authenticationFailed(const protocol::ErrorInfo &error);
    void sampleReceived(const protocol::MetricsSample &sample);
    // A live sample of another fleet host, relayed by the daemon (see watchHost()).
    void hostSampleReceived(const protocol::MetricsSample &sample);
    void historyReceived(const QList<protocol::MetricsSample> &samples);
    void staleChanged(bool stale);
    void latencyChanged(int milliseconds); // -1: no link, nothing measured
    // The link looked open but the daemon stopped answering (no pong, or no hello after a
    // connect): it is dropped and reconnected. `why` is English, for logs.
    void linkSilent(const QString &why);
    void sessionToken(const QString &token); // after a password login
    // Pushes other than metrics (alert_update, ...), for the pages that own them.
    void pushReceived(const QString &type, qint64 seq, const QJsonObject &data);
    // The server's certificate cannot be verified and nothing is pinned: trust it? Nothing
    // was sent to the server; answer with acceptCertificate() or rejectCertificate().
    void trustRequested(const CertificateInfo &certificate);
    // After acceptCertificate(): keep this pin in the server's profile.
    void certificatePinned(const QString &sha256);
    // A pinned server presented another certificate: refused, not retried.
    void certificateChanged(const QString &pinnedSha256, const CertificateInfo &presented);
    // TLS could not be set up or the certificate is broken beyond trust (translated reason).
    void tlsFailed(const QString &reason);
    // A ws:// connection was closed before the daemon answered the upgrade: it probably
    // has TLS on and wants wss://.
    void plainTextUnanswered();

private:
    struct Pending {
        Callback callback;
        QTimer *timer;
    };
    void open();
    void setState(State state);
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onSslErrors(const QList<QSslError> &errors);
    void stopForTls();
    void onHello(const QJsonObject &data);
    void authenticate();
    void scheduleReconnect();
    void failAll(QLatin1StringView code, const QString &message);
    void fetchSince(qint64 sinceMs);
    void checkStale();
    void ping();
    void onPong(quint64 elapsedMs);
    void dropSilentLink(const QString &why);

    QWebSocket m_socket;
    QUrl m_server;
    QString m_token;
    QString m_loginUser;
    QString m_loginPassword;
    QString m_username;
    QString m_role;
    State m_state = State::Disconnected;
    bool m_wanted = false;
    QHash<QString, Pending> m_pending;
    quint64 m_nextId = 1;
    QTimer m_reconnectTimer;
    int m_initialDelayMs = 1000;
    int m_maxDelayMs = 30000;
    int m_nextDelayMs = 1000;
    QTimer m_staleTimer;
    QTimer m_pingTimer;      // WebSocket pings, one per sample interval
    QTimer m_handshakeTimer; // a connect that gets no hello in time is given up and retried
    QElapsedTimer m_monotonic;
    qint64 m_pingSentMs = -1; // on m_monotonic; -1: no ping outstanding
    int m_staleIntervals = 3;
    int m_intervalMs = 5000;
    QString m_bootId;
    QString m_hostName;
    QString m_watchedHost;
    qint64 m_lastSeq = -1;
    qint64 m_lastSampleMs = 0;  // timestamp of the newest sample seen
    qint64 m_lastArrivalMs = 0; // when it arrived, local clock
    int m_latencyMs = -1;
    bool m_stale = false;
    QString m_pin;
    QString m_caFile;
    CertificateInfo m_pendingCertificate;
    bool m_encrypted = false;
    bool m_plainHintGiven = false;
    QSsl::SslProtocol m_tlsProtocol = QSsl::UnknownProtocol;
    QSslCertificate m_peerCertificate;
};
