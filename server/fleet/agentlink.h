#pragma once

#include "server/logging/logstore.h"
#include "server/protocol/metrics.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QThread>
#include <QUrl>
#include <optional>

// This daemon as an agent of a fleet it cannot reach the database of (a host behind NAT):
// its samples, health reports and log lines go into a bounded local buffer (SQLite, 0600, in
// the data directory) as they are taken, and from there, in order, to the hub daemon: an
// HTTPS POST of a batch to /api/v1/agent/push with the agent's token, the next batch once the
// hub has answered which entries it holds. Entries leave the buffer only when the hub has
// acknowledged them, so a hub that is away, a lost answer or a restart of either side loses
// nothing the buffer could hold; past buffer_max_mb the oldest entries go, and are counted.
//
// The buffer and the HTTP client live on the link's own thread: no disk or network work on the
// event loop, which only hands entries over.
class AgentLink final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentLink)
public:
    struct Options {
        QString host;
        QString version;
        QStringList addresses;
        qint64 startedMs = 0;
        QUrl pushUrl; // https://HUB:PORT/api/v1/agent/push
        QByteArray token;
        QList<QSslCertificate> caCertificates; // empty: the system's
        QByteArray fingerprint;                // the hub certificate's SHA-256 (raw), or empty
        QSslCertificate clientCertificate;     // presented to a hub that asks (tls_client_ca_file)
        QSslKey clientKey;
        QString bufferPath;
        qint64 maxBufferBytes = 256LL * 1024 * 1024;
        int intervalMs = 5000;
        int maxBatchBytes = 512 * 1024; // under the hub's max_command_body_bytes (1 MiB)
    };
    explicit AgentLink(Options options, QObject *parent = nullptr);
    ~AgentLink() override;

    // The push URL for [fleet] hub_url (wss:// and https:// are the same port); nullopt when
    // it is not a hub URL (Config::validHubUrl says why).
    static std::optional<QUrl> pushUrlOf(const QString &hubUrl);
    // Opens the buffer (at startup, before the daemon serves); false with *error when it cannot.
    bool start(QString *error);

    // From the event loop (any thread): what the hub is to receive.
    void addSample(const protocol::MetricsSample &sample);
    void setSummary(const QJsonObject &summary);
    void setHealth(const QJsonObject &report);
    void addLogs(const QList<LogStore::Row> &rows);

    struct Status {
        QString hub;
        bool connected = false; // the last push was answered
        qint64 lastPushMs = 0;  // when the hub last acknowledged a push
        qint64 lastAttemptMs = 0;
        QString lastError;
        qint64 buffered = 0; // entries waiting for the hub
        qint64 bufferedBytes = 0;
        qint64 oldestMs = 0; // when the oldest waiting entry was buffered
        qint64 dropped = 0;  // entries dropped because the buffer was full, ever
        qint64 pushed = 0;   // entries the hub acknowledged since start
        QJsonObject toJson() const;
    };
    Status status() const;

Q_SIGNALS:
    void statusChanged();

private:
    class Worker;
    Options m_options;
    QThread m_thread;
    Worker *m_worker = nullptr;
    QJsonObject m_lastHealth;
    mutable QMutex m_mutex;
    Status m_status; // under m_mutex, written by the worker
    friend class Worker;
};
