#include "server/logging/querybudget.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

QueryBudget::QueryBudget(QSqlDatabase db, bool postgres, int budgetMs)
    : m_db(std::move(db)), m_postgres(postgres), m_budgetMs(qMax(1, budgetMs))
{
    m_timer.start();
    if (m_postgres) {
        // Only when no transaction is open already: a budget inside someone else's
        // transaction would end it.
        m_inTransaction = m_db.transaction();
        if (m_inTransaction) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("SET LOCAL statement_timeout = %1").arg(m_budgetMs));
        }
        return;
    }
    const QVariant v = m_db.driver() ? m_db.driver()->handle() : QVariant();
    // Qt's SQLite driver is built against the system libsqlite3 on Debian, so its handle is
    // one this library's sqlite3_progress_handler can take.
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0) {
        m_handle = *static_cast<void *const *>(v.data());
        if (m_handle)
            sqlite3_progress_handler(static_cast<sqlite3 *>(m_handle), 4000, &QueryBudget::onProgress, this);
    }
}

QueryBudget::~QueryBudget()
{
    if (m_handle)
        sqlite3_progress_handler(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
    if (m_inTransaction)
        m_db.rollback(); // reads only; after a timeout the transaction is aborted anyway
}

int QueryBudget::onProgress(void *self)
{
    auto *budget = static_cast<QueryBudget *>(self);
    if (budget->m_timer.elapsed() < budget->m_budgetMs)
        return 0;
    budget->m_interrupted = true;
    return 1; // SQLite stops the statement with SQLITE_INTERRUPT
}

bool QueryBudget::expired(bool failed) const
{
    // PostgreSQL tells a timeout only by its error (and our own work between statements, such
    // as masking patterns, fails by the clock); the clock says whether it was the budget.
    return m_interrupted || (failed && m_timer.elapsed() >= m_budgetMs);
}

QString QueryBudget::message() const
{
    return QStringLiteral("the query took longer than %1 ms; narrow it").arg(m_budgetMs);
}
