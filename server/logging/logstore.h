#pragma once

#include "server/logging/logquery.h"
#include "server/storage/opsstore.h"

#include <QJsonArray>
#include <QJsonObject>

// Logs of the formauto service and of the daemon itself, searchable: rows in the ops store
// with a full-text index (SQLite FTS5, or PostgreSQL's tsvector), retention by age and size.
class LogStore final {
    Q_DISABLE_COPY_MOVE(LogStore)
public:
    struct Limits {
        qint64 maxLineBytes = 64 * 1024;
        int maxAgeDays = 30;
        qint64 maxBytes = 2LL * 1024 * 1024 * 1024;
        // Longest a search or analysis may read (QueryBudget); past it the client is told to narrow it.
        int queryBudgetMs = 1000;
        // The fleet's name for this daemon: lines it stores carry it, and a search for it finds
        // the lines from before the fleet too. (Travels with the limits to every reader.)
        QString host = {};
    };
    LogStore(OpsStore *store, Limits limits);

    struct IngestReport {
        qint64 accepted = 0; // stored as structured lines
        qint64 raw = 0;      // not JSON: stored as text with level UNKNOWN
        qint64 rejected = 0; // refused (too long, not UTF-8); nothing stored for them
        QJsonArray errors;   // the first few: {line, reason}
        bool malformed = false; // the batch as a whole could not be read (error says why)
        QJsonObject toJson() const;
    };
    struct Row {
        qint64 ts = 0;
        QString level, logger, message, extra, source;
        QString host = {};
    };
    struct ParsedBatch {
        IngestReport report;
        QList<Row> rows;
    };
    // A JSON array of objects, or JSON lines (one object per line). Lines without a timestamp
    // get nowMs. No database work: the daemon parses on the event loop and writes on its
    // writer thread.
    ParsedBatch parse(const QByteArray &body, const QString &source, qint64 nowMs, QString *error) const;
    // Writes rows in one transaction on `db` (a connection of the calling thread).
    static bool write(const QList<Row> &rows, QSqlDatabase db, bool postgres, QString *error);
    // Several batches in one transaction (the writer's group commit). inTransaction: the
    // caller's, which it commits or rolls back.
    static bool write(const QList<QList<Row>> &batches, QSqlDatabase db, bool postgres, QString *error, bool inTransaction = false);
    // parse() and write() on the store's own connection, for callers on the main thread.
    IngestReport ingest(const QByteArray &body, const QString &source, qint64 nowMs, QString *error);

    struct Page {
        QJsonArray rows; // newest first
        qint64 nextBeforeId = 0; // 0: no more
    };
    Page search(const LogQuery &query, int limit, qint64 beforeId, QString *error) const;
    // Counts per level in `buckets` equal slices of [from, to].
    QJsonObject histogram(const LogQuery &query, qint64 fromMs, qint64 toMs, int buckets, QString *error) const;
    // The most frequent messages with numbers, ids, URLs and quoted text masked.
    QJsonArray topPatterns(const LogQuery &query, int limit, QString *error) const;
    // Share of ERROR/CRITICAL lines in [from, to] and in the period of the same length before.
    QJsonObject errorRate(const LogQuery &query, qint64 fromMs, qint64 toMs, QString *error) const;
    bool applyRetention(qint64 nowMs, QString *error);
    // The same on another connection (the log writer's, off the event loop). Deletes in
    // slices of 2,000 rows, each its own transaction, so no slice holds the write lock long;
    // at most maxSlices of them (-1: all), *more then says whether some are left.
    bool applyRetention(QSqlDatabase db, qint64 nowMs, QString *error, int maxSlices = -1, bool *more = nullptr) const;

    static QString maskPattern(const QString &message);
    const Limits &limits() const { return m_limits; }

private:
    struct Where {
        QString sql;
        QVariantList values;
    };
    // Conditions for a query; `prefix` qualifies the logs columns ("l." in a join).
    Where where(const LogQuery &query, const QString &prefix = {}) const;

    OpsStore *m_store;
    Limits m_limits;
};
