#include "server/health/diagnosis.h"

#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <cmath>

namespace {

int severityRank(const QString &s)
{
    return s == u"critical"_qs ? 0 : s == u"error"_qs ? 1 : s == u"warning"_qs ? 2 : 3;
}

QJsonObject metricEvidence(const QString &series, const QList<std::pair<qint64, double>> &points)
{
    double min = points.first().second, max = min;
    for (const auto &[t, v] : points) {
        min = std::min(min, v);
        max = std::max(max, v);
    }
    return {{u"kind"_qs, u"metric"_qs}, {u"series"_qs, series}, {u"from"_qs, protocol::isoTimestamp(points.first().first)},
            {u"to"_qs, protocol::isoTimestamp(points.last().first)}, {u"first"_qs, points.first().second},
            {u"last"_qs, points.last().second}, {u"min"_qs, min}, {u"max"_qs, max}, {u"points"_qs, int(points.size())}};
}

QString hoursText(double hours)
{
    return hours < 1 ? QStringLiteral("%1 minutes").arg(qRound(hours * 60)) : QStringLiteral("%1 hours").arg(hours, 0, 'f', 1);
}

} // namespace

QJsonObject Finding::toJson() const
{
    return {{u"rule"_qs, rule},
            {u"severity"_qs, severity},
            {u"message_key"_qs, QString(u"diagnosis."_qs + rule)},
            {u"params"_qs, params},
            {u"title"_qs, title},
            {u"explanation"_qs, explanation},
            {u"probable_cause"_qs, cause},
            {u"suggested_action"_qs, action},
            {u"evidence"_qs, evidence}};
}

namespace diagnosis {

Trend trend(const QList<std::pair<qint64, double>> &points)
{
    Trend t;
    t.points = int(points.size());
    if (points.size() < 2)
        return t;
    const double t0 = double(points.first().first);
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (const auto &[ms, v] : points) {
        const double x = double(ms) - t0;
        sx += x;
        sy += v;
        sxx += x * x;
        sxy += x * v;
        syy += v * v;
    }
    const double n = double(points.size());
    const double dx = n * sxx - sx * sx, dy = n * syy - sy * sy;
    if (dx <= 0)
        return t;
    t.slopePerMs = (n * sxy - sx * sy) / dx;
    t.r2 = dy <= 0 ? 1.0 : std::pow(n * sxy - sx * sy, 2) / (dx * dy);
    return t;
}

QList<Finding> run(const DiagnosisInput &in)
{
    QList<Finding> out;
    auto series = [&](auto value, qint64 sinceMs) {
        QList<std::pair<qint64, double>> points;
        for (const protocol::MetricsSample &s : in.recent) {
            if (s.timestampMs >= sinceMs) {
                const std::optional<double> v = value(s);
                if (v)
                    points.append({s.timestampMs, *v});
            }
        }
        return points;
    };
    const QJsonObject checks = in.health.value(u"checks"_qs).toObject();

    // Disk full: the trend of free space on the root file system over the last six hours.
    {
        const auto free = series([](const protocol::MetricsSample &s) -> std::optional<double> {
            return s.system.disk.total > 0 ? std::optional<double>(double(s.system.disk.free)) : std::nullopt;
        }, in.nowMs - 6 * 3600000LL);
        const Trend t = trend(free);
        if (free.size() >= 10 && free.last().first - free.first().first >= 30 * 60000 && t.slopePerMs < 0 && t.r2 > 0.6) {
            const double hours = free.last().second / (-t.slopePerMs) / 3600000.0;
            if (hours < 72) {
                Finding f;
                f.rule = u"disk_full"_qs;
                f.severity = hours < 24 ? u"critical"_qs : u"warning"_qs;
                f.params = {{u"hours"_qs, std::round(hours * 10) / 10}, {u"free_bytes"_qs, free.last().second},
                            {u"bytes_per_hour"_qs, std::round(-t.slopePerMs * 3600000.0)}};
                f.title = QStringLiteral("The disk will be full in about %1").arg(hoursText(hours));
                f.explanation = QStringLiteral("Free space fell by %1 MB per hour over the last %2; %3 MB are left.")
                                    .arg(-t.slopePerMs * 3600000.0 / 1e6, 0, 'f', 0)
                                    .arg(hoursText(double(free.last().first - free.first().first) / 3600000.0))
                                    .arg(free.last().second / 1e6, 0, 'f', 0);
                f.cause = QStringLiteral("Growing logs, uploads or backups without retention.");
                f.action = QStringLiteral("Find what grows (du -x / | sort -n), apply retention to logs and backups, or add space.");
                f.evidence.append(metricEvidence(u"disk.free"_qs, free));
                out.append(f);
            }
        }
    }
    // Memory growing steadily: a leak more than a load.
    {
        const auto memory = series([](const protocol::MetricsSample &s) { return std::optional<double>(s.system.memoryPercent); },
                                   in.nowMs - 3 * 3600000LL);
        const Trend t = trend(memory);
        const double perHour = t.slopePerMs * 3600000.0;
        if (memory.size() >= 10 && memory.last().first - memory.first().first >= 60 * 60000 && perHour > 2 && t.r2 > 0.8
            && memory.last().second > 50) {
            const double hours = (100 - memory.last().second) / perHour;
            Finding f;
            f.rule = u"memory_growth"_qs;
            f.severity = hours < 6 ? u"error"_qs : u"warning"_qs;
            f.params = {{u"percent_per_hour"_qs, std::round(perHour * 10) / 10}, {u"percent"_qs, memory.last().second},
                        {u"hours"_qs, std::round(hours * 10) / 10}};
            f.title = QStringLiteral("Memory use grows steadily (%1 %% per hour)").arg(perHour, 0, 'f', 1);
            f.explanation = QStringLiteral("Memory rose from %1 %% to %2 %% in a straight line; at this pace it runs out in about %3.")
                                .arg(memory.first().second, 0, 'f', 1).arg(memory.last().second, 0, 'f', 1).arg(hoursText(hours));
            f.cause = QStringLiteral("A memory leak in a worker or the API process, or a cache without a limit.");
            f.action = QStringLiteral("Check which process grows (ps aux --sort=-rss); restart it before it runs out, then find the leak.");
            f.evidence.append(metricEvidence(u"memory.percent"_qs, memory));
            out.append(f);
        }
    }
    // Errors rising, and what else is wrong at the same time.
    {
        const auto errors = series([](const protocol::MetricsSample &s) {
            return s.performance.available ? std::optional<double>(s.performance.errorRate) : std::nullopt;
        }, in.nowMs - 5 * 60000LL);
        double average = 0;
        for (const auto &[t, v] : errors)
            average += v;
        average = errors.isEmpty() ? 0 : average / double(errors.size());
        const bool logSpike = in.logs.errorsRecent >= 10 && double(in.logs.errorsRecent) / 15.0 > 3 * std::max(0.1, in.logs.baselinePerMinute);
        if (average >= 5 || logSpike) {
            Finding f;
            f.rule = u"error_spike"_qs;
            f.severity = average >= 20 ? u"critical"_qs : u"error"_qs;
            const QJsonObject db = checks.value(u"database"_qs).toObject(), redis = checks.value(u"redis"_qs).toObject();
            QString cause = u"unknown"_qs;
            if (db.value(u"status"_qs).toString() == u"unhealthy"_qs || db.value(u"response_time"_qs).toDouble() > 1.0)
                cause = u"database"_qs;
            else if (redis.value(u"status"_qs).toString() == u"unhealthy"_qs)
                cause = u"redis"_qs;
            f.params = {{u"error_rate"_qs, std::round(average * 100) / 100}, {u"errors_recent"_qs, double(in.logs.errorsRecent)},
                        {u"baseline_per_minute"_qs, in.logs.baselinePerMinute}, {u"cause"_qs, cause}};
            f.title = QStringLiteral("Errors are up: %1 %% of requests failed in the last 5 minutes").arg(average, 0, 'f', 1);
            f.explanation = QStringLiteral("%1 error lines in the last 15 minutes, against %2 per minute before.")
                                .arg(in.logs.errorsRecent).arg(in.logs.baselinePerMinute, 0, 'f', 1);
            f.cause = cause == u"database"_qs ? QStringLiteral("The database is slow or unreachable at the same time.")
                      : cause == u"redis"_qs  ? QStringLiteral("Redis is down at the same time: queues and caches fail.")
                                              : QStringLiteral("No dependency is down; the logs say more.");
            f.action = cause == u"database"_qs ? QStringLiteral("Check the database: connections, locks, slow queries, disk.")
                       : cause == u"redis"_qs  ? QStringLiteral("Restart or repair Redis; then check the workers reconnect.")
                                               : QStringLiteral("Read the error lines below and the service's recent deploys.");
            if (!errors.isEmpty())
                f.evidence.append(metricEvidence(u"performance.error_rate"_qs, errors));
            if (cause == u"database"_qs)
                f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, u"database"_qs}, {u"result"_qs, db}});
            if (cause == u"redis"_qs)
                f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, u"redis"_qs}, {u"result"_qs, redis}});
            if (!in.logs.sampleLines.isEmpty())
                f.evidence.append(QJsonObject{{u"kind"_qs, u"log"_qs}, {u"from"_qs, protocol::isoTimestamp(in.nowMs - 15 * 60000)},
                                              {u"to"_qs, protocol::isoTimestamp(in.nowMs)}, {u"lines"_qs, QJsonArray::fromStringList(in.logs.sampleLines)}});
            out.append(f);
        }
    }
    // Tasks stuck in RUNNING.
    if (in.tasks.available && in.tasks.stuck > 0) {
        Finding f;
        f.rule = u"stuck_tasks"_qs;
        f.severity = in.tasks.stuck > 10 ? u"error"_qs : u"warning"_qs;
        f.params = {{u"count"_qs, double(in.tasks.stuck)}, {u"limit_minutes"_qs, in.tasks.limitMinutes},
                    {u"oldest_minutes"_qs, std::round(in.tasks.oldestRunningMinutes)}};
        f.title = QStringLiteral("%1 task(s) have been RUNNING for more than %2 minutes").arg(in.tasks.stuck).arg(in.tasks.limitMinutes);
        f.explanation = QStringLiteral("The oldest has been running for %1 minutes.").arg(qRound(in.tasks.oldestRunningMinutes));
        f.cause = QStringLiteral("A worker died or hangs on a site that never answers, leaving its tasks marked running.");
        f.action = QStringLiteral("Check the workers are alive; requeue or fail the stuck tasks; set timeouts on form submissions.");
        f.evidence.append(QJsonObject{{u"kind"_qs, u"tasks"_qs}, {u"stuck"_qs, double(in.tasks.stuck)},
                                      {u"oldest_minutes"_qs, in.tasks.oldestRunningMinutes}});
        out.append(f);
    }
    // Task success rate falling.
    {
        const auto rate = series([](const protocol::MetricsSample &s) {
            return s.tasks.available ? std::optional<double>(s.tasks.successRate) : std::nullopt;
        }, in.nowMs - 6 * 3600000LL);
        QList<std::pair<qint64, double>> lastHour, before;
        for (const auto &p : rate)
            (p.first >= in.nowMs - 3600000 ? lastHour : before).append(p);
        auto mean = [](const QList<std::pair<qint64, double>> &v) {
            double s = 0;
            for (const auto &p : v)
                s += p.second;
            return v.isEmpty() ? 0.0 : s / double(v.size());
        };
        if (lastHour.size() >= 5 && before.size() >= 5 && mean(before) - mean(lastHour) >= 10) {
            Finding f;
            f.rule = u"success_rate_falling"_qs;
            f.severity = mean(lastHour) < 50 ? u"error"_qs : u"warning"_qs;
            f.params = {{u"before"_qs, std::round(mean(before) * 10) / 10}, {u"now"_qs, std::round(mean(lastHour) * 10) / 10}};
            f.title = QStringLiteral("Task success rate fell from %1 %% to %2 %%").arg(mean(before), 0, 'f', 1).arg(mean(lastHour), 0, 'f', 1);
            f.explanation = QStringLiteral("The last hour's average against the five hours before.");
            f.cause = QStringLiteral("Target sites changed their forms, block the service, or the network path fails.");
            f.action = QStringLiteral("Look at the failing URLs in the logs; try one by hand; check proxies and rate limits.");
            f.evidence.append(metricEvidence(u"tasks.success_rate"_qs, rate));
            out.append(f);
        }
    }
    // Backups: stale, failed verification or drill, or never checked.
    if (in.backupScheduled) {
        const QJsonObject newest = in.backups.isEmpty() ? QJsonObject() : in.backups.first().toObject();
        const qint64 created = newest.isEmpty() ? -1 : protocol::parseIsoTimestamp(newest.value(u"created"_qs).toString());
        const qint64 limit = qint64(in.staleBackupHours) * 3600000;
        if (created < 0 ? in.nowMs - in.runningSinceMs > limit : in.nowMs - created > limit) {
            Finding f;
            f.rule = u"backup_stale"_qs;
            f.severity = u"error"_qs;
            const double hours = created < 0 ? -1 : double(in.nowMs - created) / 3600000.0;
            f.params = {{u"hours"_qs, hours < 0 ? QJsonValue() : QJsonValue(std::round(hours))}, {u"limit_hours"_qs, in.staleBackupHours}};
            f.title = created < 0 ? QStringLiteral("There is no backup") : QStringLiteral("The newest backup is %1 old").arg(hoursText(hours));
            f.explanation = QStringLiteral("Backups are expected at least every %1 hours.").arg(in.staleBackupHours);
            f.cause = QStringLiteral("The backup job fails or does not run (schedule, disk space, database permissions).");
            f.action = QStringLiteral("Look at the schedule's last runs on the Backups page and run a backup now.");
            f.evidence.append(QJsonObject{{u"kind"_qs, u"backup"_qs}, {u"newest"_qs, newest}});
            out.append(f);
        } else if (newest.value(u"verify_ok"_qs) == QJsonValue(false) || newest.value(u"drill_ok"_qs) == QJsonValue(false)) {
            Finding f;
            f.rule = u"backup_unverified"_qs;
            f.severity = u"error"_qs;
            f.params = {{u"name"_qs, newest.value(u"name"_qs)}};
            f.title = QStringLiteral("The newest backup failed its check");
            f.explanation = QStringLiteral("%1: %2").arg(newest.value(u"name"_qs).toString(),
                                                         newest.value(u"verify_ok"_qs) == QJsonValue(false) ? newest.value(u"verify_message"_qs).toString()
                                                                                                            : newest.value(u"drill_message"_qs).toString());
            f.cause = QStringLiteral("A damaged archive (disk, copy) or a dump that does not restore.");
            f.action = QStringLiteral("Take a new backup now and verify it; check the disk the backups are on.");
            f.evidence.append(QJsonObject{{u"kind"_qs, u"backup"_qs}, {u"newest"_qs, newest}});
            out.append(f);
        } else if (newest.value(u"verify_ok"_qs).isNull() && in.nowMs - created > 26 * 3600000LL) {
            Finding f;
            f.rule = u"backup_unverified"_qs;
            f.severity = u"warning"_qs;
            f.params = {{u"name"_qs, newest.value(u"name"_qs)}};
            f.title = QStringLiteral("The newest backup has never been verified");
            f.explanation = QStringLiteral("%1 was made more than a day ago and nobody has checked it.").arg(newest.value(u"name"_qs).toString());
            f.cause = QStringLiteral("The verify job is off or failing.");
            f.action = QStringLiteral("Run Verify and a restore drill on it.");
            f.evidence.append(QJsonObject{{u"kind"_qs, u"backup"_qs}, {u"newest"_qs, newest}});
            out.append(f);
        }
    }
    // Certificates, clock skew (both from the HTTP checks) and notification channels.
    for (auto it = checks.constBegin(); it != checks.constEnd(); ++it) {
        if (!it.key().startsWith(u"http:"_qs))
            continue;
        const QJsonObject details = it.value().toObject().value(u"details"_qs).toObject();
        if (details.contains(u"certificate_days_left"_qs)) {
            const double days = details.value(u"certificate_days_left"_qs).toDouble();
            if (days < in.certificateWarningDays) {
                Finding f;
                f.rule = u"certificate_expiring"_qs;
                f.severity = days < 3 ? u"critical"_qs : u"warning"_qs;
                f.params = {{u"check"_qs, it.key()}, {u"days"_qs, days}, {u"expires"_qs, details.value(u"certificate_expires"_qs)}};
                f.title = QStringLiteral("The certificate of %1 expires in %2 days").arg(it.key().mid(5)).arg(days, 0, 'f', 1);
                f.explanation = QStringLiteral("It expires at %1.").arg(details.value(u"certificate_expires"_qs).toString());
                f.cause = QStringLiteral("Automatic renewal is not set up or fails.");
                f.action = QStringLiteral("Renew the certificate (certbot renew, or your provider) and reload the web server.");
                f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, it.key()}, {u"result"_qs, it.value()}});
                out.append(f);
            }
        }
        if (details.contains(u"clock_skew_seconds"_qs) && std::abs(details.value(u"clock_skew_seconds"_qs).toDouble()) > in.clockSkewLimitSeconds) {
            const double skew = details.value(u"clock_skew_seconds"_qs).toDouble();
            Finding f;
            f.rule = u"clock_skew"_qs;
            f.severity = u"warning"_qs;
            f.params = {{u"check"_qs, it.key()}, {u"seconds"_qs, std::round(skew * 10) / 10}};
            f.title = QStringLiteral("The clocks differ by %1 s").arg(skew, 0, 'f', 1);
            f.explanation = QStringLiteral("%1 answers with a Date %2 s away from this host's clock.").arg(it.key().mid(5)).arg(skew, 0, 'f', 1);
            f.cause = QStringLiteral("NTP is not running on one of the hosts.");
            f.action = QStringLiteral("Enable time synchronisation (systemd-timesyncd or chrony) on both hosts.");
            f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, it.key()}, {u"result"_qs, it.value()}});
            out.append(f);
        }
    }
    const QJsonObject channels = checks.value(u"notifications"_qs).toObject().value(u"details"_qs).toObject().value(u"channels"_qs).toObject();
    for (auto it = channels.constBegin(); it != channels.constEnd(); ++it) {
        if (!it.value().toObject().value(u"failing"_qs).toBool())
            continue;
        Finding f;
        f.rule = u"channel_failing"_qs;
        f.severity = u"error"_qs;
        f.params = {{u"channel"_qs, it.key()}, {u"error"_qs, it.value().toObject().value(u"last_error"_qs)},
                    {u"queued"_qs, it.value().toObject().value(u"queued"_qs)}};
        f.title = QStringLiteral("Notifications through %1 are failing").arg(it.key());
        f.explanation = QStringLiteral("%1 waiting; last error: %2").arg(it.value().toObject().value(u"queued"_qs).toInt())
                            .arg(it.value().toObject().value(u"last_error"_qs).toString());
        f.cause = QStringLiteral("The webhook URL, SMTP credentials or the network path to it changed.");
        f.action = QStringLiteral("Check the channel's settings and that this host reaches it; queued alerts go out once it works.");
        f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, u"notifications"_qs}, {u"channel"_qs, it.value()}});
        out.append(f);
    }
    // Alerts that fire and nobody has taken: "nothing looks wrong" is never said beside them.
    {
        int firing = 0;
        QString worst;
        QJsonArray rules;
        for (const protocol::Alert &a : in.activeAlerts) {
            if (a.state != u"firing"_qs || a.level == u"info"_qs)
                continue;
            ++firing;
            if (worst.isEmpty() || severityRank(a.level) < severityRank(worst))
                worst = a.level;
            if (rules.size() < 10)
                rules.append(a.rule);
        }
        if (firing > 0) {
            Finding f;
            f.rule = u"alerts_firing"_qs;
            f.severity = worst;
            f.params = {{u"count"_qs, firing}, {u"level"_qs, worst}, {u"rules"_qs, rules}};
            f.title = QStringLiteral("%1 alert(s) firing that nobody has acknowledged").arg(firing);
            f.explanation = QStringLiteral("The most serious is %1.").arg(worst);
            f.cause = QStringLiteral("See each alert for what it measured.");
            f.action = QStringLiteral("Open the Alerts page, acknowledge what is being handled and act on the rest.");
            f.evidence.append(QJsonObject{{u"kind"_qs, u"alerts"_qs}, {u"rules"_qs, rules}});
            out.append(f);
        }
    }
    // Nobody would be told of a serious alert: no channel, none routed for error or critical,
    // or every channel of those levels failing.
    const QJsonObject notifications = checks.value(u"notifications"_qs).toObject();
    const QString notifyKey = notifications.value(u"message_key"_qs).toString();
    if (notifyKey == u"health.no_channel"_qs || notifyKey == u"health.level_unrouted"_qs || notifyKey == u"health.level_all_failing"_qs) {
        const QJsonObject details = notifications.value(u"details"_qs).toObject();
        const bool failing = notifyKey == u"health.level_all_failing"_qs;
        const QJsonArray levels = details.value(failing ? u"all_failing_levels"_qs : u"unrouted_levels"_qs).toArray();
        QStringList names;
        for (const QJsonValue &v : levels)
            names << v.toString();
        Finding f;
        f.rule = u"nobody_notified"_qs;
        f.severity = failing ? u"error"_qs : u"warning"_qs;
        f.params = {{u"reason"_qs, notifyKey.mid(7)}, {u"levels"_qs, levels}};
        f.title = notifyKey == u"health.no_channel"_qs ? QStringLiteral("No notification channel is configured: nobody will be notified")
                  : failing ? QStringLiteral("Every channel for %1 alerts is failing: nobody is being notified").arg(names.join(u"/"_qs))
                            : QStringLiteral("No channel is routed for %1 alerts: nobody will be notified").arg(names.join(u"/"_qs));
        f.explanation = QStringLiteral("Alerts of these levels fire and escalate, but no message leaves this host.");
        f.cause = failing ? QStringLiteral("The channels' settings or the network path to them changed.")
                          : QStringLiteral("[notify] has no channel, or its routes leave these levels out.");
        f.action = QStringLiteral("Configure a Slack, email or webhook channel and route error and critical alerts to it; send a test.");
        f.evidence.append(QJsonObject{{u"kind"_qs, u"check"_qs}, {u"check"_qs, u"notifications"_qs}, {u"result"_qs, notifications}});
        out.append(f);
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) { return severityRank(a.severity) < severityRank(b.severity); });
    return out;
}

QJsonObject toJson(const QList<Finding> &findings, qint64 nowMs)
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(f.toJson());
    return {{u"generated"_qs, protocol::isoTimestamp(nowMs)}, {u"findings"_qs, list}};
}

QString toMarkdown(const QList<Finding> &findings, qint64 nowMs)
{
    QString md = QStringLiteral("# formauto diagnosis\n\nGenerated %1. %2 finding(s).\n").arg(protocol::isoTimestamp(nowMs)).arg(findings.size());
    if (findings.isEmpty())
        md += u"\nNothing looks wrong.\n"_qs;
    for (const Finding &f : findings) {
        md += QStringLiteral("\n## [%1] %2\n\n%3\n\n- Probable cause: %4\n- Suggested action: %5\n")
                  .arg(f.severity.toUpper(), f.title, f.explanation, f.cause, f.action);
        for (const QJsonValue &e : f.evidence)
            md += u"- Evidence: `"_qs + QString::fromUtf8(QJsonDocument(e.toObject()).toJson(QJsonDocument::Compact)).replace(u'`', u'\'') + u"`\n"_qs;
    }
    return md;
}

QString toHtml(const QList<Finding> &findings, qint64 nowMs)
{
    QString html = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>formauto diagnosis</title></head><body>\n"
                                  "<h1>formauto diagnosis</h1>\n<p>Generated %1. %2 finding(s).</p>\n")
                       .arg(protocol::isoTimestamp(nowMs).toHtmlEscaped()).arg(findings.size());
    if (findings.isEmpty())
        html += u"<p>Nothing looks wrong.</p>\n"_qs;
    for (const Finding &f : findings) {
        html += QStringLiteral("<h2>[%1] %2</h2>\n<p>%3</p>\n<ul><li>Probable cause: %4</li><li>Suggested action: %5</li>")
                    .arg(f.severity.toUpper().toHtmlEscaped(), f.title.toHtmlEscaped(), f.explanation.toHtmlEscaped(),
                         f.cause.toHtmlEscaped(), f.action.toHtmlEscaped());
        for (const QJsonValue &e : f.evidence)
            html += u"<li>Evidence: <code>"_qs + QString::fromUtf8(QJsonDocument(e.toObject()).toJson(QJsonDocument::Compact)).toHtmlEscaped()
                    + u"</code></li>"_qs;
        html += u"</ul>\n"_qs;
    }
    return html + u"</body></html>\n"_qs;
}

} // namespace diagnosis

namespace {

struct Words {
    QString title, cause, action;
};

// The digest's Japanese: the daemon has no translator, so the few sentences a digest needs
// are here, keyed by rule (the console words findings through its own catalogue).
Words japanese(const Finding &f)
{
    const QJsonObject p = f.params;
    auto n = [&](const char *key, int decimals = 1) { return QString::number(p.value(QLatin1StringView(key)).toDouble(), 'f', decimals); };
    const QString r = f.rule;
    if (r == u"disk_full"_qs)
        return {QStringLiteral("約 %1 時間でディスクが満杯になります").arg(n("hours")), QStringLiteral("保持期間のないログ、アップロード、バックアップの増加。"),
                QStringLiteral("増えているものを特定し、ログとバックアップに保持期間を設定するか、容量を追加してください。")};
    if (r == u"memory_growth"_qs)
        return {QStringLiteral("メモリ使用量が一定の割合で増加しています (1 時間に %1 %)").arg(n("percent_per_hour")),
                QStringLiteral("ワーカーまたは API プロセスのメモリリーク、または上限のないキャッシュ。"),
                QStringLiteral("増えているプロセスを確認し、枯渇する前に再起動してからリークを調査してください。")};
    if (r == u"error_spike"_qs)
        return {QStringLiteral("エラーが増えています: 直近 5 分間のリクエストの %1 % が失敗").arg(n("error_rate")),
                p.value(u"cause"_qs).toString() == u"database"_qs ? QStringLiteral("同時にデータベースが遅いか到達できません。")
                : p.value(u"cause"_qs).toString() == u"redis"_qs  ? QStringLiteral("同時に Redis が停止しています。")
                                                                   : QStringLiteral("依存先は停止していません。詳細はログを確認してください。"),
                QStringLiteral("根拠のエラー行と依存先の状態を確認してください。")};
    if (r == u"stuck_tasks"_qs)
        return {QStringLiteral("%1 件のタスクが %2 分以上 RUNNING のままです").arg(n("count", 0), n("limit_minutes", 0)),
                QStringLiteral("ワーカーが停止したか応答しないサイトで止まっています。"),
                QStringLiteral("ワーカーの稼働を確認し、止まったタスクを再投入または失敗扱いにしてください。")};
    if (r == u"success_rate_falling"_qs)
        return {QStringLiteral("タスク成功率が %1 % から %2 % に低下しました").arg(n("before"), n("now")),
                QStringLiteral("対象サイトのフォーム変更、ブロック、またはネットワーク障害。"),
                QStringLiteral("ログで失敗した URL を確認し、手動で試してください。")};
    if (r == u"backup_stale"_qs)
        return {p.value(u"hours"_qs).isNull() ? QStringLiteral("バックアップがありません") : QStringLiteral("最新のバックアップは %1 時間前のものです").arg(n("hours", 0)),
                QStringLiteral("バックアップジョブが失敗しているか実行されていません。"),
                QStringLiteral("バックアップページでスケジュールを確認し、今すぐバックアップを実行してください。")};
    if (r == u"backup_unverified"_qs)
        return {f.severity == u"error"_qs ? QStringLiteral("最新のバックアップが検査に失敗しました") : QStringLiteral("最新のバックアップは一度も検証されていません"),
                QStringLiteral("壊れたアーカイブ、または実行されない検証ジョブ。"),
                QStringLiteral("新しいバックアップを作成して検証と復元訓練を行ってください。")};
    if (r == u"certificate_expiring"_qs)
        return {QStringLiteral("%1 の証明書は %2 日後に期限切れになります").arg(p.value(u"check"_qs).toString().mid(5), n("days")),
                QStringLiteral("自動更新が設定されていないか失敗しています。"), QStringLiteral("証明書を更新し、Web サーバーを再読み込みしてください。")};
    if (r == u"channel_failing"_qs)
        return {QStringLiteral("%1 への通知が失敗しています").arg(p.value(u"channel"_qs).toString()),
                QStringLiteral("Webhook URL、SMTP 認証情報、またはネットワーク経路が変わりました。"),
                QStringLiteral("チャネルの設定と到達性を確認してください。")};
    if (r == u"alerts_firing"_qs)
        return {QStringLiteral("未確認のアラートが %1 件発生中です").arg(n("count", 0)), QStringLiteral("各アラートの内容を確認してください。"),
                QStringLiteral("アラートページで対応中のものを確認済みにし、残りに対処してください。")};
    if (r == u"nobody_notified"_qs)
        return {p.value(u"reason"_qs).toString() == u"no_channel"_qs ? QStringLiteral("通知チャネルが設定されていません（誰にも通知されません）")
                : p.value(u"reason"_qs).toString() == u"level_all_failing"_qs ? QStringLiteral("エラー／重大アラートの通知チャネルがすべて失敗しています")
                                                                              : QStringLiteral("エラー／重大アラートに通知チャネルが割り当てられていません"),
                QStringLiteral("[notify] にチャネルがないか、ルートがこのレベルを含んでいません。"),
                QStringLiteral("Slack、メール、または Webhook のチャネルを設定し、エラーと重大のアラートを割り当ててテスト送信してください。")};
    if (r == u"clock_skew"_qs)
        return {QStringLiteral("時計が %1 秒ずれています").arg(n("seconds")), QStringLiteral("いずれかのホストで時刻同期が動いていません。"),
                QStringLiteral("両方のホストで時刻同期を有効にしてください。")};
    return {f.title, f.cause, f.action};
}

} // namespace

namespace diagnosis {

Digest digest(const QList<Finding> &findings, qint64 nowMs, const QString &language)
{
    const bool ja = language == u"ja"_qs;
    const QString date = QDateTime::fromMSecsSinceEpoch(nowMs).toString(u"yyyy-MM-dd"_qs);
    Digest d;
    d.subject = ja ? QStringLiteral("[formauto] 日次診断 %1: %2 件").arg(date).arg(findings.size())
                   : QStringLiteral("[formauto] Daily diagnosis %1: %2 finding(s)").arg(date).arg(findings.size());
    QStringList plain{ja ? QStringLiteral("formauto の日次診断 (%1)").arg(protocol::isoTimestamp(nowMs))
                         : QStringLiteral("formauto daily diagnosis (%1)").arg(protocol::isoTimestamp(nowMs)),
                      QString()};
    QString html = u"<html><body><h2>"_qs + plain.first().toHtmlEscaped() + u"</h2>"_qs;
    if (findings.isEmpty()) {
        plain << (ja ? QStringLiteral("問題は見つかりませんでした。") : QStringLiteral("Nothing looks wrong."));
        html += u"<p>"_qs + plain.last().toHtmlEscaped() + u"</p>"_qs;
    }
    static const QHash<QString, QString> severityJa{{u"critical"_qs, u"重大"_qs}, {u"error"_qs, u"エラー"_qs}, {u"warning"_qs, u"警告"_qs}, {u"info"_qs, u"情報"_qs}};
    for (const Finding &f : findings) {
        const Words w = ja ? japanese(f) : Words{f.title, f.cause, f.action};
        const QString severity = ja ? severityJa.value(f.severity, f.severity) : f.severity.toUpper();
        const QString cause = (ja ? u"考えられる原因: "_qs : u"Probable cause: "_qs) + w.cause;
        const QString action = (ja ? u"推奨対応: "_qs : u"Suggested action: "_qs) + w.action;
        plain << QStringLiteral("[%1] %2").arg(severity, w.title) << u"  "_qs + cause << u"  "_qs + action << QString();
        html += QStringLiteral("<h3>[%1] %2</h3><ul><li>%3</li><li>%4</li></ul>")
                    .arg(severity.toHtmlEscaped(), w.title.toHtmlEscaped(), cause.toHtmlEscaped(), action.toHtmlEscaped());
    }
    d.plain = plain.join(u'\n') + u'\n';
    d.html = html + u"</body></html>"_qs;
    return d;
}

} // namespace diagnosis
