#pragma once

#include "server/alerts/alertrule.h"
#include "server/alerts/silence.h"

#include <QString>
#include <QStringList>
#include <optional>

// Where a database lives: "sqlite:///abs/file.db", "sqlite:relative.db" (inside the data
// directory) or "postgresql://user@host:port/dbname?sslmode=require". Passwords never sit in
// the URL: they come from a *_password_file key or the environment.
struct DatabaseUrl {
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString path;     // sqlite
    QString host;     // postgres
    int port = 5432;  // postgres
    QString user;     // postgres
    QString database; // postgres
    QString options;  // postgres connect options, "key=value;key=value"
    QString password; // filled from the secret source, never printed

    static std::optional<DatabaseUrl> parse(const QString &url, const QString &dataDir, QString *error);
    QString driverName() const { return kind == Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"); }
    // For logs and errors: everything but the password.
    QString display() const;
};

struct Config {
    struct Server {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 8765;
        bool allowInsecureRemote = false; // binding off loopback without TLS needs this
        qint64 maxMessageBytes = 64 * 1024;
        int authTimeoutMs = 5000;
        QStringList allowedOrigins;
        qint64 clientQueueLimitBytes = 1024 * 1024;
        int clientStallDropMs = 30000;
        int maxClients = 5000;
        // TLS on the one port: "auto" is on for any address but loopback.
        QString tls = QStringLiteral("auto");
        QString tlsCertFile; // empty (with tlsKeyFile): a self-signed pair in the data directory
        QString tlsKeyFile;
        QString tlsClientCaFile; // set: clients must present a certificate signed by it
        QStringList trustedProxies; // addresses or CIDR ranges whose X-Forwarded-For is believed
        qint64 maxBodyBytes = 16 * 1024 * 1024;       // log and request ingest
        qint64 maxCommandBodyBytes = 1024 * 1024;     // POST /api/v1/<command>
        int maxConnectionsPerAddress = 64;
        int headTimeoutMs = 10000;
        int idleTimeoutMs = 30000;
    } server;
    struct Store {
        QString url; // empty: SQLite file ops.db in the data directory
        QString passwordFile;
    } store;
    struct Monitoring {
        int intervalSeconds = 5;
        int rawRetentionMinutes = 60;
        int minuteRollupRetentionDays = 7;
        int hourRollupRetentionDays = 90;
        QStringList mounts; // empty: every local file system
        QStringList excludeInterfaces;
    } monitoring;
    struct Tasks {
        QString databaseUrl; // empty: no task metrics (the block says so); --demo fills it
        QString passwordFile;
        QString table = QStringLiteral("tasks");
        QString statusColumn = QStringLiteral("status");
        QString completedAtColumn = QStringLiteral("completed_at");
        QString startedAtColumn = QStringLiteral("started_at"); // diagnosis: stuck RUNNING tasks
        QString successfulUrlsColumn = QStringLiteral("successful_urls");
        QString runningStatus = QStringLiteral("RUNNING");
        QString completedStatus = QStringLiteral("COMPLETED");
        int queryTimeoutMs = 3000;
    } tasks;
    struct Auth {
        int sessionTtlMinutes = 12 * 60;
        QString passwordHashStrength = QStringLiteral("moderate"); // interactive | moderate | sensitive
        int maxFailedLogins = 5;
        int lockoutSeconds = 60;
    } auth;
    struct Logs {
        int maxAgeDays = 30;
        qint64 maxBytes = 2LL * 1024 * 1024 * 1024;
        qint64 maxLineBytes = 64 * 1024;
        qint64 maxBatchBytes = 16 * 1024 * 1024;
        QStringList files; // JSON-lines files to follow (rotation-aware); source = file name
    } logs;
    struct Notify {
        QString slackWebhookUrlFile; // secret: else FORMAUTO_SLACK_WEBHOOK_URL
        QString webhookUrlFile;      // secret: else FORMAUTO_WEBHOOK_URL
        QString smtpUrl;             // smtp://host:587 (STARTTLS) or smtps://host:465
        bool smtpStartTls = true;
        QString smtpUsername;
        QString smtpPasswordFile;    // secret: else FORMAUTO_SMTP_PASSWORD
        QString emailFrom;
        QStringList emailTo;
        QStringList routeInfo, routeWarning{QStringLiteral("slack")}, routeError{QStringLiteral("slack"), QStringLiteral("email")},
            routeCritical{QStringLiteral("slack"), QStringLiteral("email"), QStringLiteral("webhook")};
        QStringList allowDestinations; // CIDRs of internal receivers that may be notified
        QStringList escalation{QStringLiteral("15m:email:raise"), QStringLiteral("30m:slack,email,webhook:raise")};
        int reminderMinutes = 60;
        int retryInitialSeconds = 5; // first retry of a failed delivery; doubles up to an hour
    } notify;
    struct Alerts {
        bool defaultRules = true;       // the ticket's thresholds (CPU 80 %, memory 85 %, disk 90 %, ...)
        int channelFailureAttempts = 3; // failed deliveries in a row before "channel failing" fires
        QList<AlertRule> rules;         // [[alerts.rule]]: added to, or replacing by name, the defaults
        QList<MaintenanceWindow> maintenance; // [[alerts.maintenance]]
    } alerts;
    struct Backup {
        QString directory;          // empty: <data-dir>/backups
        QString compression = QStringLiteral("zstd"); // zstd | gzip
        int compressionLevel = 3;
        int threads = 2;
        QString serviceDatabaseUrl; // empty: [tasks] database_url (needs a user allowed to pg_dump)
        QString servicePasswordFile;
        bool includeOpsStore = true;
        QStringList directories;    // uploads, config, ...
        int keepLast = 3, keepDaily = 7, keepWeekly = 4, keepMonthly = 6, maxAgeDays = 30;
        int staleAfterHours = 26;   // no successful backup for this long raises an alert
        qint64 maxEntryBytes = 16LL * 1024 * 1024 * 1024; // restore refuses larger archive entries
    } backup;
    struct Schedule {
        QString timeZone;           // empty: the system's
        QString backup = QStringLiteral("0 3 * * *");
        QString verify = QStringLiteral("30 3 * * *");
        QString restoreDrill = QStringLiteral("0 4 * * 0");
        QString retention = QStringLiteral("0 5 * * *");
        QString logRetention = QStringLiteral("@hourly");
        QString diagnosis = QStringLiteral("*/30 * * * *");
        QString digest;                                   // the daily diagnosis mail; empty: off
        QString digestLanguage = QStringLiteral("en");    // en | ja
    } schedule;
    struct Health {
        int intervalSeconds = 30;
        int timeoutMs = 5000;
        double cpuWarning = 80, cpuCritical = 95; // the ticket's thresholds: CPU < 80 %, memory < 85 %, disk < 90 %
        double memoryWarning = 85, memoryCritical = 95;
        double diskWarning = 90, diskCritical = 95;
        int certificateWarningDays = 14;
        QString databaseQuery = QStringLiteral("SELECT 1");
        QString redisUrl;          // redis://host:6379 (empty: no Redis check)
        QString redisPasswordFile; // else FORMAUTO_REDIS_PASSWORD
        int stuckTaskMinutes = 60; // diagnosis: RUNNING longer than this is stuck
        double clockSkewSeconds = 5;
        struct Http {
            QString name, url, expectBody, caFile;
            int expectStatus = 200;
        };
        QList<Http> http;
        struct Target {
            QString name, address; // tcp: host:port; dns: a host name
        };
        QList<Target> tcp, dns;
    } health;
    // Daemons on one PostgreSQL store form a fleet: each registers its host, one leads.
    struct Fleet {
        QString host;               // empty: the machine's host name
        int downAfterSeconds = 0;   // 0: 3 sample intervals, at least 15 s
        // agent: no database of the fleet's; samples, health reports and log lines are pushed
        // to a hub daemon over HTTPS (hubUrl), buffered locally while it is away.
        QString mode = QStringLiteral("member");
        QString hubUrl;        // wss://HOST:PORT or https://HOST:PORT (ws:// and http:// on loopback only)
        QString tokenFile;     // the agent's token (formauto-opsd fleet agent-token HOST on the hub)
        QString hubCaFile;     // the hub's CA, or its own certificate when self-signed
        QString hubFingerprint; // or: the hub certificate's SHA-256 (formauto-opsd tls fingerprint)
        QString tlsCertFile, tlsKeyFile; // the agent's client certificate, for a hub with tls_client_ca_file
        int bufferMaxMb = 256; // the local buffer; past it the oldest entries go (counted)
    } fleet;
    struct Log {
        QString level = QStringLiteral("info");
        QString file; // empty: standard error
    } log;

    QString dataDir;
    QString sourcePath;

    // Reads a TOML file. Errors read "FILE:LINE:COLUMN: reason".
    static std::optional<Config> load(const QString &path, QString *error);
    static std::optional<Config> fromToml(const QByteArray &text, const QString &sourceName, QString *error);
    // The commented default configuration printed by --print-default-config.
    static QByteArray defaultConfigText();

    // Reads a secret from FILE (first line, trimmed) or, when that is empty, the environment
    // variable ENV. Returns false with *error set when the file cannot be read.
    static bool readSecret(const QString &file, const char *env, QString *secret, QString *error);
    // [fleet] hub_url: wss:// or https:// with a host and a port; ws:// and http:// (no TLS)
    // only to a loopback address. *why completes "fleet.hub_url ...".
    static bool validHubUrl(const QString &url, QString *why);
};
