#include "server/health/healthservice.h"
#include "server/storage/sqlfiles.h"
#include "server/protocol/messagecatalogue.h"

#include <QSet>
#include <algorithm>

#include "server/alerts/alertengine.h"
#include "server/backup/backupservice.h"
#include "server/health/performance.h"
#include "server/logging/jsonlogger.h"
#include "server/monitoring/metricshub.h"
#include "server/notify/notifier.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"
#include "server/storage/opsstore.h"
#include "server/storage/storethread.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace {

int rank(const QString &level)
{
    return level == u"critical"_qs ? 2 : level == u"warning"_qs ? 1 : 0;
}

// A resource against its two thresholds: below warning ok; from warning unhealthy (the
// ticket's rule), from critical unhealthy and critical.
CheckResult threshold(double value, double warning, double critical, const QString &what)
{
    CheckResult r;
    r.details = {{what, value}, {u"warning_at"_qs, warning}, {u"critical_at"_qs, critical}};
    if (value >= critical) {
        r.status = u"unhealthy"_qs;
        r.level = u"critical"_qs;
        r.messageKey = u"health.resource_critical"_qs;
    } else if (value >= warning) {
        r.status = u"unhealthy"_qs;
        r.level = u"warning"_qs;
        r.messageKey = u"health.resource_high"_qs;
    }
    return r;
}

} // namespace

HealthService::HealthService(const Clock *clock, Config::Health config, Sources sources, QObject *parent)
    : QObject(parent), m_clock(clock), m_config(std::move(config)), m_sources(std::move(sources)), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
    m_createdMs = m_clock->nowMs();
    connect(&m_timer, &QTimer::timeout, this, [this] { run(); });
    // Event-loop lag: how late a 100 ms timer fires, the worst since the last run.
    m_lagTimer.setInterval(100);
    connect(&m_lagTimer, &QTimer::timeout, this, [this] {
        const qint64 now = m_lagClock.elapsed();
        m_maxLagMs = std::max(m_maxLagMs, double(now - m_lagExpected));
        m_lagExpected = now + 100;
    });
}

HealthService::~HealthService() = default;

void HealthService::start()
{
    // Once the first sample is in, a run with the resource checks rather than a wait for the interval.
    if (m_sources.hub) {
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(m_sources.hub, &MetricsHub::published, this, [this, once] {
            disconnect(*once);
            run();
        });
    }
    m_lagClock.start();
    m_lagExpected = 100;
    m_lagTimer.start();
    m_timer.start(m_config.intervalSeconds * 1000);
    run();
}

QStringList HealthService::checkNames() const
{
    QStringList names{u"sampler"_qs, u"ops_store"_qs, u"system"_qs, u"disk"_qs, u"daemon"_qs};
    if (m_sources.serviceDatabase)
        names << u"database"_qs;
    if (!m_config.redisUrl.isEmpty())
        names << u"redis"_qs;
    if (m_sources.fleet)
        names << u"fleet"_qs;
    if (m_sources.backups)
        names << u"backups"_qs;
    if (m_sources.notifier)
        names << u"notifications"_qs;
    for (const auto &h : m_config.http)
        names << u"http:"_qs + h.name;
    for (const auto &t : m_config.tcp)
        names << u"tcp:"_qs + t.name;
    for (const auto &d : m_config.dns)
        names << u"dns:"_qs + d.name;
    return names;
}

void HealthService::run(std::function<void(const QJsonObject &)> done)
{
    if (m_running) {
        // A fresh run for whoever asks now: the one going may have started before what they wait for.
        if (done)
            m_nextWaiters.append(std::move(done));
        m_again = true;
        return;
    }
    if (done)
        m_waiters.append(std::move(done));
    m_running = true;
    m_runStartedMs = m_clock->nowMs();
    m_results.clear();
    m_pending = 1; // held until every probe has started
    const int timeout = m_config.timeoutMs;
    auto start = [this](const QString &name) {
        ++m_pending;
        return [this, name](const CheckResult &r) { collect(name, r); };
    };
    if (m_sources.serviceDatabase)
        probes::database(*m_sources.serviceDatabase, m_config.databaseQuery, timeout, this, start(u"database"_qs));
    if (!m_config.redisUrl.isEmpty()) {
        QString host, password, error;
        quint16 port = 6379;
        if (!probes::parseRedisUrl(m_config.redisUrl, &host, &port, &password, &error)) {
            m_results.insert(u"redis"_qs, CheckResult::failed(u"health.misconfigured"_qs, error));
        } else {
            QString secret;
            Config::readSecret(m_config.redisPasswordFile, "FORMAUTO_REDIS_PASSWORD", &secret, &error);
            probes::redis(host, port, secret.isEmpty() ? password : secret, timeout, this, start(u"redis"_qs));
        }
    }
    for (const auto &h : m_config.http) {
        probes::HttpOptions options{h.expectStatus, h.expectBody, h.caFile, m_config.certificateWarningDays};
        const QString name = u"http:"_qs + h.name;
        auto done = start(name);
        probes::http(m_network, QUrl(h.url), options, timeout, m_clock->nowMs(), this, [this, name, done](const CheckResult &r) {
            if (m_sources.performance) {
                PerformanceMonitor::Request req;
                req.timestampMs = m_clock->nowMs();
                req.method = u"GET"_qs;
                req.path = u"/probe/"_qs + name.mid(5);
                req.status = r.details.value(u"status_code"_qs).toInt(599);
                req.seconds = r.responseTime;
                req.error = req.status >= 500;
                m_sources.performance->add(req);
            }
            done(r);
        });
    }
    for (const auto &t : m_config.tcp) {
        const qsizetype colon = t.address.lastIndexOf(u':');
        probes::tcp(t.address.left(colon), quint16(t.address.mid(colon + 1).toUInt()), timeout, this, start(u"tcp:"_qs + t.name));
    }
    for (const auto &d : m_config.dns)
        probes::dns(d.address, timeout, this, start(u"dns:"_qs + d.name));
    storeChecks(timeout, start);
    localChecks();
    if (--m_pending == 0)
        finishRun();
}

void HealthService::storeChecks(int timeoutMs, const std::function<CheckDone(const QString &)> &start)
{
    if (!m_sources.storeThread)
        return;
    // One job on the store's writing thread answers both checks: it waits behind every write
    // posted before it, so it measures what an alert or a health row waits now. A store that
    // does not answer within the timeout is reported at once (the job is not abandoned: it
    // answers later, unseen), with the backlog that piles up behind it.
    struct Answer {
        bool ok = false;
        QString error;
        double seconds = 0;
        QHash<QString, Notifier::ChannelHealth> channels;
        QJsonObject backups;
        qint64 lastBackupMs = -1;
    };
    CheckDone storeDone = start(u"ops_store"_qs);
    CheckDone notifyDone = m_sources.notifier ? start(u"notifications"_qs) : CheckDone();
    CheckDone backupsDone = m_sources.backups ? start(u"backups"_qs) : CheckDone();
    auto settled = std::make_shared<bool>(false);
    QElapsedTimer waited;
    waited.start();
    StoreThread *thread = m_sources.storeThread;
    const bool postgres = thread->store()->isPostgres();
    auto figures = [thread, postgres] {
        const StoreThread::Figures f = thread->figures();
        return QJsonObject{{u"backend"_qs, postgres ? u"postgresql"_qs : u"sqlite"_qs},
                           {u"backlog"_qs, double(f.backlog)},
                           {u"oldest_wait_seconds"_qs, double(f.oldestAgeMs) / 1000.0},
                           {u"peak_backlog"_qs, double(f.peak)},
                           {u"refused"_qs, double(f.refused)}};
    };
    thread->call([notifier = m_sources.notifier, backups = bool(m_sources.backups)](OpsStore &store) {
              Answer a;
              QElapsedTimer t;
              t.start();
              QSqlQuery q(store.database());
              a.ok = q.exec(u"SELECT 1"_qs) && q.next();
              if (!a.ok)
                  a.error = q.lastError().text();
              a.seconds = double(t.nsecsElapsed()) / 1e9;
              if (notifier)
                  a.channels = notifier->health();
              if (backups) {
                  a.backups = BackupService::summary(store.database());
                  a.lastBackupMs = BackupService::lastSuccessMs(store.database());
              }
              return a;
          })
        .then(this, [this, settled, storeDone, notifyDone, backupsDone, figures, waited](const Answer &a) {
            if (std::exchange(*settled, true))
                return;
            CheckResult r = a.ok ? CheckResult() : CheckResult::failed(u"health.query_failed"_qs, a.error);
            r.responseTime = double(waited.nsecsElapsed()) / 1e9;
            QJsonObject details = figures();
            details.insert(u"query_seconds"_qs, a.seconds);
            if (r.details.contains(u"error"_qs))
                details.insert(u"error"_qs, r.details.value(u"error"_qs));
            r.details = details;
            const qint64 refused = qint64(details.value(u"refused"_qs).toDouble());
            if (a.ok && refused > m_refusedSeen) {
                r.status = u"unhealthy"_qs; // writes were lost since the last run
                r.level = u"critical"_qs;
                r.messageKey = u"health.store_backlog"_qs;
            } else if (a.ok && details.value(u"backlog"_qs).toDouble() > 1000) {
                r.status = u"unhealthy"_qs;
                r.level = u"warning"_qs;
                r.messageKey = u"health.store_backlog"_qs;
            }
            m_refusedSeen = refused;
            storeDone(r);
            if (notifyDone) {
                m_lastNotifications = notificationsCheck(a.channels);
                m_haveNotifications = true;
                notifyDone(m_lastNotifications);
            }
            if (backupsDone) {
                m_lastBackups = backupsCheck(a.backups, a.lastBackupMs);
                m_haveBackups = true;
                backupsDone(m_lastBackups);
            }
        });
    QTimer::singleShot(timeoutMs, this, [settled, storeDone, notifyDone, backupsDone, figures, timeoutMs, this] {
        if (std::exchange(*settled, true))
            return;
        CheckResult r;
        r.status = u"unhealthy"_qs;
        r.level = u"critical"_qs;
        r.messageKey = u"health.store_no_answer"_qs;
        r.responseTime = double(timeoutMs) / 1000.0;
        r.details = figures();
        r.details.insert(u"timeout_seconds"_qs, double(timeoutMs) / 1000.0);
        storeDone(r);
        // What the store said last time, marked as such: the queue cannot be read now.
        auto staleCopy = [](bool have, const CheckResult &last) {
            CheckResult c = have ? last : CheckResult();
            if (!have) {
                c.status = u"unhealthy"_qs;
                c.level = u"warning"_qs;
                c.messageKey = u"health.store_no_answer"_qs;
            }
            c.details.insert(u"stale"_qs, true);
            return c;
        };
        if (notifyDone)
            notifyDone(staleCopy(m_haveNotifications, m_lastNotifications));
        if (backupsDone)
            backupsDone(staleCopy(m_haveBackups, m_lastBackups));
    });
}

void HealthService::collect(const QString &name, const CheckResult &result)
{
    m_results.insert(name, result);
    if (--m_pending == 0)
        finishRun();
}

void HealthService::localChecks()
{
    const qint64 now = m_clock->nowMs();
    const auto &latest = m_sources.hub ? m_sources.hub->latest() : std::optional<protocol::MetricsSample>();
    {
        CheckResult r;
        const qint64 age = latest ? now - latest->timestampMs : -1;
        const int interval = m_sources.hub ? m_sources.hub->intervalMs() : 5000;
        r.details = {{u"last_sample_age_seconds"_qs, latest ? double(age) / 1000.0 : QJsonValue()}, {u"interval_seconds"_qs, interval / 1000}};
        if (!latest && now - m_createdMs < 3LL * interval) {
            r.details.insert(u"starting"_qs, true); // the first sample is on its way
        } else if (!latest || age > 3LL * interval) {
            r.status = u"unhealthy"_qs;
            r.level = u"critical"_qs;
            r.messageKey = u"health.sampler_stale"_qs;
        }
        m_results.insert(u"sampler"_qs, r);
    }
    if (latest) {
        const protocol::SystemMetrics &m = latest->system;
        CheckResult cpu = threshold(m.cpuPercent, m_config.cpuWarning, m_config.cpuCritical, u"cpu_percent"_qs);
        CheckResult memory = threshold(m.memoryPercent, m_config.memoryWarning, m_config.memoryCritical, u"memory_percent"_qs);
        CheckResult system = rank(memory.level) > rank(cpu.level) ? memory : cpu;
        system.details = {{u"cpu_percent"_qs, m.cpuPercent}, {u"memory_percent"_qs, m.memoryPercent}, {u"load_1"_qs, m.load1},
                          {u"cpu_warning_at"_qs, m_config.cpuWarning}, {u"memory_warning_at"_qs, m_config.memoryWarning}};
        m_results.insert(u"system"_qs, system);
        // Every mount: the worst decides.
        CheckResult disk;
        QJsonObject mounts;
        QList<protocol::MountUsage> all = m.disks;
        if (all.isEmpty())
            all.append(m.disk);
        for (const protocol::MountUsage &mu : all) {
            const CheckResult one = threshold(mu.percent, m_config.diskWarning, m_config.diskCritical, u"percent"_qs);
            mounts.insert(mu.mountpoint.isEmpty() ? u"/"_qs : mu.mountpoint,
                          QJsonObject{{u"percent"_qs, mu.percent}, {u"free"_qs, double(mu.free)}, {u"level"_qs, one.level}});
            if (rank(one.level) > rank(disk.level)) {
                disk.status = one.status;
                disk.level = one.level;
                disk.messageKey = one.messageKey;
            }
        }
        disk.details = {{u"mounts"_qs, mounts}, {u"warning_at"_qs, m_config.diskWarning}, {u"critical_at"_qs, m_config.diskCritical}};
        m_results.insert(u"disk"_qs, disk);
    }
    {
        CheckResult r;
        const qint64 backlog = m_sources.logBacklog ? m_sources.logBacklog() : 0;
        const qint64 queued = m_sources.writerQueue ? m_sources.writerQueue() : 0;
        r.details = {{u"event_loop_lag_ms"_qs, m_maxLagMs}, {u"log_backlog"_qs, double(backlog)}, {u"writer_queue_rows"_qs, double(queued)}};
        // Lagging by a second, or the writer far behind (ingest refuses from 500,000 rows on).
        if (m_maxLagMs > 1000 || backlog > 9000 || queued > 250000) {
            r.status = u"unhealthy"_qs;
            r.level = u"warning"_qs;
            r.messageKey = u"health.daemon_slow"_qs;
        }
        m_maxLagMs = 0;
        m_results.insert(u"daemon"_qs, r);
    }
    if (m_sources.fleet) {
        // This member's heartbeat, who leads, hosts down. A fleet of one is healthy alone.
        CheckResult r;
        r.details = m_sources.fleet();
        if (!r.details.value(u"error"_qs).toString().isEmpty()) {
            r.status = u"unhealthy"_qs;
            r.level = u"error"_qs;
            r.messageKey = r.details.value(u"host_conflict"_qs).toBool() ? u"health.fleet_host_conflict"_qs : u"health.fleet_heartbeat_failed"_qs;
        } else if (const QJsonObject agent = r.details.value(u"agent"_qs).toObject();
                   !agent.isEmpty() && !agent.value(u"connected"_qs).toBool()
                   && now - std::max(protocol::parseIsoTimestamp(agent.value(u"last_push"_qs).toString()), m_createdMs) > 60000) {
            // An agent whose hub has not taken a push for a minute: its figures wait in the
            // buffer (how many, since when: the details), the hub shows this host down.
            r.status = u"unhealthy"_qs;
            r.level = u"warning"_qs;
            r.messageKey = u"health.agent_hub_unreachable"_qs;
        } else if (r.details.value(u"hosts_down"_qs).toInt() > 0) {
            // This host is well; the down one has its host_down alert (raised by the leader),
            // so no second alert from every member, and no 503 from this host's /healthz.
            r.level = u"warning"_qs;
            r.messageKey = u"health.hosts_down"_qs;
        } else if (r.details.value(u"leader_host"_qs).toString().isEmpty() && !r.details.value(u"store_time"_qs).isNull()) {
            // (Before the first heartbeat has answered nobody is known to lead: not yet a fault.)
            r.status = u"unhealthy"_qs;
            r.level = u"warning"_qs;
            r.messageKey = u"health.no_leader"_qs;
        }
        m_results.insert(u"fleet"_qs, r);
    }
}

CheckResult HealthService::backupsCheck(const QJsonObject &summary, qint64 last) const
{
    const qint64 now = m_clock->nowMs();
    CheckResult r;
    r.details = summary;
    r.details.insert(u"stale_after_hours"_qs, m_sources.staleBackupHours);
    const qint64 limit = qint64(m_sources.staleBackupHours) * 3600000;
    // A daemon younger than the limit has not missed a backup yet.
    if (m_sources.backupScheduled && (last < 0 ? now - m_createdMs > limit : now - last > limit)) {
        r.status = u"unhealthy"_qs;
        r.level = u"warning"_qs;
        r.messageKey = last < 0 ? u"health.no_backup"_qs : u"health.backup_stale"_qs;
    } else if (last < 0) {
        // Nothing missed yet, but nothing to restore either: healthy, with a warning that says so.
        r.level = u"warning"_qs;
        r.messageKey = u"health.no_backup"_qs;
    }
    return r;
}

CheckResult HealthService::notificationsCheck(const QHash<QString, Notifier::ChannelHealth> &health) const
{
    // Not healthy while an alert could fire and nobody would be told: no channel at all,
    // or a level (error, critical) with no configured channel routed to it, or every
    // channel of such a level failing.
    CheckResult r;
    QJsonObject channels;
    const QStringList configured = m_sources.notifier->channelNames();
    QSet<QString> failingChannels;
    for (auto it = health.constBegin(); it != health.constEnd(); ++it) {
        const bool failing = it->lastErrorMs > it->lastSuccessMs && it->queued > 0;
        channels.insert(it.key(), QJsonObject{{u"queued"_qs, double(it->queued)}, {u"failing"_qs, failing}, {u"last_error"_qs, it->lastError}});
        if (failing) {
            failingChannels.insert(it.key());
            r.status = u"unhealthy"_qs;
            r.level = u"warning"_qs;
            r.messageKey = u"health.channel_failing"_qs;
        }
    }
    QJsonArray unrouted, allFailing;
    for (const QString &level : {u"error"_qs, u"critical"_qs}) {
        QStringList routed;
        for (const QString &name : m_sources.notifier->routes().forLevel(level)) {
            if (configured.contains(name))
                routed << name;
        }
        if (routed.isEmpty())
            unrouted.append(level);
        else if (std::all_of(routed.cbegin(), routed.cend(), [&](const QString &n) { return failingChannels.contains(n); }))
            allFailing.append(level);
    }
    if (!allFailing.isEmpty()) {
        r.status = u"unhealthy"_qs;
        r.level = u"error"_qs;
        r.messageKey = u"health.level_all_failing"_qs;
    } else if (configured.isEmpty() || !unrouted.isEmpty()) {
        r.status = u"unhealthy"_qs;
        r.level = u"warning"_qs;
        r.messageKey = configured.isEmpty() ? u"health.no_channel"_qs : u"health.level_unrouted"_qs;
    }
    r.details = {{u"channels"_qs, channels}, {u"unrouted_levels"_qs, unrouted}, {u"all_failing_levels"_qs, allFailing}};
    return r;
}

void HealthService::finishRun()
{
    const qint64 now = m_clock->nowMs();
    QJsonObject checks;
    bool healthy = true;
    QString worst = u"ok"_qs;
    QList<std::tuple<QString, CheckResult, bool>> rows;
    for (const QString &name : checkNames()) {
        const auto it = m_results.constFind(name);
        if (it == m_results.constEnd())
            continue;
        checks.insert(name, it->toJson());
        if (it->status != u"healthy"_qs)
            healthy = false;
        if (rank(it->level) > rank(worst))
            worst = it->level;
        const bool changed = m_lastStatus.value(name) != it->status + u'/' + it->level;
        m_lastStatus.insert(name, it->status + u'/' + it->level);
        rows.append({name, *it, changed});
        // Alerts: twice in a row before it pages anyone; recovered clears it.
        if (!m_sources.raise || !m_sources.clear)
            continue;
        const QString key = u"health:"_qs + name;
        if (it->status == u"healthy"_qs) {
            m_failures.remove(name);
            m_sources.clear(key, QStringLiteral("the check is healthy again"));
        } else if (++m_failures[name] >= 2) {
            AlertEngine::Condition c;
            c.key = key;
            c.rule = u"health_check"_qs;
            c.level = it->level == u"critical"_qs ? u"critical"_qs : u"error"_qs;
            c.title = QStringLiteral("Health check %1 is failing").arg(name);
            c.messageKey = u"alert.health_failed"_qs;
            c.params = {{u"check"_qs, name}, {u"reason"_qs, it->messageKey}, {u"error"_qs, it->details.value(u"error"_qs).toString()}};
            // English for scripts and mail, never the bare key ("health.resource_critical").
            c.message = protocol::englishMessage(c.messageKey, c.params);
            c.labels = {{u"check"_qs, name}};
            m_sources.raise(c);
        }
    }
    // The run's rows in one transaction (alerts above write their own), on the store thread.
    if (m_sources.storeThread) {
        QList<QVariantList> values;
        for (const auto &[name, result, changed] : std::as_const(rows))
            values.append({now, nonNull(m_sources.host), name, result.status, result.level, result.responseTime, nonNull(result.messageKey),
                           changed ? 1 : 0, QString::fromUtf8(QJsonDocument(result.details).toJson(QJsonDocument::Compact))});
        m_sources.storeThread->post("health run", [values = std::move(values)](OpsStore &store) {
            QSqlDatabase db = store.database();
            const bool batched = db.transaction();
            QString error;
            for (const QVariantList &row : values) {
                sqlfiles::run(db, u"health/record"_qs, row, &error);
                if (!error.isEmpty()) {
                    qCWarning(lcOps).noquote() << "recording a health check failed:" << error;
                    error.clear();
                }
            }
            if (batched)
                db.commit();
        }, StoreThread::Load::Bulk);
    }
    m_report = {{u"overall_status"_qs, healthy ? u"healthy"_qs : u"unhealthy"_qs},
                {u"level"_qs, worst},
                {u"timestamp"_qs, protocol::isoTimestamp(now)},
                {u"duration_seconds"_qs, double(now - m_runStartedMs) / 1000.0},
                {u"checks"_qs, checks}};
    if (!m_sources.host.isEmpty())
        m_report.insert(u"host"_qs, m_sources.host);
    if (m_sources.storeThread && now - m_lastPruneMs > 3600000) {
        m_sources.storeThread->post("health prune", [host = nonNull(m_sources.host), before = now - 7LL * 86400000](OpsStore &store) {
            QString error;
            sqlfiles::run(store.database(), u"health/prune"_qs, {host, before}, &error);
            if (!error.isEmpty())
                qCWarning(lcOps).noquote() << "pruning the health history failed:" << error;
        }, StoreThread::Load::Bulk);
        m_lastPruneMs = now;
    }
    m_running = false;
    const auto waiters = std::exchange(m_waiters, {});
    for (const auto &w : waiters)
        w(m_report);
    Q_EMIT reportReady(m_report);
    if (m_again) {
        m_again = false;
        m_waiters = std::exchange(m_nextWaiters, {});
        QMetaObject::invokeMethod(this, [this] { run(); }, Qt::QueuedConnection);
    }
}

QJsonArray HealthService::history(const QSqlDatabase &db, const QString &host, bool ownHost, const QString &check, qint64 sinceMs,
                                  int limit, QString *error)
{
    QJsonArray out;
    QSqlQuery q = sqlfiles::run(db, u"health/history"_qs,
                                {nonNull(host), ownHost && !sqlfiles::isPostgres(db) ? u""_qs : nonNull(host), sinceMs, nonNull(check),
                                 nonNull(check), limit},
                                error);
    if (!error->isEmpty())
        return out;
    while (q.next())
        out.append(QJsonObject{{u"timestamp"_qs, protocol::isoTimestamp(q.value(0).toLongLong())}, {u"check"_qs, q.value(1).toString()},
                               {u"status"_qs, q.value(2).toString()}, {u"level"_qs, q.value(3).toString()},
                               {u"response_time"_qs, q.value(4).toDouble()}, {u"message_key"_qs, q.value(5).toString()},
                               {u"changed"_qs, q.value(6).toInt() != 0},
                               {u"details"_qs, QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object()}});
    return out;
}
