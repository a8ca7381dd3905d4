#pragma once

#include "server/protocol/alert.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <optional>

// "rule=cpu_high", "level!=info", "rule=~cpu_.*": one condition on an alert's labels (rule,
// level, fingerprint, and any "labels" in its details such as channel or check).
struct AlertMatcher {
    QString label;
    enum class Op { Equal, NotEqual, Regex } op = Op::Equal;
    QString value;

    bool matches(const protocol::Alert &alert) const;
    QString text() const;
    static std::optional<AlertMatcher> parse(const QString &text, QString *error);
    // All must match; an empty list matches nothing (a silence of everything must be explicit: "rule=~.*").
    static bool allMatch(const QList<AlertMatcher> &matchers, const protocol::Alert &alert);
    static std::optional<QList<AlertMatcher>> parseList(const QStringList &texts, QString *error);
    static QJsonArray toJson(const QList<AlertMatcher> &matchers);
};

// Quiets notifications and escalation of the alerts it matches until it ends; the alerts are
// still recorded and shown.
struct Silence {
    QString id;
    QList<AlertMatcher> matchers;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    QString comment;
    QString createdBy;
    qint64 createdAtMs = 0;
    QString expiredBy; // set when someone ended it early

    bool activeAt(qint64 ms) const { return expiredBy.isEmpty() && ms >= startsAtMs && ms < endsAtMs; }
    QJsonObject toJson() const;
};

// A recurring window: on these weekdays from HH:MM for a duration, in a time zone (so a window
// at 02:00 Asia/Tokyo stays at 02:00 local time whatever the daylight-saving rules do).
struct MaintenanceWindow {
    QString name;
    quint8 days = 0x7f; // bit 0 = Monday ... bit 6 = Sunday
    int startMinute = 0; // minutes after local midnight
    qint64 durationMs = 0;
    QTimeZone zone = QTimeZone::utc();
    QList<AlertMatcher> matchers; // empty: every alert

    bool activeAt(qint64 ms) const;
    // When the next window starts at or after ms (for the console and tests); -1 when none.
    qint64 nextStart(qint64 ms) const;
    bool covers(const protocol::Alert &alert) const { return matchers.isEmpty() || AlertMatcher::allMatch(matchers, alert); }
    QJsonObject toJson() const;

    // days: "mon".."sun", "daily", "weekdays", "weekends"; start "HH:MM"; duration "90m", "2h".
    static std::optional<MaintenanceWindow> parse(const QString &name, const QStringList &days, const QString &start,
                                                  const QString &duration, const QString &timeZone, const QStringList &matchers,
                                                  QString *error);
};

// "30s", "15m", "2h", "1d" -> milliseconds; -1 when malformed.
qint64 parseDurationMs(const QString &text);
