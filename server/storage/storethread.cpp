#include "server/storage/storethread.h"

#include "server/logging/jsonlogger.h"
#include "server/storage/database.h"

#include <QElapsedTimer>
#include <cstdio>
#include <cstdlib>

namespace {

qint64 monotonicNowMs()
{
    static const QElapsedTimer started = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return started.elapsed();
}

} // namespace

StoreThread::StoreThread(OpsStore *main, QObject *parent)
    : QObject(parent), m_main(main),
      m_inline(main->url().kind == DatabaseUrl::Kind::Sqlite && main->url().path == u":memory:"_qs)
{
    m_thread.setObjectName(QStringLiteral("store"));
}

StoreThread::~StoreThread()
{
    stop({});
}

bool StoreThread::start(QString *error)
{
    if (m_inline)
        return true;
    m_own = std::make_unique<OpsStore>(m_main->url(), QStringLiteral("store-thread-%1").arg(quintptr(this), 0, 16));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    // Deleted on its thread once the loop there has ended (StoreReader does the same).
    connect(&m_thread, &QThread::finished, m_context, [context = m_context] { delete context; }, Qt::DirectConnection);
    m_thread.start();
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(
        m_context, [&] { ok = m_own->openBeside(&why); }, Qt::BlockingQueuedConnection);
    if (!ok)
        *error = QStringLiteral("opening the store's writer connection failed: ") + why;
    return ok;
}

void StoreThread::stop(const std::function<void()> &last, int waitMs)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopped)
            return;
        m_stopped = true;
    }
    if (m_inline) {
        if (last)
            last();
        return;
    }
    if (!m_thread.isRunning()) {
        if (last)
            last();
        return;
    }
    QMetaObject::invokeMethod(
        m_context,
        [this, last] {
            if (last)
                last();
            m_own.reset(); // closes the connection on the thread that used it
            m_thread.quit();
        },
        Qt::QueuedConnection);
    // A store that works through a long backlog is waited for; one that takes nothing for
    // waitMs is not.
    qint64 done = figures().done;
    QElapsedTimer stalled;
    stalled.start();
    bool ended = false;
    while (!(ended = m_thread.wait(1000)) && stalled.elapsed() < waitMs) {
        if (const qint64 now = figures().done; now != done) {
            done = now;
            stalled.restart();
        }
    }
    if (!ended) {
        const Figures f = figures();
        qCCritical(lcOps).noquote() << "the store did not take" << f.backlog << "waiting writes within" << waitMs / 1000
                                    << "s of shutdown; they are lost, and the daemon ends here";
        // The thread is inside a call to the store: neither it nor the objects living on it can
        // be stopped or deleted safely, so the process ends without running their destructors.
        std::fflush(stderr);
        std::_Exit(EXIT_FAILURE);
    }
    m_context = nullptr;
}

void StoreThread::runAtStartup(const std::function<void()> &job)
{
    if (m_inline || !m_context)
        job();
    else
        QMetaObject::invokeMethod(m_context, job, Qt::BlockingQueuedConnection);
}

QThread *StoreThread::storeThread() const
{
    return m_inline ? QThread::currentThread() : const_cast<QThread *>(&m_thread);
}

bool StoreThread::post(const char *what, std::function<void(OpsStore &)> job, Load load)
{
    if (m_inline) {
        job(*m_main);
        QMutexLocker lock(&m_mutex);
        ++m_figures.done;
        return true;
    }
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopped || !m_context) {
            ++m_figures.refused;
            return false;
        }
        const qint64 limit = load == Load::Bulk ? MaxBacklog / 10 * 9 : MaxBacklog;
        if (qint64(m_enqueued.size()) >= limit) {
            if (m_figures.refused++ % 10000 == 0)
                qCCritical(lcOps).noquote() << "the store backlog is full (" << m_enqueued.size() << "jobs); refused:" << what;
            return false;
        }
        m_enqueued.push_back(monotonicNowMs());
        m_figures.peak = std::max<qint64>(m_figures.peak, qint64(m_enqueued.size()));
    }
    const bool sqlite = m_own->url().kind == DatabaseUrl::Kind::Sqlite;
    QMetaObject::invokeMethod(
        m_context,
        [this, sqlite, job = std::move(job)] {
            if (sqlite)
                yieldToForeground(); // a write from the event loop waiting for the lock goes first
            job(*m_own);
            finished();
        },
        Qt::QueuedConnection);
    return true;
}

void StoreThread::finished()
{
    QMutexLocker lock(&m_mutex);
    if (!m_enqueued.empty())
        m_enqueued.pop_front();
    ++m_figures.done;
}

StoreThread::Figures StoreThread::figures() const
{
    QMutexLocker lock(&m_mutex);
    Figures f = m_figures;
    f.backlog = qint64(m_enqueued.size());
    f.oldestAgeMs = m_enqueued.empty() ? 0 : monotonicNowMs() - m_enqueued.front();
    return f;
}
