#pragma once

#include <QString>
#include <QTimeZone>
#include <bitset>
#include <optional>

// A cron schedule: five fields (minute hour day-of-month month day-of-week) with *, lists,
// ranges, steps and names (jan-dec, sun-sat), or @yearly @monthly @weekly @daily @hourly.
// Day-of-month and day-of-week follow cron: when both are restricted, either matches.
// Times are wall-clock times in a time zone: a time skipped by a daylight-saving change runs
// at the corresponding moment after the change, a time that happens twice runs once.
class CronExpression {
public:
    static std::optional<CronExpression> parse(const QString &text, QString *error);
    // The first run strictly after afterMs; -1 when there is none within five years.
    qint64 next(qint64 afterMs, const QTimeZone &zone) const;
    QString text() const { return m_text; }

private:
    bool dayMatches(const class QDate &date) const;
    QString m_text;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;   // 1..31
    std::bitset<13> m_months; // 1..12
    std::bitset<7> m_weekdays; // 0 = Sunday
    bool m_daysRestricted = false, m_weekdaysRestricted = false;
};
