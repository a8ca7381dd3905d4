#include "server/schedule/cron.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>

namespace {

struct Field {
    const char *name;
    int min, max;
    const char *const *names; // index 0 = min
};

const char *const MonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
const char *const DayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::optional<int> value(const QString &text, const Field &f)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok)
        return n;
    if (f.names) {
        for (int i = 0; i <= f.max - f.min; ++i) {
            if (text.compare(QLatin1StringView(f.names[i]), Qt::CaseInsensitive) == 0)
                return f.min + i;
        }
    }
    return std::nullopt;
}

// One field into a set of allowed values; false with the reason.
template<size_t N>
bool parseField(const QString &text, const Field &f, std::bitset<N> *out, bool *restricted, QString *error)
{
    out->reset();
    *restricted = text != u"*"_qs;
    for (const QString &part : text.split(u',')) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(u'/'); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step < 1) {
                *error = QStringLiteral("%1: bad step in \"%2\"").arg(QLatin1StringView(f.name), part);
                return false;
            }
            range = part.left(slash);
        }
        int low = f.min, high = f.max;
        if (range != u"*"_qs) {
            const qsizetype dash = range.indexOf(u'-');
            const auto a = value(dash < 0 ? range : range.left(dash), f);
            const auto b = dash < 0 ? a : value(range.mid(dash + 1), f);
            if (!a || !b) {
                *error = QStringLiteral("%1: \"%2\" is not a number or name").arg(QLatin1StringView(f.name), part);
                return false;
            }
            low = *a;
            high = dash < 0 && part.contains(u'/') ? f.max : *b; // "5/15" = from 5 every 15
            if (f.max == 6 && high == 7) // Sunday as 7
                high = 7;
            if (low < f.min || high > (f.max == 6 ? 7 : f.max) || low > high) {
                *error = QStringLiteral("%1: \"%2\" is outside %3-%4").arg(QLatin1StringView(f.name), part).arg(f.min).arg(f.max);
                return false;
            }
        }
        for (int v = low; v <= high; v += step)
            out->set(size_t(f.max == 6 ? v % 7 : v));
    }
    return true;
}

// A wall-clock time in a zone as an instant. A time that happens twice (clocks go back) is its
// first occurrence; a time that does not exist (clocks go forward) is read with the offset
// before the change, which lands just after it (02:30 on a spring-forward day -> 03:30).
// *exists says whether the time was on the clock that day (false: it was moved past a gap).
qint64 wallClockToMs(const QDate &date, const QTime &time, const QTimeZone &zone, bool *exists)
{
    const int offsetBefore = zone.offsetFromUtc(QDateTime(date, QTime(0, 0), zone));
    const qint64 first = QDateTime(date, time, QTimeZone(offsetBefore)).toMSecsSinceEpoch();
    const QDateTime back = QDateTime::fromMSecsSinceEpoch(first, zone);
    *exists = true;
    if (back.date() == date && back.time() == time)
        return first;
    const QDateTime direct(date, time, zone);
    if (direct.isValid() && direct.date() == date && direct.time() == time)
        return direct.toMSecsSinceEpoch();
    *exists = false;
    return direct.isValid() ? direct.toMSecsSinceEpoch() : first;
}

} // namespace

std::optional<CronExpression> CronExpression::parse(const QString &text, QString *error)
{
    QString spec = text.simplified();
    static const std::pair<const char *, const char *> macros[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
        {"@daily", "0 0 * * *"}, {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"},
    };
    if (spec.startsWith(u'@')) {
        const auto it = std::find_if(std::begin(macros), std::end(macros), [&](const auto &m) { return spec == QLatin1StringView(m.first); });
        if (it == std::end(macros)) {
            *error = QStringLiteral("unknown schedule \"%1\" (@yearly, @monthly, @weekly, @daily, @hourly)").arg(spec.left(40));
            return std::nullopt;
        }
        spec = QString::fromLatin1(it->second);
    }
    const QStringList fields = spec.split(u' ');
    if (fields.size() != 5) {
        *error = QStringLiteral("\"%1\" needs five fields: minute hour day-of-month month day-of-week").arg(text.left(80));
        return std::nullopt;
    }
    CronExpression c;
    c.m_text = text.simplified();
    bool minutesRestricted = false, hoursRestricted = false, monthsRestricted = false;
    if (!parseField(fields[0], {"minute", 0, 59, nullptr}, &c.m_minutes, &minutesRestricted, error)
        || !parseField(fields[1], {"hour", 0, 23, nullptr}, &c.m_hours, &hoursRestricted, error)
        || !parseField(fields[2], {"day of month", 1, 31, nullptr}, &c.m_days, &c.m_daysRestricted, error)
        || !parseField(fields[3], {"month", 1, 12, MonthNames}, &c.m_months, &monthsRestricted, error)
        || !parseField(fields[4], {"day of week", 0, 6, DayNames}, &c.m_weekdays, &c.m_weekdaysRestricted, error))
        return std::nullopt;
    return c;
}

bool CronExpression::dayMatches(const QDate &date) const
{
    const bool dom = m_days.test(size_t(date.day()));
    const bool dow = m_weekdays.test(size_t(date.dayOfWeek() % 7));
    if (m_daysRestricted && m_weekdaysRestricted)
        return dom || dow;
    return dom && dow;
}

qint64 CronExpression::next(qint64 afterMs, const QTimeZone &zone) const
{
    // Times that exist come in wall-clock order, so the first of them after afterMs ends the
    // search; a time moved past a gap only competes. (With a half-hour gap, 02:15 moves to 02:45
    // while 02:40 still exists and comes first.)
    qint64 best = -1;
    QDate date = QDateTime::fromMSecsSinceEpoch(afterMs, zone).date().addDays(-1); // a shifted gap time may belong to the day before
    for (int d = 0; d < 5 * 366 + 2; ++d, date = date.addDays(1)) {
        if (!m_months.test(size_t(date.month())) || !dayMatches(date))
            continue;
        for (int h = 0; h < 24; ++h) {
            if (!m_hours.test(size_t(h)))
                continue;
            for (int m = 0; m < 60; ++m) {
                if (!m_minutes.test(size_t(m)))
                    continue;
                bool exists = true;
                const qint64 ms = wallClockToMs(date, QTime(h, m), zone, &exists);
                if (ms <= afterMs)
                    continue;
                if (best < 0 || ms < best)
                    best = ms;
                if (exists)
                    return best;
            }
        }
    }
    return best;
}
