#include "server/logging/logwriter.h"

#include "server/storage/database.h"

#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlQuery>

LogWriter::LogWriter(DatabaseUrl url, QObject *parent)
    : LogWriter(std::move(url), Limits{}, parent)
{
}

LogWriter::LogWriter(DatabaseUrl url, Limits limits, QObject *parent)
    : QObject(parent), m_parsers(new QThreadPool(this)), m_url(std::move(url)), m_limits(limits),
      m_connection(QStringLiteral("log-writer-%1").arg(quintptr(this), 0, 16))
{
    // One parser beside the writer: parsing a line costs less than storing it, so one thread
    // keeps the writer fed, and the other core stays for the event loop.
    m_parsers->setMaxThreadCount(1);
    m_parsers->setObjectName(QStringLiteral("log-parse"));
}

LogWriter::~LogWriter()
{
    m_parsers->waitForDone(); // a parse in flight still queues its rows, failed below
    QMutexLocker lock(&m_mutex);
    for (Pending &p : m_pending) {
        p.promise->addResult(QStringLiteral("the log writer stopped"));
        p.promise->finish();
    }
    m_pending.clear();
    lock.unlock();
    if (m_open)
        closeDatabase(m_connection);
}

QFuture<LogWriter::Outcome> LogWriter::submit(const LogStore *logs, QByteArray body, QString source, qint64 nowMs)
{
    using Status = Outcome::Status;
    if (m_queued.loadRelaxed() >= m_limits.maxQueuedRows)
        return QtFuture::makeReadyFuture(Outcome{Status::Busy, {}, {}});
    auto promise = std::make_shared<QPromise<Outcome>>();
    QFuture<Outcome> future = promise->future();
    promise->start();
    m_parsers->start([this, logs, promise, body = std::move(body), source = std::move(source), nowMs] {
        auto answer = [&promise](Outcome outcome) {
            promise->addResult(std::move(outcome));
            promise->finish();
        };
        QString error;
        LogStore::ParsedBatch batch = logs->parse(body, source, nowMs, &error);
        if (batch.report.malformed)
            return answer(Outcome{Status::Malformed, batch.report, error});
        if (batch.rows.isEmpty())
            return answer(Outcome{Status::Stored, batch.report, {}});
        std::optional<QFuture<QString>> committed = enqueue(std::move(batch.rows));
        if (!committed)
            return answer(Outcome{Status::Busy, batch.report, {}});
        committed->then(QtFuture::Launch::Sync, [promise, report = batch.report](const QString &writeError) {
            promise->addResult(writeError.isEmpty() ? Outcome{Status::Stored, report, {}} : Outcome{Status::Failed, report, writeError});
            promise->finish();
        });
    });
    return future;
}

std::optional<QFuture<QString>> LogWriter::enqueue(QList<LogStore::Row> rows)
{
    auto promise = std::make_shared<QPromise<QString>>();
    QFuture<QString> future = promise->future();
    promise->start();
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        // A batch larger than the whole queue still goes in when the queue is empty.
        const qint64 queued = m_queued.loadRelaxed();
        if (queued > 0 && queued + rows.size() > m_limits.maxQueuedRows)
            return std::nullopt;
        m_queued.fetchAndAddRelaxed(rows.size());
        m_pending.push_back(Pending{std::move(rows), std::move(promise)});
        schedule = !m_scheduled;
        m_scheduled = true;
    }
    if (schedule)
        QMetaObject::invokeMethod(this, &LogWriter::drain, Qt::QueuedConnection);
    return future;
}

void LogWriter::drain()
{
    for (;;) {
        std::vector<Pending> group;
        QList<QList<LogStore::Row>> batches;
        qint64 rows = 0;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending.empty()
                   && (group.empty() || rows + m_pending.front().rows.size() <= m_limits.maxRowsPerCommit)) {
                rows += m_pending.front().rows.size();
                batches.append(m_pending.front().rows);
                group.push_back(std::move(m_pending.front()));
                m_pending.pop_front();
            }
            if (group.empty()) {
                m_scheduled = false;
                return;
            }
        }
        QString error;
        if (!m_open) {
            m_open = openDatabase(m_url, m_connection, false, &error);
            // A larger page cache for the writer: the full-text index's segments are read
            // back and merged as it grows (bench_logs: ~10 % more rows per CPU second).
            if (m_open && m_url.kind == DatabaseUrl::Kind::Sqlite)
                QSqlQuery(QSqlDatabase::database(m_connection, false)).exec(QStringLiteral("PRAGMA cache_size=-32768"));
        }
        if (m_open
            && LogStore::write(batches, QSqlDatabase::database(m_connection, false), m_url.kind == DatabaseUrl::Kind::Postgres,
                               &error)) {
            m_commits.fetchAndAddRelaxed(1);
            error.clear();
        } else {
            Q_EMIT failed(error);
            if (error.isEmpty())
                error = QStringLiteral("the batch could not be stored");
        }
        m_queued.fetchAndSubRelaxed(rows);
        for (Pending &p : group) {
            p.promise->addResult(error);
            p.promise->finish();
        }
    }
}
