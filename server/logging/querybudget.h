#pragma once

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QString>

// A time budget for the reads a client can make expensive (log search and analysis, audit
// queries), which run on the store's connection on the event loop: past the budget the
// database itself stops the statement, so no query holds the loop longer than that.
// SQLite: a progress handler on the connection's handle interrupts it. PostgreSQL: the reads
// run in one read-only transaction with SET LOCAL statement_timeout.
// Scoped: construct before the reads, ask expired() after them.
class QueryBudget final {
    Q_DISABLE_COPY_MOVE(QueryBudget)
public:
    QueryBudget(QSqlDatabase db, bool postgres, int budgetMs);
    ~QueryBudget();

    // Whether the reads were stopped by the budget. `failed`: a read reported an error.
    // (SQLite: the handler interrupted a statement, which may also just end a row loop early,
    // so this is true even without an error. Otherwise: an error once the time was up.)
    bool expired(bool failed) const;
    int budgetMs() const { return m_budgetMs; }
    // "the query took longer than N ms; narrow it"
    QString message() const;

private:
    static int onProgress(void *self);

    QSqlDatabase m_db;
    bool m_postgres;
    int m_budgetMs;
    QElapsedTimer m_timer;
    void *m_handle = nullptr; // sqlite3*
    bool m_interrupted = false;
    bool m_inTransaction = false;
};
