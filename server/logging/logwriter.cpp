#include "server/logging/logwriter.h"

#include "server/storage/database.h"

#include <QSqlDatabase>

LogWriter::LogWriter(DatabaseUrl url, QObject *parent)
    : QObject(parent), m_url(std::move(url)), m_connection(QStringLiteral("log-writer-%1").arg(quintptr(this), 0, 16))
{
}

LogWriter::~LogWriter()
{
    if (m_open)
        closeDatabase(m_connection);
}

void LogWriter::enqueue(QList<LogStore::Row> rows)
{
    m_queued.fetchAndAddRelaxed(rows.size());
    QMetaObject::invokeMethod(this, [this, rows = std::move(rows)] { writeNow(rows); }, Qt::QueuedConnection);
}

void LogWriter::writeNow(const QList<LogStore::Row> &rows)
{
    QString error;
    if (!m_open) {
        m_open = openDatabase(m_url, m_connection, false, &error);
        if (!m_open) {
            m_queued.fetchAndSubRelaxed(rows.size());
            Q_EMIT failed(error);
            return;
        }
    }
    if (!LogStore::write(rows, QSqlDatabase::database(m_connection, false), m_url.kind == DatabaseUrl::Kind::Postgres, &error))
        Q_EMIT failed(error);
    m_queued.fetchAndSubRelaxed(rows.size());
}
