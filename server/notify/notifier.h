#pragma once

#include "server/core/clock.h"
#include "server/notify/channels.h"
#include "server/storage/opsstore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <map>
#include <memory>

// Sends alerts to Slack, email and webhooks through a durable outbox: a notification is a row
// before it is sent, delivery retries with exponential backoff and jitter (honouring
// Retry-After), survives restarts, and is at least once. Routing per level, as the ticket's
// register_handler does. Each channel delivers on its own thread, looking names up without
// blocking it, within the channel's time limit: one channel that hangs never delays another.
class Notifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)
public:
    struct Routes {
        QStringList info, warning, error, critical; // channel names per level
        QStringList forLevel(const QString &level) const;
    };
    Notifier(OpsStore *store, const Clock *clock, QList<Channel> channels, Routes routes, QObject *parent = nullptr);
    ~Notifier() override;

    void start(int pollMs = 1000);
    // Queues one notification per routed channel for an alert that fired (or changed level).
    void enqueue(const protocol::Alert &alert);
    // To these channels (escalation steps); empty: the channels routed for the alert's level.
    void enqueueTo(const protocol::Alert &alert, const QStringList &channels);
    // A message that is not an alert (the daily diagnosis digest) through the outbox, to the
    // email channel; false when there is none. reference names it in the outbox.
    bool enqueueEmail(const QString &reference, const QString &subject, const QString &plain, const QString &html);
    // Hands every due notification to the delivery thread. Public for tests.
    void pump();

    struct ChannelHealth {
        qint64 lastSuccessMs = -1;
        QString lastError;
        qint64 lastErrorMs = -1;
        qint64 queued = 0;
    };
    QHash<QString, ChannelHealth> health() const;
    qint64 inFlight() const { return m_inFlight.size(); }

    static qint64 backoffMs(int attempts, double jitter01, qint64 initialMs = 5000); // 5 s doubling to 1 h, +-20 %
    void setRetryInitialMs(qint64 ms) { m_retryInitialMs = ms; }
    // Who claims rows (the fleet host): any member delivers, each row is claimed for
    // ClaimLeaseMs, and a lapsed claim is taken again and counted. Before start().
    void setDeliverer(const QString &host) { m_deliverer = host; }
    static constexpr qint64 ClaimLeaseMs = 60000;
    static constexpr int MaxClaimed = 50; // rows claimed per poll
    QStringList channelNames() const { return m_channels.keys(); }
    const Routes &routes() const { return m_routes; }
    static constexpr qint64 GiveUpAfterMs = 24LL * 3600 * 1000;

Q_SIGNALS:
    void delivered(qint64 id, const QString &channel);
    void failedAttempt(qint64 id, const QString &channel, const QString &error);
    // For the alert's timeline and the channel-failing alert: every attempt's result.
    void attempted(const QString &alertId, const QString &channel, bool ok, const QString &error, int attempts);

private:
    void onResult(qint64 id, const QString &channel, const Delivery &result);
    void releaseOwnClaims();

    OpsStore *m_store;
    const Clock *m_clock;
    QHash<QString, Channel> m_channels;
    Routes m_routes;
    struct Lane {
        std::unique_ptr<QThread> thread;
        QObject *worker = nullptr; // lives on thread
    };
    std::map<QString, Lane> m_lanes; // by channel name
    QTimer m_timer{this}; // a child: it follows the object to the store thread
    QSet<qint64> m_inFlight;
    QHash<QString, ChannelHealth> m_health;
    bool m_ownClaimsReleased = false; // start() gave back this host's claims of its previous run
    qint64 m_retryInitialMs = 5000;
    QString m_deliverer = QStringLiteral("local");
};
