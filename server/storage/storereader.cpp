#include "server/storage/storereader.h"

#include "server/logging/jsonlogger.h"

StoreReader::StoreReader(DatabaseUrl url, LogStore::Limits limits, int threads, QObject *parent)
    : QObject(parent)
{
    for (int i = 0; i < std::max(1, threads); ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("store-read-%1").arg(i));
        auto *worker = new Worker(url, limits, i);
        worker->moveToThread(thread.get());
        // Deleted on its own thread, after the jobs queued before quit(): the connection is
        // closed by the thread that used it.
        connect(thread.get(), &QThread::finished, worker, [worker] { delete worker; }, Qt::DirectConnection);
        thread->start();
        m_workers.push_back(worker);
        m_threads.push_back(std::move(thread));
    }
}

StoreReader::~StoreReader()
{
    for (auto &thread : m_threads) {
        thread->quit();
        thread->wait();
    }
}

int StoreReader::pending() const
{
    int n = 0;
    for (const Worker *w : m_workers)
        n += w->pending.loadRelaxed();
    return n;
}

StoreReader::Worker *StoreReader::pick() const
{
    Worker *best = nullptr;
    for (Worker *w : m_workers) {
        if (!best || w->pending.loadRelaxed() < best->pending.loadRelaxed())
            best = w;
    }
    return best && best->pending.loadRelaxed() < MaxQueuedPerThread ? best : nullptr;
}

StoreReader::Worker::Worker(DatabaseUrl url, LogStore::Limits limits, int index)
    : m_url(std::move(url)), m_limits(limits),
      m_connection(QStringLiteral("store-read-%1-%2").arg(index).arg(quintptr(this), 0, 16))
{
}

StoreReader::Worker::~Worker()
{
    m_logs.reset();
    m_store.reset(); // closes the connection, on this thread
}

StoreReader::Context StoreReader::Worker::context()
{
    // Opened on first use, and again after a failure (the store may come back).
    if (!m_store || !m_store->isOpen()) {
        m_logs.reset();
        m_store.reset();
        m_store = std::make_unique<OpsStore>(m_url, m_connection);
        QString error;
        if (!m_store->openForReading(&error))
            qCWarning(lcOps).noquote() << "a store reader cannot open the store:" << error;
        m_logs = std::make_unique<LogStore>(m_store.get(), m_limits);
    }
    return Context{*m_store, *m_logs};
}
