#include "server/logging/logtailer.h"

#include "server/logging/jsonlogger.h"
#include "server/storage/database.h"

#include <QFileInfo>
#include <QThread>
#include <QSqlQuery>
#include <sys/stat.h>

namespace {
// A few thousand lines per transaction (256 KiB: 1,500 lines of 170 bytes, 5,000 of 50): the
// store's write lock, which the event loop's own writes wait for, is held briefly; the
// follower reads on until it is at the end.
constexpr qint64 MaxReadPerPoll = 256 * 1024;

bool statFile(const QString &path, quint64 *inode, qint64 *size)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    *inode = quint64(st.st_ino);
    *size = qint64(st.st_size);
    return true;
}
} // namespace

LogTailer::LogTailer(LogStore *logs, OpsStore *store, QStringList paths, const Clock *clock, QObject *parent)
    : QObject(parent), m_logs(logs), m_store(store), m_clock(clock)
{
    for (const QString &path : paths)
        m_sources.push_back(Source{QFileInfo(path).absoluteFilePath(), nullptr, 0, 0, {}});
    connect(&m_timer, &QTimer::timeout, this, &LogTailer::poll);
}

LogTailer::~LogTailer() = default;

void LogTailer::start(int intervalMs)
{
    if (m_sources.empty())
        return;
    m_timer.start(intervalMs);
    poll();
}

bool LogTailer::loadOffset(Source &s, quint64 inode, qint64 size)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT inode, read_offset FROM log_sources WHERE path = ?"));
    q.addBindValue(s.path);
    s.offset = 0;
    if (q.exec() && q.next() && quint64(q.value(0).toLongLong()) == inode && q.value(1).toLongLong() <= size)
        s.offset = q.value(1).toLongLong(); // the same file as before the restart: go on from there
    return true;
}

void LogTailer::saveOffset(const Source &s)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO log_sources (path, inode, read_offset, updated_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (path) DO UPDATE SET inode = excluded.inode, read_offset = excluded.read_offset, "
                             "updated_at = excluded.updated_at"));
    q.addBindValue(s.path);
    q.addBindValue(qint64(s.inode));
    q.addBindValue(s.offset);
    q.addBindValue(m_clock->nowMs());
    if (!q.exec())
        qCWarning(lcOps).noquote() << "cannot record the read position of" << s.path;
}

qint64 LogTailer::drain(Source &s)
{
    qint64 stored = 0;
    const QByteArray chunk = s.file->read(MaxReadPerPoll);
    if (chunk.isEmpty())
        return 0;
    QByteArray data = s.partial + chunk;
    const qsizetype lastNewline = data.lastIndexOf('\n');
    if (lastNewline < 0) {
        s.partial = data; // a line still being written
        return 0;
    }
    s.partial = data.mid(lastNewline + 1);
    data.truncate(lastNewline + 1);
    QString error;
    yieldToForeground(); // a write from the event loop waiting for the lock goes first
    const LogStore::IngestReport report = m_logs->ingest(data, QFileInfo(s.path).fileName(), m_clock->nowMs(), &error);
    if (!error.isEmpty()) {
        // Not recorded as read: the same bytes are tried again next time.
        qCWarning(lcOps).noquote() << "storing lines from" << s.path << "failed:" << error;
        s.file->seek(s.offset);
        s.partial.clear();
        return 0;
    }
    s.offset += data.size();
    stored = report.accepted + report.raw;
    saveOffset(s);
    return stored;
}

qint64 LogTailer::poll()
{
    qint64 stored = 0;
    for (Source &s : m_sources) {
        quint64 inode = 0;
        qint64 size = 0;
        const bool exists = statFile(s.path, &inode, &size);
        if (s.file && exists && inode != s.inode) {
            // Rotated by rename: finish the old file, then start the new one from its beginning.
            while (qint64 n = drain(s)) {
                stored += n;
                if (QThread::currentThread()->isInterruptionRequested())
                    return stored; // stopping: the rest next time, from the recorded offset
            }
            s.file.reset();
            s.partial.clear();
            s.offset = 0;
            s.inode = inode;
            auto file = std::make_unique<QFile>(s.path);
            if (file->open(QIODevice::ReadOnly)) {
                s.file = std::move(file);
                saveOffset(s);
            }
        }
        if (!s.file) {
            if (!exists)
                continue;
            auto file = std::make_unique<QFile>(s.path);
            if (!file->open(QIODevice::ReadOnly))
                continue;
            s.inode = inode;
            loadOffset(s, inode, size);
            file->seek(s.offset);
            s.file = std::move(file);
        } else if (exists && size < s.offset) {
            // Truncated in place (copytruncate): what is there now is new.
            s.offset = 0;
            s.partial.clear();
            s.file->seek(0);
        }
        while (qint64 n = drain(s)) {
            stored += n;
            if (QThread::currentThread()->isInterruptionRequested())
                return stored; // stopping: the rest next time, from the recorded offset
        }
    }
    return stored;
}
