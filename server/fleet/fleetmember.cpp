#include "server/fleet/fleetmember.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"
#include "server/storage/opsstore.h"
#include "server/storage/sqlfiles.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QPromise>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <memory>

namespace {
QString compact(const QJsonValue &v)
{
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}
} // namespace

QJsonObject FleetHost::toJson() const
{
    return {{u"host"_qs, host},
            {u"role"_qs, role},
            {u"leader"_qs, leader},
            {u"state"_qs, up ? u"up"_qs : u"down"_qs},
            {u"last_seen"_qs, protocol::isoTimestamp(lastSeenMs)},
            {u"started"_qs, protocol::isoTimestamp(startedMs)},
            {u"version"_qs, version},
            {u"addresses"_qs, QJsonArray::fromStringList(addresses)},
            {u"summary"_qs, summary}};
}

// On the member's thread: its connection, whether this session holds the leader's lock, and
// under which term.
class FleetMember::Worker final : public QObject {
public:
    Worker(DatabaseUrl url, Options options, QString connection, FleetMember *owner)
        : m_url(std::move(url)), m_options(std::move(options)), m_connection(std::move(connection)),
          m_dataConnection(m_connection + u"-data"_qs), m_owner(owner)
    {
    }
    ~Worker() override
    {
        closeDatabase(m_connection);
        closeDatabase(m_dataConnection);
    }

    // The second connection: this host's figures for the others and theirs for this daemon's
    // clients. Its own session, so a failure here never touches the leader's lock.
    struct Figures {
        QList<metricsstore::StoredSample> samples;
        QJsonObject health; // empty: unchanged
    };
    struct Written {
        int samples = 0;
        bool health = false;
        QString error;
    };
    Written writeFigures(const Figures &figures)
    {
        Written out;
        if (!ensureData(&out.error))
            return out;
        const QSqlDatabase db = QSqlDatabase::database(m_dataConnection, false);
        if (!figures.samples.isEmpty()) {
            const qint64 keepFrom = figures.samples.last().timestampMs - m_options.rawKeepMs;
            if (!metricsstore::addSamples(db, m_options.host, figures.samples, keepFrom, &out.error))
                return dataFailed(out);
            out.samples = int(figures.samples.size());
            sqlfiles::run(db, u"monitoring/notify_sample"_qs, {m_options.host}, &out.error);
            out.error.clear(); // the others also look every second
        }
        if (!figures.health.isEmpty()) {
            sqlfiles::run(db, u"fleet/set_health"_qs, {compact(figures.health), m_options.host}, &out.error);
            if (!out.error.isEmpty())
                return dataFailed(out);
            out.health = true;
        }
        return out;
    }

    void setWatched(const QSet<QString> &hosts)
    {
        for (const QString &h : hosts) {
            if (!m_watched.contains(h))
                m_lastRelayed.insert(h, -1); // from its newest sample on
        }
        for (auto it = m_lastRelayed.begin(); it != m_lastRelayed.end();)
            it = hosts.contains(it.key()) ? std::next(it) : m_lastRelayed.erase(it);
        m_watched = hosts;
        if (!m_relayTimer) {
            m_relayTimer = new QTimer(this);
            m_relayTimer->setInterval(1000);
            connect(m_relayTimer, &QTimer::timeout, this, [this] {
                for (const QString &h : std::as_const(m_watched))
                    relay(h);
            });
        }
        if (m_watched.isEmpty())
            m_relayTimer->stop();
        else if (!m_relayTimer->isActive())
            m_relayTimer->start();
        for (const QString &h : std::as_const(m_watched))
            relay(h);
    }

    struct Input {
        QJsonObject summary;
        qint64 startedMs = 0;
        qint64 clockNowMs = 0; // the daemon's clock: SQLite's "store clock"
    };

    Beat beat(const Input &in)
    {
        Beat out = beatOnce(in);
        // Closed here, once every query of the beat has gone: the session ends, and with it
        // any lock it held.
        if (m_broken) {
            closeDatabase(m_connection);
            m_broken = false;
        }
        return out;
    }

    Beat beatOnce(const Input &in)
    {
        Beat out;
        QString error;
        if (!ensureOpen(&error))
            return failed(out, error);
        qint64 now = in.clockNowMs;
        if (postgres()) {
            QSqlQuery q = query(u"fleet/now"_qs, {}, &error);
            if (!error.isEmpty() || !q.next())
                return failed(out, error.isEmpty() ? u"the store did not say its time"_qs : error);
            now = q.value(0).toLongLong();
        }
        out.storeNowMs = now;
        // Another daemon heartbeating under this host name (a copied config, two machines of
        // one name): the row changed since this member last wrote or saw it. Both would lead,
        // claim and seal as one host, so this member stops (no heartbeat, no lock) until the
        // other one is quiet.
        {
            QSqlQuery row = query(u"fleet/host_row"_qs, {m_options.host}, &error);
            if (!error.isEmpty())
                return failed(out, error);
            if (row.next()) {
                const qint64 started = row.value(0).toLongLong(), seen = row.value(1).toLongLong();
                if (m_expectedLastSeen < 0 && started != in.startedMs && now - seen < m_options.downAfterMs) {
                    // Fresh, and not this run's: another daemon, or this host's previous run
                    // (restarted moments ago). One heartbeat later it is known which.
                    m_expectedLastSeen = seen;
                    out.waiting = true;
                    return out;
                }
                if (m_expectedLastSeen >= 0 && seen != m_expectedLastSeen) {
                    m_expectedLastSeen = seen;
                    out.conflict = true;
                    return failed(out, QStringLiteral("another daemon heartbeats as host %1 (it started %2): give each member its own "
                                                      "[fleet] host")
                                           .arg(m_options.host, protocol::isoTimestamp(started)));
                }
            }
        }
        // This host's open alerts, counted in the store: alerts another member resolved (the
        // leader's host_down) count as resolved here too.
        QJsonObject summary = in.summary;
        {
            QJsonObject open{{u"info"_qs, 0}, {u"warning"_qs, 0}, {u"error"_qs, 0}, {u"critical"_qs, 0}};
            QSqlQuery levels = query(u"fleet/open_alerts"_qs, {m_options.host}, &error);
            if (!error.isEmpty())
                return failed(out, error);
            while (levels.next())
                open.insert(levels.value(0).toString(), levels.value(1).toInt());
            summary.insert(u"open_alerts"_qs, open);
        }
        query(u"fleet/heartbeat"_qs,
              {m_options.host, m_options.role, compact(QJsonArray::fromStringList(m_options.addresses)), nonNull(m_options.version),
               in.startedMs, now, compact(summary)},
              &error);
        if (!error.isEmpty())
            return failed(out, error);
        m_expectedLastSeen = now;
        if (!m_leader) {
            QSqlQuery lock = query(u"fleet/try_lock"_qs, {OpsStore::LeaderLockKey}, &error);
            if (!error.isEmpty())
                return failed(out, error);
            if (lock.next() && lock.value(0).toBool()) {
                QSqlQuery take = query(u"fleet/take_term"_qs, {m_options.host, now}, &error);
                if (!error.isEmpty() || !take.next()) {
                    query(u"fleet/unlock"_qs, {OpsStore::LeaderLockKey}, &error);
                    return failed(out, error.isEmpty() ? u"taking the next term changed no row"_qs : error);
                }
                m_leader = true;
                m_term = take.value(0).toLongLong();
            }
        }
        QSqlQuery leader = query(u"fleet/leader"_qs, {}, &error);
        if (!error.isEmpty() || !leader.next())
            return failed(out, error.isEmpty() ? u"the fleet_leader row is missing"_qs : error);
        const qint64 currentTerm = leader.value(0).toLongLong();
        out.leaderHost = leader.value(1).toString();
        const int leaderPid = leader.value(3).toInt();
        out.fleetTerm = currentTerm;
        leader.finish();
        if (m_leader && currentTerm != m_term) {
            // Another member took a newer term (it ended this session once; this is a new one
            // that somehow holds the lock): step down and let go.
            qCWarning(lcOps).noquote() << "fleet: term" << m_term << "has passed (the fleet is at term" << currentTerm << "); stepping down";
            query(u"fleet/unlock"_qs, {OpsStore::LeaderLockKey}, &error);
            m_leader = false;
            m_term = 0;
        }
        QSqlQuery hosts = query(u"fleet/hosts"_qs, {}, &error);
        if (!error.isEmpty())
            return failed(out, error);
        qint64 leaderLastSeen = -1;
        while (hosts.next()) {
            FleetHost h;
            h.host = hosts.value(0).toString();
            h.role = hosts.value(1).toString();
            for (const QJsonValue &a : QJsonDocument::fromJson(hosts.value(2).toString().toUtf8()).array())
                h.addresses << a.toString();
            h.version = hosts.value(3).toString();
            h.startedMs = hosts.value(4).toLongLong();
            h.lastSeenMs = hosts.value(5).toLongLong();
            h.summary = QJsonDocument::fromJson(hosts.value(6).toString().toUtf8()).object();
            h.up = now - h.lastSeenMs <= m_options.downAfterMs;
            if (h.host == out.leaderHost && currentTerm > 0)
                leaderLastSeen = h.lastSeenMs;
            // A leader that stopped heartbeating leads nobody: shown down, not leading.
            h.leader = h.host == out.leaderHost && currentTerm > 0 && h.up;
            out.hosts.append(h);
        }
        hosts.finish();
        QSqlQuery shared = query(u"fleet/shared_version"_qs, {}, &error);
        if (error.isEmpty() && shared.next())
            out.sharedVersion = shared.value(0).toString();
        error.clear();
        // Notifications sent again after a lapsed claim: the fleet's duplicate count.
        QSqlQuery reclaims = query(u"fleet/reclaims"_qs, {}, &error);
        if (error.isEmpty() && reclaims.next())
            out.possibleDuplicates = reclaims.value(0).toLongLong();
        error.clear();
        if (!m_leader && postgres() && leaderLastSeen >= 0 && now - leaderLastSeen > m_options.downAfterMs)
            endStaleLeader(out.leaderHost, leaderPid, now - leaderLastSeen);
        if (leaderLastSeen < 0 || now - leaderLastSeen > m_options.downAfterMs)
            out.leaderHost.clear(); // nobody leads until a member takes the next term
        out.ok = true;
        out.leader = m_leader;
        out.term = m_term;
        return out;
    }

    std::optional<QHash<QString, qint64>> loadSlots(const QStringList &jobs, qint64 seedSlotMs)
    {
        QHash<QString, qint64> out;
        QString error;
        if (!ensureOpen(&error))
            return std::nullopt;
        for (const QString &job : jobs)
            query(u"fleet/seed_slot"_qs, {job, seedSlotMs}, &error);
        QSqlQuery q = query(u"fleet/slots"_qs, {}, &error);
        while (error.isEmpty() && q.next())
            out.insert(q.value(0).toString(), q.value(1).toLongLong());
        if (!error.isEmpty()) {
            qCWarning(lcOps).noquote() << "fleet: reading the schedule failed:" << error;
            return std::nullopt;
        }
        return out;
    }

    // 1: this claim won the slot; 0: the slot is taken (or this term has passed); -1: the
    // store did not answer, so nobody knows yet (tried again).
    int claim(const QString &job, qint64 slotMs)
    {
        if (!m_leader)
            return -1;
        QString error;
        if (!ensureOpen(&error))
            return -1;
        QSqlQuery q = query(u"fleet/claim_slot"_qs, {slotMs, m_term, m_options.host, job, slotMs, m_term}, &error);
        if (!error.isEmpty()) {
            qCWarning(lcOps).noquote() << "fleet: claiming the slot of" << job << "failed:" << error;
            return -1;
        }
        return q.numRowsAffected() == 1 ? 1 : 0;
    }

private:
    bool postgres() const { return m_url.kind == DatabaseUrl::Kind::Postgres; }

    bool ensureData(QString *error)
    {
        if (QSqlDatabase::database(m_dataConnection, false).isOpen())
            return true;
        if (!openDatabase(m_url, m_dataConnection, false, error))
            return false;
        // This connection shares the member's thread with the heartbeat: no statement of it may
        // hold that thread for long.
        QSqlQuery limit(QSqlDatabase::database(m_dataConnection, false));
        limit.exec(u"SET statement_timeout = 5000"_qs);
        // Woken when a member has written a sample (the payload names it).
        QSqlDriver *driver = QSqlDatabase::database(m_dataConnection, false).driver();
        if (driver && driver->subscribeToNotification(u"formauto_samples"_qs)) {
            connect(driver, &QSqlDriver::notification, this,
                    [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                        const QString host = payload.toString();
                        if (m_watched.contains(host))
                            relay(host);
                    });
        }
        return true;
    }

    Written &dataFailed(Written &out)
    {
        closeDatabase(m_dataConnection); // opened again next time, its subscription with it
        return out;
    }

    void relay(const QString &host)
    {
        QString error;
        if (!ensureData(&error))
            return;
        const QSqlDatabase db = QSqlDatabase::database(m_dataConnection, false);
        qint64 &last = m_lastRelayed[host];
        QList<metricsstore::StoredSample> rows;
        if (last < 0) {
            const metricsstore::StoredSample newest = metricsstore::latest(db, host, &error);
            if (error.isEmpty())
                rows = newest.timestampMs > 0 ? QList<metricsstore::StoredSample>{newest} : QList<metricsstore::StoredSample>{};
            if (error.isEmpty() && rows.isEmpty())
                last = 0;
        } else {
            rows = metricsstore::samplesAfter(db, host, last, 100, &error);
        }
        if (!error.isEmpty()) {
            Written w;
            dataFailed(w);
            return;
        }
        if (rows.isEmpty())
            return;
        last = rows.last().timestampMs;
        // Live figures only: a sample older than three heartbeats (the first one of a watch, a
        // backlog a member flushes after an outage) is history, which metrics.history answers.
        const qint64 liveFrom = QDateTime::currentMSecsSinceEpoch() - std::max(15000, 3 * m_options.heartbeatMs);
        QList<QJsonObject> samples;
        samples.reserve(rows.size());
        for (const metricsstore::StoredSample &s : std::as_const(rows)) {
            if (s.timestampMs >= liveFrom)
                samples.append(s.sample);
        }
        if (samples.isEmpty())
            return;
        QMetaObject::invokeMethod(m_owner, [owner = m_owner, host, samples] { Q_EMIT owner->relayed(host, samples); },
                                  Qt::QueuedConnection);
    }

    bool ensureOpen(QString *error)
    {
        if (QSqlDatabase::database(m_connection, false).isOpen())
            return true;
        m_leader = false;
        m_term = 0;
        return openDatabase(m_url, m_connection, false, error);
    }

    QSqlQuery query(const QString &name, const QVariantList &binds, QString *error)
    {
        return sqlfiles::run(QSqlDatabase::database(m_connection, false), name, binds, error);
    }

    // The connection is not to be trusted: close it, which ends the session and with it any
    // lock it held, and say why.
    Beat &failed(Beat &out, const QString &error)
    {
        m_broken = true;
        m_leader = false;
        m_term = 0;
        out.ok = false;
        out.error = error;
        return out;
    }

    void endStaleLeader(const QString &leaderHost, int leaderPid, qint64 silentMs)
    {
        QString error;
        const quint64 key = quint64(OpsStore::LeaderLockKey);
        QSqlQuery holder = query(u"fleet/lock_holder"_qs, {qint64(key >> 32), qint64(key & 0xffffffffu)}, &error);
        if (!error.isEmpty() || !holder.next())
            return; // nobody holds it: the next heartbeat takes it
        const int pid = holder.value(0).toInt();
        holder.finish();
        // Only the silent leader's own session: a member that has just taken the lock (and
        // not yet its term) holds it under another backend, and is left alone.
        if (pid != leaderPid || pid == 0)
            return;
        qCWarning(lcOps).noquote() << "fleet: leader" << leaderHost << "has not heartbeaten for" << silentMs / 1000
                                   << "s but holds the lock; ending its session (backend" << pid << ")";
        query(u"fleet/terminate"_qs, {pid}, &error);
        if (!error.isEmpty())
            qCWarning(lcOps).noquote() << "fleet: ending the stale leader's session failed:" << error;
    }

    DatabaseUrl m_url;
    Options m_options;
    QString m_connection;
    QString m_dataConnection;
    FleetMember *m_owner; // outlives this worker (it ends the thread first)
    QSet<QString> m_watched;
    QHash<QString, qint64> m_lastRelayed; // host -> newest sample passed on (-1: none yet)
    QTimer *m_relayTimer = nullptr;
    bool m_leader = false;
    bool m_broken = false; // close the connection when the current work is done
    qint64 m_expectedLastSeen = -1; // this host's last_seen as this member last wrote or saw it
    qint64 m_term = 0;
};

FleetMember::FleetMember(DatabaseUrl url, Options options, const Clock *clock, QObject *parent)
    : QObject(parent), m_url(std::move(url)), m_options(std::move(options)), m_clock(clock)
{
    m_inMemory = m_url.kind == DatabaseUrl::Kind::Sqlite && m_url.path == u":memory:"_qs;
    m_startedMs = m_clock->nowMs();
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &FleetMember::beat);
    m_stepDown = new QTimer(this);
    m_stepDown->setSingleShot(true);
    connect(m_stepDown, &QTimer::timeout, this, [this] {
        if (m_leader && !isLeader()) {
            qCWarning(lcOps).noquote() << "fleet: no heartbeat has confirmed this member's lead for" << stepDownMs() / 1000 << "s";
            setLeader(false, 0);
        }
    });
    if (!m_inMemory) {
        static QAtomicInteger<int> counter = 0;
        m_worker = new Worker(m_url, m_options, QStringLiteral("fleet-%1").arg(counter.fetchAndAddRelaxed(1)), this);
        m_worker->moveToThread(&m_thread);
        m_thread.setObjectName(QStringLiteral("fleet"));
        connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
    }
}

FleetMember::~FleetMember()
{
    if (m_worker) {
        m_thread.quit();
        m_thread.wait();
    }
}

void FleetMember::start()
{
    m_timer->start(m_options.heartbeatMs);
    beat();
}

void FleetMember::setSummary(const QJsonObject &summary)
{
    m_summary = summary;
}

void FleetMember::addSample(const protocol::MetricsSample &sample)
{
    if (!m_worker || m_url.kind != DatabaseUrl::Kind::Postgres)
        return; // a fleet of one: nobody else reads them
    m_pendingSamples.append({sample.timestampMs, sample.seq, sample.toJson()});
    if (m_pendingSamples.size() > MaxPendingSamples)
        m_pendingSamples.remove(0, m_pendingSamples.size() - MaxPendingSamples);
    writeFigures(); // at once: the members relaying it are at most one round trip behind
}

void FleetMember::setHealth(const QJsonObject &report)
{
    if (!m_worker || m_url.kind != DatabaseUrl::Kind::Postgres || report == m_health)
        return;
    m_health = report;
    m_healthWritten = false;
}

void FleetMember::setWatched(const QSet<QString> &hosts)
{
    if (!m_worker || m_url.kind != DatabaseUrl::Kind::Postgres)
        return;
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, hosts] { worker->setWatched(hosts); }, Qt::QueuedConnection);
}

void FleetMember::writeFigures()
{
    // Not before a heartbeat has confirmed this host's name is this daemon's, nor while another
    // daemon heartbeats under it: two machines' figures would interleave under one name.
    if (!m_named || m_conflict)
        return;
    if (m_writing || (m_pendingSamples.isEmpty() && m_healthWritten))
        return; // the last write has not come back (a paused store): what is new waits
    m_writing = true;
    m_backlog.fetchAndAddRelaxed(1);
    const Worker::Figures figures{m_pendingSamples, m_healthWritten ? QJsonObject() : m_health};
    const qint64 lastTs = m_pendingSamples.isEmpty() ? 0 : m_pendingSamples.last().timestampMs;
    const QJsonObject health = m_health;
    QPointer<FleetMember> self(this);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [self, worker, figures, lastTs, health] {
        const Worker::Written w = worker->writeFigures(figures);
        QMetaObject::invokeMethod(self, [self, w, lastTs, health] {
            if (!self)
                return;
            self->m_writing = false;
            self->m_backlog.fetchAndSubRelaxed(1);
            if (!w.error.isEmpty())
                qCWarning(lcOps).noquote() << "fleet: writing this host's figures failed:" << w.error;
            // Only what was written goes; samples added meanwhile stay.
            if (w.samples > 0) {
                while (!self->m_pendingSamples.isEmpty() && self->m_pendingSamples.first().timestampMs <= lastTs)
                    self->m_pendingSamples.removeFirst();
            }
            if (w.health && self->m_health == health)
                self->m_healthWritten = true;
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

bool FleetMember::isLeader() const
{
    if (!m_leader)
        return false;
    if (m_inMemory)
        return true;
    return m_clock->monotonicMs() - m_confirmedMs <= stepDownMs();
}

qint64 FleetMember::stepDownMs() const
{
    // Past this without a confirming heartbeat, the others may soon end this session and take
    // over (downAfterMs, at least 3 heartbeats): act no more until a heartbeat says so again.
    return std::max<qint64>(m_options.heartbeatMs + m_options.heartbeatMs / 2, m_options.downAfterMs * 2 / 3);
}

QJsonObject FleetMember::status() const
{
    int up = 0, down = 0;
    for (const FleetHost &h : m_hosts)
        (h.up ? up : down)++;
    return {{u"host"_qs, m_options.host},
            {u"role"_qs, m_options.role},
            {u"leader"_qs, isLeader()},
            {u"term"_qs, double(m_fleetTerm)},
            {u"leader_host"_qs, m_leaderHost},
            {u"hosts_up"_qs, up},
            {u"hosts_down"_qs, down},
            {u"backlog"_qs, backlog()},
            {u"possible_duplicate_notifications"_qs, double(m_possibleDuplicates)},
            {u"error"_qs, m_lastError},
            {u"host_conflict"_qs, m_conflict},
            {u"store_time"_qs, m_storeNowMs > 0 ? QJsonValue(protocol::isoTimestamp(m_storeNowMs)) : QJsonValue()}};
}

void FleetMember::beat()
{
    if (m_inMemory) {
        Beat b;
        b.ok = true;
        b.leader = true;
        b.term = 1;
        b.leaderHost = m_options.host;
        b.fleetTerm = 1;
        b.storeNowMs = m_clock->nowMs();
        FleetHost self;
        self.host = m_options.host;
        self.role = m_options.role;
        self.addresses = m_options.addresses;
        self.version = m_options.version;
        self.startedMs = m_startedMs;
        self.lastSeenMs = b.storeNowMs;
        self.summary = m_summary;
        self.leader = true;
        b.hosts = {self};
        received(b);
        return;
    }
    if (m_beating) {
        writeFigures();
        return; // the previous heartbeat has not come back (a paused or unreachable store): no pile-up
    }
    m_beating = true;
    m_beatSentMs = m_clock->monotonicMs();
    m_backlog.fetchAndAddRelaxed(1);
    const Worker::Input in{m_summary, m_startedMs, m_clock->nowMs()};
    QPointer<FleetMember> self(this);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [self, worker, in] {
        const Beat b = worker->beat(in);
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, b] {
            if (self)
                self->received(b);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);    writeFigures(); // behind the heartbeat on the member's thread
}

void FleetMember::received(const Beat &b)
{
    if (!m_inMemory) {
        m_beating = false;
        m_backlog.fetchAndSubRelaxed(1);
    }
    if (b.waiting)
        return; // the first heartbeat found this host's row fresh: the next one tells
    if (!b.ok) {
        if (m_lastError != b.error)
            qCWarning(lcOps).noquote() << "fleet: the heartbeat failed:" << b.error;
        m_lastError = b.error;
        m_conflict = b.conflict;
        setLeader(false, 0);
        return;
    }
    m_named = true;
    if (!m_lastError.isEmpty())
        qCInfo(lcOps).noquote() << "fleet: heartbeating again";
    m_lastError.clear();
    m_conflict = false;
    m_hosts = b.hosts;
    m_storeNowMs = b.storeNowMs;
    m_leaderHost = b.leaderHost;
    m_fleetTerm = b.fleetTerm;
    m_possibleDuplicates = b.possibleDuplicates;
    if (!b.sharedVersion.isEmpty() && b.sharedVersion != m_sharedVersion) {
        const bool first = m_sharedVersion.isEmpty();
        m_sharedVersion = b.sharedVersion;
        if (!first)
            Q_EMIT sharedChanged();
    }
    if (b.leader) {
        // Confirmed as of when the heartbeat was sent (it may have taken a while to answer).
        m_confirmedMs = m_beatSentMs;
        const qint64 left = stepDownMs() - (m_clock->monotonicMs() - m_confirmedMs);
        m_stepDown->start(int(std::max<qint64>(1, left) + 1));
    }
    setLeader(b.leader, b.term);
    Q_EMIT hostsChanged(m_hosts, m_storeNowMs);
}

void FleetMember::setLeader(bool leader, qint64 term)
{
    if (leader == m_leader && term == m_term)
        return;
    m_leader = leader;
    m_term = term;
    if (leader)
        qCInfo(lcOps).noquote() << "fleet:" << m_options.host << "leads the fleet, term" << term;
    else
        qCWarning(lcOps).noquote() << "fleet:" << m_options.host << "does not lead the fleet";
    Q_EMIT leadershipChanged(leader, term);
}

template <typename T, typename Job>
static QFuture<T> onWorker(QObject *worker, QAtomicInteger<int> *backlog, Job job)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    backlog->fetchAndAddRelaxed(1);
    QMetaObject::invokeMethod(worker, [promise, backlog, job = std::move(job)]() mutable {
        promise->addResult(job());
        promise->finish();
        backlog->fetchAndSubRelaxed(1);
    }, Qt::QueuedConnection);
    return future;
}

QFuture<std::optional<QHash<QString, qint64>>> FleetMember::loadSlots(const QStringList &jobs, qint64 seedSlotMs)
{
    using Slots = std::optional<QHash<QString, qint64>>;
    if (!m_worker)
        return QtFuture::makeReadyFuture(Slots{});
    Worker *worker = m_worker;
    return onWorker<Slots>(worker, &m_backlog, [worker, jobs, seedSlotMs] { return worker->loadSlots(jobs, seedSlotMs); });
}

QFuture<int> FleetMember::claimSlot(const QString &job, qint64 slotMs)
{
    if (!m_worker || !isLeader())
        return QtFuture::makeReadyFuture(-1);
    Worker *worker = m_worker;
    return onWorker<int>(worker, &m_backlog, [worker, job, slotMs] { return worker->claim(job, slotMs); });
}
