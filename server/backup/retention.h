#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimeZone>

// Which backups a cleanup keeps. A backup stays when it is younger than maxAgeDays (the
// ticket's 30 days), or is among the keepLast newest, or is the newest of one of the last
// keepDaily days, keepWeekly ISO weeks or keepMonthly months; the newest verified backup
// always stays. Everything else goes.
struct RetentionPolicy {
    int keepLast = 3;
    int keepDaily = 7;
    int keepWeekly = 4;
    int keepMonthly = 6;
    int maxAgeDays = 30;
};

struct RetentionItem {
    QString name;
    qint64 createdMs = 0;
    bool verified = false;
};

struct RetentionDecision {
    QString name;
    qint64 createdMs = 0;
    bool keep = false;
    QString reason; // "within 30 days", "last 3", "daily", "weekly", "monthly", "newest verified", "not selected"
    QString reasonKey;  // retention.within_days {days}, retention.last {count}, retention.daily, …
    QJsonObject reasonParams;
};

// Newest first.
QList<RetentionDecision> decideRetention(QList<RetentionItem> items, const RetentionPolicy &policy, qint64 nowMs,
                                         const QTimeZone &zone);
