#include "server/api/connectionlistener.h"

#include "server/logging/jsonlogger.h"

#include <QSslSocket>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Descriptors kept free for everything that is not a client connection.
int descriptorReserve(rlim_t limit)
{
    return int(qMax<rlim_t>(64, limit / 8));
}

QString normalizedAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

ConnectionListener::ConnectionListener(Limits limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
    setListenBacklogSize(4096); // Qt's 50 drops a connect burst's SYNs: everyone else waits out a 1 s retry
    // Accepting stops on EMFILE/ENFILE (Qt pauses it); try again shortly, after making room.
    m_resume.setSingleShot(true);
    m_resume.setInterval(200);
    connect(&m_resume, &QTimer::timeout, this, [this] { resumeAccepting(); });
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcOps).noquote() << "accepting a connection failed:" << errorString() << "- evicting and retrying";
        evictOldestUnauthenticated();
        m_resume.start();
        Q_UNUSED(error)
    });
}

void ConnectionListener::raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = qMin<rlim_t>(limit.rlim_max, 1048576);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int ConnectionListener::capacity() const
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return m_limits.maxConnections;
    const qint64 byDescriptors = qint64(limit.rlim_cur) - descriptorReserve(limit.rlim_cur);
    return int(qBound<qint64>(8, byDescriptors, qint64(m_limits.maxConnections)));
}

void ConnectionListener::markAuthenticated(QTcpSocket *socket)
{
    const auto it = m_entries.find(socket);
    if (it != m_entries.end())
        it->authenticated = true;
}

bool ConnectionListener::evictOldestUnauthenticated()
{
    auto oldest = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->authenticated && it->socket && (oldest == m_entries.end() || it->order < oldest->order))
            oldest = it;
    }
    if (oldest == m_entries.end())
        return false;
    ++m_evicted;
    QPointer<QTcpSocket> socket = oldest->socket;
    forget(oldest.key());
    socket->abort(); // frees the descriptor now; its owner sees the disconnect
    return true;
}

void ConnectionListener::forget(QObject *socket)
{
    const auto it = m_entries.find(socket);
    if (it == m_entries.end())
        return;
    auto count = m_perAddress.find(it->address);
    if (count != m_perAddress.end() && --*count <= 0)
        m_perAddress.erase(count);
    m_entries.erase(it);
}

void ConnectionListener::incomingConnection(qintptr descriptor)
{
    // The peer's address before any object is made for it.
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    QHostAddress address;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&peer), &length) == 0)
        address.setAddress(reinterpret_cast<sockaddr *>(&peer));
    const QString key = normalizedAddress(address);

    if (m_perAddress.value(key) >= m_limits.maxPerAddress) {
        ++m_refused;
        ::close(int(descriptor));
        return;
    }
    if (m_entries.size() >= capacity() && !evictOldestUnauthenticated()) {
        ++m_refused;
        ::close(int(descriptor));
        return;
    }

    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(*m_tls);
        socket = ssl;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    m_entries.insert(socket, Entry{socket, key, ++m_order, false});
    ++m_perAddress[key];
    connect(socket, &QObject::destroyed, this, [this](QObject *gone) { forget(gone); });
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] { forget(socket); });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->startServerEncryption();
    Q_EMIT connectionReady(socket);
}
