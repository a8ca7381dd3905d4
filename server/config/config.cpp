#include "server/config/config.h"

#include "server/schedule/cron.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <toml++/toml.h>

namespace {

QString position(const QString &source, const toml::source_region &region)
{
    return QStringLiteral("%1:%2:%3").arg(source).arg(region.begin.line).arg(region.begin.column);
}

// Applies one TOML value to one setting, or says why it cannot.
using Apply = std::function<bool(const toml::node &, QString *why)>;

struct Field {
    const char *key;
    Apply apply;
};

Apply textValue(QString *target)
{
    return [target](const toml::node &node, QString *why) {
        const auto v = node.value<std::string>();
        if (!v || !node.is_string()) {
            *why = QStringLiteral("expected a string");
            return false;
        }
        *target = QString::fromStdString(*v);
        return true;
    };
}

template<typename Int>
Apply integer(Int *target, qint64 min, qint64 max)
{
    return [=](const toml::node &node, QString *why) {
        if (!node.is_integer()) {
            *why = QStringLiteral("expected an integer");
            return false;
        }
        const qint64 v = node.value<int64_t>().value_or(0);
        if (v < min || v > max) {
            *why = QStringLiteral("must be between %1 and %2").arg(min).arg(max);
            return false;
        }
        *target = Int(v);
        return true;
    };
}

Apply boolean(bool *target)
{
    return [target](const toml::node &node, QString *why) {
        if (!node.is_boolean()) {
            *why = QStringLiteral("expected true or false");
            return false;
        }
        *target = node.value<bool>().value_or(false);
        return true;
    };
}

Apply strings(QStringList *target)
{
    return [target](const toml::node &node, QString *why) {
        const toml::array *array = node.as_array();
        if (!array) {
            *why = QStringLiteral("expected an array of strings");
            return false;
        }
        QStringList out;
        for (const toml::node &item : *array) {
            if (!item.is_string()) {
                *why = QStringLiteral("expected an array of strings");
                return false;
            }
            out.append(QString::fromStdString(*item.value<std::string>()));
        }
        *target = out;
        return true;
    };
}

Apply oneOf(QString *target, QStringList allowed)
{
    return [target, allowed](const toml::node &node, QString *why) {
        QString v;
        if (!textValue(&v)(node, why))
            return false;
        if (!allowed.contains(v)) {
            *why = QStringLiteral("must be one of: %1").arg(allowed.join(QStringLiteral(", ")));
            return false;
        }
        *target = v;
        return true;
    };
}

// A cron expression ("" turns the job off).
Apply cronValue(QString *target)
{
    return [target](const toml::node &node, QString *why) {
        QString v;
        if (!textValue(&v)(node, why))
            return false;
        if (!v.trimmed().isEmpty() && !CronExpression::parse(v, why))
            return false;
        *target = v.trimmed();
        return true;
    };
}

Apply zoneValue(QString *target)
{
    return [target](const toml::node &node, QString *why) {
        QString v;
        if (!textValue(&v)(node, why))
            return false;
        if (!v.isEmpty() && !QTimeZone(v.toUtf8()).isValid()) {
            *why = QStringLiteral("\"%1\" is not a known time zone (e.g. \"Asia/Tokyo\")").arg(v.left(60));
            return false;
        }
        *target = v;
        return true;
    };
}

// Addresses or CIDR ranges ("10.0.0.5", "10.0.0.0/8", "::1").
Apply addressRanges(QStringList *target)
{
    return [target](const toml::node &node, QString *why) {
        QStringList v;
        if (!strings(&v)(node, why))
            return false;
        for (const QString &range : std::as_const(v)) {
            const auto subnet = QHostAddress::parseSubnet(range.contains(u'/') ? range : range + (range.contains(u':') ? u"/128"_qs : u"/32"_qs));
            if (subnet.first.isNull()) {
                *why = QStringLiteral("has \"%1\", which is not an address or CIDR range").arg(range.left(60));
                return false;
            }
        }
        *target = v;
        return true;
    };
}

// A fleet member's name: what operators read on the Fleet page and in alerts, and what
// queries match, so letters, digits, '.', '-' and '_' only (a DNS name fits).
Apply hostName(QString *target)
{
    return [target](const toml::node &node, QString *why) {
        QString v;
        if (!textValue(&v)(node, why))
            return false;
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
        if (!name.match(v).hasMatch()) {
            *why = QStringLiteral("must be 1 to 63 letters, digits, '.', '-' or '_', starting with a letter or digit");
            return false;
        }
        *target = v;
        return true;
    };
}

Apply listenAddress(Config::Server *server)
{
    return [server](const toml::node &node, QString *why) {
        QString v;
        if (!textValue(&v)(node, why))
            return false;
        const qsizetype colon = v.lastIndexOf(u':');
        bool ok = false;
        const uint port = colon > 0 ? v.mid(colon + 1).toUInt(&ok) : 0;
        if (!ok || port > 65535) {
            *why = QStringLiteral("expected \"HOST:PORT\"");
            return false;
        }
        QString host = v.left(colon);
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        server->host = host;
        server->port = quint16(port);
        return true;
    };
}

bool readSection(const toml::table &root, const char *name, const std::vector<Field> &fields,
                 const QString &source, QString *error)
{
    const toml::node *node = root.get(name);
    if (!node)
        return true;
    const toml::table *table = node->as_table();
    if (!table) {
        *error = position(source, node->source()) + QStringLiteral(": [%1] must be a table").arg(QLatin1StringView(name));
        return false;
    }
    for (const auto &[key, value] : *table) {
        const auto it = std::find_if(fields.begin(), fields.end(),
                                     [&key = key](const Field &f) { return key.str() == f.key; });
        if (it == fields.end()) {
            *error = position(source, key.source())
                     + QStringLiteral(": unknown key \"%1.%2\"")
                           .arg(QLatin1StringView(name), QString::fromStdString(std::string(key.str())));
            return false;
        }
        QString why;
        if (!it->apply(value, &why)) {
            *error = position(source, value.source())
                     + QStringLiteral(": %1.%2 %3").arg(QLatin1StringView(name), QLatin1StringView(it->key), why);
            return false;
        }
    }
    return true;
}

// [[alerts.rule]] and [[alerts.maintenance]]: arrays of tables, each key checked with its position.
bool readTables(const toml::table &parent, const char *section, const char *name, const QString &source,
                const std::function<bool(const toml::table &, QString *)> &read, QString *error)
{
    const toml::node *node = parent.get(name);
    if (!node)
        return true;
    const toml::array *array = node->as_array();
    if (!array) {
        *error = position(source, node->source())
                 + QStringLiteral(": [[%1.%2]] must be an array of tables").arg(QLatin1StringView(section), QLatin1StringView(name));
        return false;
    }
    for (const toml::node &item : *array) {
        const toml::table *table = item.as_table();
        QString why;
        if (!table) {
            *error = position(source, item.source())
                     + QStringLiteral(": [[%1.%2]] entries must be tables").arg(QLatin1StringView(section), QLatin1StringView(name));
            return false;
        }
        if (!read(*table, &why)) {
            if (!why.isEmpty()) // else the reader said where itself
                *error = position(source, table->source())
                         + QStringLiteral(": %1.%2: %3").arg(QLatin1StringView(section), QLatin1StringView(name), why);
            return false;
        }
    }
    return true;
}

// Reads the keys of one table entry; unknown keys are errors at their position.
bool readEntry(const toml::table &table, const std::vector<Field> &fields, const QString &source, const char *section, const char *what,
               QString *error)
{
    for (const auto &[key, value] : table) {
        const auto it = std::find_if(fields.begin(), fields.end(), [&key = key](const Field &f) { return key.str() == f.key; });
        if (it == fields.end()) {
            *error = position(source, key.source())
                     + QStringLiteral(": unknown key \"%1\" in [[%2.%3]]")
                           .arg(QString::fromStdString(std::string(key.str())), QLatin1StringView(section), QLatin1StringView(what));
            return false;
        }
        QString why;
        if (!it->apply(value, &why)) {
            *error = position(source, value.source())
                     + QStringLiteral(": %1.%2.%3 %4").arg(QLatin1StringView(section), QLatin1StringView(what), QLatin1StringView(it->key), why);
            return false;
        }
    }
    return true;
}

bool readAlerts(const toml::table &root, Config::Alerts *alerts, const QString &source, QString *error)
{
    const Apply tables = [](const toml::node &, QString *) { return true; }; // read below, entry by entry
    if (!readSection(root, "alerts",
                     {{"default_rules", boolean(&alerts->defaultRules)},
                      {"channel_failure_attempts", integer(&alerts->channelFailureAttempts, 1, 1000)},
                      {"rule", tables},
                      {"maintenance", tables}},
                     source, error))
        return false;
    const toml::table *table = root.get_as<toml::table>("alerts");
    if (!table)
        return true;
    return readTables(*table, "alerts", "rule", source, [&](const toml::table &t, QString *why) {
        QString name, expression, level = QStringLiteral("warning"), title, hold = QStringLiteral("1m");
        if (!readEntry(t, {{"name", textValue(&name)}, {"expression", textValue(&expression)}, {"level", textValue(&level)},
                           {"title", textValue(&title)}, {"hold", textValue(&hold)}}, source, "alerts", "rule", error)) {
            why->clear();
            return false;
        }
        static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9_.-]{1,64}$"));
        if (!namePattern.match(name).hasMatch()) {
            *why = QStringLiteral("name must be 1-64 of a-z 0-9 _ . -");
            return false;
        }
        auto rule = AlertRule::parse(name, expression, level, why);
        if (!rule) {
            const toml::node *at = t.get(why->startsWith(u"level"_qs) ? "level" : "expression");
            *error = position(source, at ? at->source() : t.source()) + QStringLiteral(": alerts.rule \"%1\": %2").arg(name, *why);
            why->clear();
            return false;
        }
        rule->holdMs = parseDurationMs(hold);
        if (rule->holdMs < 0) {
            *why = QStringLiteral("hold \"%1\" is not like 30s, 5m or 1h").arg(hold);
            return false;
        }
        if (!title.isEmpty())
            rule->title = title;
        alerts->rules.removeIf([&](const AlertRule &r) { return r.name == name; });
        alerts->rules.append(*rule);
        return true;
    }, error) && readTables(*table, "alerts", "maintenance", source, [&](const toml::table &t, QString *why) {
        QString name, start, duration, zone = QStringLiteral("UTC");
        QStringList days, match;
        if (!readEntry(t, {{"name", textValue(&name)}, {"days", strings(&days)}, {"start", textValue(&start)},
                           {"duration", textValue(&duration)}, {"time_zone", textValue(&zone)}, {"match", strings(&match)}},
                       source, "alerts", "maintenance", error)) {
            why->clear();
            return false;
        }
        if (name.isEmpty()) {
            *why = QStringLiteral("a maintenance window needs a name");
            return false;
        }
        auto window = MaintenanceWindow::parse(name, days, start, duration, zone, match, why);
        if (!window)
            return false;
        alerts->maintenance.append(*window);
        return true;
    }, error);
}

Apply number(double *target, double min, double max)
{
    return [=](const toml::node &node, QString *why) {
        if (!node.is_number()) {
            *why = QStringLiteral("expected a number");
            return false;
        }
        const double v = node.value<double>().value_or(0);
        if (v < min || v > max) {
            *why = QStringLiteral("must be between %1 and %2").arg(min).arg(max);
            return false;
        }
        *target = v;
        return true;
    };
}

bool readHealth(const toml::table &root, Config::Health *h, const QString &source, QString *error)
{
    const Apply tables = [](const toml::node &, QString *) { return true; };
    if (!readSection(root, "health",
                     {{"interval_seconds", integer(&h->intervalSeconds, 1, 3600)},
                      {"timeout_ms", integer(&h->timeoutMs, 50, 120000)},
                      {"cpu_warning", number(&h->cpuWarning, 1, 100)},
                      {"cpu_critical", number(&h->cpuCritical, 1, 100)},
                      {"memory_warning", number(&h->memoryWarning, 1, 100)},
                      {"memory_critical", number(&h->memoryCritical, 1, 100)},
                      {"disk_warning", number(&h->diskWarning, 1, 100)},
                      {"disk_critical", number(&h->diskCritical, 1, 100)},
                      {"certificate_warning_days", integer(&h->certificateWarningDays, 0, 3650)},
                      {"database_query", textValue(&h->databaseQuery)},
                      {"redis_url", textValue(&h->redisUrl)},
                      {"redis_password_file", textValue(&h->redisPasswordFile)},
                      {"stuck_task_minutes", integer(&h->stuckTaskMinutes, 1, 100000)},
                      {"clock_skew_seconds", number(&h->clockSkewSeconds, 0.1, 86400)},
                      {"http", tables},
                      {"tcp", tables},
                      {"dns", tables}},
                     source, error))
        return false;
    const toml::table *table = root.get_as<toml::table>("health");
    if (!table)
        return true;
    auto entries = [&](const char *name, const std::function<bool(const toml::table &, QString *)> &read) {
        return readTables(*table, "health", name, source, read, error);
    };
    auto entry = [&](const toml::table &t, const std::vector<Field> &fields, const char *what) {
        return readEntry(t, fields, source, "health", what, error);
    };
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return entries("http", [&](const toml::table &t, QString *why) {
               Config::Health::Http c;
               if (!entry(t, {{"name", textValue(&c.name)}, {"url", textValue(&c.url)}, {"expect_status", integer(&c.expectStatus, 100, 599)},
                              {"expect_body", textValue(&c.expectBody)}, {"ca_file", textValue(&c.caFile)}},
                          "http"))
                   return false;
               const QUrl url(c.url, QUrl::StrictMode);
               if (!namePattern.match(c.name).hasMatch()) {
                   *why = QStringLiteral("name must be 1-64 of A-Z a-z 0-9 _ . -");
                   return false;
               }
               if (!url.isValid() || (url.scheme() != u"http"_qs && url.scheme() != u"https"_qs) || url.host().isEmpty()) {
                   *why = QStringLiteral("url must be an http:// or https:// URL");
                   return false;
               }
               h->http.append(c);
               return true;
           })
        && entries("tcp", [&](const toml::table &t, QString *why) {
               Config::Health::Target c;
               if (!entry(t, {{"name", textValue(&c.name)}, {"address", textValue(&c.address)}}, "tcp"))
                   return false;
               const qsizetype colon = c.address.lastIndexOf(u':');
               bool ok = false;
               const uint port = colon > 0 ? c.address.mid(colon + 1).toUInt(&ok) : 0;
               if (!namePattern.match(c.name).hasMatch() || !ok || port == 0 || port > 65535) {
                   *why = QStringLiteral("needs a name and address = \"HOST:PORT\"");
                   return false;
               }
               h->tcp.append(c);
               return true;
           })
        && entries("dns", [&](const toml::table &t, QString *why) {
               Config::Health::Target c;
               if (!entry(t, {{"name", textValue(&c.name)}, {"host", textValue(&c.address)}}, "dns"))
                   return false;
               if (!namePattern.match(c.name).hasMatch() || c.address.isEmpty() || c.address.size() > 253) {
                   *why = QStringLiteral("needs a name and a host");
                   return false;
               }
               h->dns.append(c);
               return true;
           });
}

} // namespace

std::optional<Config> Config::fromToml(const QByteArray &text, const QString &sourceName, QString *error)
{
    Config config;
    config.sourcePath = sourceName;
    toml::table root;
    try {
        root = toml::parse(std::string_view(text.constData(), size_t(text.size())), sourceName.toStdString());
    } catch (const toml::parse_error &e) {
        *error = position(sourceName, e.source()) + QStringLiteral(": ") + QString::fromStdString(std::string(e.description()));
        return std::nullopt;
    }

    static const char *const sections[] = {"server", "store", "monitoring", "tasks", "auth", "logs", "notify", "alerts", "backup", "schedule", "health", "fleet", "log"};
    for (const auto &[key, value] : root) {
        if (std::find_if(std::begin(sections), std::end(sections), [&key = key](const char *s) { return key.str() == s; })
            == std::end(sections)) {
            *error = position(sourceName, key.source())
                     + QStringLiteral(": unknown section or key \"%1\"").arg(QString::fromStdString(std::string(key.str())));
            return std::nullopt;
        }
    }

    Config &c = config;
    const bool ok =
        readSection(root, "server",
                    {{"listen", listenAddress(&c.server)},
                     {"allow_insecure_remote", boolean(&c.server.allowInsecureRemote)},
                     {"max_message_bytes", integer(&c.server.maxMessageBytes, 1024, 64 * 1024 * 1024)},
                     {"auth_timeout_ms", integer(&c.server.authTimeoutMs, 100, 120000)},
                     {"allowed_origins", strings(&c.server.allowedOrigins)},
                     {"client_queue_limit_bytes", integer(&c.server.clientQueueLimitBytes, 64 * 1024, 1024LL * 1024 * 1024)},
                     {"client_stall_drop_ms", integer(&c.server.clientStallDropMs, 1000, 3600000)},
                     {"max_clients", integer(&c.server.maxClients, 1, 100000)},
                     {"tls", oneOf(&c.server.tls, {QStringLiteral("auto"), QStringLiteral("on"), QStringLiteral("off")})},
                     {"tls_cert_file", textValue(&c.server.tlsCertFile)},
                     {"tls_key_file", textValue(&c.server.tlsKeyFile)},
                     {"tls_client_ca_file", textValue(&c.server.tlsClientCaFile)},
                     {"trusted_proxies", addressRanges(&c.server.trustedProxies)},
                     {"max_body_bytes", integer(&c.server.maxBodyBytes, 1024, 1024LL * 1024 * 1024)},
                     {"max_command_body_bytes", integer(&c.server.maxCommandBodyBytes, 1024, 64 * 1024 * 1024)},
                     {"max_connections_per_address", integer(&c.server.maxConnectionsPerAddress, 1, 100000)},
                     {"head_timeout_ms", integer(&c.server.headTimeoutMs, 100, 120000)},
                     {"idle_timeout_ms", integer(&c.server.idleTimeoutMs, 100, 3600000)}},
                    sourceName, error)
        && readSection(root, "store", {{"url", textValue(&c.store.url)}, {"password_file", textValue(&c.store.passwordFile)}},
                       sourceName, error)
        && readSection(root, "monitoring",
                       {{"interval_seconds", integer(&c.monitoring.intervalSeconds, 1, 3600)},
                        {"raw_retention_minutes", integer(&c.monitoring.rawRetentionMinutes, 1, 24 * 60)},
                        {"minute_rollup_retention_days", integer(&c.monitoring.minuteRollupRetentionDays, 1, 366)},
                        {"hour_rollup_retention_days", integer(&c.monitoring.hourRollupRetentionDays, 1, 3660)},
                        {"mounts", strings(&c.monitoring.mounts)},
                        {"exclude_interfaces", strings(&c.monitoring.excludeInterfaces)}},
                       sourceName, error)
        && readSection(root, "tasks",
                       {{"database_url", textValue(&c.tasks.databaseUrl)},
                        {"password_file", textValue(&c.tasks.passwordFile)},
                        {"table", textValue(&c.tasks.table)},
                        {"status_column", textValue(&c.tasks.statusColumn)},
                        {"completed_at_column", textValue(&c.tasks.completedAtColumn)},
                        {"successful_urls_column", textValue(&c.tasks.successfulUrlsColumn)},
                        {"started_at_column", textValue(&c.tasks.startedAtColumn)},
                        {"running_status", textValue(&c.tasks.runningStatus)},
                        {"completed_status", textValue(&c.tasks.completedStatus)},
                        {"query_timeout_ms", integer(&c.tasks.queryTimeoutMs, 100, 60000)}},
                       sourceName, error)
        && readSection(root, "auth",
                       {{"session_ttl_minutes", integer(&c.auth.sessionTtlMinutes, 1, 60 * 24 * 30)},
                        {"password_hash_strength",
                         oneOf(&c.auth.passwordHashStrength,
                               {QStringLiteral("interactive"), QStringLiteral("moderate"), QStringLiteral("sensitive")})},
                        {"max_failed_logins", integer(&c.auth.maxFailedLogins, 1, 1000)},
                        {"lockout_seconds", integer(&c.auth.lockoutSeconds, 1, 86400)}},
                       sourceName, error)
        && readSection(root, "logs",
                       {{"max_age_days", integer(&c.logs.maxAgeDays, 1, 3650)},
                        {"max_bytes", integer(&c.logs.maxBytes, 1024 * 1024, 1024LL * 1024 * 1024 * 1024)},
                        {"max_line_bytes", integer(&c.logs.maxLineBytes, 1024, 16 * 1024 * 1024)},
                        {"max_batch_bytes", integer(&c.logs.maxBatchBytes, 64 * 1024, 1024LL * 1024 * 1024)},
                        {"files", strings(&c.logs.files)}},
                       sourceName, error)
        && readSection(root, "notify",
                       {{"slack_webhook_url_file", textValue(&c.notify.slackWebhookUrlFile)},
                        {"webhook_url_file", textValue(&c.notify.webhookUrlFile)},
                        {"smtp_url", textValue(&c.notify.smtpUrl)},
                        {"smtp_starttls", boolean(&c.notify.smtpStartTls)},
                        {"smtp_username", textValue(&c.notify.smtpUsername)},
                        {"smtp_password_file", textValue(&c.notify.smtpPasswordFile)},
                        {"email_from", textValue(&c.notify.emailFrom)},
                        {"email_to", strings(&c.notify.emailTo)},
                        {"route_info", strings(&c.notify.routeInfo)},
                        {"route_warning", strings(&c.notify.routeWarning)},
                        {"route_error", strings(&c.notify.routeError)},
                        {"route_critical", strings(&c.notify.routeCritical)},
                        {"allow_destinations", strings(&c.notify.allowDestinations)},
                        {"escalation", strings(&c.notify.escalation)},
                        {"reminder_minutes", integer(&c.notify.reminderMinutes, 0, 7 * 24 * 60)},
                        {"retry_initial_seconds", integer(&c.notify.retryInitialSeconds, 1, 3600)}},
                       sourceName, error)
        && readAlerts(root, &c.alerts, sourceName, error)
        && readSection(root, "backup",
                       {{"directory", textValue(&c.backup.directory)},
                        {"compression", oneOf(&c.backup.compression, {QStringLiteral("zstd"), QStringLiteral("gzip")})},
                        {"compression_level", integer(&c.backup.compressionLevel, 1, 19)},
                        {"threads", integer(&c.backup.threads, 1, 64)},
                        {"service_database_url", textValue(&c.backup.serviceDatabaseUrl)},
                        {"service_password_file", textValue(&c.backup.servicePasswordFile)},
                        {"include_ops_store", boolean(&c.backup.includeOpsStore)},
                        {"directories", strings(&c.backup.directories)},
                        {"keep_last", integer(&c.backup.keepLast, 0, 10000)},
                        {"keep_daily", integer(&c.backup.keepDaily, 0, 10000)},
                        {"keep_weekly", integer(&c.backup.keepWeekly, 0, 10000)},
                        {"keep_monthly", integer(&c.backup.keepMonthly, 0, 10000)},
                        {"max_age_days", integer(&c.backup.maxAgeDays, 0, 36500)},
                        {"stale_after_hours", integer(&c.backup.staleAfterHours, 1, 24 * 365)},
                        {"max_entry_bytes", integer(&c.backup.maxEntryBytes, 1024, 1024LL * 1024 * 1024 * 1024)}},
                       sourceName, error)
        && readHealth(root, &c.health, sourceName, error)
        && readSection(root, "schedule",
                       {{"time_zone", zoneValue(&c.schedule.timeZone)},
                        {"backup", cronValue(&c.schedule.backup)},
                        {"verify", cronValue(&c.schedule.verify)},
                        {"restore_drill", cronValue(&c.schedule.restoreDrill)},
                        {"retention", cronValue(&c.schedule.retention)},
                        {"log_retention", cronValue(&c.schedule.logRetention)},
                        {"diagnosis", cronValue(&c.schedule.diagnosis)},
                        {"digest", cronValue(&c.schedule.digest)},
                        {"digest_language", oneOf(&c.schedule.digestLanguage, {QStringLiteral("en"), QStringLiteral("ja")})}},
                       sourceName, error)
        && readSection(root, "fleet",
                       {{"host", hostName(&c.fleet.host)},
                        {"down_after_seconds", integer(&c.fleet.downAfterSeconds, 15, 86400)},
                        {"mode", oneOf(&c.fleet.mode, {QStringLiteral("member"), QStringLiteral("agent")})},
                        {"hub_url", textValue(&c.fleet.hubUrl)},
                        {"token_file", textValue(&c.fleet.tokenFile)},
                        {"hub_ca_file", textValue(&c.fleet.hubCaFile)},
                        {"hub_fingerprint", textValue(&c.fleet.hubFingerprint)},
                        {"tls_cert_file", textValue(&c.fleet.tlsCertFile)},
                        {"tls_key_file", textValue(&c.fleet.tlsKeyFile)},
                        {"buffer_max_mb", integer(&c.fleet.bufferMaxMb, 1, 65536)}},
                       sourceName, error)
        && readSection(root, "log",
                       {{"level", oneOf(&c.log.level, {QStringLiteral("debug"), QStringLiteral("info"),
                                                       QStringLiteral("warning"), QStringLiteral("error")})},
                        {"file", textValue(&c.log.file)}},
                       sourceName, error);
    if (!ok)
        return std::nullopt;

    // A member is down after missing three heartbeats at least: sooner, a healthy leader
    // whose heartbeat is merely due would be replaced.
    if (c.fleet.downAfterSeconds > 0 && c.fleet.downAfterSeconds < 3 * c.monitoring.intervalSeconds) {
        const toml::node *node = root.at_path("fleet.down_after_seconds").node();
        *error = (node ? position(sourceName, node->source()) : sourceName)
                 + QStringLiteral(": fleet.down_after_seconds must be at least 3 sample intervals (%1 s with monitoring.interval_seconds = %2)")
                       .arg(3 * c.monitoring.intervalSeconds).arg(c.monitoring.intervalSeconds);
        return std::nullopt;
    }
    if (c.fleet.mode == QLatin1StringView("agent")) {
        auto at = [&](const char *path) {
            const toml::node *node = root.at_path(path).node();
            if (!node)
                node = root.at_path("fleet").node();
            return node ? position(sourceName, node->source()) : sourceName;
        };
        QString why;
        if (!validHubUrl(c.fleet.hubUrl, &why)) {
            *error = at("fleet.hub_url") + QStringLiteral(": fleet.hub_url ") + why;
            return std::nullopt;
        }
        if (c.fleet.tokenFile.isEmpty()) {
            *error = at("fleet.token_file") + QStringLiteral(": an agent needs fleet.token_file (formauto-opsd fleet agent-token HOST on the hub prints one)");
            return std::nullopt;
        }
        static const QRegularExpression sha256(QStringLiteral("^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$"));
        if (!c.fleet.hubFingerprint.isEmpty() && !sha256.match(c.fleet.hubFingerprint).hasMatch()) {
            *error = at("fleet.hub_fingerprint") + QStringLiteral(": fleet.hub_fingerprint must be a SHA-256 (64 hex digits, colons allowed)");
            return std::nullopt;
        }
        if (c.fleet.tlsCertFile.isEmpty() != c.fleet.tlsKeyFile.isEmpty()) {
            *error = at(c.fleet.tlsCertFile.isEmpty() ? "fleet.tls_key_file" : "fleet.tls_cert_file")
                     + QStringLiteral(": fleet.tls_cert_file and fleet.tls_key_file go together (the agent's client certificate and its key)");
            return std::nullopt;
        }
        if (c.store.url.startsWith(QLatin1StringView("postgres"))) {
            *error = at("fleet.mode") + QStringLiteral(": an agent keeps its own SQLite store; a daemon that reaches the fleet's PostgreSQL is a member");
            return std::nullopt;
        }
    }
    // Identifiers end up in SQL text (they cannot be bound), so only plain names pass.
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$"));
    const std::pair<const char *, const QString *> identifiers[] = {
        {"table", &c.tasks.table},
        {"status_column", &c.tasks.statusColumn},
        {"completed_at_column", &c.tasks.completedAtColumn},
        {"successful_urls_column", &c.tasks.successfulUrlsColumn},
        {"started_at_column", &c.tasks.startedAtColumn},
    };
    for (const auto &[key, value] : identifiers) {
        if (!identifier.match(*value).hasMatch()) {
            const toml::node *node = root.at_path(std::string("tasks.") + key).node();
            *error = (node ? position(sourceName, node->source()) : sourceName)
                     + QStringLiteral(": tasks.%1 must be a plain SQL identifier").arg(QLatin1StringView(key));
            return std::nullopt;
        }
    }
    return config;
}

std::optional<Config> Config::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    constexpr qint64 MaxConfigBytes = 1024 * 1024;
    if (file.size() > MaxConfigBytes) {
        *error = QStringLiteral("%1: larger than %2 bytes").arg(path).arg(MaxConfigBytes);
        return std::nullopt;
    }
    return fromToml(file.readAll(), path, error);
}

bool Config::validHubUrl(const QString &text, QString *why)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty() || url.port() <= 0 || !url.userInfo().isEmpty()
        || !url.query().isEmpty() || !url.fragment().isEmpty()) {
        *why = QStringLiteral("must be wss://HOST:PORT (the hub daemon's address and port)");
        return false;
    }
    if (scheme == u"wss"_qs || scheme == u"https"_qs)
        return true;
    if (scheme == u"ws"_qs || scheme == u"http"_qs) {
        const QHostAddress address(url.host());
        if (url.host() == u"localhost"_qs || (!address.isNull() && address.isLoopback()))
            return true;
        *why = QStringLiteral("may be ws:// (without TLS) only to a loopback address; use wss://");
        return false;
    }
    *why = QStringLiteral("must be wss://HOST:PORT, not %1://").arg(scheme.left(16));
    return false;
}

bool Config::readSecret(const QString &file, const char *env, QString *secret, QString *error)
{
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read secret file %1: %2").arg(file, f.errorString());
            return false;
        }
        *secret = QString::fromUtf8(f.readLine(4096)).trimmed();
        return true;
    }
    *secret = qEnvironmentVariable(env);
    return true;
}

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, const QString &dataDir, QString *error)
{
    DatabaseUrl url;
    if (text.startsWith(QLatin1StringView("sqlite:"))) {
        QString path = text.mid(7);
        if (path.startsWith(QLatin1StringView("///")))
            path = path.mid(2);
        else if (path.startsWith(QLatin1StringView("//"))) {
            *error = QStringLiteral("sqlite URLs are sqlite:///absolute/path or sqlite:relative/path");
            return std::nullopt;
        }
        if (path.isEmpty()) {
            *error = QStringLiteral("sqlite URL has no file");
            return std::nullopt;
        }
        url.path = QDir::isAbsolutePath(path) ? path : QDir(dataDir).filePath(path);
        return url;
    }
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != QLatin1StringView("postgresql") && parsed.scheme() != QLatin1StringView("postgres"))) {
        *error = QStringLiteral("expected sqlite:PATH or postgresql://USER@HOST:PORT/DB");
        return std::nullopt;
    }
    if (!parsed.password().isEmpty()) {
        *error = QStringLiteral("put the password in a password_file or the environment, not in the URL");
        return std::nullopt;
    }
    url.kind = Kind::Postgres;
    url.host = parsed.host().isEmpty() ? QStringLiteral("127.0.0.1") : parsed.host();
    url.port = parsed.port(5432);
    url.user = parsed.userName();
    url.database = parsed.path().mid(1);
    if (url.database.isEmpty() || url.database.contains(u'/')) {
        *error = QStringLiteral("postgresql URL needs a database name: postgresql://USER@HOST:PORT/DB");
        return std::nullopt;
    }
    static const QStringList allowed = {QStringLiteral("sslmode"), QStringLiteral("connect_timeout"),
                                        QStringLiteral("application_name"), QStringLiteral("sslrootcert")};
    QStringList options;
    for (const auto &[key, value] : QUrlQuery(parsed).queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key)) {
            *error = QStringLiteral("unsupported postgresql option \"%1\"").arg(key);
            return std::nullopt;
        }
        options.append(key + u'=' + value);
    }
    if (!QUrlQuery(parsed).hasQueryItem(QStringLiteral("connect_timeout")))
        options.append(QStringLiteral("connect_timeout=3"));
    url.options = options.join(u';');
    return url;
}

QString DatabaseUrl::display() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

QByteArray Config::defaultConfigText()
{
    return R"(# formauto-opsd configuration (TOML). Every key is optional; shown are the defaults.
# Secrets never go here: *_password_file keys name a file that holds one, and the
# environment variables named below are read when no file is given.

[server]
# HTTP and WebSocket (/ws) on one port. Off loopback TLS is on (see tls below); plain text
# there needs allow_insecure_remote = true as well as tls = "off", so a typo cannot expose
# the daemon in clear.
listen = "127.0.0.1:8765"
allow_insecure_remote = false
# Larger WebSocket messages are refused (close code 1009).
max_message_bytes = 65536
# A socket that has not authenticated by then is closed.
auth_timeout_ms = 5000
# Browser origins allowed to open /ws; clients that send no Origin header are not affected.
allowed_origins = []
# A client whose unsent data exceeds this skips updates (it resyncs by sequence number)...
client_queue_limit_bytes = 1048576
# ...and is dropped when it stays over the limit this long.
client_stall_drop_ms = 30000
max_clients = 5000
# TLS for HTTP and WebSocket on the same port (https://, wss://…/ws): "auto" is on for any
# address but loopback, "on", or "off" (then allow_insecure_remote is needed off loopback,
# for a reverse proxy that terminates TLS in front). With no files named, the first start
# makes a self-signed certificate in the data directory and logs its SHA-256 fingerprint
# (formauto-opsd tls fingerprint prints it again). SIGHUP reloads the files.
tls = "auto"
tls_cert_file = ""
tls_key_file = ""
# When set, clients must present a certificate signed by this CA (PEM).
tls_client_ca_file = ""
# Proxies whose X-Forwarded-For names the client (lockouts and audit use that address).
trusted_proxies = []
# Largest body of a log or request batch, and of a command (POST /api/v1/<command>).
max_body_bytes = 16777216
max_command_body_bytes = 1048576
max_connections_per_address = 64
# A request head must arrive within head_timeout_ms; idle keep-alive closes after idle_timeout_ms.
head_timeout_ms = 10000
idle_timeout_ms = 30000

[store]
# Empty: SQLite file ops.db in the data directory (WAL). For a shared store:
# url = "postgresql://formauto_ops@127.0.0.1:5432/formauto_ops?sslmode=prefer"
url = ""
# Password file for the store; else the environment variable FORMAUTO_OPS_STORE_PASSWORD.
password_file = ""

[monitoring]
# Seconds between samples (1 to 3600).
interval_seconds = 5
# Raw samples kept in memory; older data lives in rollups.
raw_retention_minutes = 60
minute_rollup_retention_days = 7
hour_rollup_retention_days = 90
# Mount points to report; empty: every local file system.
mounts = []
exclude_interfaces = []

[tasks]
# The formauto service database that holds the tasks table, read-only:
# "postgresql://formauto_ro@127.0.0.1:5432/formauto" or "sqlite:///var/lib/formauto/app.db".
# Empty: no task metrics (the tasks block says unavailable). --demo points it at demo data.
database_url = ""
# Password file; else the environment variable FORMAUTO_TASKS_DB_PASSWORD.
password_file = ""
table = "tasks"
status_column = "status"
completed_at_column = "completed_at"
successful_urls_column = "successful_urls"
# When a task started; diagnosis reports tasks RUNNING longer than [health] stuck_task_minutes.
started_at_column = "started_at"
# SQLAlchemy stores enum names.
running_status = "RUNNING"
completed_status = "COMPLETED"
query_timeout_ms = 3000

[auth]
session_ttl_minutes = 720
# Argon2id cost: interactive | moderate | sensitive (libsodium's presets).
password_hash_strength = "moderate"
# After this many failed logins for one user or address, logins wait lockout_seconds.
max_failed_logins = 5
lockout_seconds = 60

[logs]
# The searchable log store (POST /api/v1/logs and the daemon's own log).
max_age_days = 30
max_bytes = 2147483648
# Longer lines are refused and counted; a batch over max_batch_bytes is refused whole.
max_line_bytes = 65536
max_batch_bytes = 16777216
# JSON-lines files of the service to follow, e.g. ["/var/log/formauto/app.jsonl"]. Rotation
# (rename or copy-truncate) is followed; a restart resumes where reading stopped.
files = []

[notify]
# Where alerts go. Webhook URLs are secrets: a file holding the URL, else the environment
# (FORMAUTO_SLACK_WEBHOOK_URL, FORMAUTO_WEBHOOK_URL). A channel without a URL is off.
slack_webhook_url_file = ""
webhook_url_file = ""
# Email: smtp://host:587 with STARTTLS, or smtps://host:465. Password from smtp_password_file
# or FORMAUTO_SMTP_PASSWORD.
smtp_url = ""
smtp_starttls = true
smtp_username = ""
smtp_password_file = ""
email_from = ""
email_to = []
# Channels per alert level, as the ticket's register_handler.
route_info = []
route_warning = ["slack"]
route_error = ["slack", "email"]
route_critical = ["slack", "email", "webhook"]
# Notifications never go to private, loopback or link-local addresses unless listed here (CIDR).
allow_destinations = []
# While nobody acknowledges a firing alert: "AFTER:CHANNELS[:raise]" steps from when it fired
# (raise: warning -> error -> critical). Acknowledging stops them.
escalation = ["15m:email:raise", "30m:slack,email,webhook:raise"]
# Unresolved critical alerts are sent again this often (0: never).
reminder_minutes = 60
# A failed delivery is tried again after this many seconds, doubling up to an hour (+-20 %).
retry_initial_seconds = 5

[alerts]
# The ticket's thresholds: CPU > 80 % for 2m (warning), > 95 % for 1m (critical), memory 85 % /
# 95 %, disk 90 % (error), task success rate < 50 % for 10m.
default_rules = true
# This many failed deliveries in a row raise "notification channel failing".
channel_failure_attempts = 3
# More rules, or rules replacing a default of the same name. An admin can also edit rules in the
# console or through the API (alert_rule.set); those are kept in the store and win.
# [[alerts.rule]]
# name = "cpu_high"
# expression = "cpu_percent > 70 for 5m"   # any published series: memory.percent, disk.percent,
# level = "warning"                        # tasks.success_rate, tasks.running, ...
# title = "CPU above 70 %"
# hold = "2m"                               # resolves after the condition is false this long
#
# Recurring windows in which matching alerts are recorded but nobody is notified.
# [[alerts.maintenance]]
# name = "weekly deploy"
# days = ["sat"]                            # mon..sun, daily, weekdays, weekends
# start = "02:00"
# duration = "2h"
# time_zone = "Asia/Tokyo"
# match = ["rule=~.*"]                      # LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX; empty: all

[backup]
# Archives go here (empty: <data-dir>/backups), named full_backup_YYYYMMDD_HHMMSS.tar.zst.
directory = ""
# zstd (fast, the default) or gzip; level 1-19 (zstd) or 1-9 (gzip); compressor threads.
compression = "zstd"
compression_level = 3
threads = 2
# The formauto service database to dump (pg_dump custom format, or a SQLite snapshot).
# Empty: [tasks] database_url. Its user must be allowed to dump (and, for restore drills on
# PostgreSQL, to create a scratch database). Password: service_password_file, else
# FORMAUTO_BACKUP_DB_PASSWORD, else the [tasks] password.
service_database_url = ""
service_password_file = ""
# This daemon's own store goes into each backup too (restored only with the daemon stopped).
include_ops_store = true
# Directories of the service to back up, e.g. ["/srv/formauto/uploads", "/etc/formauto"].
directories = []
# Cleanup keeps what is younger than max_age_days, the keep_last newest, the newest of each of
# the last keep_daily days, keep_weekly weeks and keep_monthly months, and always the newest
# verified backup.
keep_last = 3
keep_daily = 7
keep_weekly = 4
keep_monthly = 6
max_age_days = 30
# No successful backup for this long raises an alert.
stale_after_hours = 26
# A restore refuses archive entries larger than this.
max_entry_bytes = 17179869184

[schedule]
# Cron expressions (minute hour day-of-month month day-of-week, or @daily, @hourly, ...) in
# this time zone (empty: the system's). "" turns a job off. A run missed while the daemon was
# down runs once when it is back.
time_zone = ""
backup = "0 3 * * *"
verify = "30 3 * * *"
restore_drill = "0 4 * * 0"
retention = "0 5 * * *"
log_retention = "@hourly"
# Automatic diagnosis (its findings are kept for the console and logged).
diagnosis = "*/30 * * * *"
# The diagnosis mailed to [notify] email_to, e.g. "0 8 * * *", in "en" or "ja". Empty: off.
digest = ""
digest_language = "en"

[health]
# Checks run together every interval, each with this timeout; /healthz answers 503 while one
# is unhealthy. Resource levels: at "warning" a check is unhealthy (the ticket's thresholds),
# at "critical" its alert is critical.
interval_seconds = 30
timeout_ms = 5000
cpu_warning = 80
cpu_critical = 95
memory_warning = 85
memory_critical = 95
disk_warning = 90
disk_critical = 95
# HTTPS endpoints whose certificate expires within this many days are reported.
certificate_warning_days = 14
# Run against [tasks] database_url (or [backup] service_database_url).
database_query = "SELECT 1"
# Redis of the service: PING and INFO (memory, clients). Password from redis_password_file or
# FORMAUTO_REDIS_PASSWORD. Empty: no Redis check.
redis_url = ""
redis_password_file = ""
# Diagnosis: tasks RUNNING longer than this are stuck; clock skew against the service's HTTP Date.
stuck_task_minutes = 60
clock_skew_seconds = 5
# Endpoints of the service, e.g.
# [[health.http]]
# name = "api"
# url = "https://formauto.example/health"
# expect_status = 200
# expect_body = "ok"        # optional: the body must contain this
# ca_file = ""              # optional: a CA for a private certificate
# [[health.tcp]]
# name = "postgres"
# address = "127.0.0.1:5432"
# [[health.dns]]
# name = "mail"
# host = "smtp.example.com"

[fleet]
# Every daemon on the same PostgreSQL [store] url is a member of one fleet: it registers its
# host and heartbeats every sample interval; one member leads and runs the scheduled jobs,
# escalation and the host_down check. Each member needs the fleet's audit-hmac.key
# (formauto-opsd fleet join says how). With the SQLite store the daemon is a fleet of one.
# host = "api-1"            # default: this machine's host name
# down_after_seconds = 15   # default: 3 sample intervals, at least 15
# A host that cannot reach the database (behind NAT) runs as an agent: it keeps its own
# SQLite store, pushes its samples, health reports and log lines to a hub daemon (any member)
# over HTTPS, and keeps them in a bounded local buffer while the hub is away. On the hub:
# formauto-opsd fleet agent-token HOST prints the token for it.
# mode = "agent"            # member | agent
# hub_url = "wss://hub.example:8765"   # ws:// or http:// only to a loopback address
# token_file = "/etc/formauto-ops/agent-token"
# hub_ca_file = ""          # the hub's CA (or its self-signed certificate)
# hub_fingerprint = ""      # or the hub certificate's SHA-256 (formauto-opsd tls fingerprint)
# buffer_max_mb = 256       # the local buffer; past it the oldest entries go, counted
# tls_cert_file = ""        # a client certificate (and its key) for a hub with tls_client_ca_file
# tls_key_file = ""

[log]
# The daemon's own log: debug | info | warning | error. One JSON object per line.
level = "info"
# Empty: standard error.
file = ""
)";
}
