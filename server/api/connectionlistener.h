#pragma once

#include <QHash>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <optional>

// Accepts connections for the one port, plain or TLS, and keeps the daemon serving when
// clients try to exhaust it: a cap per client address, and a total kept under the
// process's descriptor limit with room to spare (a thread, a database connection or a
// backup file still needs descriptors; without them Qt aborts). At the cap the oldest
// connection that never presented a valid token makes room for the new one.
class ConnectionListener final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionListener)
public:
    struct Limits {
        int maxPerAddress = 64;
        int maxConnections = 5000;
    };

    explicit ConnectionListener(Limits limits, QObject *parent = nullptr);

    // nullopt: plain TCP. Takes effect for new connections; connected clients keep theirs.
    void setTls(std::optional<QSslConfiguration> config) { m_tls = std::move(config); }
    bool isTls() const { return m_tls.has_value(); }

    // Connections it will hold at once: the configured cap, or less under the descriptor limit.
    int capacity() const;
    qsizetype connectionCount() const { return m_entries.size(); }
    qint64 refusedCount() const { return m_refused; }
    qint64 evictedCount() const { return m_evicted; }

    // Authenticated connections are never evicted to make room.
    void markAuthenticated(QTcpSocket *socket);

    // Raises the soft descriptor limit to the hard one (as far as 1,048,576).
    static void raiseDescriptorLimit();

Q_SIGNALS:
    void connectionReady(QTcpSocket *socket); // the receiver takes ownership

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Entry {
        QPointer<QTcpSocket> socket;
        QString address;
        quint64 order = 0;
        bool authenticated = false;
    };
    bool evictOldestUnauthenticated();
    void forget(QObject *socket);

    Limits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QHash<QObject *, Entry> m_entries;
    QHash<QString, int> m_perAddress;
    quint64 m_order = 0;
    qint64 m_refused = 0;
    qint64 m_evicted = 0;
    QTimer m_resume;
};
