#include "server/logging/logwriter.h"

#include "server/storage/database.h"

#include <QMutexLocker>
#include <QScopeGuard>
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
    std::deque<std::shared_ptr<Pending>> left;
    {
        QMutexLocker lock(&m_mutex);
        left.swap(m_pending);
    }
    for (const std::shared_ptr<Pending> &p : left) {
        p->promise->addResult(QStringLiteral("the log writer stopped"));
        p->promise->finish();
    }
    if (m_open)
        closeDatabase(m_connection);
}

QFuture<LogWriter::Outcome> LogWriter::submit(const LogStore *logs, QByteArray body, QString source, qint64 nowMs)
{
    using Status = Outcome::Status;
    // Busy before any work: the queue is full, or bodies enough for several batches are
    // already waiting for the parser (a client retrying a refused batch must not keep it busy).
    constexpr qint64 MaxParsingBytes = 64LL * 1024 * 1024;
    if (m_queued.loadRelaxed() >= m_limits.maxQueuedRows || m_parsingBytes.loadRelaxed() > MaxParsingBytes)
        return QtFuture::makeReadyFuture(Outcome{Status::Busy, {}, {}});
    const qint64 bytes = body.size();
    m_parsingBytes.fetchAndAddRelaxed(bytes);
    auto promise = std::make_shared<QPromise<Outcome>>();
    QFuture<Outcome> future = promise->future();
    promise->start();
    m_parsers->start([this, logs, promise, bytes, body = std::move(body), source = std::move(source), nowMs] {
        const auto parsed = qScopeGuard([this, bytes] { m_parsingBytes.fetchAndSubRelaxed(bytes); });
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
        m_pending.push_back(std::make_shared<Pending>(Pending{std::move(rows), 0, {}, std::move(promise)}));
        schedule = !m_scheduled;
        m_scheduled = true;
    }
    if (schedule)
        QMetaObject::invokeMethod(this, &LogWriter::drain, Qt::QueuedConnection);
    return future;
}

bool LogWriter::ensureOpen(QString *error)
{
    if (!m_open) {
        m_open = openDatabase(m_url, m_connection, false, error);
        // A larger page cache for the writer: the full-text index's segments are read back
        // and merged as it grows (bench_logs: ~10 % more rows per CPU second).
        if (m_open && m_url.kind == DatabaseUrl::Kind::Sqlite) {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            QSqlQuery(db).exec(QStringLiteral("PRAGMA cache_size=-32768"));
            markBackgroundWriter(db);
        }
    }
    return m_open;
}

QFuture<QString> LogWriter::run(std::function<QString(QSqlDatabase)> job)
{
    auto promise = std::make_shared<QPromise<QString>>();
    QFuture<QString> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        this,
        [this, promise, job = std::move(job)] {
            QString error;
            if (ensureOpen(&error))
                error = job(QSqlDatabase::database(m_connection, false));
            else if (error.isEmpty())
                error = QStringLiteral("the log store cannot be opened");
            promise->addResult(error);
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

void LogWriter::flush()
{
    m_parsers->waitForDone();
    m_flushing = true;
    drain();
    m_flushing = false;
}

void LogWriter::drain()
{
    for (int transactions = 0;; ++transactions) {
        // A steady stream of batches must not starve other work queued for this thread
        // (retention): after a few transactions, the rest waits behind it.
        if (transactions == 8 && !m_flushing) {
            QMetaObject::invokeMethod(this, &LogWriter::drain, Qt::QueuedConnection);
            return;
        }
        // Up to maxRowsPerCommit rows per transaction, a large batch cut across several: a
        // transaction holds the store's write lock, and the event loop's own small writes
        // (audit rows, samples) wait for it, so it stays short.
        struct Slice {
            std::shared_ptr<Pending> pending;
            bool last; // the batch's last rows: its answer goes once they are committed
        };
        std::vector<Slice> group;
        QList<QList<LogStore::Row>> batches;
        qint64 rows = 0;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending.empty() && rows < m_limits.maxRowsPerCommit) {
                const std::shared_ptr<Pending> front = m_pending.front();
                const qsizetype left = front->rows.size() - front->offset;
                const qsizetype take = std::min<qsizetype>(left, m_limits.maxRowsPerCommit - rows);
                batches.append(take == front->rows.size() ? front->rows : front->rows.mid(front->offset, take));
                front->offset += take;
                rows += take;
                const bool last = front->offset == front->rows.size();
                group.push_back(Slice{front, last});
                if (last)
                    m_pending.pop_front();
            }
            if (group.empty()) {
                m_scheduled = false;
                return;
            }
        }
        QString error;
        if (m_url.kind == DatabaseUrl::Kind::Sqlite)
            yieldToForeground(); // a write from the event loop waiting for the lock goes first
        if (ensureOpen(&error)
            && LogStore::write(batches, QSqlDatabase::database(m_connection, false), m_url.kind == DatabaseUrl::Kind::Postgres,
                               &error)) {
            m_commits.fetchAndAddRelaxed(1);
            error.clear();
            if (m_committed) {
                for (const QList<LogStore::Row> &b : std::as_const(batches))
                    m_committed(b);
            }
        } else {
            Q_EMIT failed(error);
            if (error.isEmpty())
                error = QStringLiteral("the batch could not be stored");
        }
        m_queued.fetchAndSubRelaxed(rows);
        for (Slice &slice : group) {
            // A batch cut across transactions is answered with the first error of any of its
            // parts (the others may be stored: a client that sends it again may store some
            // lines twice, never none).
            if (!error.isEmpty() && slice.pending->error.isEmpty())
                slice.pending->error = error;
            if (slice.last) {
                slice.pending->promise->addResult(slice.pending->error);
                slice.pending->promise->finish();
            }
        }
    }
}
