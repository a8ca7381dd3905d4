#include "server/daemon.h"

#include "server/alerts/alertengine.h"
#include "server/api/commanddispatcher.h"
#include "server/alerts/escalation.h"
#include "server/backup/backupservice.h"
#include "server/fleet/agentbatch.h"
#include "server/fleet/agentlink.h"
#include "server/fleet/fleetmember.h"
#include "server/health/diagnosis.h"
#include "server/health/healthservice.h"
#include "server/health/performance.h"
#include "server/schedule/scheduler.h"
#include "server/notify/notifier.h"
#include "server/api/opsserver.h"
#include "server/audit/auditlog.h"
#include "server/auth/authservice.h"
#include "server/logging/jsonlogger.h"
#include "server/logging/logstore.h"
#include "server/logging/logtailer.h"
#include "server/logging/logwriter.h"
#include "server/logging/querybudget.h"
#include "server/storage/storereader.h"
#include "server/monitoring/demoworkload.h"
#include "server/monitoring/metricshistory.h"
#include "server/monitoring/metricshub.h"
#include "server/monitoring/systemcollector.h"
#include "server/monitoring/taskcollector.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"
#include "server/storage/opsstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QSslCertificate>
#include <QSslKey>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QtConcurrent>
#include <sys/stat.h>

namespace {
// What the Fleet page shows of a host, from its newest sample (open alerts are added where
// they are counted, in the store).
QJsonObject fleetSummary(const protocol::MetricsSample &sample)
{
    QJsonObject summary;
    for (const auto &[name, value] : protocol::seriesOf(sample)) {
        if (name == u"cpu_percent"_qs || name == u"memory.percent"_qs || name == u"disk.percent"_qs)
            summary.insert(name, value);
        else if (name == u"tasks.running_tasks"_qs)
            summary.insert(u"running_tasks"_qs, value);
    }
    summary.insert(u"sampled_at"_qs, protocol::isoTimestamp(sample.timestampMs));
    return summary;
}
} // namespace


Daemon::Daemon(Config config, bool demo, const Clock *clock, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_demo(demo), m_clock(clock)
{
}

Daemon::~Daemon()
{
    shutdown();
    // Queued batches are written before the writer goes: events run in order, so once this
    // empty call has run, every batch queued before it has too.
    m_followThread.requestInterruption(); // a long backlog stops at the next chunk
    m_followThread.quit();
    m_followThread.wait();
    // Whatever was acknowledged or handed over is stored before the writer goes (a retention
    // job in progress stops at its next slice).
    m_writerThread.requestInterruption();
    if (m_logWriter && m_writerThread.isRunning())
        QMetaObject::invokeMethod(m_logWriter, &LogWriter::flush, Qt::BlockingQueuedConnection);
    m_writerThread.quit();
    m_writerThread.wait();
    // Sessions answer through the dispatcher and auth; the server goes first.
    m_server.reset();
    // What the store thread has yet to write goes next, while everything its answers continue
    // on (controllers, health, scheduler) still exists; the objects living there are deleted
    // there, after it. From here on a post is refused.
    auto onThread = [this] {
        m_escalator.reset();
        m_notifier.reset();
        m_alerts.reset();
    };
    if (m_storeThread)
        m_storeThread->stop(onThread);
    else
        onThread();
    m_dispatcher.reset();
    m_reader.reset(); // after the dispatcher: no new reads (one in progress is waited for)
    m_hub.reset();
    m_fleet.reset(); // its thread ends its session: the leader's lock goes at once
    m_scheduler.reset();
    m_backups.reset();
    m_healthService.reset();
    m_history.reset();
}

std::unique_ptr<OpsStore> Daemon::openStore(const Config &config, QString *error)
{
    std::optional<DatabaseUrl> url;
    if (config.store.url.isEmpty()) {
        url = DatabaseUrl{};
        url->path = QDir(config.dataDir).filePath(QStringLiteral("ops.db"));
    } else {
        url = DatabaseUrl::parse(config.store.url, config.dataDir, error);
        if (!url) {
            *error = QStringLiteral("[store] url: ") + *error;
            return nullptr;
        }
        if (!Config::readSecret(config.store.passwordFile, "FORMAUTO_OPS_STORE_PASSWORD", &url->password, error))
            return nullptr;
    }
    auto store = std::make_unique<OpsStore>(*url, QStringLiteral("ops-store"));
    if (!store->open(error)) {
        *error = QStringLiteral("ops store %1: %2").arg(url->display(), *error);
        return nullptr;
    }
    return store;
}

QString Daemon::fleetHost(const Config &config)
{
    if (!config.fleet.host.isEmpty())
        return config.fleet.host;
    QString name = QSysInfo::machineHostName();
    for (QChar &c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'.' && c != u'-' && c != u'_')
            c = u'-';
    }
    name = name.left(63);
    return name.isEmpty() || name.front() == u'.' || name.front() == u'-' || name.front() == u'_' ? u"localhost"_qs : name;
}

int Daemon::fleetDownAfterMs(const Config &config)
{
    return config.fleet.downAfterSeconds > 0 ? config.fleet.downAfterSeconds * 1000 : std::max(15000, 3000 * config.monitoring.intervalSeconds);
}

bool Daemon::start(QString *error, QString *initialAdminPassword)
{
    // Everything the daemon creates while it starts (the store and its -wal/-shm, keys, the
    // initial password, tokens, certificates) is private from its creation, not chmod-ed after.
    struct PrivateFiles {
        mode_t previous = ::umask(077);
        ~PrivateFiles() { ::umask(previous); }
    } privateFiles;
    if (!QDir().mkpath(m_config.dataDir)) {
        *error = QStringLiteral("cannot create data directory %1").arg(m_config.dataDir);
        return false;
    }
    QFile::setPermissions(m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!PasswordHasher::initialize()) {
        *error = QStringLiteral("libsodium failed to initialise");
        return false;
    }
    m_store = openStore(m_config, error);
    if (!m_store)
        return false;
    // What writes as it goes reaches the store from here on, off the event loop.
    m_storeThread = std::make_unique<StoreThread>(m_store.get());
    if (!m_storeThread->start(error))
        return false;
    m_auth = std::make_unique<AuthService>(m_store.get(), m_clock, m_config.auth);
    QString password;
    if (!m_auth->ensureInitialAdmin(m_config.dataDir, &password, error))
        return false;
    if (initialAdminPassword)
        *initialAdminPassword = password;
    LogStore::Limits logLimits{m_config.logs.maxLineBytes, m_config.logs.maxAgeDays, m_config.logs.maxBytes};
    logLimits.host = fleetHost(m_config);
    m_logs = std::make_unique<LogStore>(m_store.get(), logLimits);
    // The audit log appends on the store's writing thread (its chain lock is a round trip to
    // a network store): it uses that thread's connection, and is only used there.
    m_audit = std::make_unique<AuditLog>(m_storeThread->store(), m_clock, m_config.dataDir);
    m_audit->setHost(fleetHost(m_config));
    if (!m_audit->open(error))
        return false;
    if (m_store->isPostgres()) {
        // One chain for the whole fleet, sealed with one key: a member with another key would
        // append rows nobody can verify.
        qint64 rows = 0;
        QString why;
        bool sealed = false;
        runOnStoreAndWait([&] { sealed = m_audit->keySealsChain(&rows, &why); });
        if (!sealed) {
            *error = why.isEmpty()
                ? QStringLiteral("the fleet's audit chain in %1 (%2 rows) is sealed with another key than %3: copy the fleet's "
                                 "audit-hmac.key from a member here (mode 0600); formauto-opsd fleet join checks it")
                      .arg(m_store->url().display()).arg(rows).arg(QDir(m_config.dataDir).filePath(u"audit-hmac.key"_qs))
                : QStringLiteral("reading the audit chain failed: ") + why;
            return false;
        }
    }

    // Task database: configured, or the demo's own SQLite file.
    std::optional<DatabaseUrl> tasksUrl;
    QString tasksUrlText = m_config.tasks.databaseUrl;
    if (m_demo) {
        m_demoWorkload = std::make_unique<DemoWorkload>(QDir(m_config.dataDir).filePath(QStringLiteral("demo/formauto-demo.db")), m_clock);
        if (!m_demoWorkload->open(error))
            return false;
        m_demoWorkload->start();
        tasksUrlText = QStringLiteral("sqlite://") + QFileInfo(m_demoWorkload->databasePath()).absoluteFilePath();
    }
    if (!tasksUrlText.isEmpty()) {
        tasksUrl = DatabaseUrl::parse(tasksUrlText, m_config.dataDir, error);
        if (!tasksUrl) {
            *error = QStringLiteral("[tasks] database_url: ") + *error;
            return false;
        }
        if (!Config::readSecret(m_config.tasks.passwordFile, "FORMAUTO_TASKS_DB_PASSWORD", &tasksUrl->password, error))
            return false;
    }

    SystemCollector::Options systemOptions;
    systemOptions.mounts = m_config.monitoring.mounts;
    systemOptions.excludeInterfaces = m_config.monitoring.excludeInterfaces;
    m_system = std::make_unique<SystemCollector>(systemOptions);
    MetricsHistory::Retention retention;
    retention.rawMs = qint64(m_config.monitoring.rawRetentionMinutes) * 60000;
    retention.minuteDays = m_config.monitoring.minuteRollupRetentionDays;
    retention.hourDays = m_config.monitoring.hourRollupRetentionDays;
    m_history = std::make_unique<MetricsHistory>(m_store.get(), fleetHost(m_config), retention);
    m_history->setStoreThread(m_storeThread.get());
    MetricsHub::Options hubOptions;
    hubOptions.intervalMs = m_config.monitoring.intervalSeconds * 1000;
    hubOptions.host = fleetHost(m_config);
    hubOptions.taskTimeoutMs = m_config.tasks.queryTimeoutMs;
    hubOptions.demo = m_demo;
    m_hub = std::make_unique<MetricsHub>(m_clock, m_system.get(), new TaskCollector(tasksUrl, m_config.tasks),
                                         m_history.get(), hubOptions);

    QList<AlertRule> rules = m_config.alerts.defaultRules ? AlertRule::defaults() : QList<AlertRule>{};
    for (const AlertRule &rule : std::as_const(m_config.alerts.rules)) {
        rules.removeIf([&](const AlertRule &r) { return r.name == rule.name; });
        rules.append(rule);
    }
    // The alert engine, escalation and the notifier live on the store thread, over its
    // connection: the loop posts to them (onAlerts) and hears their signals.
    m_alerts = std::make_unique<AlertEngine>(m_storeThread->store(), m_clock, rules);
    // On a shared store every host has its own incidents of the same rule.
    m_alerts->setHost(fleetHost(m_config), m_store->isPostgres());
    m_alerts->moveToThread(m_storeThread->storeThread());
    bool opened = false;
    atStartupOnStore([&] {
        opened = m_alerts->open(error);
        if (opened)
            m_alerts->setMaintenanceWindows(m_config.alerts.maintenance);
    });
    if (!opened)
        return false;
    // Actions are refused while their audit rows cannot be written; operators hear of it.
    m_audit->setHealthHandler([this](bool failing, const QString &action, const QString &why) {
        if (!failing) {
            onAlerts([](AlertEngine &alerts) { alerts.clearCondition(u"audit:write"_qs, QStringLiteral("the audit log is written again")); });
            return;
        }
        AlertEngine::Condition c;
        c.key = u"audit:write"_qs;
        c.rule = u"audit_write_failed"_qs;
        c.level = u"critical"_qs;
        c.title = QStringLiteral("The audit log cannot be written");
        c.message = QStringLiteral("Actions are refused until it can (%1: %2)").arg(action, why.left(300));
        c.messageKey = u"alert.audit_write_failed"_qs;
        c.params = {{u"action"_qs, action}, {u"error"_qs, why.left(300)}};
        onAlerts([c](AlertEngine &alerts) { alerts.raiseCondition(c); });
    });
    // An agent's samples are judged by its hub, with the fleet's rules (its own conditions,
    // a failing health check say, are still raised here).
    if (m_config.fleet.mode != u"agent"_qs) {
        connect(m_hub.get(), &MetricsHub::published, this, [this](const protocol::MetricsSample &sample) {
            // Judged at the time the sample was taken, not when the store thread gets to it.
            m_storeThread->post("samples", [engine = m_alerts.get(), sample, now = m_clock->nowMs()](OpsStore &) { engine->evaluate(sample, now); },
                                StoreThread::Load::Bulk);
        });
    }
    if (!startNotifier(error))
        return false;
    m_tasksUrl = tasksUrl;
    m_performance = std::make_unique<PerformanceMonitor>(m_clock->nowMs());
    m_hub->setPerformanceSource([this](qint64 now) { return m_performance->overall(now); });
    if (!startBackups(tasksUrl, error))
        return false;
    {
        HealthService::Sources sources;
        sources.storeThread = m_storeThread.get();
        sources.host = fleetHost(m_config);
        sources.hub = m_hub.get();
        sources.backups = m_backups.get();
        sources.notifier = m_notifier.get();
        sources.raise = [this](const AlertEngine::Condition &c) { onAlerts([c](AlertEngine &alerts) { alerts.raiseCondition(c); }); };
        sources.clear = [this](const QString &key, const QString &why) {
            onAlerts([key, why](AlertEngine &alerts) { alerts.clearCondition(key, why); });
        };
        sources.performance = m_performance.get();
        BackupPlan plan;
        QString planError;
        if (backupPlan(m_config, tasksUrl, m_store->url(), &plan, &planError))
            sources.serviceDatabase = plan.serviceDatabase;
        sources.staleBackupHours = m_config.backup.staleAfterHours;
        sources.backupScheduled = !m_config.schedule.backup.isEmpty();
        sources.logBacklog = [this] {
            QMutexLocker lock(&m_ownLogMutex);
            return qint64(m_ownLog.size());
        };
        sources.writerQueue = [this] { return m_logWriter ? qint64(m_logWriter->queuedRows()) : 0; };
        sources.fleet = [this] {
            QJsonObject status = m_fleet ? m_fleet->status() : QJsonObject();
            if (m_agent)
                status.insert(u"agent"_qs, m_agent->status().toJson());
            return status;
        };
        m_healthService = std::make_unique<HealthService>(m_clock, m_config.health, sources);
    }
    m_dispatcher = std::make_unique<CommandDispatcher>(m_auth.get(), m_audit.get(), m_hub.get(), m_history.get());
    m_dispatcher->setBackups(m_backups.get(), m_scheduler.get());
    m_dispatcher->setHealth(m_healthService.get(), m_performance.get(), [this] { return diagnose(); });
    m_dispatcher->setAlertEngine(m_alerts.get());
    m_dispatcher->setNotifier(m_notifier.get(), m_escalator.get());
    startFleet();
    m_dispatcher->setFleet(m_fleet.get());
    m_dispatcher->setStoreThread(m_storeThread.get());
    // An in-memory store has nothing a second connection could write to or read: batches
    // are then written before the answer, and nothing reads beside the loop.
    const bool inMemory = m_store->url().kind == DatabaseUrl::Kind::Sqlite && m_store->url().path == u":memory:"_qs;
    if (!inMemory) {
        m_logWriter = new LogWriter(m_store->url());
        m_logWriter->moveToThread(&m_writerThread);
        m_writerThread.setObjectName(QStringLiteral("log-writer"));
        connect(&m_writerThread, &QThread::finished, m_logWriter, &QObject::deleteLater);
        connect(m_logWriter, &LogWriter::failed, this, [](const QString &e) {
            qCWarning(lcOps).noquote() << "writing a log batch failed:" << e;
        });
        m_writerThread.start();
    }
    m_dispatcher->setLogStore(m_logs.get(), m_logWriter, m_config.logs.maxBatchBytes);
    m_dispatcher->setRawSampleKeepMs(qint64(m_config.monitoring.rawRetentionMinutes) * 60000);
    // Agents prune nothing on their hub: their rollups and health runs go with the leader's
    // retention, hourly.
    if (m_store->url().path != u":memory:"_qs) {
        auto *prune = new QTimer(this);
        prune->setInterval(3600000);
        connect(prune, &QTimer::timeout, this, [this] {
            if (m_fleet && !m_fleet->isLeader())
                return; // one member prunes, with one retention (the leader's)
            m_storeThread->post("agents prune", [now = m_clock->nowMs(), minute = m_config.monitoring.minuteRollupRetentionDays,
                                                 hour = m_config.monitoring.hourRollupRetentionDays](OpsStore &store) {
                QString why;
                if (!agentingest::pruneAgents(store.database(), now, minute, hour, 7, &why))
                    qCWarning(lcOps).noquote() << "pruning the agents' history failed:" << why;
            }, StoreThread::Load::Bulk);
        });
        prune->start();
    }
    if (m_config.fleet.mode == u"agent"_qs && !startAgent(error))
        return false;
    if (!inMemory) {
        m_reader = std::make_unique<StoreReader>(m_store->url(), m_logs->limits());
        m_dispatcher->setStoreReader(m_reader.get());
    }
    m_server = std::make_unique<OpsServer>(m_config.server, m_dispatcher.get(), m_auth.get(), m_hub.get());
    connect(m_dispatcher.get(), &CommandDispatcher::tokenRevoked, m_server.get(), &OpsServer::closeSessionsOfToken);
    m_server->setDataDir(m_config.dataDir);
    m_server->setHealthProbe([this] { return healthReport(); });
    m_server->setStoreThread(m_storeThread.get());
    m_server->setHostName(fleetHost(m_config));
    // Other hosts' live samples, for the clients that watch them (metrics.watch).
    connect(m_server.get(), &OpsServer::watchedHostsChanged, m_fleet.get(), &FleetMember::setWatched);
    connect(m_fleet.get(), &FleetMember::relayed, m_server.get(), &OpsServer::relay);
    connect(m_healthService.get(), &HealthService::reportReady, m_fleet.get(), &FleetMember::setHealth);
    connect(m_healthService.get(), &HealthService::reportReady, m_server.get(), [this](const QJsonObject &report) {
        m_server->broadcast(protocol::Type::HealthUpdate, 0, report);
    });
    connect(m_alerts.get(), &AlertEngine::changed, m_server.get(), [this](const protocol::Alert &a) {
        m_server->broadcast(protocol::Type::AlertUpdate, a.seq, a.toJson());
    });
    // Backup jobs: progress to every console; while one runs, its own side effects (load, disk)
    // page nobody.
    connect(m_backups.get(), &BackupService::progress, m_server.get(), [this](const QJsonObject &update) {
        onAlerts([until = m_clock->nowMs() + 6LL * 3600 * 1000](AlertEngine &alerts) { alerts.beginMaintenance(u"backup job"_qs, until); });
        m_server->broadcast(protocol::Type::BackupProgress, 0, update);
    });
    connect(m_backups.get(), &BackupService::finished, m_server.get(), [this](const QJsonObject &update) {
        onAlerts([](AlertEngine &alerts) { alerts.endMaintenance(u"backup job"_qs); });
        m_server->broadcast(protocol::Type::BackupProgress, 0, update);
    });
    if (!m_server->listen(error))
        return false;
    if (m_demo && !writeDemoToken(error))
        return false;
    m_hub->start();
    m_healthService->start();
    m_server->setReady(true);
    // The daemon's own log goes into the same store, in batches.
    JsonLogger::setSink([this](const QByteArray &line) {
        QMutexLocker lock(&m_ownLogMutex);
        if (m_ownLog.size() >= 10000) {
            m_ownLog.removeFirst(); // a store that cannot keep up must not take the memory with it
            ++m_ownLogDropped;
        }
        m_ownLog.append(line);
    });
    startFollowingFiles();
    connect(&m_logFlush, &QTimer::timeout, this, [this] { flushOwnLog(); });
    m_logFlush.start(2000);
    applyLogRetention().then(this, [](const QString &e) { // then on the schedule
        if (!e.isEmpty())
            qCWarning(lcOps).noquote() << "log retention failed:" << e;
    });
    m_scheduler->start();
    JsonLogger::log(QtInfoMsg, "formauto.ops", QStringLiteral("formauto-opsd listening"),
                    {{u"address"_qs, m_config.server.host}, {u"port"_qs, m_server->port()},
                     {u"data_dir"_qs, m_config.dataDir}, {u"store"_qs, m_store->url().display()},
                     {u"tasks"_qs, tasksUrl ? tasksUrl->display() : QString()}, {u"demo"_qs, m_demo},
                     {u"interval_seconds"_qs, m_config.monitoring.intervalSeconds}});
    return true;
}

bool Daemon::writeDemoToken(QString *error)
{
    // The demo's console and scripts connect with this admin API token (0600, data dir only).
    const QString path = QDir(m_config.dataDir).filePath(QStringLiteral("demo-admin-token"));
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QString token = QString::fromUtf8(existing.readLine(512)).trimmed();
        if (m_auth->authenticate(token))
            return true;
    }
    QString id, code;
    const std::optional<QString> token = m_auth->createApiToken(QStringLiteral("admin"), QStringLiteral("demo console"),
                                                                protocol::Role::Admin, -1, &id, &code, error);
    if (!token)
        return false;
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    file.write(token->toUtf8() + '\n');
    return true;
}

bool Daemon::startNotifier(QString *error)
{
    const Config::Notify &n = m_config.notify;
    QList<Channel> channels;
    auto secretUrl = [&](const QString &file, const char *env, const QString &name, Channel::Kind kind) {
        QString url;
        if (!Config::readSecret(file, env, &url, error))
            return false;
        if (url.isEmpty())
            return true;
        Channel c;
        c.name = name;
        c.kind = kind;
        c.url = QUrl(url, QUrl::StrictMode);
        c.allowCidrs = n.allowDestinations;
        if (!c.url.isValid() || (c.url.scheme() != u"https"_qs && c.url.scheme() != u"http"_qs)) {
            *error = QStringLiteral("[notify] the %1 URL must be an https URL").arg(name); // the URL itself is a secret
            return false;
        }
        channels.append(c);
        return true;
    };
    if (!secretUrl(n.slackWebhookUrlFile, "FORMAUTO_SLACK_WEBHOOK_URL", QStringLiteral("slack"), Channel::Kind::Slack)
        || !secretUrl(n.webhookUrlFile, "FORMAUTO_WEBHOOK_URL", QStringLiteral("webhook"), Channel::Kind::Webhook))
        return false;
    if (!n.smtpUrl.isEmpty()) {
        Channel c;
        c.name = QStringLiteral("email");
        c.kind = Channel::Kind::Email;
        c.url = QUrl(n.smtpUrl, QUrl::StrictMode);
        c.startTls = n.smtpStartTls;
        c.username = n.smtpUsername;
        c.from = n.emailFrom;
        c.to = n.emailTo;
        c.allowCidrs = n.allowDestinations;
        if (!Config::readSecret(n.smtpPasswordFile, "FORMAUTO_SMTP_PASSWORD", &c.password, error))
            return false;
        if (!c.url.isValid() || c.from.isEmpty() || c.to.isEmpty()) {
            *error = QStringLiteral("[notify] email needs smtp_url, email_from and email_to");
            return false;
        }
        channels.append(c);
    }
    m_notifier = std::make_unique<Notifier>(m_storeThread->store(), m_clock, channels,
                                            Notifier::Routes{n.routeInfo, n.routeWarning, n.routeError, n.routeCritical});
    m_notifier->setRetryInitialMs(qint64(n.retryInitialSeconds) * 1000);
    m_notifier->setDeliverer(fleetHost(m_config));
    // Every attempt goes into the alert's timeline; a channel failing again and again is an
    // alert of its own (sent through the channels that still work), cleared by a success.
    m_notifier->moveToThread(m_storeThread->storeThread());
    // On the store thread, with the notifier and the engine: the failures in a row are counted there.
    connect(m_notifier.get(), &Notifier::attempted, m_notifier.get(),
            [this](const QString &alertId, const QString &channel, bool ok, const QString &why, int attempts) {
                if (!alertId.isEmpty() && !alertId.startsWith(u"digest:"_qs))
                    m_alerts->recordEvent(alertId, ok ? u"notified"_qs : u"notification_failed"_qs,
                                          ok ? QJsonObject{{u"channel"_qs, channel}, {u"attempt"_qs, attempts}}
                                             : QJsonObject{{u"channel"_qs, channel}, {u"attempt"_qs, attempts}, {u"error"_qs, why}});
                if (alertId.startsWith(u"digest:"_qs) && ok)
                    qCInfo(lcOps).noquote() << "diagnosis digest delivered via" << channel;
                const QString key = u"channel:"_qs + channel;
                if (ok) {
                    m_channelFailures.remove(channel);
                    m_alerts->clearCondition(key, QStringLiteral("delivered again"));
                    return;
                }
                if (++m_channelFailures[channel] < m_config.alerts.channelFailureAttempts)
                    return;
                AlertEngine::Condition c;
                c.key = key;
                c.rule = QStringLiteral("channel_failing");
                c.level = QStringLiteral("error");
                c.title = QStringLiteral("Notification channel %1 is failing").arg(channel);
                c.message = QStringLiteral("%1 deliveries in a row failed; last error: %2").arg(m_channelFailures.value(channel)).arg(why);
                c.messageKey = QStringLiteral("alert.channel_failing");
                c.params = {{u"channel"_qs, channel}, {u"failures"_qs, m_channelFailures.value(channel)}, {u"error"_qs, why}};
                c.labels = {{u"channel"_qs, channel}};
                m_alerts->raiseCondition(c);
            });
    atStartupOnStore([this] { m_notifier->start(); });
    const auto policy = EscalationPolicy::parse(n.escalation, n.reminderMinutes, error);
    if (!policy) {
        *error = QStringLiteral("[notify] escalation: ") + *error;
        return false;
    }
    m_escalator = std::make_unique<Escalator>(m_alerts.get(), m_clock, *policy);
    m_escalator->moveToThread(m_storeThread->storeThread());
    connect(m_escalator.get(), &Escalator::notify, m_notifier.get(), &Notifier::enqueueTo);
    atStartupOnStore([this] { m_escalator->start(); });
    return true;
}

void Daemon::startFleet()
{
    FleetMember::Options options;
    options.host = fleetHost(m_config);
    options.version = QCoreApplication::applicationVersion();
    options.addresses = {QStringLiteral("%1:%2").arg(m_config.server.host).arg(m_config.server.port)};
    if (m_config.fleet.mode == u"agent"_qs)
        options.role = u"agent"_qs;
    options.heartbeatMs = m_config.monitoring.intervalSeconds * 1000;
    options.downAfterMs = fleetDownAfterMs(m_config);
    options.rawKeepMs = qint64(m_config.monitoring.rawRetentionMinutes) * 60000;
    m_fleet = std::make_unique<FleetMember>(m_store->url(), options, m_clock);
    // What the Fleet page shows of this host, sent with each heartbeat (which adds the open
    // alerts, counted in the store).
    connect(m_hub.get(), &MetricsHub::published, this, [this](const protocol::MetricsSample &sample) {
        const QJsonObject summary = fleetSummary(sample);
        m_fleet->setSummary(summary);
        m_fleet->addSample(sample);
    });
    // The singleton duties follow the leadership.
    atStartupOnStore([this] { m_escalator->setActive(false); });
    connect(m_fleet.get(), &FleetMember::leadershipChanged, this, [this](bool leader, qint64 term) {
        m_storeThread->post("leadership", [this, leader](OpsStore &) {
            m_hostUp.clear(); // a new leader checks every host once
            m_escalator->setActive(leader);
        });
        m_scheduler->setLeader(leader, term);
    });
    // A rule or a silence set through another member applies here from its next heartbeat on.
    connect(m_fleet.get(), &FleetMember::sharedChanged, this, [this] {
        onAlerts([](AlertEngine &alerts) {
            QString why;
            if (!alerts.reloadShared(&why))
                qCWarning(lcOps).noquote() << "reading the fleet's rules and silences failed:" << why;
        });
    });
    connect(m_fleet.get(), &FleetMember::hostsChanged, this, [this](const QList<FleetHost> &hosts) {
        if (!m_fleet->isLeader())
            return;
        // On the store thread, with the engine (m_hostUp lives there).
        m_storeThread->post("hosts down", [this, hosts, own = m_fleet->host(), downAfterMs = m_fleet->downAfterMs()](OpsStore &) {
            checkHostsDown(hosts, own, downAfterMs);
        });
    });
    m_fleet->start();
}

bool Daemon::startAgent(QString *error)
{
    // The hub's address and how its certificate is checked; the token from its file (0600).
    AgentLink::Options options;
    options.host = fleetHost(m_config);
    options.version = QCoreApplication::applicationVersion();
    options.addresses = {QStringLiteral("%1:%2").arg(m_config.server.host).arg(m_config.server.port)};
    options.startedMs = m_startedMs > 0 ? m_startedMs : m_clock->nowMs();
    options.intervalMs = m_config.monitoring.intervalSeconds * 1000;
    options.maxBufferBytes = qint64(m_config.fleet.bufferMaxMb) * 1024 * 1024;
    options.bufferPath = QDir(m_config.dataDir).filePath(u"agent-buffer.sqlite"_qs);
    const auto url = AgentLink::pushUrlOf(m_config.fleet.hubUrl);
    if (!url) {
        *error = QStringLiteral("[fleet] hub_url is not a hub's address: %1").arg(m_config.fleet.hubUrl.left(200));
        return false;
    }
    options.pushUrl = *url;
    QString token;
    if (!Config::readSecret(m_config.fleet.tokenFile, "FORMAUTO_AGENT_TOKEN", &token, error))
        return false;
    if (token.size() < 16) {
        *error = QStringLiteral("[fleet] token_file %1 holds no agent token (formauto-opsd fleet agent-token %2 on the hub prints one)")
                     .arg(m_config.fleet.tokenFile, options.host);
        return false;
    }
    options.token = token.toLatin1();
    if (!m_config.fleet.hubCaFile.isEmpty()) {
        options.caCertificates = QSslCertificate::fromPath(m_config.fleet.hubCaFile, QSsl::Pem);
        if (options.caCertificates.isEmpty()) {
            *error = QStringLiteral("[fleet] hub_ca_file %1 holds no PEM certificate").arg(m_config.fleet.hubCaFile);
            return false;
        }
    }
    if (!m_config.fleet.hubFingerprint.isEmpty())
        options.fingerprint = QByteArray::fromHex(m_config.fleet.hubFingerprint.toLatin1().replace(':', ""));
    if (!m_config.fleet.tlsCertFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_config.fleet.tlsCertFile, QSsl::Pem);
        QFile keyFile(m_config.fleet.tlsKeyFile);
        if (certs.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("[fleet] tls_cert_file %1 and tls_key_file %2 must be a PEM certificate and its key")
                         .arg(m_config.fleet.tlsCertFile, m_config.fleet.tlsKeyFile);
            return false;
        }
        const QByteArray pem = keyFile.read(64 * 1024);
        QSslKey key(pem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull()) {
            *error = QStringLiteral("[fleet] tls_key_file %1 holds no EC or RSA private key (PEM, not encrypted)").arg(m_config.fleet.tlsKeyFile);
            return false;
        }
        options.clientCertificate = certs.first();
        options.clientKey = key;
    }
    m_agent = std::make_unique<AgentLink>(options);
    if (!m_agent->start(error)) {
        *error = QStringLiteral("the agent buffer cannot be opened: ") + *error;
        return false;
    }
    connect(m_hub.get(), &MetricsHub::published, m_agent.get(), [this](const protocol::MetricsSample &sample) {
        const QJsonObject summary = fleetSummary(sample);
        m_agent->setSummary(summary);
        m_agent->addSample(sample);
    });
    connect(m_healthService.get(), &HealthService::reportReady, m_agent.get(), [this](const QJsonObject &report) { m_agent->setHealth(report); });
    if (m_logWriter) {
        // Set on the writer's own thread (it runs already): what it commits from now on.
        QMetaObject::invokeMethod(m_logWriter, [writer = m_logWriter, agent = m_agent.get()] {
            writer->setOnCommitted([agent](const QList<LogStore::Row> &rows) { agent->addLogs(rows); });
        }, Qt::BlockingQueuedConnection);
    }
    qCInfo(lcOps).noquote() << "agent of the hub at" << url->toString(QUrl::RemovePath) << "as host" << options.host;
    return true;
}

void Daemon::checkHostsDown(const QList<FleetHost> &hosts, const QString &ownHost, int downAfterMs)
{
    // The store is asked only when a host changes between up and down (or for every host once
    // after this member took the lead); a refused write is tried again on the next heartbeat.
    for (const FleetHost &h : hosts) {
        if (h.host == ownHost)
            continue;
        const auto known = m_hostUp.constFind(h.host);
        if (known != m_hostUp.constEnd() && *known == h.up)
            continue;
        if (h.up) {
            if (m_alerts->clearHostCondition(h.host, u"host_down"_qs, QStringLiteral("the host heartbeats again")))
                m_hostUp.insert(h.host, true);
            continue;
        }
        AlertEngine::Condition c;
        c.key = u"host_down"_qs;
        c.rule = u"host_down"_qs;
        c.level = u"critical"_qs;
        c.title = QStringLiteral("Host %1 is down").arg(h.host);
        c.message = QStringLiteral("No heartbeat from %1 since %2 (down after %3 s)")
                        .arg(h.host, protocol::isoTimestamp(h.lastSeenMs)).arg(downAfterMs / 1000);
        c.messageKey = u"alert.host_down"_qs;
        c.params = {{u"host"_qs, h.host}, {u"last_seen"_qs, protocol::isoTimestamp(h.lastSeenMs)},
                    {u"down_after_seconds"_qs, downAfterMs / 1000}};
        c.labels = {{u"host"_qs, h.host}};
        if (m_alerts->raiseHostCondition(h.host, c))
            m_hostUp.insert(h.host, false);
    }
}

bool Daemon::backupPlan(const Config &config, const std::optional<DatabaseUrl> &tasksUrl, const DatabaseUrl &storeUrl, BackupPlan *plan,
                        QString *error)
{
    const Config::Backup &b = config.backup;
    plan->directory = b.directory.isEmpty() ? QDir(config.dataDir).filePath(u"backups"_qs) : b.directory;
    plan->compression = b.compression == u"gzip"_qs ? ArchiveWriter::Compression::Gzip : ArchiveWriter::Compression::Zstd;
    plan->level = b.compressionLevel;
    plan->threads = b.threads;
    plan->directories = b.directories;
    plan->host = fleetHost(config);
    plan->policy.maxEntryBytes = b.maxEntryBytes;
    if (!b.serviceDatabaseUrl.isEmpty()) {
        plan->serviceDatabase = DatabaseUrl::parse(b.serviceDatabaseUrl, config.dataDir, error);
        if (!plan->serviceDatabase) {
            *error = u"[backup] service_database_url: "_qs + *error;
            return false;
        }
        if (!Config::readSecret(b.servicePasswordFile, "FORMAUTO_BACKUP_DB_PASSWORD", &plan->serviceDatabase->password, error))
            return false;
    } else {
        plan->serviceDatabase = tasksUrl;
        if (plan->serviceDatabase && !b.servicePasswordFile.isEmpty()
            && !Config::readSecret(b.servicePasswordFile, "FORMAUTO_BACKUP_DB_PASSWORD", &plan->serviceDatabase->password, error))
            return false;
    }
    if (b.includeOpsStore)
        plan->opsStore = storeUrl;
    return true;
}

bool Daemon::startBackups(const std::optional<DatabaseUrl> &tasksUrl, QString *error)
{
    BackupService::Options options;
    if (!backupPlan(m_config, tasksUrl, m_store->url(), &options.plan, error))
        return false;
    const Config::Backup &b = m_config.backup;
    options.retention = {b.keepLast, b.keepDaily, b.keepWeekly, b.keepMonthly, b.maxAgeDays};
    options.zone = m_config.schedule.timeZone.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(m_config.schedule.timeZone.toUtf8());
    options.staleAfterHours = b.staleAfterHours;
    m_backups = std::make_unique<BackupService>(m_store.get(), m_clock, options);
    if (!m_backups->open(error))
        return false;
    m_startedMs = m_clock->nowMs();

    m_scheduler = std::make_unique<Scheduler>(m_store.get(), m_clock, options.zone);
    m_scheduler->setStoreThread(m_storeThread.get());
    const bool inMemory = m_store->url().kind == DatabaseUrl::Kind::Sqlite && m_store->url().path == u":memory:"_qs;
    if (!inMemory) {
        // Only the leader runs the schedule; each slot is claimed under its term (startFleet).
        Scheduler::Fleet fleet;
        fleet.host = fleetHost(m_config);
        fleet.load = [this](const QStringList &jobs, qint64 seed) { return m_fleet->loadSlots(jobs, seed); };
        fleet.claim = [this](const QString &job, qint64 slot) {
            return m_fleet->claimSlot(job, slot).then([](int won) {
                return won > 0 ? Scheduler::Claim::Won : won == 0 ? Scheduler::Claim::Taken : Scheduler::Claim::Failed;
            });
        };
        m_scheduler->setFleet(fleet);
    }
    // A backup job as a scheduled job: done when the service says its job finished.
    auto backupJob = [this](BackupService::Kind kind, bool newest) {
        return [this, kind, newest](Scheduler::Done done) {
            QString name;
            if (kind != BackupService::Kind::Create) {
                QString e;
                const QJsonArray list = m_backups->list(&e);
                for (const QJsonValue &v : list) { // newest first; verify the newest not yet verified
                    const QJsonObject b = v.toObject();
                    if (!m_backups->isOwn(b.value(u"host"_qs).toString()))
                        continue; // in another member's directory
                    if (newest || b.value(u"verify_ok"_qs).isNull()) {
                        name = b.value(u"name"_qs).toString();
                        break;
                    }
                }
                if (name.isEmpty()) {
                    done(!list.isEmpty(), {list.isEmpty() ? u"job.no_backup"_qs : u"job.all_verified"_qs, {}});
                    return;
                }
            }
            const BackupService::Started started = m_backups->start(kind, name, u"schedule"_qs);
            if (!started.errorCode.isEmpty()) {
                done(false, started.message);
                return;
            }
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection = connect(m_backups.get(), &BackupService::finished, this, [connection, done, id = started.jobId](const QJsonObject &u) {
                if (u.value(u"job_id"_qs).toString() != id)
                    return;
                QObject::disconnect(*connection);
                done(u.value(u"state"_qs).toString() == u"done"_qs, {u.value(u"message_key"_qs).toString(), u.value(u"params"_qs).toObject()});
            });
        };
    };
    const Config::Schedule &s = m_config.schedule;
    const std::pair<QString, QString> crons[] = {{u"backup"_qs, s.backup}, {u"verify"_qs, s.verify}, {u"restore_drill"_qs, s.restoreDrill},
                                                 {u"retention"_qs, s.retention}, {u"log_retention"_qs, s.logRetention},
                                                 {u"diagnosis"_qs, s.diagnosis}, {u"digest"_qs, s.digest}};
    for (const auto &[job, cron] : crons) {
        if (cron.isEmpty())
            continue; // turned off
        Scheduler::Runner runner;
        if (job == u"backup"_qs)
            runner = backupJob(BackupService::Kind::Create, true);
        else if (job == u"verify"_qs)
            runner = backupJob(BackupService::Kind::Verify, false);
        else if (job == u"restore_drill"_qs)
            runner = backupJob(BackupService::Kind::Drill, true);
        else if (job == u"retention"_qs)
            runner = [this](Scheduler::Done done) {
                QString e;
                const QStringList deleted = m_backups->applyRetention(&e);
                done(e.isEmpty(), e.isEmpty() ? protocol::Message{u"job.retention_done"_qs, {{u"count"_qs, int(deleted.size())}, {u"names"_qs, deleted.join(u", ")}}}
                                              : protocol::Message{u"job.failed"_qs, {{u"error"_qs, e}}});
            };
        else if (job == u"digest"_qs)
            runner = [this](Scheduler::Done done) {
                diagnose().then(this, [this, done](const QList<Finding> &findings) {
                    const diagnosis::Digest d = diagnosis::digest(findings, m_clock->nowMs(), m_config.schedule.digestLanguage);
                    const int count = int(findings.size());
                    m_storeThread
                        ->call([notifier = m_notifier.get(), reference = u"digest:"_qs + QString::number(m_clock->nowMs()), d](OpsStore &) {
                            return notifier->enqueueEmail(reference, d.subject, d.plain, d.html);
                        })
                        .then(this, [done, count](bool queued) {
                            done(queued, queued ? protocol::Message{u"job.digest_queued"_qs, {{u"findings"_qs, count}}}
                                                : protocol::Message{u"job.no_email"_qs, {}});
                        })
                        .onFailed(this, [done] { done(false, protocol::Message{u"job.store_busy"_qs, {}}); });
                })
                .onFailed(this, [done] { done(false, protocol::Message{u"job.store_busy"_qs, {}}); });
            };
        else if (job == u"diagnosis"_qs)
            runner = [this](Scheduler::Done done) {
                diagnose().then(this, [done](const QList<Finding> &findings) {
                    QStringList rules;
                    for (const Finding &f : findings)
                        rules << f.severity + u':' + f.rule;
                    done(true, rules.isEmpty() ? protocol::Message{u"job.diagnosis_clean"_qs, {}}
                                               : protocol::Message{u"job.diagnosis_done"_qs, {{u"findings"_qs, int(findings.size())}, {u"rules"_qs, rules.join(u", ")}}});
                })
                .onFailed(this, [done] { done(false, protocol::Message{u"job.store_busy"_qs, {}}); });
            };
        else
            runner = [this](Scheduler::Done done) {
                applyLogRetention().then(this, [done](const QString &e) {
                    done(e.isEmpty(), e.isEmpty() ? protocol::Message{u"job.log_retention_done"_qs, {}} : protocol::Message{u"job.failed"_qs, {{u"error"_qs, e}}});
                });
            };
        if (!m_scheduler->addJob(job, cron, runner, error))
            return false;
    }
    if (!m_scheduler->open(error))
        return false;
    // A scheduled job that fails is an alert until it succeeds again.
    connect(m_scheduler.get(), &Scheduler::jobFinished, this, [this](const QString &job, bool ok, const QString &message) {
        const QString key = u"job:"_qs + job;
        if (ok) {
            onAlerts([key](AlertEngine &alerts) { alerts.clearCondition(key, QStringLiteral("the job succeeded again")); });
            return;
        }
        AlertEngine::Condition c;
        c.key = key;
        c.rule = job == u"backup"_qs ? u"backup_failed"_qs : u"job_failed"_qs;
        c.level = job == u"backup"_qs || job == u"restore_drill"_qs || job == u"verify"_qs ? u"error"_qs : u"warning"_qs;
        c.title = QStringLiteral("Scheduled job %1 failed").arg(job);
        c.message = message.left(500);
        c.messageKey = u"alert.job_failed"_qs;
        c.params = {{u"job"_qs, job}, {u"error"_qs, message.left(500)}};
        c.labels = {{u"job"_qs, job}};
        onAlerts([c](AlertEngine &alerts) { alerts.raiseCondition(c); });
    });
    return true;
}

namespace {
// What follows the log files, on its own thread: its store connection, a log store over it
// and the tailer, destroyed in that order, on that thread.
class FollowState final : public QObject {
public:
    ~FollowState() override
    {
        tailer.reset();
        logs.reset();
        store.reset();
    }
    std::unique_ptr<OpsStore> store;
    std::unique_ptr<LogStore> logs;
    std::unique_ptr<LogTailer> tailer;
};
} // namespace

void Daemon::startFollowingFiles()
{
    if (m_config.logs.files.isEmpty())
        return;
    const DatabaseUrl url = m_store->url();
    if (url.kind == DatabaseUrl::Kind::Sqlite && url.path == u":memory:"_qs) {
        // Nothing a second connection could write to: on the event loop.
        m_tailer = std::make_unique<LogTailer>(m_logs.get(), m_store.get(), m_config.logs.files, m_clock);
        m_tailer->start();
        return;
    }
    // Its own thread: the backlog of a large file (hundreds of MB at a first start, or a
    // rotated file read to its end) is read, parsed and stored there, never on the loop.
    auto *state = new FollowState;
    state->moveToThread(&m_followThread);
    m_followThread.setObjectName(QStringLiteral("log-follow"));
    connect(&m_followThread, &QThread::finished, state, [state] { delete state; }, Qt::DirectConnection);
    m_followThread.start();
    QMetaObject::invokeMethod(state, [state, url, limits = m_logs->limits(), files = m_config.logs.files, clock = m_clock] {
        state->store = std::make_unique<OpsStore>(url, QStringLiteral("log-follow"));
        QString error;
        if (!state->store->open(&error)) {
            qCWarning(lcOps).noquote() << "log files cannot be followed, the store does not open:" << error;
            return;
        }
        markBackgroundWriter(state->store->database()); // the event loop's writes go first
        state->logs = std::make_unique<LogStore>(state->store.get(), limits);
        state->tailer = std::make_unique<LogTailer>(state->logs.get(), state->store.get(), files, clock);
        state->tailer->start();
    });
}

QFuture<QString> Daemon::applyLogRetention()
{
    if (!m_logWriter) {
        QString error;
        m_logs->applyRetention(m_store->database(), m_clock->nowMs(), &error);
        return QtFuture::makeReadyFuture(error);
    }
    // On the writer's thread, a few slices per turn: deleting a day of old lines takes
    // seconds on a large store, and batches waiting to be stored go in between.
    auto promise = std::make_shared<QPromise<QString>>();
    promise->start();
    QFuture<QString> done = promise->future();
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, promise, step, now = m_clock->nowMs()] {
        m_logWriter->run([logs = m_logs.get(), now, promise, step](QSqlDatabase db) {
            QString error;
            bool more = false;
            const bool ok = logs->applyRetention(db, now, &error, 20, &more);
            if (ok && more && !QThread::currentThread()->isInterruptionRequested()) {
                (*step)(); // queued behind what waits for the writer now
                return QString();
            }
            promise->addResult(ok ? QString() : (error.isEmpty() ? u"log retention failed"_qs : error));
            promise->finish();
            *step = nullptr; // breaks the cycle
            return QString();
        });
    };
    (*step)();
    return done;
}

void Daemon::flushOwnLog(bool now)
{
    QByteArrayList lines;
    {
        QMutexLocker lock(&m_ownLogMutex);
        lines.swap(m_ownLog);
    }
    if (lines.isEmpty())
        return;
    auto failed = [](const QString &error) {
        JsonLogger::setSink({}); // its own failure would feed it again
        qCWarning(lcOps).noquote() << "the daemon's log can no longer be stored:" << error;
    };
    if (!now && m_logWriter) {
        // Parsed and written off the event loop, like any other batch.
        m_logWriter->submit(m_logs.get(), lines.join('\n'), QStringLiteral("formauto-opsd"), m_clock->nowMs())
            .then(this, [this, failed, n = lines.size()](const LogWriter::Outcome &outcome) {
                if (outcome.status == LogWriter::Outcome::Status::Failed)
                    failed(outcome.error);
                if (outcome.status == LogWriter::Outcome::Status::Busy) {
                    QMutexLocker lock(&m_ownLogMutex);
                    m_ownLogDropped += n; // the writer is behind the service's own batches
                }
            });
        return;
    }
    QString error;
    m_logs->ingest(lines.join('\n'), QStringLiteral("formauto-opsd"), m_clock->nowMs(), &error);
    if (!error.isEmpty())
        failed(error);
}

void Daemon::shutdown()
{
    JsonLogger::setSink({});
    if (m_logs)
        flushOwnLog(true); // before the writer stops
    if (m_hub)
        m_hub->stop();
    if (m_history)
        m_history->flush();
}

quint16 Daemon::port() const
{
    return m_server ? m_server->port() : 0;
}

void Daemon::onAlerts(std::function<void(AlertEngine &)> job)
{
    m_storeThread->post("alerts", [engine = m_alerts.get(), job = std::move(job)](OpsStore &) { job(*engine); });
}

void Daemon::runOnStoreAndWait(const std::function<void()> &job)
{
    m_storeThread->runAtStartup(job);
}

void Daemon::atStartupOnStore(const std::function<void()> &job)
{
    m_storeThread->runAtStartup(job);
}

QFuture<QList<Finding>> Daemon::diagnose()
{
    const qint64 now = m_clock->nowMs();
    DiagnosisInput in;
    in.nowMs = now;
    in.health = m_healthService->report();
    in.backupScheduled = !m_config.schedule.backup.isEmpty();
    in.runningSinceMs = m_startedMs;
    in.staleBackupHours = m_config.backup.staleAfterHours;
    in.clockSkewLimitSeconds = m_config.health.clockSkewSeconds;
    in.certificateWarningDays = m_config.health.certificateWarningDays;
    in.tasks.limitMinutes = m_config.health.stuckTaskMinutes;
    // The last six hours of figures, the backups and the log figures come from a store reader,
    // off the event loop, the log queries under the query budget.
    const MetricsHistory::Plan recent = m_history->plan(now - 6 * 3600000LL, now, 60);
    const std::optional<protocol::MetricsSample> latest = m_hub->latest() ? std::optional(*m_hub->latest()) : std::nullopt;
    auto readStore = [now, recent, latest, in](const LogStore *logs, OpsStore &store) mutable {
        QString error;
        for (const QJsonValue &v : MetricsHistory::run(recent, store.database(), &error)) {
            QString why;
            if (auto sample = protocol::MetricsSample::fromJson(v.toObject(), &why))
                in.recent.append(*sample);
        }
        if (latest && (in.recent.isEmpty() || in.recent.last().timestampMs < latest->timestampMs))
            in.recent.append(*latest);
        error.clear();
        in.backups = BackupService::list(store.database(), &error);
        error.clear();
        DiagnosisInput::Logs &figures = in.logs;
        const QueryBudget budget(store.database(), store.isPostgres(), logs->limits().queryBudgetMs);
        LogQuery errors;
        figures.errorsRecent = qint64(logs->errorRate(errors, now - 15 * 60000, now, &error).value(u"errors"_qs).toDouble());
        figures.baselinePerMinute = logs->errorRate(errors, now - 195 * 60000, now - 15 * 60000, &error).value(u"errors"_qs).toDouble() / 180.0;
        if (figures.errorsRecent > 0) {
            LogQuery lines;
            lines.levels = {u"ERROR"_qs, u"CRITICAL"_qs};
            lines.fromMs = now - 15 * 60000;
            lines.toMs = now;
            for (const QJsonValue &row : logs->search(lines, 5, 0, &error).rows)
                figures.sampleLines << row.toObject().value(u"message"_qs).toString().left(300);
        }
        return in;
    };
    QFuture<DiagnosisInput> fromStore;
    std::optional<QFuture<DiagnosisInput>> onReader;
    if (m_reader)
        onReader = m_reader->run([readStore](StoreReader::Context &c) mutable { return readStore(&c.logs, c.store); });
    fromStore = onReader ? *onReader : QtFuture::makeReadyFuture(readStore(m_logs.get(), *m_store));
    // The open alerts from the engine, on its thread.
    QFuture<DiagnosisInput> gathered = fromStore
                                           .then(this,
                                                 [this](const DiagnosisInput &read) {
                                                     return m_storeThread
                                                         ->call([engine = m_alerts.get()](OpsStore &) {
                                                             QString why;
                                                             return engine->list(true, 200, &why);
                                                         })
                                                         .then(this, [in = read](const QList<protocol::Alert> &active) mutable {
                                                             in.activeAlerts = active;
                                                             return in;
                                                         });
                                                 })
                                           .unwrap();
    if (!m_tasksUrl)
        return gathered.then([](const DiagnosisInput &input) { return diagnosis::run(input); });
    // Stuck tasks: one query on the service database, off the event loop.
    const DatabaseUrl url = *m_tasksUrl;
    const Config::Tasks tasks = m_config.tasks;
    const int limit = m_config.health.stuckTaskMinutes;
    auto stuckTasks = [url, tasks, now, limit] {
        DiagnosisInput::Tasks t;
        t.limitMinutes = limit;
        const QString name = u"diagnosis-"_qs + QUuid::createUuid().toString(QUuid::Id128);
        QString why;
        if (openDatabase(url, name, true, &why)) {
            {
                QSqlQuery q(QSqlDatabase::database(name, false));
                // Identifiers were checked when the config was read.
                q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ? AND %1 IS NOT NULL LIMIT 10000")
                              .arg(tasks.startedAtColumn, tasks.table, tasks.statusColumn));
                q.addBindValue(tasks.runningStatus);
                if (q.exec()) {
                    t.available = true;
                    while (q.next()) {
                        QDateTime started = q.value(0).toDateTime();
                        if (!started.isValid() || q.value(0).typeId() == QMetaType::QString) {
                            started = QDateTime::fromString(q.value(0).toString().replace(u' ', u'T').left(19), Qt::ISODate);
                            started.setTimeZone(QTimeZone::utc());
                        }
                        if (!started.isValid())
                            continue;
                        const double minutes = double(now - started.toMSecsSinceEpoch()) / 60000.0;
                        if (minutes > limit) {
                            ++t.stuck;
                            t.oldestRunningMinutes = std::max(t.oldestRunningMinutes, minutes);
                        }
                    }
                }
            }
        }
        closeDatabase(name);
        return t;
    };
    return gathered
        .then(this, [this, stuckTasks](DiagnosisInput input) {
            return QtConcurrent::run(stuckTasks).then(this, [input](const DiagnosisInput::Tasks &t) mutable {
                input.tasks = t;
                return diagnosis::run(input);
            });
        })
        .unwrap();
}

QJsonObject Daemon::healthReport() const
{
    const QJsonObject report = m_healthService ? m_healthService->report() : QJsonObject();
    if (!report.isEmpty())
        return report;
    // Until the first run of the checks ends (milliseconds after start): not known to be healthy.
    return {{u"overall_status"_qs, u"unhealthy"_qs}, {u"starting"_qs, true}, {u"timestamp"_qs, protocol::isoTimestamp(m_clock->nowMs())},
            {u"checks"_qs, QJsonObject()}};
}
