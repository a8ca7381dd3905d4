#include "server/backup/archive.h"

#include "server/core/sha256.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr qint64 BlockBytes = 1024 * 1024;
constexpr qint64 MaxManifestBytes = 64 * 1024 * 1024;

QString archiveError(struct archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : QStringLiteral("unknown libarchive error");
}

bool fsyncDirectoryOf(const QString &path)
{
    const int dir = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return false;
    const bool ok = ::fsync(dir) == 0;
    ::close(dir);
    return ok;
}

// The second half of reading an archive, on its own thread: hashing each member and writing it
// to staging while the reader decompresses the next block. A small pool of blocks bounds the
// memory and makes the reader wait when the disk is slower.
class MemberSink {
public:
    MemberSink()
        : m_thread([this] { work(); })
    {
        for (int i = 0; i < 8; ++i)
            m_pool.push_back(QByteArray(BlockBytes, Qt::Uninitialized));
    }
    ~MemberSink()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_ready.notify_all();
        m_thread.join();
        for (const Item &i : m_queue) {
            if (i.kind == Item::Begin && i.fd >= 0)
                ::close(i.fd);
        }
        if (m_fd >= 0)
            ::close(m_fd);
    }
    void begin(const QString &path, int fd) { push({Item::Begin, path, fd, {}, 0}); }
    QByteArray takeBlock()
    {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [this] { return !m_pool.empty() || m_failed; });
        if (m_pool.empty())
            return QByteArray(BlockBytes, Qt::Uninitialized);
        QByteArray b = std::move(m_pool.back());
        m_pool.pop_back();
        return b;
    }
    void data(QByteArray block, qint64 n) { push({Item::Data, {}, -1, std::move(block), n}); }
    void giveBack(QByteArray block)
    {
        {
            std::lock_guard lock(m_mutex);
            m_pool.push_back(std::move(block));
        }
        m_returned.notify_all();
    }
    void end() { push({Item::End, {}, -1, {}, 0}); }
    // Waits until everything queued is written; false with the first write error.
    bool drain(QString *error)
    {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [this] { return (m_queue.empty() && !m_busy) || m_failed; });
        if (m_failed)
            *error = m_error;
        return !m_failed;
    }
    bool failed(QString *error)
    {
        std::lock_guard lock(m_mutex);
        if (m_failed)
            *error = m_error;
        return m_failed;
    }
    QHash<QString, std::pair<qint64, QString>> members; // filled by the worker; read after drain()

private:
    struct Item {
        enum Kind { Begin, Data, End } kind;
        QString path;
        int fd;
        QByteArray block;
        qint64 n;
    };
    void push(Item item)
    {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(std::move(item));
        }
        m_ready.notify_one();
    }
    void work()
    {
        Sha256 hash;
        QString path;
        qint64 size = 0;
        for (;;) {
            Item item;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [this] { return !m_queue.empty() || m_stop; });
                if (m_queue.empty())
                    return;
                item = std::move(m_queue.front());
                m_queue.pop_front();
                m_busy = true;
            }
            QString failure;
            switch (item.kind) {
            case Item::Begin:
                path = item.path;
                m_fd = item.fd;
                size = 0;
                break;
            case Item::Data: {
                hash.add(QByteArrayView(item.block.constData(), item.n));
                size += item.n;
                qint64 written = 0;
                while (m_fd >= 0 && written < item.n) {
                    const ssize_t w = ::write(m_fd, item.block.constData() + written, size_t(item.n - written));
                    if (w < 0 && errno == EINTR)
                        continue;
                    if (w <= 0) {
                        failure = QStringLiteral("writing %1 to the staging directory failed: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
                        break;
                    }
                    written += w;
                }
                break;
            }
            case Item::End:
                if (m_fd >= 0)
                    ::close(m_fd);
                m_fd = -1;
                members.insert(path, {size, hash.hex()});
                break;
            }
            {
                std::lock_guard lock(m_mutex);
                if (item.kind == Item::Data)
                    m_pool.push_back(std::move(item.block));
                if (!failure.isEmpty() && !m_failed) {
                    m_failed = true;
                    m_error = failure;
                }
                m_busy = false;
            }
            m_returned.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_ready, m_returned;
    std::deque<Item> m_queue;
    std::vector<QByteArray> m_pool;
    bool m_stop = false, m_busy = false, m_failed = false;
    QString m_error;
    int m_fd = -1; // the member being written (worker)
    std::thread m_thread;
};

} // namespace

namespace archiveio {

QString sha256Hex(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex());
}

bool safeMemberPath(const QString &path)
{
    if (path.isEmpty() || path.size() > 4096 || path.startsWith(u'/') || path.contains(QChar(0)) || path.contains(u'\\'))
        return false;
    const QStringList parts = path.split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &p = parts.at(i);
        if (p == u".."_qs || p == u"."_qs || (p.isEmpty() && i != parts.size() - 1)) // a trailing "/" marks a directory
            return false;
    }
    return true;
}

} // namespace archiveio

ArchiveWriter::~ArchiveWriter()
{
    abort();
}

bool ArchiveWriter::open(const QString &finalPath, Compression compression, int level, int threads, QString *error)
{
    m_finalPath = finalPath;
    m_tempPath = finalPath + u".partial"_qs;
    ::unlink(QFile::encodeName(m_tempPath).constData()); // a leftover of a crash
    m_fd = ::open(QFile::encodeName(m_tempPath).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(m_tempPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_archive = archive_write_new();
    archive_write_set_format_pax_restricted(m_archive);
    const QByteArray levelText = QByteArray::number(level);
    int r = ARCHIVE_OK;
    if (compression == Compression::Zstd) {
        r = archive_write_add_filter_zstd(m_archive);
        if (r == ARCHIVE_OK)
            r = archive_write_set_filter_option(m_archive, "zstd", "compression-level", levelText.constData());
        if (r == ARCHIVE_OK && threads > 1)
            archive_write_set_filter_option(m_archive, "zstd", "threads", QByteArray::number(threads).constData()); // best effort
    } else {
        r = archive_write_add_filter_gzip(m_archive);
        if (r == ARCHIVE_OK)
            r = archive_write_set_filter_option(m_archive, "gzip", "compression-level", levelText.constData());
    }
    archive_write_set_bytes_in_last_block(m_archive, 1);
    if (r != ARCHIVE_OK || archive_write_open_fd(m_archive, m_fd) != ARCHIVE_OK) {
        *error = QStringLiteral("cannot start the archive: %1").arg(archiveError(m_archive));
        abort();
        return false;
    }
    return true;
}

bool ArchiveWriter::header(const QString &member, qint64 size, bool directory, qint64 mtime, QString *error)
{
    if (!archiveio::safeMemberPath(member)) {
        *error = QStringLiteral("refusing member name \"%1\"").arg(member.left(200));
        return false;
    }
    struct archive_entry *entry = archive_entry_new();
    archive_entry_set_pathname_utf8(entry, member.toUtf8().constData());
    archive_entry_set_filetype(entry, directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(entry, directory ? 0755 : 0644);
    archive_entry_set_size(entry, directory ? 0 : size);
    archive_entry_set_mtime(entry, time_t(mtime), 0);
    const int r = archive_write_header(m_archive, entry);
    archive_entry_free(entry);
    if (r != ARCHIVE_OK) {
        *error = QStringLiteral("writing the header of %1 failed: %2").arg(member, archiveError(m_archive));
        return false;
    }
    return true;
}

bool ArchiveWriter::addDirectory(const QString &member, QString *error)
{
    return header(member.endsWith(u'/') ? member : member + u'/', 0, true, QDateTime::currentSecsSinceEpoch(), error);
}

bool ArchiveWriter::addBytes(const QString &member, const QByteArray &data, QString *error)
{
    if (!header(member, data.size(), false, QDateTime::currentSecsSinceEpoch(), error))
        return false;
    if (!data.isEmpty() && archive_write_data(m_archive, data.constData(), size_t(data.size())) != data.size()) {
        *error = QStringLiteral("writing %1 failed: %2").arg(member, archiveError(m_archive));
        return false;
    }
    return true;
}

bool ArchiveWriter::addFile(const QString &member, const QString &localPath, const ArchiveProgress &progress, QString *sha256,
                            qint64 *size, QString *error)
{
    const int fd = ::open(QFile::encodeName(localPath).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        *error = QStringLiteral("cannot read %1: %2").arg(localPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    struct stat st {};
    ::fstat(fd, &st);
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        *error = QStringLiteral("%1 is not a regular file").arg(localPath);
        return false;
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    const qint64 expected = st.st_size;
    if (!header(member, expected, false, st.st_mtim.tv_sec, error)) {
        ::close(fd);
        return false;
    }
    Sha256 hash;
    QByteArray buffer(BlockBytes, Qt::Uninitialized);
    qint64 remaining = expected;
    bool ok = true;
    while (remaining > 0) {
        const ssize_t n = ::read(fd, buffer.data(), size_t(std::min<qint64>(remaining, BlockBytes)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("%1 changed (shrank) while it was being backed up").arg(localPath);
            ok = false;
            break;
        }
        hash.add(QByteArrayView(buffer.constData(), n));
        if (archive_write_data(m_archive, buffer.constData(), size_t(n)) != n) {
            *error = QStringLiteral("writing %1 failed: %2").arg(member, archiveError(m_archive));
            ok = false;
            break;
        }
        remaining -= n;
        m_done += n;
        if (progress && !progress(m_done, m_total)) {
            *error = QStringLiteral("cancelled");
            ok = false;
            break;
        }
    }
    ::close(fd);
    if (!ok)
        return false;
    *sha256 = hash.hex();
    *size = expected;
    return true;
}

bool ArchiveWriter::commit(QString *error)
{
    if (!m_archive) {
        *error = QStringLiteral("the archive is not open");
        return false;
    }
    const int r = archive_write_close(m_archive);
    archive_write_free(m_archive);
    m_archive = nullptr;
    if (r != ARCHIVE_OK) {
        *error = QStringLiteral("finishing the archive failed");
        abort();
        return false;
    }
    if (::fsync(m_fd) != 0) {
        *error = QStringLiteral("fsync of %1 failed: %2").arg(m_tempPath, QString::fromLocal8Bit(std::strerror(errno)));
        abort();
        return false;
    }
    ::close(m_fd);
    m_fd = -1;
    if (::rename(QFile::encodeName(m_tempPath).constData(), QFile::encodeName(m_finalPath).constData()) != 0) {
        *error = QStringLiteral("cannot rename to %1: %2").arg(m_finalPath, QString::fromLocal8Bit(std::strerror(errno)));
        abort();
        return false;
    }
    m_tempPath.clear();
    fsyncDirectoryOf(m_finalPath);
    return true;
}

void ArchiveWriter::abort()
{
    if (m_archive) {
        archive_write_free(m_archive); // may write a trailer to the temporary file: it goes anyway
        m_archive = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_tempPath.isEmpty()) {
        ::unlink(QFile::encodeName(m_tempPath).constData());
        m_tempPath.clear();
    }
}

namespace archiveio {

bool scan(const QString &archivePath, const QString &extractTo, const ExtractPolicy &policy, const ArchiveProgress &progress,
          ArchiveScan *out, QString *error)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    const qint64 archiveSize = QFileInfo(archivePath).size();
    if (archive_read_open_filename(a, QFile::encodeName(archivePath).constData(), BlockBytes) != ARCHIVE_OK) {
        *error = QStringLiteral("cannot open %1 as an archive: %2").arg(QFileInfo(archivePath).fileName(), archiveError(a));
        archive_read_free(a);
        return false;
    }
    auto fail = [&](const QString &why) {
        *error = why;
        archive_read_free(a);
        return false;
    };
    QByteArray manifestBytes;
    QSet<QString> madeDirectories;
    qint64 total = 0, entries = 0;
    struct archive_entry *entry = nullptr;
    int r;
    auto sink = std::make_unique<MemberSink>();
    QString sinkError;
    while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
        const char *utf8 = archive_entry_pathname_utf8(entry);
        const char *raw = archive_entry_pathname(entry);
        const QString path = utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(raw ? raw : "");
        if (++entries > policy.maxEntries)
            return fail(QStringLiteral("more than %1 entries").arg(policy.maxEntries));
        if (!safeMemberPath(path))
            return fail(QStringLiteral("refused entry \"%1\": absolute, \"..\" or otherwise unsafe path").arg(path.left(200)));
        if (archive_entry_hardlink(entry) || archive_entry_symlink(entry))
            return fail(QStringLiteral("refused entry \"%1\": links are not restored").arg(path.left(200)));
        const mode_t type = archive_entry_filetype(entry);
        if (type != AE_IFREG && type != AE_IFDIR)
            return fail(QStringLiteral("refused entry \"%1\": not a regular file or directory").arg(path.left(200)));
        const qint64 size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
        if (size < 0 || size > policy.maxEntryBytes)
            return fail(QStringLiteral("refused entry \"%1\": %2 bytes is over the limit of %3").arg(path.left(200)).arg(size).arg(policy.maxEntryBytes));
        if (type == AE_IFDIR) {
            if (!extractTo.isEmpty() && !QDir(extractTo).mkpath(path))
                return fail(QStringLiteral("cannot create %1 in the staging directory").arg(path));
            continue;
        }
        int fd = -1;
        if (!extractTo.isEmpty()) {
            const QString target = QDir(extractTo).filePath(path);
            const QString parent = QFileInfo(target).absolutePath();
            if (!madeDirectories.contains(parent)) {
                if (!QDir().mkpath(parent))
                    return fail(QStringLiteral("cannot create the directory of %1 in the staging directory").arg(path));
                madeDirectories.insert(parent);
            }
            fd = ::open(QFile::encodeName(target).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
            if (fd < 0)
                return fail(QStringLiteral("cannot write %1 (twice in the archive?): %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        }
        sink->begin(path, fd);
        qint64 read = 0;
        const bool isManifest = path == u"manifest.json"_qs;
        for (;;) {
            QByteArray block = sink->takeBlock();
            const la_ssize_t n = archive_read_data(a, block.data(), size_t(block.size()));
            if (n == 0) {
                sink->giveBack(std::move(block));
                break;
            }
            if (n < 0)
                return fail(QStringLiteral("the archive is damaged or cut short at %1: %2").arg(path, archiveError(a)));
            read += n;
            total += n;
            if (read > policy.maxEntryBytes || total > policy.maxTotalBytes)
                return fail(QStringLiteral("refused entry \"%1\": more data than the limits allow").arg(path.left(200)));
            if (isManifest && manifestBytes.size() + n <= MaxManifestBytes)
                manifestBytes.append(block.constData(), n);
            sink->data(std::move(block), n);
            if (sink->failed(&sinkError))
                return fail(sinkError);
            if (progress && !progress(archive_filter_bytes(a, -1), archiveSize))
                return fail(QStringLiteral("cancelled"));
        }
        sink->end();
    }
    if (r != ARCHIVE_EOF)
        return fail(QStringLiteral("the archive is damaged or cut short: %1").arg(archiveError(a)));
    archive_read_free(a);
    if (!sink->drain(&sinkError)) {
        *error = sinkError;
        return false;
    }
    out->members = sink->members;
    sink.reset();
    if (!extractTo.isEmpty()) {
        // Durable before anything is swapped into place: one flush of the file system, not one
        // fsync per file (thousands of small files).
        const int dirFd = ::open(QFile::encodeName(extractTo).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirFd >= 0) {
            ::syncfs(dirFd);
            ::close(dirFd);
        }
    }

    if (!out->members.contains(u"manifest.json"_qs)) {
        out->legacy = out->members.contains(u"database.sql"_qs) || out->members.contains(u"files.tar"_qs);
        if (!out->legacy)
            out->problems << QStringLiteral("no manifest.json: not a formauto-ops backup");
        return true;
    }
    QJsonParseError parseError{};
    out->manifest = QJsonDocument::fromJson(manifestBytes, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || out->manifest.value(u"format"_qs).toString() != u"formauto-ops-backup"_qs) {
        out->problems << QStringLiteral("manifest.json is not a formauto-ops manifest");
        return true;
    }
    const QJsonObject listed = out->manifest.value(u"members"_qs).toObject();
    for (auto it = listed.constBegin(); it != listed.constEnd(); ++it) {
        const auto found = out->members.constFind(it.key());
        const QJsonObject m = it.value().toObject();
        if (found == out->members.constEnd())
            out->problems << QStringLiteral("%1 is missing").arg(it.key());
        else if (found->first != qint64(m.value(u"size"_qs).toDouble()) || found->second != m.value(u"sha256"_qs).toString())
            out->problems << QStringLiteral("%1 does not match its checksum").arg(it.key());
    }
    for (auto it = out->members.constBegin(); it != out->members.constEnd(); ++it) {
        if (it.key() != u"manifest.json"_qs && !listed.contains(it.key()))
            out->problems << QStringLiteral("%1 is not in the manifest").arg(it.key());
    }
    return true;
}

} // namespace archiveio
