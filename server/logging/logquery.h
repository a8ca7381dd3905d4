#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

// The log search language:
//   free words and "quoted phrases"   full-text, all must match; -word excludes
//   level:error  level:warning,error  one of these levels
//   logger:worker  source:api          exact logger / source
//   extra.task.id:42                   a field of the line's extra object
//   since:15m (s, m, h, d, w)  from:2026-11-28T10:00Z  to:...
// Keys are case-insensitive; values with spaces go in quotes (logger:"task runner").
// There is no OR, AND or NOT: a bare one is an error that says so (quoted, it is a word).
struct LogQuery {
    struct Term {
        QString text;
        bool negated = false;
    };
    QList<Term> terms;
    QStringList levels;  // upper case
    QStringList loggers;
    QStringList sources;
    QStringList hosts; // the fleet host a line was stored by
    QList<std::pair<QString, QString>> extra; // (dotted path, value)
    qint64 fromMs = -1;
    qint64 toMs = -1;

    // Words, phrases and field conditions in one query at most (each is a clause to evaluate).
    static constexpr int MaxTerms = 32;

    struct Error {
        int position = 0; // 0-based character offset in the query
        QString message; // English
        QString key;     // query.* in the message catalogue, with params (position is 1-based)
        QJsonObject params;
    };
    static std::optional<LogQuery> parse(const QString &text, qint64 nowMs, Error *error);
};
