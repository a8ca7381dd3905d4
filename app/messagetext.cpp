#include "app/messagetext.h"

#include "app/alertsmodel.h"
#include "app/formatting.h"
#include "server/protocol/protocol.h"

#include <QCoreApplication>
#include <QLocale>

namespace messages {

namespace {
QString str(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1StringView(name));
    if (!v.isDouble())
        return v.toString();
    const double d = v.toDouble();
    return d == double(v.toInteger()) ? QLocale().toString(v.toInteger()) : QLocale().toString(d, 'g', 10);
}

QString number(const QJsonObject &o, const char *name)
{
    return QLocale().toString(o.value(QLatin1StringView(name)).toDouble(), 'f', 1);
}

QString levelName(const QString &level)
{
    return AlertsModel::levelText(level);
}

QString when(const QJsonObject &o, const char *name)
{
    const qint64 ms = protocol::parseIsoTimestamp(o.value(QLatin1StringView(name)).toString());
    return ms > 0 ? formatting::dateTime(ms) : QString();
}

// "text: comment" when there is a comment, "text" otherwise.
QString withComment(const QString &text, const QJsonObject &detail)
{
    const QString comment = detail.value(u"comment"_qs).toString().trimmed();
    return comment.isEmpty() ? text : QCoreApplication::translate("Messages", "%1: “%2”").arg(text, comment);
}
} // namespace

QString healthReason(const QString &key)
{
    // The Health page's words (its translation context), shared with alerts and diagnosis.
    static const std::pair<const char *, const char *> reasons[] = {
        {"health.timeout", QT_TRANSLATE_NOOP("HealthPage", "timed out")},
        {"health.unreachable", QT_TRANSLATE_NOOP("HealthPage", "unreachable")},
        {"health.auth_failed", QT_TRANSLATE_NOOP("HealthPage", "authentication failed")},
        {"health.query_failed", QT_TRANSLATE_NOOP("HealthPage", "query failed")},
        {"health.http_status", QT_TRANSLATE_NOOP("HealthPage", "unexpected HTTP status")},
        {"health.body_mismatch", QT_TRANSLATE_NOOP("HealthPage", "unexpected answer")},
        {"health.bad_answer", QT_TRANSLATE_NOOP("HealthPage", "unexpected answer")},
        {"health.tls_failed", QT_TRANSLATE_NOOP("HealthPage", "TLS handshake failed")},
        {"health.certificate_expiring", QT_TRANSLATE_NOOP("HealthPage", "certificate expiring")},
        {"health.dns_failed", QT_TRANSLATE_NOOP("HealthPage", "name not resolved")},
        {"health.resource_high", QT_TRANSLATE_NOOP("HealthPage", "above the warning threshold")},
        {"health.resource_critical", QT_TRANSLATE_NOOP("HealthPage", "above the critical threshold")},
        {"health.sampler_stale", QT_TRANSLATE_NOOP("HealthPage", "no recent sample")},
        {"health.daemon_slow", QT_TRANSLATE_NOOP("HealthPage", "falling behind")},
        {"health.fleet_heartbeat_failed", QT_TRANSLATE_NOOP("HealthPage", "cannot heartbeat to the fleet's store")},
        {"health.hosts_down", QT_TRANSLATE_NOOP("HealthPage", "a host of the fleet is down")},
        {"health.fleet_host_conflict", QT_TRANSLATE_NOOP("HealthPage", "another daemon uses this host name: this one stands aside")},
        {"health.no_leader", QT_TRANSLATE_NOOP("HealthPage", "no member leads the fleet: scheduled jobs and escalation wait")},
        {"health.agent_hub_unreachable", QT_TRANSLATE_NOOP("HealthPage", "the hub has taken no push from this agent for a minute: its figures wait in the buffer")},
        {"health.store_no_answer", QT_TRANSLATE_NOOP("HealthPage", "the store does not answer: writes are waiting")},
        {"health.store_backlog", QT_TRANSLATE_NOOP("HealthPage", "writes are waiting for the store")},
        {"health.no_backup", QT_TRANSLATE_NOOP("HealthPage", "no backup yet")},
        {"health.backup_stale", QT_TRANSLATE_NOOP("HealthPage", "backup too old")},
        {"health.channel_failing", QT_TRANSLATE_NOOP("HealthPage", "a channel is failing")},
        {"health.no_channel", QT_TRANSLATE_NOOP("HealthPage", "no channel configured: nobody will be notified")},
        {"health.level_unrouted", QT_TRANSLATE_NOOP("HealthPage", "no channel for error or critical alerts: nobody will be notified")},
        {"health.level_all_failing",
         QT_TRANSLATE_NOOP("HealthPage", "every channel for error or critical alerts is failing: nobody is being notified")},
        {"health.misconfigured", QT_TRANSLATE_NOOP("HealthPage", "misconfigured")},
    };
    for (const auto &[k, english] : reasons) {
        if (key == QLatin1StringView(k))
            return QCoreApplication::translate("HealthPage", english);
    }
    return QString();
}

QString seriesName(const QString &series)
{
    if (series == u"cpu_percent"_qs)
        return QCoreApplication::translate("Messages", "CPU usage");
    if (series == u"memory.percent"_qs)
        return QCoreApplication::translate("Messages", "Memory usage");
    if (series == u"swap.percent"_qs)
        return QCoreApplication::translate("Messages", "Swap usage");
    if (series == u"disk.percent"_qs)
        return QCoreApplication::translate("Messages", "Disk usage (/)");
    if (series == u"tasks.success_rate"_qs)
        return QCoreApplication::translate("Messages", "Task success rate");
    if (series == u"tasks.running_tasks"_qs)
        return QCoreApplication::translate("Messages", "Running tasks");
    if (series == u"performance.error_rate"_qs)
        return QCoreApplication::translate("Messages", "Error rate");
    if (series == u"performance.average_response_time"_qs)
        return QCoreApplication::translate("Messages", "Average response time");
    if (series.startsWith(u"load."_qs))
        return QCoreApplication::translate("Messages", "Load average (%1 min)").arg(series.mid(5));
    return series; // a metric's own name, e.g. mount./var/lib/postgresql.percent
}

QString jobName(const QString &job)
{
    if (job == u"backup"_qs)
        return QCoreApplication::translate("Messages", "backup");
    if (job == u"verify"_qs)
        return QCoreApplication::translate("Messages", "backup verification");
    if (job == u"restore_drill"_qs)
        return QCoreApplication::translate("Messages", "restore drill");
    if (job == u"retention"_qs)
        return QCoreApplication::translate("Messages", "backup retention");
    if (job == u"log_retention"_qs)
        return QCoreApplication::translate("Messages", "log retention");
    if (job == u"diagnosis"_qs || job == u"digest"_qs)
        return QCoreApplication::translate("Messages", "diagnosis digest");
    // A backup job's kind (the same names as the jobs, and the two kinds of restore).
    if (job == u"restore_dry_run"_qs)
        return QCoreApplication::translate("Messages", "restore dry run");
    if (job == u"restore"_qs)
        return QCoreApplication::translate("Messages", "restore");
    return job;
}

QString componentName(const QString &component)
{
    if (component == u"service_database"_qs)
        return QCoreApplication::translate("Messages", "service database");
    if (component == u"ops_store"_qs)
        return QCoreApplication::translate("Messages", "ops store");
    if (component.startsWith(u"files:"_qs))
        return QCoreApplication::translate("Messages", "files %1").arg(component.mid(6));
    if (component == u"safety_backup"_qs)
        return QCoreApplication::translate("Messages", "safety backup");
    return component;
}

QString text(const QString &key, const QJsonObject &p)
{
    if (key.startsWith(u"health."_qs))
        return healthReason(key);
    // The counts are computed first: lupdate 6.4 hangs on a call inside translate()'s arguments.
    const int seconds = p.value(u"for_seconds"_qs).toInt(), failures = p.value(u"failures"_qs).toInt();
    if (key == u"alert.threshold"_qs) {
        // Percent series say so ("99.0 %"), others are plain numbers.
        const QString series = p.value(u"series"_qs).toString();
        const bool percent = series.endsWith(u"percent"_qs) || series.endsWith(u"_rate"_qs);
        auto value = [&](const char *name) {
            return percent ? formatting::percent(p.value(QLatin1StringView(name)).toDouble()) : number(p, name);
        };
        return QCoreApplication::translate("Messages", "%1 is %2 (threshold %3, for %n s)", nullptr, seconds)
            .arg(seriesName(series), value("value"), value("threshold"));
    }
    if (key == u"alert.health_failed"_qs) {
        const QString reason = healthReason(p.value(u"reason"_qs).toString());
        const QString error = p.value(u"error"_qs).toString();
        QString t = QCoreApplication::translate("Messages", "The health check %1 is failing").arg(p.value(u"check"_qs).toString());
        if (!reason.isEmpty())
            t = QCoreApplication::translate("Messages", "%1: %2").arg(t, reason);
        return error.isEmpty() ? t : QCoreApplication::translate("Messages", "%1 (%2)").arg(t, error);
    }
    if (key == u"alert.audit_write_failed"_qs)
        return QCoreApplication::translate("Messages", "The audit log cannot be written, so actions are refused until it can (%1: %2)").arg(str(p, "action"), str(p, "error"));
    if (key == u"alert.channel_failing"_qs)
        return QCoreApplication::translate("Messages", "Deliveries through %1 failed %n time(s) in a row; last error: %2", nullptr, failures)
            .arg(str(p, "channel"), str(p, "error"));
    if (key == u"alert.job_failed"_qs)
        return QCoreApplication::translate("Messages", "The scheduled %1 failed: %2").arg(jobName(str(p, "job")), str(p, "error"));
    if (key == u"alert.host_down"_qs)
        return QCoreApplication::translate("Messages", "No heartbeat from %1 since %2 (a host is down after %3 s of silence)")
            .arg(str(p, "host"), when(p, "last_seen"), str(p, "down_after_seconds"));
    if (key.startsWith(u"event."_qs))
        return eventText(key.mid(6), p);
    return detailText(key, p);
}

QString carried(const QJsonObject &o, const QString &name)
{
    const QString key = o.value(name + u"_key"_qs).toString();
    const QJsonObject params = o.value(name == u"message"_qs ? u"params"_qs : name + u"_params"_qs).toObject();
    const QString t = key.isEmpty() ? QString() : text(key, params);
    return t.isEmpty() ? o.value(name).toString() : t;
}

QString detailText(const QString &key, const QJsonObject &p)
{
    // Counts first (see text()).
    const int count = p.value(u"count"_qs).toInt(), findings = p.value(u"findings"_qs).toInt(), days = p.value(u"days"_qs).toInt();
    static const std::pair<const char *, const char *> fixed[] = {
        {"error.login_busy", QT_TRANSLATE_NOOP("Messages", "Too many logins at once; try again in a moment.")},
        {"error.login_throttled", QT_TRANSLATE_NOOP("Messages", "Too many failed logins; wait a while before trying again.")},
        {"error.login_unchecked", QT_TRANSLATE_NOOP("Messages", "The daemon could not check the login; see its log.")},
        {"error.login_wrong", QT_TRANSLATE_NOOP("Messages", "Wrong user name or password.")},
        {"error.session_unstored", QT_TRANSLATE_NOOP("Messages", "The daemon could not store the session; see its log.")},
        {"error.audit_refused", QT_TRANSLATE_NOOP("Messages", "The audit log could not be written, so the action was not carried out.")},
        {"error.searches_busy", QT_TRANSLATE_NOOP("Messages", "Too many searches are running on the daemon; try again shortly.")},
        {"error.store_busy", QT_TRANSLATE_NOOP("Messages", "The daemon's store is not taking work now (see the ops_store check on Health); try again shortly.")},
        {"error.backups_disabled", QT_TRANSLATE_NOOP("Messages", "Backups are not enabled on this daemon.")},
        {"error.scheduler_disabled", QT_TRANSLATE_NOOP("Messages", "The scheduler is not enabled on this daemon.")},
        {"error.restore_unconfirmed", QT_TRANSLATE_NOOP("Messages", "A restore must be confirmed by typing the backup's name.")},
        {"error.no_running_job", QT_TRANSLATE_NOOP("Messages", "That job is no longer running.")},
        {"query.unclosed_quote", QT_TRANSLATE_NOOP("Messages", "a quote opened here is never closed")},
        {"query.bad_exclusion", QT_TRANSLATE_NOOP("Messages", "only words and phrases can be excluded with “-”")},
        {"query.bad_duration", QT_TRANSLATE_NOOP("Messages", "since: takes a duration such as 30s, 15m, 2h, 7d or 1w")},
        {"query.from_after_to", QT_TRANSLATE_NOOP("Messages", "from: is after to:")},
        {"job.no_backup", QT_TRANSLATE_NOOP("Messages", "there is no backup yet")},
        {"job.all_verified", QT_TRANSLATE_NOOP("Messages", "every backup is verified")},
        {"job.no_email", QT_TRANSLATE_NOOP("Messages", "no email channel is configured ([notify] smtp_url)")},
        {"job.store_busy", QT_TRANSLATE_NOOP("Messages", "the store did not take the job's work (its backlog is full, or the daemon is stopping)")},
        {"job.diagnosis_clean", QT_TRANSLATE_NOOP("Messages", "nothing found")},
        {"job.log_retention_done", QT_TRANSLATE_NOOP("Messages", "log retention applied")},
        {"backup.verified", QT_TRANSLATE_NOOP("Messages", "every checksum matches")},
        {"backup.drill_nothing", QT_TRANSLATE_NOOP("Messages", "the backup holds no database to drill")},
        {"backup.drill_problems", QT_TRANSLATE_NOOP("Messages", "the restore drill found problems")},
        {"backup_reason.cli", QT_TRANSLATE_NOOP("Messages", "taken with formauto-opsd backup create")},
        {"backup.dry_run", QT_TRANSLATE_NOOP("Messages", "dry run: nothing was changed")},
        {"backup.restored", QT_TRANSLATE_NOOP("Messages", "restored")},
        {"backup.cancelled", QT_TRANSLATE_NOOP("Messages", "cancelled; nothing was left behind")},
        {"restore.no_service_database", QT_TRANSLATE_NOOP("Messages", "no service database is configured on this daemon")},
        {"restore.removed", QT_TRANSLATE_NOOP("Messages", "did not exist before; removed")},
        {"restore.put_back", QT_TRANSLATE_NOOP("Messages", "the previous content is back in place")},
        {"restore.from_safety", QT_TRANSLATE_NOOP("Messages", "restored from the safety backup")},
        {"backup_reason.scheduled", QT_TRANSLATE_NOOP("Messages", "scheduled")},
        {"backup_reason.found_on_disk", QT_TRANSLATE_NOOP("Messages", "found on disk")},
        {"retention.not_selected", QT_TRANSLATE_NOOP("Messages", "not selected by any rule")},
        {"retention.newest_verified", QT_TRANSLATE_NOOP("Messages", "newest verified backup")},
        {"retention.daily", QT_TRANSLATE_NOOP("Messages", "newest of its day")},
        {"retention.weekly", QT_TRANSLATE_NOOP("Messages", "newest of its week")},
        {"retention.monthly", QT_TRANSLATE_NOOP("Messages", "newest of its month")},
        {"bundle.not_a_bundle", QT_TRANSLATE_NOOP("Messages", "this is not a formauto audit bundle (version 1)")},
        {"bundle.bad_signature", QT_TRANSLATE_NOOP("Messages", "the bundle's public key or signature is missing or malformed")},
    };
    for (const auto &[k, english] : fixed) {
        if (key == QLatin1StringView(k))
            return QCoreApplication::translate("Messages", english);
    }
    if (key == u"error.job_running"_qs)
        return QCoreApplication::translate("Messages", "A %1 job is running; one job runs at a time.").arg(jobName(str(p, "kind")));
    if (key == u"error.agent_entry_refused"_qs)
        return QCoreApplication::translate("Messages", "The hub refused entry %1 of an agent's push: %2").arg(str(p, "seq"), str(p, "reason"));
    if (key == u"error.unknown_host"_qs)
        return QCoreApplication::translate("Messages", "There is no host %1 in the fleet.").arg(str(p, "host"));
    if (key == u"error.host_not_answered"_qs)
        return QCoreApplication::translate("Messages", "Host %1 has not reported this yet.").arg(str(p, "host"));
    if (key == u"error.no_backup_named"_qs)
        return QCoreApplication::translate("Messages", "There is no backup named %1.").arg(str(p, "name"));
    if (key == u"error.no_scheduled_job"_qs)
        return QCoreApplication::translate("Messages", "There is no scheduled job %1.").arg(jobName(str(p, "job")));
    if (key == u"error.scheduled_job_running"_qs)
        return QCoreApplication::translate("Messages", "The %1 is already running.").arg(jobName(str(p, "job")));
    if (key == u"query.too_long"_qs)
        return QCoreApplication::translate("Messages", "the query is longer than %1 characters").arg(str(p, "max"));
    if (key == u"query.too_many_terms"_qs)
        return QCoreApplication::translate("Messages", "the query has more than %1 terms; narrow it").arg(str(p, "max"));
    if (key == u"query.needs_value"_qs)
        return QCoreApplication::translate("Messages", "“%1:” needs a value").arg(str(p, "field"));
    if (key == u"query.no_operator"_qs)
        return QCoreApplication::translate("Messages", "there is no %1: every word must match, -word excludes a word, level:warning,error takes either level, "
                  "and “%1” in quotes searches for the word")
            .arg(str(p, "word"));
    if (key == u"query.unknown_level"_qs)
        return QCoreApplication::translate("Messages", "unknown level “%1” (debug, info, warning, error, critical, unknown)").arg(str(p, "level"));
    if (key == u"query.bad_time"_qs)
        return QCoreApplication::translate("Messages", "%1: takes an ISO-8601 time such as 2026-11-28T10:00:00Z").arg(str(p, "field"));
    if (key == u"query.unknown_field"_qs)
        return QCoreApplication::translate("Messages", "unknown field “%1” (level, logger, source, host, since, from, to, extra.PATH)").arg(str(p, "field"));
    if (key == u"job.retention_done"_qs)
        return count == 0 ? QCoreApplication::translate("Messages", "nothing to delete")
                          : QCoreApplication::translate("Messages", "%n backup(s) deleted: %1", nullptr, count).arg(str(p, "names"));
    if (key == u"job.digest_queued"_qs)
        return QCoreApplication::translate("Messages", "digest with %n finding(s) queued for email", nullptr, findings);
    if (key == u"job.diagnosis_done"_qs)
        return QCoreApplication::translate("Messages", "%n finding(s): %1", nullptr, findings).arg(str(p, "rules"));
    if (key == u"job.failed"_qs)
        return QCoreApplication::translate("Messages", "error: %1").arg(str(p, "error"));
    if (key == u"backup.created"_qs)
        return QCoreApplication::translate("Messages", "created %1 (%2)").arg(str(p, "name"), formatting::bytes(p.value(u"size"_qs).toDouble()));
    if (key == u"backup.drill_ok"_qs)
        return QCoreApplication::translate("Messages", "%n database(s) restored into a scratch database, integrity checked, row counts match",
                                           nullptr, count);
    if (key == u"restore.own_store"_qs)
        return QCoreApplication::translate("Messages", "the daemon's own store is not replaced by a restore; for disaster recovery, stop the daemon and put %1 from the "
                  "archive in place")
            .arg(str(p, "member"));
    if (key == u"backup_reason.requested"_qs)
        return QCoreApplication::translate("Messages", "requested by %1").arg(str(p, "by"));
    if (key == u"backup_reason.safety"_qs)
        return QCoreApplication::translate("Messages", "safety backup before restoring %1").arg(str(p, "archive"));
    if (key == u"retention.within_days"_qs)
        return QCoreApplication::translate("Messages", "within %n day(s)", nullptr, days);
    if (key == u"retention.last"_qs)
        return QCoreApplication::translate("Messages", "among the newest %n", nullptr, count);
    if (key == u"restore.not_a_directory"_qs)
        return QCoreApplication::translate("Messages", "%1 is not one of this daemon's [backup] directories").arg(str(p, "directory"));
    if (key == u"bundle.bad_row"_qs)
        return QCoreApplication::translate("Messages", "row %1 cannot be read: %2").arg(str(p, "row"), str(p, "error"));
    if (key == u"bundle.row_changed"_qs)
        return QCoreApplication::translate("Messages", "row %1 was changed: its content does not match its digest").arg(str(p, "row"));
    if (key == u"bundle.row_out_of_order"_qs)
        return QCoreApplication::translate("Messages", "row %1 does not follow row %2: rows were removed or reordered").arg(str(p, "row"), str(p, "previous"));
    return QString();
}

QString alertTitle(const protocol::Alert &a)
{
    const QString key = a.details.value(u"message_key"_qs).toString();
    const QJsonObject p = a.details.value(u"params"_qs).toObject();
    if (key == u"alert.health_failed"_qs)
        return QCoreApplication::translate("Messages", "Health check %1 is failing").arg(str(p, "check"));
    if (key == u"alert.channel_failing"_qs)
        return QCoreApplication::translate("Messages", "Notification channel %1 is failing").arg(str(p, "channel"));
    if (key == u"alert.audit_write_failed"_qs)
        return QCoreApplication::translate("Messages", "The audit log cannot be written");
    if (key == u"alert.job_failed"_qs)
        return QCoreApplication::translate("Messages", "Scheduled %1 failed").arg(jobName(str(p, "job")));
    if (key == u"alert.host_down"_qs)
        return QCoreApplication::translate("Messages", "Host %1 is down").arg(str(p, "host"));
    // The built-in rules (the ticket's thresholds) by name, if their title was not changed.
    static const std::pair<const char *, const char *> builtIn[] = {
        {"cpu_high", QT_TRANSLATE_NOOP("Messages", "CPU usage above 80 %")},
        {"cpu_critical", QT_TRANSLATE_NOOP("Messages", "CPU usage above 95 %")},
        {"memory_high", QT_TRANSLATE_NOOP("Messages", "Memory usage above 85 %")},
        {"memory_critical", QT_TRANSLATE_NOOP("Messages", "Memory usage above 95 %")},
        {"disk_high", QT_TRANSLATE_NOOP("Messages", "Disk usage above 90 %")},
        {"task_success_low", QT_TRANSLATE_NOOP("Messages", "Task success rate below 50 %")},
    };
    for (const auto &[rule, english] : builtIn) {
        if (a.rule == QLatin1StringView(rule) && a.title == QLatin1StringView(english))
            return QCoreApplication::translate("Messages", english);
    }
    // A rule without a title of its own is named by its expression ("cpu_percent > 95").
    if (key == u"alert.threshold"_qs && (a.title.isEmpty() || a.title.startsWith(str(p, "series") + u' ')))
        return QCoreApplication::translate("Messages", "%1 crossed its threshold").arg(seriesName(str(p, "series")));
    return a.title; // an operator's own title for their rule, or an alert sent by the service
}

QString alertMessage(const protocol::Alert &a)
{
    const QString t = text(a.details.value(u"message_key"_qs).toString(), a.details.value(u"params"_qs).toObject());
    return t.isEmpty() ? a.message : t;
}

QString eventText(const QString &kind, const QJsonObject &d)
{
    if (kind == u"fired"_qs)
        return d.value(u"value"_qs).isDouble() ? QCoreApplication::translate("Messages", "fired at a value of %1").arg(number(d, "value")) : QCoreApplication::translate("Messages", "fired");
    if (kind == u"acknowledged"_qs)
        return withComment(QCoreApplication::translate("Messages", "acknowledged by %1").arg(str(d, "by")), d);
    if (kind == u"resolved"_qs) {
        if (d.value(u"by"_qs).isString())
            return withComment(QCoreApplication::translate("Messages", "resolved by %1").arg(str(d, "by")), d);
        return QCoreApplication::translate("Messages", "resolved: the condition cleared");
    }
    if (kind == u"escalated"_qs)
        return QCoreApplication::translate("Messages", "escalated (step %1): %2 → %3").arg(str(d, "step"), levelName(str(d, "from")), levelName(str(d, "to")));
    if (kind == u"silenced"_qs) {
        const QString until = when(d, "until");
        return withComment(until.isEmpty() ? QCoreApplication::translate("Messages", "notifications held by %1").arg(str(d, "by"))
                                           : QCoreApplication::translate("Messages", "notifications held by a silence of %1 until %2").arg(str(d, "by"), until),
                           d);
    }
    if (kind == u"unsilenced"_qs)
        return QCoreApplication::translate("Messages", "silence over: notifications resume");
    if (kind == u"notified"_qs)
        return QCoreApplication::translate("Messages", "notified through %1 (attempt %2)").arg(str(d, "channel"), str(d, "attempt"));
    if (kind == u"notification_failed"_qs)
        return QCoreApplication::translate("Messages", "notification through %1 failed (attempt %2): %3").arg(str(d, "channel"), str(d, "attempt"), str(d, "error"));
    return QString();
}

QString list(const QStringList &items)
{
    //: Separator between the items of a list inside a sentence.
    return items.join(QCoreApplication::translate("Messages", ", "));
}

} // namespace messages
