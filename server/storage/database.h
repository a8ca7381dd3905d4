#pragma once

#include "server/config/config.h"

#include <QSqlDatabase>
#include <QSqlQuery>

// Opens one named connection for the calling thread (Qt SQL connections are per thread).
// SQLite gets WAL, synchronous=NORMAL and a busy timeout; PostgreSQL a UTC session.
bool openDatabase(const DatabaseUrl &url, const QString &connectionName, bool readOnly, QString *error);
void closeDatabase(const QString &connectionName);

// SQLite has one write lock and its busy handler is not fair: a thread that writes in a
// steady stream of transactions (the log writer, the file follower) can keep the event loop's
// own small writes waiting for seconds. So every SQLite write connection waits for the lock
// in short steps and, while waiting, marks "the foreground is waiting"; a background writer
// (marked with markBackgroundWriter) calls yieldToForeground() before each transaction and
// lets that write go first.
void markBackgroundWriter(const QSqlDatabase &db);
void yieldToForeground();

// Runs a prepared query; on failure fills *error with the driver's text and returns false.
bool execQuery(QSqlQuery &query, QString *error);

// For NOT NULL text columns: Qt binds a null QString as SQL NULL, an empty one as ''.
inline QString nonNull(const QString &text)
{
    return text.isNull() ? QString::fromLatin1("") : text;
}
