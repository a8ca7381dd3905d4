#pragma once

#include "server/protocol/alert.h"
#include "server/protocol/metrics.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Automatic diagnosis: rules over recent metrics, logs, checks, alerts and backups that say
// what is probably wrong. Each finding carries a message key and parameters (the console words
// it in the operator's language) and an English rendering, evidence, a probable cause and a
// suggested action. Pure: the daemon gathers the input; tests feed scenarios.
struct DiagnosisInput {
    qint64 nowMs = 0;
    QList<protocol::MetricsSample> recent; // oldest first: the last hours, e.g. one per minute
    QJsonObject health;                    // the health report
    QList<protocol::Alert> activeAlerts;
    QJsonArray backups;                    // backups.list rows, newest first
    bool backupScheduled = true;
    qint64 runningSinceMs = 0; // the daemon's start: no backup yet is not stale before the limit
    int staleBackupHours = 26;
    struct Logs {
        qint64 errorsRecent = 0;       // error/critical lines in the last 15 minutes
        double baselinePerMinute = 0;  // error lines per minute over the hours before
        QStringList sampleLines;       // a few of the recent error lines
    } logs;
    struct Tasks {
        bool available = false;
        qint64 stuck = 0;               // RUNNING for longer than the limit
        double oldestRunningMinutes = 0;
        int limitMinutes = 60;
    } tasks;
    double clockSkewLimitSeconds = 5;
    int certificateWarningDays = 14;
};

struct Finding {
    QString rule;      // disk_full, memory_growth, error_spike, stuck_tasks, success_rate_falling,
                       // backup_stale, backup_unverified, certificate_expiring, channel_failing, clock_skew,
                       // alerts_firing, nobody_notified
    QString severity;  // info | warning | error | critical
    QJsonObject params;
    QString title, explanation, cause, action; // English
    QJsonArray evidence; // [{kind: metric|check|log|backup, ...}]
    QJsonObject toJson() const;
};

namespace diagnosis {

QList<Finding> run(const DiagnosisInput &input);

// Reports: {generated, findings}, Markdown and HTML (every value escaped) in English.
QJsonObject toJson(const QList<Finding> &findings, qint64 nowMs);
QString toMarkdown(const QList<Finding> &findings, qint64 nowMs);
QString toHtml(const QList<Finding> &findings, qint64 nowMs);

// The daily digest mail: subject, plain text and HTML, in English ("en") or Japanese ("ja").
struct Digest {
    QString subject, plain, html;
};
Digest digest(const QList<Finding> &findings, qint64 nowMs, const QString &language);

// Least squares over (t, v): slope per millisecond and r².
struct Trend {
    double slopePerMs = 0;
    double r2 = 0;
    int points = 0;
};
Trend trend(const QList<std::pair<qint64, double>> &points);

} // namespace diagnosis
