#include "server/protocol/messagecatalogue.h"

#include <QRegularExpression>

namespace protocol {

namespace {
QList<MessageKey> build()
{
    const QJsonObject none;
    auto health = [](const char *key, const char *english) {
        return MessageKey{QString::fromLatin1(key), QString::fromLatin1(english), {}, {}, {}};
    };
    return {
        // Alerts: message_key and params in details; the title follows from the key.
        {u"alert.threshold"_qs, u"{series} is {value} (threshold {threshold}, for {for_seconds} s)"_qs, u"{series} crossed its threshold"_qs,
         {u"series"_qs, u"value"_qs, u"threshold"_qs, u"for_seconds"_qs},
         {{u"series"_qs, u"cpu_percent"_qs}, {u"value"_qs, 97.5}, {u"threshold"_qs, 95}, {u"for_seconds"_qs, 60}}},
        {u"alert.health_failed"_qs, u"Health check {check} is failing: {reason} {error}"_qs, u"Health check {check} is failing"_qs,
         {u"check"_qs, u"reason"_qs, u"error"_qs},
         {{u"check"_qs, u"cpu"_qs}, {u"reason"_qs, u"health.resource_critical"_qs}, {u"error"_qs, QString()}}},
        {u"alert.audit_write_failed"_qs, u"Actions are refused until the audit log can be written ({action}: {error})"_qs,
         u"The audit log cannot be written"_qs, {u"action"_qs, u"error"_qs},
         {{u"action"_qs, u"backup.create"_qs}, {u"error"_qs, u"disk I/O error"_qs}}},
        {u"alert.channel_failing"_qs, u"{failures} deliveries through {channel} in a row failed; last error: {error}"_qs,
         u"Notification channel {channel} is failing"_qs, {u"channel"_qs, u"failures"_qs, u"error"_qs},
         {{u"channel"_qs, u"slack"_qs}, {u"failures"_qs, 3}, {u"error"_qs, u"HTTP 500"_qs}}},
        {u"alert.host_down"_qs, u"No heartbeat from {host} since {last_seen} (down after {down_after_seconds} s)"_qs,
         u"Host {host} is down"_qs, {u"host"_qs, u"last_seen"_qs, u"down_after_seconds"_qs},
         {{u"host"_qs, u"worker-2"_qs}, {u"last_seen"_qs, u"2026-12-03T03:00:05Z"_qs}, {u"down_after_seconds"_qs, 15}}},
        {u"alert.job_failed"_qs, u"Scheduled job {job} failed: {error}"_qs, u"Scheduled job {job} failed"_qs, {u"job"_qs, u"error"_qs},
         {{u"job"_qs, u"backup"_qs}, {u"error"_qs, u"pg_dump exited with status 1"_qs}}},
        // Health checks: message_key of a check's result (no parameters; details beside it).
        health("health.timeout", "timed out"),
        health("health.unreachable", "unreachable"),
        health("health.auth_failed", "authentication failed"),
        health("health.query_failed", "query failed"),
        health("health.http_status", "unexpected HTTP status"),
        health("health.body_mismatch", "unexpected answer"),
        health("health.bad_answer", "unexpected answer"),
        health("health.tls_failed", "TLS handshake failed"),
        health("health.certificate_expiring", "certificate expiring"),
        health("health.dns_failed", "name not resolved"),
        health("health.resource_high", "above the warning threshold"),
        health("health.resource_critical", "above the critical threshold"),
        health("health.sampler_stale", "no recent sample"),
        health("health.daemon_slow", "falling behind"),
        health("health.fleet_heartbeat_failed", "cannot heartbeat to the fleet's store"),
        health("health.hosts_down", "a host of the fleet is down"),
        health("health.fleet_host_conflict", "another daemon uses this host name: this one stands aside"),
        health("health.no_leader", "no member leads the fleet: scheduled jobs and escalation wait"),
        health("health.agent_hub_unreachable", "the hub has taken no push from this agent for a minute: its figures wait in the buffer"),
        health("health.store_no_answer", "the store does not answer: writes are waiting"),
        health("health.store_backlog", "writes are waiting for the store"),
        health("health.no_backup", "no backup yet"),
        health("health.backup_stale", "backup too old"),
        health("health.channel_failing", "a channel is failing"),
        health("health.no_channel", "no channel configured: nobody will be notified"),
        health("health.level_unrouted", "no channel for error or critical alerts: nobody will be notified"),
        health("health.level_all_failing", "every channel for error or critical alerts is failing: nobody is being notified"),
        health("health.misconfigured", "misconfigured"),
        // An alert's timeline: the event kinds, their detail as parameters.
        {u"event.fired"_qs, u"fired (value {value})"_qs, {}, {u"value"_qs}, {{u"value"_qs, 97.5}}},
        {u"event.acknowledged"_qs, u"acknowledged by {by}: {comment}"_qs, {}, {u"by"_qs, u"comment"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"comment"_qs, u"looking"_qs}}},
        {u"event.resolved"_qs, u"resolved by {by}: {comment}"_qs, {}, {u"by"_qs, u"comment"_qs, u"reason"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"comment"_qs, u"fixed"_qs}}},
        {u"event.escalated"_qs, u"escalated at step {step} from {from} to {to}"_qs, {}, {u"step"_qs, u"from"_qs, u"to"_qs},
         {{u"step"_qs, 1}, {u"from"_qs, u"warning"_qs}, {u"to"_qs, u"error"_qs}}},
        {u"event.silenced"_qs, u"silenced by {by} until {until}"_qs, {}, {u"by"_qs, u"silence"_qs, u"until"_qs, u"comment"_qs},
         {{u"by"_qs, u"alice"_qs}, {u"until"_qs, u"2026-12-02T10:00:00.000Z"_qs}}},
        {u"event.unsilenced"_qs, u"silence over"_qs, {}, {}, none},
        {u"event.notified"_qs, u"notified through {channel} (attempt {attempt})"_qs, {}, {u"channel"_qs, u"attempt"_qs},
         {{u"channel"_qs, u"email"_qs}, {u"attempt"_qs, 1}}},
        {u"event.notification_failed"_qs, u"notification through {channel} failed (attempt {attempt}): {error}"_qs, {},
         {u"channel"_qs, u"attempt"_qs, u"error"_qs}, {{u"channel"_qs, u"slack"_qs}, {u"attempt"_qs, 2}, {u"error"_qs, u"HTTP 500"_qs}}},
        // Errors a person meets (the code says what kind; these say what exactly).
        {u"error.login_busy"_qs, u"too many logins at once; try again in a moment"_qs, {}, {}, none},
        {u"error.login_throttled"_qs, u"too many failed logins; try again later"_qs, {}, {}, none},
        {u"error.login_wrong"_qs, u"wrong user name or password"_qs, {}, {}, none},
        {u"error.session_unstored"_qs, u"could not store the session"_qs, {}, {}, none},
        {u"error.login_unchecked"_qs, u"the login could not be checked"_qs, {}, {}, none},
        {u"error.audit_refused"_qs, u"the audit log could not be written; the action was not carried out"_qs, {}, {}, none},
        {u"error.searches_busy"_qs, u"too many searches are running; retry shortly"_qs, {}, {}, none},
        {u"error.store_busy"_qs, u"the daemon's store is not taking work now (see the ops_store check); retry shortly"_qs, {}, {}, none},
        {u"error.backups_disabled"_qs, u"backups are not enabled"_qs, {}, {}, none},
        {u"error.scheduler_disabled"_qs, u"the scheduler is not enabled"_qs, {}, {}, none},
        {u"error.restore_unconfirmed"_qs, u"a restore needs data.confirm set to the backup's name"_qs, {}, {}, none},
        {u"error.job_running"_qs, u"a {kind} job is running; one job at a time"_qs, {}, {u"kind"_qs}, {{u"kind"_qs, u"verify"_qs}}},
        {u"error.no_backup_named"_qs, u"no backup named \"{name}\""_qs, {}, {u"name"_qs},
         {{u"name"_qs, u"full_backup_20261202_030000.tar.zst"_qs}}},
        {u"error.unknown_host"_qs, u"no host \"{host}\" in the fleet"_qs, {}, {u"host"_qs}, {{u"host"_qs, u"worker-9"_qs}}},
        {u"error.agent_entry_refused"_qs, u"entry {seq} of the push was refused: {reason}"_qs, {}, {u"seq"_qs, u"reason"_qs},
         {{u"seq"_qs, 42}, {u"reason"_qs, u"entries[0]: not a sample: timestamp is missing"_qs}}},
        {u"error.host_not_answered"_qs, u"host \"{host}\" has not written that yet"_qs, {}, {u"host"_qs}, {{u"host"_qs, u"worker-2"_qs}}},
        {u"error.no_running_job"_qs, u"no running job with that id"_qs, {}, {}, none},
        {u"error.no_scheduled_job"_qs, u"no scheduled job \"{job}\""_qs, {}, {u"job"_qs}, {{u"job"_qs, u"backup"_qs}}},
        {u"error.scheduled_job_running"_qs, u"{job} is running"_qs, {}, {u"job"_qs}, {{u"job"_qs, u"restore_drill"_qs}}},
        // A log query's faults, at {position} (1-based character) in the query.
        {u"query.too_long"_qs, u"the query is longer than {max} characters"_qs, {}, {u"position"_qs, u"max"_qs},
         {{u"position"_qs, 2001}, {u"max"_qs, 2000}}},
        {u"query.too_many_terms"_qs, u"the query has more than {max} terms; narrow it"_qs, {}, {u"position"_qs, u"max"_qs},
         {{u"position"_qs, 120}, {u"max"_qs, 32}}},
        {u"query.unclosed_quote"_qs, u"a quote opened here is never closed"_qs, {}, {u"position"_qs}, {{u"position"_qs, 7}}},
        {u"query.needs_value"_qs, u"\"{field}:\" needs a value"_qs, {}, {u"position"_qs, u"field"_qs},
         {{u"position"_qs, 1}, {u"field"_qs, u"level"_qs}}},
        {u"query.no_operator"_qs,
         u"there is no {word}: every word must match; -word excludes one, level:warning,error takes one of several levels, and \"{word}\" in quotes searches for the word"_qs, {},
         {u"position"_qs, u"word"_qs}, {{u"position"_qs, 9}, {u"word"_qs, u"OR"_qs}}},
        {u"query.bad_exclusion"_qs, u"only words and phrases can be excluded with '-'"_qs, {}, {u"position"_qs}, {{u"position"_qs, 1}}},
        {u"query.unknown_level"_qs, u"unknown level \"{level}\" (debug, info, warning, error, critical, unknown)"_qs, {},
         {u"position"_qs, u"level"_qs}, {{u"position"_qs, 1}, {u"level"_qs, u"fatal"_qs}}},
        {u"query.bad_duration"_qs, u"since: takes a duration like 30s, 15m, 2h, 7d or 1w"_qs, {}, {u"position"_qs}, {{u"position"_qs, 1}}},
        {u"query.bad_time"_qs, u"{field}: takes an ISO-8601 time like 2026-11-28T10:00:00Z"_qs, {}, {u"position"_qs, u"field"_qs},
         {{u"position"_qs, 1}, {u"field"_qs, u"from"_qs}}},
        {u"query.unknown_field"_qs, u"unknown field \"{field}\" (level, logger, source, host, since, from, to, extra.PATH)"_qs, {},
         {u"position"_qs, u"field"_qs}, {{u"position"_qs, 1}, {u"field"_qs, u"hostname"_qs}}},
        {u"query.from_after_to"_qs, u"from: is after to:"_qs, {}, {u"position"_qs}, {{u"position"_qs, 1}}},
        // What a scheduled job or a backup job ended with.
        {u"job.no_backup"_qs, u"there is no backup yet"_qs, {}, {}, none},
        {u"job.all_verified"_qs, u"every backup is verified"_qs, {}, {}, none},
        {u"job.retention_done"_qs, u"{count} backup(s) deleted: {names}"_qs, {}, {u"count"_qs, u"names"_qs},
         {{u"count"_qs, 2}, {u"names"_qs, u"full_backup_20261101_030000.tar.zst, full_backup_20261102_030000.tar.zst"_qs}}},
        {u"job.digest_queued"_qs, u"digest with {findings} finding(s) queued for email"_qs, {}, {u"findings"_qs}, {{u"findings"_qs, 3}}},
        {u"job.no_email"_qs, u"no email channel is configured ([notify] smtp_url)"_qs, {}, {}, none},
        {u"job.store_busy"_qs, u"the store did not take the job's work (its backlog is full, or the daemon is stopping)"_qs, {}, {}, none},
        {u"job.diagnosis_done"_qs, u"{findings} finding(s): {rules}"_qs, {}, {u"findings"_qs, u"rules"_qs},
         {{u"findings"_qs, 2}, {u"rules"_qs, u"warning:backup_unverified, error:alerts_firing"_qs}}},
        {u"job.diagnosis_clean"_qs, u"nothing found"_qs, {}, {}, none},
        {u"job.log_retention_done"_qs, u"log retention applied"_qs, {}, {}, none},
        {u"job.failed"_qs, u"{error}"_qs, {}, {u"error"_qs}, {{u"error"_qs, u"pg_dump failed (exit 1): connection refused"_qs}}},
        {u"backup.created"_qs, u"{name}, {size} bytes"_qs, {}, {u"name"_qs, u"size"_qs},
         {{u"name"_qs, u"full_backup_20261202_030000.tar.zst"_qs}, {u"size"_qs, 1048576}}},
        {u"backup.verified"_qs, u"every checksum matches"_qs, {}, {}, none},
        {u"backup.drill_nothing"_qs, u"the backup holds no database to drill"_qs, {}, {}, none},
        {u"backup.drill_ok"_qs, u"{count} database(s) restored into scratch, integrity checked, row counts match"_qs, {}, {u"count"_qs},
         {{u"count"_qs, 1}}},
        {u"backup.drill_problems"_qs, u"the restore drill found problems"_qs, {}, {}, none},
        {u"backup.dry_run"_qs, u"dry run: nothing was changed"_qs, {}, {}, none},
        {u"backup.restored"_qs, u"restored"_qs, {}, {}, none},
        {u"backup.cancelled"_qs, u"cancelled; nothing was left behind"_qs, {}, {}, none},
        // Why a backup exists, and why retention keeps or deletes it.
        {u"backup_reason.scheduled"_qs, u"scheduled"_qs, {}, {}, none},
        {u"backup_reason.found_on_disk"_qs, u"found on disk"_qs, {}, {}, none},
        {u"backup_reason.cli"_qs, u"formauto-opsd backup create"_qs, {}, {}, none},
        {u"backup_reason.requested"_qs, u"requested by {by}"_qs, {}, {u"by"_qs}, {{u"by"_qs, u"admin"_qs}}},
        {u"backup_reason.safety"_qs, u"safety backup before restoring {archive}"_qs, {}, {u"archive"_qs},
         {{u"archive"_qs, u"full_backup_20261202_030000.tar.zst"_qs}}},
        {u"retention.not_selected"_qs, u"not selected"_qs, {}, {}, none},
        {u"retention.newest_verified"_qs, u"newest verified"_qs, {}, {}, none},
        {u"retention.within_days"_qs, u"within {days} days"_qs, {}, {u"days"_qs}, {{u"days"_qs, 30}}},
        {u"retention.last"_qs, u"last {count}"_qs, {}, {u"count"_qs}, {{u"count"_qs, 3}}},
        {u"retention.daily"_qs, u"daily"_qs, {}, {}, none},
        {u"retention.weekly"_qs, u"weekly"_qs, {}, {}, none},
        {u"retention.monthly"_qs, u"monthly"_qs, {}, {}, none},
        // A restore report's steps that are not a fault.
        {u"restore.own_store"_qs,
         u"the daemon's own store is not replaced by a restore; for disaster recovery, stop the daemon and put {member} from the archive in place"_qs,
         {}, {u"member"_qs}, {{u"member"_qs, u"ops_store.sqlite"_qs}}},
        {u"restore.no_service_database"_qs, u"no service database is configured"_qs, {}, {}, none},
        {u"restore.not_a_directory"_qs, u"{directory} is not one of this daemon's [backup] directories"_qs, {}, {u"directory"_qs},
         {{u"directory"_qs, u"uploads"_qs}}},
        {u"restore.removed"_qs, u"did not exist before; removed"_qs, {}, {}, none},
        {u"restore.put_back"_qs, u"previous content back in place"_qs, {}, {}, none},
        {u"restore.from_safety"_qs, u"restored from the safety backup"_qs, {}, {}, none},
        // Why an audit bundle does not verify (read by the console offline, too).
        {u"bundle.not_a_bundle"_qs, u"not a formauto audit bundle (version 1)"_qs, {}, {}, none},
        {u"bundle.bad_signature"_qs, u"the bundle's public key or signature is missing or malformed"_qs, {}, {}, none},
        {u"bundle.bad_row"_qs, u"row {row}: {error}"_qs, {}, {u"row"_qs, u"error"_qs}, {{u"row"_qs, 3}, {u"error"_qs, u"\"seq\" must be a number"_qs}}},
        {u"bundle.row_changed"_qs, u"row {row} was changed: its content does not match its digest"_qs, {}, {u"row"_qs}, {{u"row"_qs, 42}}},
        {u"bundle.row_out_of_order"_qs, u"row {row} does not follow row {previous}: rows were removed or reordered"_qs, {},
         {u"row"_qs, u"previous"_qs}, {{u"row"_qs, 44}, {u"previous"_qs, 42}}},
    };
}
} // namespace

const QList<MessageKey> &messageCatalogue()
{
    static const QList<MessageKey> catalogue = build();
    return catalogue;
}

const MessageKey *findMessageKey(const QString &key)
{
    for (const MessageKey &m : messageCatalogue()) {
        if (m.key == key)
            return &m;
    }
    return nullptr;
}

QString englishMessage(const QString &key, const QJsonObject &params)
{
    const MessageKey *m = findMessageKey(key);
    if (!m)
        return key;
    QString text = m->english;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QJsonValue v = it.value();
        QString value = v.isString() ? v.toString() : v.isDouble() ? (v.toDouble() == double(v.toInteger()) ? QString::number(v.toInteger()) : QString::number(v.toDouble(), 'g', 10))
                                                    : QString();
        if (v.isString() && findMessageKey(value))
            value = englishMessage(value, {});
        text.replace(u'{' + it.key() + u'}', value);
    }
    static const QRegularExpression unfilled(QStringLiteral("\\s*\\{[a-z_]+\\}"));
    return text.remove(unfilled).trimmed();
}

QJsonArray messageCatalogueJson()
{
    QJsonArray out;
    for (const MessageKey &m : messageCatalogue()) {
        QJsonObject o{{u"key"_qs, m.key}, {u"english"_qs, m.english}, {u"params"_qs, QJsonArray::fromStringList(m.params)},
                      {u"example"_qs, m.example}};
        if (!m.englishTitle.isEmpty())
            o.insert(u"title"_qs, m.englishTitle);
        out.append(o);
    }
    return out;
}

} // namespace protocol
