#include "server/logging/logquery.h"

#include "server/protocol/messagecatalogue.h"
#include "server/protocol/protocol.h"

#include <QRegularExpression>

namespace {

std::optional<qint64> parseDuration(const QString &v)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,6})([smhdw])$"));
    const auto m = re.match(v);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2).at(0).toLatin1()) {
    case 's': return n * 1000;
    case 'm': return n * 60000;
    case 'h': return n * 3600000;
    case 'd': return n * 86400000;
    case 'w': return n * 7 * 86400000;
    }
    return std::nullopt;
}

} // namespace

std::optional<LogQuery> LogQuery::parse(const QString &text, qint64 nowMs, Error *error)
{
    static const QStringList levels{u"DEBUG"_qs, u"INFO"_qs, u"WARNING"_qs, u"ERROR"_qs, u"CRITICAL"_qs, u"UNKNOWN"_qs};
    static const QRegularExpression extraPath(QStringLiteral("^extra(\\.[A-Za-z0-9_-]{1,64}){1,8}$"));
    LogQuery q;
    auto fail = [error](int position, const char *key, QJsonObject params = {}) {
        params.insert(u"position"_qs, position + 1);
        const protocol::Message m{QString::fromLatin1(key), params};
        *error = {position, m.english(), m.key, m.params};
        return std::nullopt;
    };
    if (text.size() > 2000)
        return fail(2000, "query.too_long", {{u"max"_qs, 2000}});
    int i = 0;
    int count = 0;
    const int n = int(text.size());
    while (i < n) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        const int start = i;
        if (++count > MaxTerms)
            return fail(start, "query.too_many_terms", {{u"max"_qs, MaxTerms}});
        bool negated = false;
        if (text.at(i) == u'-' && i + 1 < n && !text.at(i + 1).isSpace()) {
            negated = true;
            ++i;
        }
        // A token: key:value, "phrase" or word; a value may itself be quoted.
        QString key;
        QString rawKey;
        QString value;
        bool quoted = false;
        auto readValue = [&](int at) -> bool {
            if (at < n && text.at(at) == u'"') {
                const int close = int(text.indexOf(u'"', at + 1));
                if (close < 0)
                    return false;
                value = text.mid(at + 1, close - at - 1);
                quoted = true;
                i = close + 1;
            } else {
                int end = at;
                while (end < n && !text.at(end).isSpace())
                    ++end;
                value = text.mid(at, end - at);
                i = end;
            }
            return true;
        };
        if (text.at(i) == u'"') {
            if (!readValue(i))
                return fail(i, "query.unclosed_quote");
        } else {
            int end = i;
            while (end < n && !text.at(end).isSpace() && text.at(end) != u':' && text.at(end) != u'"')
                ++end;
            if (end < n && text.at(end) == u':' && end > i) {
                rawKey = text.mid(i, end - i);
                key = rawKey.toLower();
                if (!readValue(end + 1))
                    return fail(end + 1, "query.unclosed_quote");
                if (value.isEmpty())
                    return fail(end + 1, "query.needs_value", {{u"field"_qs, key.left(100)}});
            } else if (!readValue(i)) {
                return fail(i, "query.unclosed_quote");
            }
        }
        if (key.isEmpty()) {
            if (value.trimmed().isEmpty())
                continue;
            // Boolean operators do not exist: say so rather than search for the word "OR".
            if (!quoted && (value == u"OR"_qs || value == u"AND"_qs || value == u"NOT"_qs || value == u"||"_qs || value == u"&&"_qs))
                return fail(start, "query.no_operator", {{u"word"_qs, value}});
            q.terms.append({value, negated});
            continue;
        }
        if (negated)
            return fail(start, "query.bad_exclusion");
        if (key == u"level"_qs) {
            const QStringList values = value.split(u',');
            if (count + values.size() - 1 > MaxTerms)
                return fail(start, "query.too_many_terms", {{u"max"_qs, MaxTerms}});
            count += int(values.size()) - 1;
            for (const QString &l : values) {
                const QString upper = l.trimmed().toUpper() == u"WARN"_qs ? u"WARNING"_qs : l.trimmed().toUpper();
                if (!levels.contains(upper))
                    return fail(start, "query.unknown_level", {{u"level"_qs, l.left(100)}});
                q.levels.append(upper);
            }
        } else if (key == u"logger"_qs) {
            q.loggers.append(value);
        } else if (key == u"source"_qs) {
            q.sources.append(value);
        } else if (key == u"host"_qs) {
            q.hosts.append(value);
        } else if (key == u"since"_qs) {
            const auto d = parseDuration(value);
            if (!d)
                return fail(start, "query.bad_duration");
            q.fromMs = nowMs - *d;
        } else if (key == u"from"_qs || key == u"to"_qs) {
            const qint64 t = protocol::parseIsoTimestamp(value);
            if (t < 0)
                return fail(start, "query.bad_time", {{u"field"_qs, key}});
            (key == u"from"_qs ? q.fromMs : q.toMs) = t;
        } else if (key.startsWith(u"extra."_qs) && extraPath.match(rawKey).hasMatch()) {
            q.extra.append({rawKey.mid(6), value});
        } else {
            return fail(start, "query.unknown_field", {{u"field"_qs, key.left(100)}});
        }
        Q_UNUSED(quoted);
    }
    if (q.fromMs >= 0 && q.toMs >= 0 && q.fromMs > q.toMs)
        return fail(0, "query.from_after_to");
    return q;
}
