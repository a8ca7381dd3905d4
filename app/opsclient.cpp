#include "app/opsclient.h"
#include "app/serveraddress.h"
#include "server/protocol/jsonlist.h"

#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>

namespace {
constexpr QLatin1StringView Unavailable{"unavailable"}; // local codes, never sent by the daemon
constexpr QLatin1StringView Timeout{"timeout"};
} // namespace

OpsClient::OpsClient(QObject *parent)
    : QObject(parent)
{
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::connected, this, &OpsClient::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &OpsClient::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &OpsClient::onText);
    connect(&m_socket, &QWebSocket::sslErrors, this, &OpsClient::onSslErrors);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &OpsClient::open);
    m_staleTimer.setInterval(1000);
    connect(&m_staleTimer, &QTimer::timeout, this, &OpsClient::checkStale);
    m_staleTimer.start();
    m_pingTimer.setInterval(5000);
    connect(&m_pingTimer, &QTimer::timeout, this, &OpsClient::ping);
    connect(&m_socket, &QWebSocket::pong, this, [this](quint64 elapsed, const QByteArray &) { onPong(elapsed); });
    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setInterval(15000);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        dropSilentLink(QStringLiteral("the daemon accepted the connection but did not answer"));
    });
    m_monotonic.start();
}

OpsClient::~OpsClient()
{
    m_wanted = false;
    m_socket.disconnect(this);
    m_socket.abort();
    for (const Pending &p : std::as_const(m_pending))
        delete p.timer;
}

void OpsClient::setReconnectDelays(int initialMs, int maxMs)
{
    m_initialDelayMs = initialMs;
    m_maxDelayMs = maxMs;
    m_nextDelayMs = initialMs;
}

// https:// and bare addresses as the operator may give them; the /ws path when missing.
static QUrl withWsPath(QUrl url)
{
    if (const auto parsed = serveraddress::parse(url.toString()))
        return *parsed;
    if (url.path().isEmpty() || url.path() == QLatin1StringView("/"))
        url.setPath(QStringLiteral("/ws"));
    return url;
}

void OpsClient::connectWithToken(const QUrl &server, const QString &token)
{
    disconnectFromServer();
    m_server = withWsPath(server);
    m_token = token;
    m_loginUser.clear();
    m_loginPassword.clear();
    m_wanted = true;
    m_nextDelayMs = m_initialDelayMs;
    m_plainHintGiven = false;
    open();
}

void OpsClient::connectWithPassword(const QUrl &server, const QString &username, const QString &password)
{
    disconnectFromServer();
    m_server = withWsPath(server);
    m_token.clear();
    m_loginUser = username;
    m_loginPassword = password;
    m_wanted = true;
    m_nextDelayMs = m_initialDelayMs;
    m_plainHintGiven = false;
    open();
}

void OpsClient::setTlsTrust(const QString &pinnedSha256, const QString &caFile)
{
    m_pin = pinnedSha256.trimmed().toUpper();
    m_caFile = caFile.trimmed();
}

void OpsClient::acceptCertificate(const QString &sha256)
{
    if (m_pendingCertificate.sha256.isEmpty() || m_pendingCertificate.sha256.compare(sha256, Qt::CaseInsensitive) != 0)
        return; // not what was asked about (a stale answer)
    m_pin = m_pendingCertificate.sha256;
    m_pendingCertificate = {};
    Q_EMIT certificatePinned(m_pin);
    m_wanted = true;
    m_nextDelayMs = m_initialDelayMs;
    m_plainHintGiven = false;
    open();
}

void OpsClient::rejectCertificate()
{
    m_pendingCertificate = {};
    m_loginPassword.clear();
}

QString OpsClient::tlsVersion() const
{
    switch (m_tlsProtocol) {
    case QSsl::TlsV1_3: return QStringLiteral("TLS 1.3");
    case QSsl::TlsV1_2: return QStringLiteral("TLS 1.2");
    default: return m_encrypted ? QStringLiteral("TLS") : QString();
    }
}

void OpsClient::stopForTls()
{
    // Nothing more goes to this server until the operator acts: no reconnect loop.
    m_wanted = false;
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    m_handshakeTimer.stop();
}

void OpsClient::onSslErrors(const QList<QSslError> &errors)
{
    const QSslConfiguration configuration = m_socket.sslConfiguration();
    QList<QSslCertificate> chain = configuration.peerCertificateChain();
    if (chain.isEmpty() && !configuration.peerCertificate().isNull())
        chain << configuration.peerCertificate();
    const TlsTrust::Decision decision = TlsTrust::judge(m_pin, chain, errors);
    if (decision.verdict == TlsTrust::Verdict::Trusted) {
        m_socket.ignoreSslErrors(decision.ignore); // exactly these, for exactly this certificate
        return;
    }
    // Not ignoring them ends the handshake; the signals below go out once it has.
    stopForTls();
    const CertificateInfo info = TlsTrust::describe(chain.value(0), errors, serveraddress::hostPort(m_server));
    switch (decision.verdict) {
    case TlsTrust::Verdict::Ask:
        m_pendingCertificate = info;
        QMetaObject::invokeMethod(this, [this, info] { Q_EMIT trustRequested(info); }, Qt::QueuedConnection);
        break;
    case TlsTrust::Verdict::Changed:
        QMetaObject::invokeMethod(this, [this, info, pin = m_pin] { Q_EMIT certificateChanged(pin, info); }, Qt::QueuedConnection);
        break;
    default:
        QMetaObject::invokeMethod(this, [this, reason = decision.reason] { Q_EMIT tlsFailed(reason); }, Qt::QueuedConnection);
        break;
    }
}

void OpsClient::disconnectFromServer()
{
    m_wanted = false;
    m_pendingCertificate = {};
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.close();
    failAll(Unavailable, QStringLiteral("disconnected"));
    setState(State::Disconnected);
}

void OpsClient::open()
{
    if (!m_wanted)
        return;
    setState(m_state == State::Reconnecting ? State::Reconnecting : State::Connecting);
    m_socket.abort();
    m_pingSentMs = -1;
    m_handshakeTimer.start();
    m_encrypted = false;
    m_tlsProtocol = QSsl::UnknownProtocol;
    m_peerCertificate = QSslCertificate();
    if (serveraddress::isEncrypted(m_server)) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer); // host name included
        if (!m_caFile.isEmpty()) {
            QString error;
            const auto extra = TlsTrust::loadCaFile(m_caFile, &error);
            if (!extra) {
                stopForTls();
                setState(State::Disconnected);
                QMetaObject::invokeMethod(this, [this, error] { Q_EMIT tlsFailed(error); }, Qt::QueuedConnection);
                return;
            }
            // Added to the system's CAs, not instead of them.
            configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + *extra);
        }
        m_socket.setSslConfiguration(configuration);
    }
    m_socket.open(QNetworkRequest(m_server));
}

void OpsClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void OpsClient::onConnected()
{
    m_plainHintGiven = false;
    if (serveraddress::isEncrypted(m_server)) {
        const QSslConfiguration configuration = m_socket.sslConfiguration();
        const QSslCertificate leaf = configuration.peerCertificate();
        // A pin holds even when a CA vouches for another certificate: checked before any
        // credential is sent.
        if (!m_pin.isEmpty() && TlsTrust::fingerprint(leaf) != m_pin) {
            stopForTls();
            const CertificateInfo info = TlsTrust::describe(leaf, {}, serveraddress::hostPort(m_server));
            m_socket.abort();
            QMetaObject::invokeMethod(this, [this, info, pin = m_pin] { Q_EMIT certificateChanged(pin, info); }, Qt::QueuedConnection);
            return;
        }
        m_encrypted = true;
        m_tlsProtocol = configuration.sessionProtocol();
        m_peerCertificate = leaf;
    }
    setState(State::Authenticating);
    authenticate();
}

void OpsClient::authenticate()
{
    const bool login = m_token.isEmpty();
    const QJsonObject data = login ? QJsonObject{{u"username"_qs, m_loginUser}, {u"password"_qs, m_loginPassword}}
                                   : QJsonObject{{u"token"_qs, m_token}};
    request(login ? QString(protocol::Type::Login) : QString(protocol::Type::Auth), data, [this, login](const protocol::Result &r) {
        if (!r.ok) {
            if (r.error.code == Unavailable || r.error.code == Timeout)
                return; // the connection went away; the reconnect logic has it
            m_wanted = false;
            m_socket.close();
            setState(State::Disconnected);
            Q_EMIT authenticationFailed(r.error);
            return;
        }
        m_username = r.data.value(u"user"_qs).toString();
        m_role = r.data.value(u"role"_qs).toString();
        if (login) {
            // Reconnects use the session token; the password is not kept.
            m_token = r.data.value(u"token"_qs).toString();
            m_loginPassword.clear();
            Q_EMIT sessionToken(m_token);
        }
        Q_EMIT authenticated(m_username, m_role);
    });
}

void OpsClient::onDisconnected()
{
    m_pingTimer.stop();
    m_handshakeTimer.stop();
    m_pingSentMs = -1;
    if (m_latencyMs >= 0) {
        m_latencyMs = -1; // a round trip from before the break says nothing now
        Q_EMIT latencyChanged(m_latencyMs);
    }
    m_encrypted = false;
    // ws:// to a port that speaks TLS: the TCP connection opens, the upgrade request gets no
    // HTTP answer and the daemon hangs up. Said once per connect, so the operator tries wss://.
    if ((m_state == State::Connecting || m_state == State::Reconnecting) && !serveraddress::isEncrypted(m_server)
        && m_socket.error() == QAbstractSocket::RemoteHostClosedError && !m_plainHintGiven) {
        m_plainHintGiven = true;
        Q_EMIT plainTextUnanswered();
    }
    failAll(Unavailable, QStringLiteral("the connection to the daemon was lost"));
    if (!m_stale && m_lastArrivalMs > 0) {
        m_stale = true;
        Q_EMIT staleChanged(true);
    }
    if (m_wanted)
        scheduleReconnect();
    else
        setState(State::Disconnected);
}

void OpsClient::scheduleReconnect()
{
    setState(State::Reconnecting);
    const double jitter = 1.0 + QRandomGenerator::global()->bounded(0.2);
    m_reconnectTimer.start(int(m_nextDelayMs * jitter));
    m_nextDelayMs = qMin(m_nextDelayMs * 2, m_maxDelayMs);
}

void OpsClient::failAll(QLatin1StringView code, const QString &message)
{
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.constBegin(); it != pending.constEnd(); ++it) {
        delete it->timer;
        if (it->callback)
            it->callback(protocol::Result::failure(it.key(), code, message));
    }
}

void OpsClient::request(const QString &type, const QJsonObject &data, Callback callback, int timeoutMs)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState) {
        QTimer::singleShot(0, this, [callback] {
            if (callback)
                callback(protocol::Result::failure({}, Unavailable, QStringLiteral("not connected")));
        });
        return;
    }
    const QString id = QStringLiteral("c-%1").arg(m_nextId++);
    auto *timer = new QTimer;
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        Pending p = *it;
        m_pending.erase(it);
        p.timer->deleteLater();
        if (p.callback)
            p.callback(protocol::Result::failure(id, Timeout, QStringLiteral("no answer in time")));
    });
    timer->start(timeoutMs);
    m_pending.insert(id, {std::move(callback), timer});
    const protocol::Request r{type, id, data};
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
}

void OpsClient::onText(const QString &text)
{
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = json.value(protocol::Key::Type).toString();
    if (type == protocol::Type::Result) {
        QString error;
        const auto result = protocol::Result::fromJson(json, &error);
        if (!result)
            return;
        const auto it = m_pending.find(result->id);
        if (it == m_pending.end())
            return;
        Pending p = *it;
        m_pending.erase(it);
        delete p.timer;
        if (p.callback)
            p.callback(*result);
        return;
    }
    if (type == protocol::Type::Hello) {
        onHello(json.value(protocol::Key::Data).toObject());
        return;
    }
    if (type != protocol::Type::MetricsUpdate) {
        Q_EMIT pushReceived(type, json.value(protocol::Key::Seq).toInteger(-1), json.value(protocol::Key::Data).toObject());
        return;
    }
    {
        QString error;
        auto sample = protocol::MetricsSample::fromJson(json.value(protocol::Key::Data).toObject(), &error);
        if (!sample)
            return;
        if (!sample->host.isEmpty() && ((!m_hostName.isEmpty() && sample->host != m_hostName) || sample->host == m_watchedHost)) {
            // Relayed from another host: its own sequence, and no word on this link's freshness.
            if (sample->host == m_watchedHost)
                Q_EMIT hostSampleReceived(*sample);
            return;
        }
        const qint64 seq = json.value(protocol::Key::Seq).toInteger(-1);
        if (seq > 0 && m_lastSeq > 0 && seq > m_lastSeq + 1 && m_lastSampleMs > 0) {
            // Updates were skipped (the daemon found us behind): fetch what we missed.
            fetchSince(m_lastSampleMs);
        }
        if (seq > 0)
            m_lastSeq = seq;
        m_lastSampleMs = qMax(m_lastSampleMs, sample->timestampMs);
        m_lastArrivalMs = QDateTime::currentMSecsSinceEpoch();
        if (m_stale) {
            m_stale = false;
            Q_EMIT staleChanged(false);
        }
        Q_EMIT sampleReceived(*sample);
    }
}

void OpsClient::onHello(const QJsonObject &data)
{
    m_intervalMs = qMax(1000, data.value(u"interval_ms"_qs).toInt(5000));
    const QString boot = data.value(u"boot_id"_qs).toString();
    const qint64 serverSeq = data.value(u"last_seq"_qs).toInteger(-1);
    const bool hadData = m_lastSampleMs > 0;
    m_bootId = boot;
    m_hostName = data.value(u"host"_qs).toString().left(200);
    if (!m_hostName.isEmpty() && m_watchedHost == m_hostName)
        m_watchedHost.clear(); // connected to the watched host's own daemon now
    // The latest sample follows this hello; it is not a gap. What happened while we were
    // away is fetched below.
    m_lastSeq = serverSeq > 0 ? serverSeq - 1 : -1;
    m_nextDelayMs = m_initialDelayMs;
    m_handshakeTimer.stop();
    setState(State::Connected);
    // A WebSocket ping every half sample interval: a link whose ping stays unanswered for one
    // and a half intervals is dropped and reconnected (ping()), so a frozen daemon is noticed
    // within two intervals of its last answer.
    m_pingSentMs = -1;
    m_pingTimer.setInterval(std::max(500, m_intervalMs / 2));
    m_pingTimer.start();
    ping();
    if (!m_watchedHost.isEmpty())
        request(u"metrics.watch"_qs, {{u"host"_qs, m_watchedHost}}, [](const protocol::Result &) {});
    if (!hadData)
        return;
    fetchSince(m_lastSampleMs);
}

void OpsClient::watchHost(const QString &host)
{
    const QString wanted = host == m_hostName ? QString() : host;
    if (wanted == m_watchedHost)
        return;
    m_watchedHost = wanted;
    if (m_state == State::Connected)
        request(u"metrics.watch"_qs, {{u"host"_qs, m_watchedHost}}, [](const protocol::Result &) {});
}

void OpsClient::fetchSince(qint64 sinceMs)
{
    request(QString(protocol::Type::MetricsHistory), {{u"from"_qs, protocol::isoTimestamp(sinceMs)}},
            [this](const protocol::Result &r) {
                if (!r.ok)
                    return;
                Q_EMIT historyReceived(protocol::listFromJson<protocol::MetricsSample>(r.data.value(u"samples"_qs).toArray()));
            });
}

void OpsClient::checkStale()
{
    if (m_state != State::Connected || m_lastArrivalMs == 0)
        return;
    const bool stale = QDateTime::currentMSecsSinceEpoch() - m_lastArrivalMs > qint64(m_staleIntervals) * m_intervalMs;
    if (stale != m_stale) {
        m_stale = stale;
        Q_EMIT staleChanged(stale);
    }
}

void OpsClient::ping()
{
    if (m_state != State::Connected)
        return;
    const qint64 now = m_monotonic.elapsed();
    if (m_pingSentMs >= 0) {
        // The daemon's WebSocket layer answers pings from its event loop: no pong for one and
        // a half sample intervals means a frozen daemon or a dead path, however open the
        // socket looks (its event loop lag is milliseconds when it is well).
        if (now - m_pingSentMs >= 3 * qint64(m_intervalMs) / 2)
            dropSilentLink(QStringLiteral("the daemon stopped answering"));
        return;
    }
    m_pingSentMs = now;
    m_socket.ping();
}

void OpsClient::onPong(quint64 elapsedMs)
{
    m_pingSentMs = -1;
    m_latencyMs = int(elapsedMs);
    Q_EMIT latencyChanged(m_latencyMs);
}

void OpsClient::dropSilentLink(const QString &why)
{
    m_latencyMs = -1;
    Q_EMIT latencyChanged(m_latencyMs);
    Q_EMIT linkSilent(why);
    const State before = m_state;
    m_socket.abort(); // emits disconnected when it was open: that reconnects
    if (m_state == before && m_wanted) {
        // The socket was never open (a connect that hangs): no disconnected signal came.
        failAll(Unavailable, why);
        scheduleReconnect();
    }
}
