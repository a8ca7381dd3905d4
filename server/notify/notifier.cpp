#include "server/notify/notifier.h"

#include "server/storage/sqlfiles.h"

#include "server/logging/jsonlogger.h"
#include "server/notify/destination.h"
#include "server/storage/database.h"

#include <QHostInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <cmath>

QStringList Notifier::Routes::forLevel(const QString &level) const
{
    if (level == u"critical"_qs)
        return critical;
    if (level == u"error"_qs)
        return error;
    if (level == u"warning"_qs)
        return warning;
    return info;
}

namespace {

// Delivers one notification on its channel's thread: the name is looked up asynchronously
// (bounded by the channel's timeout), then libcurl sends to the address that was checked.
void deliverOn(QObject *lane, const Channel &c, const QByteArray &payload, std::function<void(const Delivery &)> done)
{
    auto failed = [&done](const QString &why) {
        Delivery d;
        d.error = why;
        done(d);
    };
    std::optional<QHostAddress> literal;
    QString why;
    if (!checkDestinationUrl(c.url, destinationSchemes(c), &literal, &why))
        return failed(why);
    auto proceed = [c, payload, done](const QList<QHostAddress> &addresses, const QString &lookupError) {
        QHostAddress pinned;
        QString why = lookupError;
        if (why.isEmpty() && pickDestination(c.url.host(), addresses, c.allowCidrs, &pinned, &why)) {
            done(deliverTo(c, payload, pinned));
            return;
        }
        Delivery d;
        d.error = why;
        done(d);
    };
    if (literal)
        return proceed({*literal}, {});
    auto pending = std::make_shared<bool>(true);
    const QString host = c.url.host();
    const int lookup = QHostInfo::lookupHost(host, lane, [pending, proceed, host](const QHostInfo &info) {
        if (!std::exchange(*pending, false))
            return;
        if (info.error() != QHostInfo::NoError)
            proceed({}, QStringLiteral("cannot resolve %1: %2").arg(host, info.errorString()));
        else
            proceed(info.addresses(), {});
    });
    const int limitMs = qMax(1000, c.timeoutMs);
    QTimer::singleShot(limitMs, lane, [pending, proceed, host, lookup, limitMs] {
        if (!std::exchange(*pending, false))
            return;
        QHostInfo::abortHostLookup(lookup);
        proceed({}, QStringLiteral("looking up %1 took longer than %2 ms").arg(host).arg(limitMs));
    });
}

} // namespace

Notifier::Notifier(OpsStore *store, const Clock *clock, QList<Channel> channels, Routes routes, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_routes(std::move(routes))
{
    for (const Channel &c : channels) {
        m_channels.insert(c.name, c);
        if (m_lanes.count(c.name))
            continue;
        Lane &lane = m_lanes[c.name];
        lane.thread = std::make_unique<QThread>();
        lane.thread->setObjectName(u"notify-"_qs + c.name.left(8));
        lane.worker = new QObject;
        lane.worker->moveToThread(lane.thread.get());
        connect(lane.thread.get(), &QThread::finished, lane.worker, &QObject::deleteLater);
        lane.thread->start();
    }
    connect(&m_timer, &QTimer::timeout, this, &Notifier::pump);
}

Notifier::~Notifier()
{
    for (auto &[name, lane] : m_lanes)
        lane.thread->quit();
    for (auto &[name, lane] : m_lanes)
        lane.thread->wait(); // a delivery in progress ends within its timeout
}

void Notifier::start(int pollMs)
{
    releaseOwnClaims();
    m_timer.start(pollMs);
}

void Notifier::releaseOwnClaims()
{
    QSqlQuery q(m_store->database());
    q.prepare(sqlfiles::statement(u"notify/release_own"_qs, m_store->isPostgres()));
    q.addBindValue(m_deliverer);
    if (!q.exec()) {
        // Tried again on the next poll: until then those rows would wait out their lease.
        qCWarning(lcOps).noquote() << "releasing this host's notification claims failed (tried again):" << q.lastError().text();
        return;
    }
    m_ownClaimsReleased = true;
    if (q.numRowsAffected() > 0)
        qCWarning(lcOps).noquote() << q.numRowsAffected() << "notifications this host was sending when it stopped are due again (each may arrive twice)";
}

qint64 Notifier::backoffMs(int attempts, double jitter01, qint64 initialMs)
{
    const double base = std::min(3600000.0, double(initialMs) * std::pow(2.0, std::max(0, attempts - 1)));
    return qint64(base * (0.8 + 0.4 * jitter01));
}

void Notifier::enqueue(const protocol::Alert &alert)
{
    enqueueTo(alert, {});
}

void Notifier::enqueueTo(const protocol::Alert &alert, const QStringList &channels)
{
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO notifications (alert_id, alert_seq, channel, payload, status, attempts, next_attempt_at, created_at) "
                             "VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)"));
    for (const QString &name : channels.isEmpty() ? m_routes.forLevel(alert.level) : channels) {
        const auto it = m_channels.constFind(name);
        if (it == m_channels.constEnd())
            continue;
        QByteArray payload;
        switch (it->kind) {
        case Channel::Kind::Slack: payload = slackPayload(alert); break;
        case Channel::Kind::Webhook: payload = webhookPayload(alert); break;
        case Channel::Kind::Email: {
            const QString messageId = QStringLiteral("%1.%2@formauto-opsd").arg(alert.id, QUuid::createUuid().toString(QUuid::Id128));
            payload = emailMessage(alert, *it, messageId, now);
            break;
        }
        }
        for (const QVariant &v : {QVariant(alert.id), QVariant(alert.seq), QVariant(name), QVariant(QString::fromUtf8(payload.toBase64())),
                                  QVariant(now), QVariant(now)})
            q.addBindValue(v);
        if (!q.exec())
            qCWarning(lcOps).noquote() << "queueing a notification failed:" << q.lastError().text();
    }
    QMetaObject::invokeMethod(this, &Notifier::pump, Qt::QueuedConnection);
}

bool Notifier::enqueueEmail(const QString &reference, const QString &subject, const QString &plain, const QString &html)
{
    const auto it = std::find_if(m_channels.constBegin(), m_channels.constEnd(), [](const Channel &c) { return c.kind == Channel::Kind::Email; });
    if (it == m_channels.constEnd())
        return false;
    const qint64 now = m_clock->nowMs();
    const QString messageId = QStringLiteral("%1.%2@formauto-opsd").arg(reference, QUuid::createUuid().toString(QUuid::Id128));
    const QByteArray payload = emailText(*it, subject, plain, html, messageId, now);
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO notifications (alert_id, alert_seq, channel, payload, status, attempts, next_attempt_at, created_at) "
                             "VALUES (?, 0, ?, ?, 'pending', 0, ?, ?)"));
    for (const QVariant &v : {QVariant(reference), QVariant(it->name), QVariant(QString::fromUtf8(payload.toBase64())), QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcOps).noquote() << "queueing a message failed:" << q.lastError().text();
        return false;
    }
    QMetaObject::invokeMethod(this, &Notifier::pump, Qt::QueuedConnection);
    return true;
}

void Notifier::pump()
{
    if (!m_ownClaimsReleased && m_timer.isActive())
        releaseOwnClaims();
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->database());
    // A batch per poll. (A claim can lapse while its row waits behind a slow channel; another
    // member then sends it too, and it is counted as a possible duplicate.)
    q.prepare(sqlfiles::statement(u"notify/claim_due"_qs, m_store->isPostgres()));
    for (const QVariant &v : {QVariant(m_deliverer), QVariant(now + ClaimLeaseMs), QVariant(now), QVariant(now), QVariant(MaxClaimed)})
        q.addBindValue(v);
    if (!q.exec())
        return;
    QList<std::tuple<qint64, QString, QByteArray, qint64>> due;
    while (q.next())
        due.append({q.value(0).toLongLong(), q.value(1).toString(), QByteArray::fromBase64(q.value(2).toString().toLatin1()),
                    q.value(3).toLongLong()});
    q.finish();
    for (const auto &[id, name, payload, created] : due) {
        if (m_inFlight.contains(id))
            continue;
        const auto channel = m_channels.constFind(name);
        if (channel == m_channels.constEnd() && m_store->isPostgres() && now - created <= GiveUpAfterMs) {
            // Another member of the fleet may have this channel: leave the row to it for a
            // while (not at once: this member would take it again on every poll).
            QSqlQuery release(m_store->database());
            release.prepare(QStringLiteral("UPDATE notifications SET claimed_until = 0, claimed_by = '', next_attempt_at = ? WHERE id = ?"));
            release.addBindValue(now + 30000);
            release.addBindValue(id);
            release.exec();
            continue;
        }
        if (channel == m_channels.constEnd() || now - created > GiveUpAfterMs) {
            QSqlQuery fail(m_store->database());
            fail.prepare(QStringLiteral("UPDATE notifications SET status = 'failed', last_error = ? WHERE id = ?"));
            fail.addBindValue(channel == m_channels.constEnd() ? u"channel no longer configured"_qs : u"gave up after 24 hours"_qs);
            fail.addBindValue(id);
            fail.exec();
            continue;
        }
        m_inFlight.insert(id);
        const Channel c = *channel;
        const QString channelName = name;
        const qint64 rowId = id;
        const QByteArray body = payload;
        // On the channel's own thread; the answer comes back here.
        QObject *lane = m_lanes.at(channelName).worker;
        QPointer<Notifier> self(this);
        QMetaObject::invokeMethod(lane, [self, lane, c, channelName, rowId, body] {
            deliverOn(lane, c, body, [self, channelName, rowId](const Delivery &result) {
                if (self) // gone at shutdown: the row stays pending and is sent by the next start
                    QMetaObject::invokeMethod(self.data(), [self, rowId, channelName, result] {
                        if (self)
                            self->onResult(rowId, channelName, result);
                    }, Qt::QueuedConnection);
            });
        }, Qt::QueuedConnection);
    }
}

void Notifier::onResult(qint64 id, const QString &channel, const Delivery &result)
{
    m_inFlight.remove(id);
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->database());
    ChannelHealth &h = m_health[channel];
    QSqlQuery attempts(m_store->database());
    attempts.prepare(QStringLiteral("SELECT attempts, alert_id FROM notifications WHERE id = ?"));
    attempts.addBindValue(id);
    const bool known = attempts.exec() && attempts.next();
    const int tried = known ? attempts.value(0).toInt() + 1 : 1;
    const QString alertId = known ? attempts.value(1).toString() : QString();
    // Its read snapshot ends here: on SQLite a write on a connection that still reads fails at
    // once with "database is locked" when another connection wrote meanwhile, and the row would
    // then keep its claim until the lease lapsed (a minute late).
    attempts.finish();
    if (result.ok) {
        q.prepare(QStringLiteral("UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '', "
                                 "claimed_until = 0, claimed_by = '' WHERE id = ?"));
        q.addBindValue(now);
        q.addBindValue(id);
        q.exec();
        if (h.lastErrorMs > h.lastSuccessMs) {
            // The channel works again: what waits on it for a retry goes now, not at the end of
            // a backoff that may have grown to minutes during the outage.
            QSqlQuery due(m_store->database());
            // Not rows the receiver itself refused (4xx, 429 with its Retry-After): those wait.
            due.prepare(QStringLiteral("UPDATE notifications SET next_attempt_at = ? WHERE channel = ? AND status = 'pending' "
                                       "AND attempts > 0 AND next_attempt_at > ? AND last_error NOT LIKE 'HTTP 4%'"));
            due.addBindValue(now);
            due.addBindValue(channel);
            due.addBindValue(now);
            if (due.exec() && due.numRowsAffected() > 0)
                qCInfo(lcOps).noquote() << channel << "delivers again:" << due.numRowsAffected() << "waiting notifications are due now";
        }
        h.lastSuccessMs = now;
        Q_EMIT delivered(id, channel);
        Q_EMIT attempted(alertId, channel, true, {}, tried);
        return;
    }
    const qint64 wait = std::max(backoffMs(tried, QRandomGenerator::global()->generateDouble(), m_retryInitialMs), result.retryAfterMs);
    // A retry later: the claim is given back unless another member took the row meanwhile.
    q.prepare(QStringLiteral("UPDATE notifications SET attempts = ?, next_attempt_at = ?, last_error = ?, "
                             "claimed_until = CASE WHEN claimed_by = ? THEN 0 ELSE claimed_until END, "
                             "claimed_by = CASE WHEN claimed_by = ? THEN '' ELSE claimed_by END WHERE id = ?"));
    q.addBindValue(tried);
    q.addBindValue(now + wait);
    q.addBindValue(result.error.left(500));
    q.addBindValue(m_deliverer);
    q.addBindValue(m_deliverer);
    q.addBindValue(id);
    if (!q.exec())
        qCWarning(lcOps).noquote() << "recording notification" << id << "for a retry failed (it waits out its claim):" << q.lastError().text();
    h.lastError = result.error;
    h.lastErrorMs = now;
    qCWarning(lcOps).noquote() << "notification" << id << "via" << channel << "failed, retry in" << wait / 1000 << "s:" << result.error;
    Q_EMIT failedAttempt(id, channel, result.error);
    Q_EMIT attempted(alertId, channel, false, result.error.left(500), tried);
}

QHash<QString, Notifier::ChannelHealth> Notifier::health() const
{
    QHash<QString, ChannelHealth> out = m_health;
    QSqlQuery q(m_store->database());
    if (q.exec(QStringLiteral("SELECT channel, COUNT(*) FROM notifications WHERE status = 'pending' GROUP BY channel"))) {
        while (q.next())
            out[q.value(0).toString()].queued = q.value(1).toLongLong();
    }
    for (auto it = m_channels.constBegin(); it != m_channels.constEnd(); ++it)
        out[it.key()];
    return out;
}
