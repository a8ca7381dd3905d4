#include "server/backup/retention.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

QList<RetentionDecision> decideRetention(QList<RetentionItem> items, const RetentionPolicy &policy, qint64 nowMs,
                                         const QTimeZone &zone)
{
    std::sort(items.begin(), items.end(), [](const RetentionItem &a, const RetentionItem &b) { return a.createdMs > b.createdMs; });
    QList<RetentionDecision> out;
    out.reserve(items.size());
    for (const RetentionItem &i : std::as_const(items))
        out.append({i.name, i.createdMs, false, QStringLiteral("not selected"), QStringLiteral("retention.not_selected"), {}});
    auto keep = [&](qsizetype index, const QString &reason, const QString &key, const QJsonObject &params = {}) {
        if (!out[index].keep) {
            out[index].keep = true;
            out[index].reason = reason;
            out[index].reasonKey = key;
            out[index].reasonParams = params;
        }
    };
    const auto newestVerified = std::find_if(items.cbegin(), items.cend(), [](const RetentionItem &i) { return i.verified; });
    if (newestVerified != items.cend())
        keep(newestVerified - items.cbegin(), QStringLiteral("newest verified"), QStringLiteral("retention.newest_verified"));
    const qint64 maxAgeMs = qint64(policy.maxAgeDays) * 86400000;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (nowMs - items.at(i).createdMs < maxAgeMs)
            keep(i, QStringLiteral("within %1 days").arg(policy.maxAgeDays), QStringLiteral("retention.within_days"),
                 {{QStringLiteral("days"), policy.maxAgeDays}});
        if (i < policy.keepLast)
            keep(i, QStringLiteral("last %1").arg(policy.keepLast), QStringLiteral("retention.last"), {{QStringLiteral("count"), policy.keepLast}});
    }
    // The newest backup of each period, for as many periods as configured.
    auto byPeriod = [&](int count, const QString &reason, auto periodOf) {
        const QString key = QStringLiteral("retention.") + reason;
        QSet<qint64> seen;
        for (qsizetype i = 0; i < items.size() && seen.size() < count; ++i) {
            const qint64 period = periodOf(QDateTime::fromMSecsSinceEpoch(items.at(i).createdMs, zone).date());
            if (seen.contains(period))
                continue;
            seen.insert(period);
            keep(i, reason, key);
        }
    };
    byPeriod(policy.keepDaily, QStringLiteral("daily"), [](const QDate &d) { return d.toJulianDay(); });
    byPeriod(policy.keepWeekly, QStringLiteral("weekly"), [](const QDate &d) {
        int year = 0;
        const int week = d.weekNumber(&year);
        return qint64(year) * 100 + week;
    });
    byPeriod(policy.keepMonthly, QStringLiteral("monthly"), [](const QDate &d) { return qint64(d.year()) * 100 + d.month(); });
    return out;
}
