#include "server/alerts/silence.h"

#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QRegularExpression>

namespace {

QString labelValue(const protocol::Alert &alert, const QString &label)
{
    if (label == u"rule"_qs)
        return alert.rule;
    if (label == u"level"_qs)
        return alert.level;
    if (label == u"fingerprint"_qs)
        return alert.fingerprint;
    if (label == u"host"_qs)
        return alert.host;
    return alert.details.value(u"labels"_qs).toObject().value(label).toString();
}

} // namespace

qint64 parseDurationMs(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,7})\\s*([smhd])\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0);
    return n * (unit == u's' ? 1000 : unit == u'm' ? 60000 : unit == u'h' ? 3600000 : 86400000);
}

bool AlertMatcher::matches(const protocol::Alert &alert) const
{
    const QString actual = labelValue(alert, label);
    switch (op) {
    case Op::Equal: return actual == value;
    case Op::NotEqual: return actual != value;
    case Op::Regex: {
        const QRegularExpression re(QRegularExpression::anchoredPattern(value));
        return re.isValid() && re.match(actual).hasMatch();
    }
    }
    return false;
}

QString AlertMatcher::text() const
{
    return label + (op == Op::Equal ? u"="_qs : op == Op::NotEqual ? u"!="_qs : u"=~"_qs) + value;
}

std::optional<AlertMatcher> AlertMatcher::parse(const QString &text, QString *error)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([a-z_][a-z0-9_]{0,40})\\s*(=~|!=|=)\\s*(.{1,200})$"));
    const auto m = re.match(text);
    if (!m.hasMatch()) {
        *error = QStringLiteral("matcher \"%1\" is not LABEL=VALUE, LABEL!=VALUE or LABEL=~REGEX").arg(text.left(100));
        return std::nullopt;
    }
    AlertMatcher matcher;
    matcher.label = m.captured(1);
    const QString op = m.captured(2);
    matcher.op = op == u"="_qs ? Op::Equal : op == u"!="_qs ? Op::NotEqual : Op::Regex;
    matcher.value = m.captured(3).trimmed();
    if (matcher.op == Op::Regex) {
        const QRegularExpression check(matcher.value);
        if (!check.isValid()) {
            *error = QStringLiteral("matcher \"%1\": %2 at offset %3")
                         .arg(text.left(100), check.errorString()).arg(check.patternErrorOffset());
            return std::nullopt;
        }
    }
    return matcher;
}

bool AlertMatcher::allMatch(const QList<AlertMatcher> &matchers, const protocol::Alert &alert)
{
    if (matchers.isEmpty())
        return false;
    return std::all_of(matchers.begin(), matchers.end(), [&](const AlertMatcher &m) { return m.matches(alert); });
}

std::optional<QList<AlertMatcher>> AlertMatcher::parseList(const QStringList &texts, QString *error)
{
    QList<AlertMatcher> out;
    if (texts.size() > 20) {
        *error = QStringLiteral("at most 20 matchers");
        return std::nullopt;
    }
    for (const QString &t : texts) {
        auto m = parse(t, error);
        if (!m)
            return std::nullopt;
        out.append(*m);
    }
    return out;
}

QJsonArray AlertMatcher::toJson(const QList<AlertMatcher> &matchers)
{
    QJsonArray out;
    for (const AlertMatcher &m : matchers)
        out.append(m.text());
    return out;
}

QJsonObject Silence::toJson() const
{
    QJsonObject json{{u"id"_qs, id},
                     {u"matchers"_qs, AlertMatcher::toJson(matchers)},
                     {u"starts_at"_qs, protocol::isoTimestamp(startsAtMs)},
                     {u"ends_at"_qs, protocol::isoTimestamp(endsAtMs)},
                     {u"comment"_qs, comment},
                     {u"created_by"_qs, createdBy},
                     {u"created_at"_qs, protocol::isoTimestamp(createdAtMs)}};
    if (!expiredBy.isEmpty())
        json.insert(u"expired_by"_qs, expiredBy);
    return json;
}

bool MaintenanceWindow::activeAt(qint64 ms) const
{
    // A window that started on this local day or on one of the days before (a window may last
    // longer than a day) and has not ended yet.
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(ms, zone);
    const QDate today = now.date();
    const qint64 spanDays = durationMs / 86400000 + 1;
    for (qint64 back = 0; back <= spanDays; ++back) {
        const QDate day = today.addDays(-back);
        if (!(days & (1u << (day.dayOfWeek() - 1))))
            continue;
        const QDateTime start(day, QTime(startMinute / 60, startMinute % 60), zone);
        const qint64 startMs = start.toMSecsSinceEpoch();
        if (ms >= startMs && ms < startMs + durationMs)
            return true;
    }
    return false;
}

qint64 MaintenanceWindow::nextStart(qint64 ms) const
{
    if (days == 0)
        return -1;
    const QDate today = QDateTime::fromMSecsSinceEpoch(ms, zone).date();
    for (int ahead = 0; ahead <= 8; ++ahead) {
        const QDate day = today.addDays(ahead);
        if (!(days & (1u << (day.dayOfWeek() - 1))))
            continue;
        const qint64 startMs = QDateTime(day, QTime(startMinute / 60, startMinute % 60), zone).toMSecsSinceEpoch();
        if (startMs >= ms)
            return startMs;
    }
    return -1;
}

QJsonObject MaintenanceWindow::toJson() const
{
    static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    QJsonArray dayList;
    for (int i = 0; i < 7; ++i) {
        if (days & (1u << i))
            dayList.append(QLatin1StringView(names[i]));
    }
    return {{u"name"_qs, name},
            {u"days"_qs, dayList},
            {u"start"_qs, QStringLiteral("%1:%2").arg(startMinute / 60, 2, 10, QLatin1Char('0')).arg(startMinute % 60, 2, 10, QLatin1Char('0'))},
            {u"duration_minutes"_qs, double(durationMs / 60000)},
            {u"time_zone"_qs, QString::fromUtf8(zone.id())},
            {u"matchers"_qs, AlertMatcher::toJson(matchers)}};
}

std::optional<MaintenanceWindow> MaintenanceWindow::parse(const QString &name, const QStringList &days, const QString &start,
                                                          const QString &duration, const QString &timeZone,
                                                          const QStringList &matchers, QString *error)
{
    MaintenanceWindow w;
    w.name = name;
    w.days = 0;
    static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const QString &d : days) {
        const QString day = d.trimmed().toLower();
        if (day == u"daily"_qs) {
            w.days |= 0x7f;
            continue;
        }
        if (day == u"weekdays"_qs) {
            w.days |= 0x1f;
            continue;
        }
        if (day == u"weekends"_qs) {
            w.days |= 0x60;
            continue;
        }
        const auto it = std::find_if(std::begin(names), std::end(names), [&](const char *n) { return day == QLatin1StringView(n); });
        if (it == std::end(names)) {
            *error = QStringLiteral("day \"%1\" is not mon..sun, daily, weekdays or weekends").arg(d.left(40));
            return std::nullopt;
        }
        w.days |= quint8(1u << (it - std::begin(names)));
    }
    if (w.days == 0) {
        *error = QStringLiteral("a maintenance window needs at least one day");
        return std::nullopt;
    }
    static const QRegularExpression hhmm(QStringLiteral("^([01]\\d|2[0-3]):([0-5]\\d)$"));
    const auto m = hhmm.match(start.trimmed());
    if (!m.hasMatch()) {
        *error = QStringLiteral("start \"%1\" is not HH:MM").arg(start.left(40));
        return std::nullopt;
    }
    w.startMinute = m.captured(1).toInt() * 60 + m.captured(2).toInt();
    w.durationMs = parseDurationMs(duration);
    if (w.durationMs <= 0 || w.durationMs > 7LL * 86400000) {
        *error = QStringLiteral("duration \"%1\" is not like 90m or 2h (at most 7d)").arg(duration.left(40));
        return std::nullopt;
    }
    if (!timeZone.isEmpty()) {
        w.zone = QTimeZone(timeZone.toUtf8());
        if (!w.zone.isValid()) {
            *error = QStringLiteral("unknown time zone \"%1\"").arg(timeZone.left(60));
            return std::nullopt;
        }
    }
    auto parsed = AlertMatcher::parseList(matchers, error);
    if (!parsed)
        return std::nullopt;
    w.matchers = *parsed;
    return w;
}
