#include "server/backup/archive.h"

#include "server/core/sha256.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <cmath>
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
constexpr int MaxPathBytes = 4096;
constexpr int MaxComponentBytes = 255;
constexpr int MaxComponents = 10000;
constexpr int ManifestFormatVersion = 1;

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
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(QChar(0)) || path.contains(u'\\'))
        return false;
    const QByteArray utf8 = path.toUtf8();
    if (utf8.size() > MaxPathBytes)
        return false;
    const QStringList parts = path.split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &p = parts.at(i);
        if (p == u".."_qs || p == u"."_qs || (p.isEmpty() && i != parts.size() - 1)) // a trailing "/" marks a directory
            return false;
        if (p.toUtf8().size() > MaxComponentBytes)
            return false;
    }
    return true;
}

QString pathInside(const QString &root, const QString &relative, QString *error)
{
    if (!safeMemberPath(relative)) {
        *error = QStringLiteral("unsafe path \"%1\"").arg(relative.left(200));
        return {};
    }
    QString at = root;
    const QStringList parts = relative.split(u'/', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        at += u'/' + part;
        struct stat st {};
        if (::lstat(QFile::encodeName(at).constData(), &st) != 0)
            break; // what does not exist yet cannot lead anywhere
        if (S_ISLNK(st.st_mode)) {
            *error = QStringLiteral("\"%1\" passes through a symbolic link").arg(relative.left(200));
            return {};
        }
    }
    return root + u'/' + relative;
}

} // namespace archiveio

namespace {

// QJsonDocument keeps only one of two equal keys, silently: a manifest that lists a member or
// a component field twice must not pass for one that lists it once. Runs on text that
// QJsonDocument already accepted, so it only needs to follow strings and nesting.
bool duplicateKey(const QByteArray &json, QString *which)
{
    struct Level {
        bool object = false, expectKey = false;
        QSet<QString> keys;
    };
    std::vector<Level> stack;
    const char *p = json.constData();
    const char *const end = p + json.size();
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            QString text;
            ++p;
            while (p < end && *p != '"') {
                if (*p != '\\') {
                    const char *start = p;
                    while (p < end && *p != '"' && *p != '\\')
                        ++p;
                    text += QString::fromUtf8(start, p - start);
                    continue;
                }
                if (++p >= end)
                    break;
                switch (*p) {
                case 'b': text += u'\b'; break;
                case 'f': text += u'\f'; break;
                case 'n': text += u'\n'; break;
                case 'r': text += u'\r'; break;
                case 't': text += u'\t'; break;
                case 'u':
                    if (end - p > 4) {
                        bool ok = false;
                        const ushort unit = QByteArray(p + 1, 4).toUShort(&ok, 16);
                        text += QChar(unit);
                        p += 4;
                    }
                    break;
                default: text += QLatin1Char(*p); break;
                }
                ++p;
            }
            ++p;
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                if (stack.back().keys.contains(text)) {
                    *which = text;
                    return true;
                }
                stack.back().keys.insert(text);
                stack.back().expectKey = false;
            }
            continue;
        }
        if (c == '{')
            stack.push_back({true, true, {}});
        else if (c == '[')
            stack.push_back({false, false, {}});
        else if ((c == '}' || c == ']') && !stack.empty())
            stack.pop_back();
        else if (c == ',' && !stack.empty() && stack.back().object)
            stack.back().expectKey = true;
        ++p;
    }
    return false;
}

bool isSha256Hex(const QString &s)
{
    if (s.size() != 64)
        return false;
    for (const QChar c : s) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

QString shown(const QString &path)
{
    return u'"' + path.left(200) + u'"';
}

} // namespace

namespace archiveio {

std::optional<BackupManifest> parseManifest(const QByteArray &json, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<BackupManifest> {
        *error = u"manifest.json: "_qs + why;
        return std::nullopt;
    };
    if (json.size() > MaxManifestBytes)
        return fail(QStringLiteral("over %1 bytes").arg(MaxManifestBytes));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("not a JSON object (%1)").arg(parseError.errorString()));
    QString duplicate;
    if (duplicateKey(json, &duplicate))
        return fail(QStringLiteral("the key %1 appears twice in one object").arg(shown(duplicate)));
    BackupManifest m;
    m.json = doc.object();
    if (m.json.value(u"format"_qs).toString() != u"formauto-ops-backup"_qs)
        return fail(QStringLiteral("not a formauto-ops manifest"));
    const QJsonValue version = m.json.value(u"format_version"_qs);
    if (!version.isDouble() || version.toDouble() != double(ManifestFormatVersion))
        return fail(QStringLiteral("format version %1; this daemon reads version %2")
                        .arg(version.isDouble() ? QString::number(version.toDouble()) : u"(none)"_qs)
                        .arg(ManifestFormatVersion));
    const QJsonValue name = m.json.value(u"name"_qs);
    if (!name.isUndefined() && !name.isString())
        return fail(QStringLiteral("\"name\" is not a string"));
    m.name = name.toString();
    if (!m.json.value(u"members"_qs).isObject())
        return fail(QStringLiteral("\"members\" is not an object"));
    const QJsonObject members = m.json.value(u"members"_qs).toObject();
    for (auto it = members.constBegin(); it != members.constEnd(); ++it) {
        const QString &path = it.key();
        if (!safeMemberPath(path) || path.endsWith(u'/'))
            return fail(QStringLiteral("member %1: absolute, \"..\" or otherwise unsafe path").arg(shown(path)));
        if (path == u"manifest.json"_qs)
            return fail(QStringLiteral("lists itself as a member"));
        const QJsonObject entry = it.value().toObject();
        const QJsonValue size = entry.value(u"size"_qs);
        const double bytes = size.toDouble(-1);
        if (!size.isDouble() || bytes < 0 || bytes > 9007199254740992.0 || bytes != std::floor(bytes))
            return fail(QStringLiteral("member %1 has no valid size").arg(shown(path)));
        const QString sha = entry.value(u"sha256"_qs).toString();
        if (!isSha256Hex(sha))
            return fail(QStringLiteral("member %1 has no valid sha256").arg(shown(path)));
        m.members.insert(path, {qint64(bytes), sha});
    }
    if (!m.json.value(u"components"_qs).isArray())
        return fail(QStringLiteral("\"components\" is not an array"));
    const QJsonArray components = m.json.value(u"components"_qs).toArray();
    if (components.size() > MaxComponents)
        return fail(QStringLiteral("more than %1 components").arg(MaxComponents));
    QSet<QString> names, databaseMembers;
    QStringList prefixes;
    for (const QJsonValue &v : components) {
        if (!v.isObject())
            return fail(QStringLiteral("a component is not an object"));
        const QJsonObject o = v.toObject();
        ManifestComponent c;
        c.name = o.value(u"name"_qs).toString();
        c.type = o.value(u"type"_qs).toString();
        if (c.name.isEmpty() || c.name.size() > 200)
            return fail(QStringLiteral("a component has no valid name"));
        if (names.contains(c.name))
            return fail(QStringLiteral("component %1 appears twice").arg(shown(c.name)));
        names.insert(c.name);
        if (c.type == u"database"_qs) {
            c.kind = o.value(u"kind"_qs).toString();
            c.member = o.value(u"member"_qs).toString();
            c.tables = o.value(u"tables"_qs).toObject();
            if (c.name != u"service_database"_qs && c.name != u"ops_store"_qs)
                return fail(QStringLiteral("unknown database component %1").arg(shown(c.name)));
            if (c.kind != u"sqlite"_qs && c.kind != u"postgresql"_qs && c.kind != u"postgresql-sql"_qs)
                return fail(QStringLiteral("component %1 has unknown kind %2").arg(shown(c.name), shown(c.kind)));
            if (!safeMemberPath(c.member) || c.member.endsWith(u'/'))
                return fail(QStringLiteral("component %1: member %2 is absolute, \"..\" or otherwise unsafe")
                                .arg(shown(c.name), shown(c.member)));
            if (!m.members.contains(c.member))
                return fail(QStringLiteral("component %1: member %2 is not listed in \"members\"").arg(shown(c.name), shown(c.member)));
            if (databaseMembers.contains(c.member))
                return fail(QStringLiteral("member %1 belongs to two components").arg(shown(c.member)));
            databaseMembers.insert(c.member);
        } else if (c.type == u"directory"_qs) {
            c.prefix = o.value(u"prefix"_qs).toString();
            const QJsonValue path = o.value(u"path"_qs);
            c.path = path.toString();
            if (!safeMemberPath(c.prefix) || !c.prefix.endsWith(u'/'))
                return fail(QStringLiteral("component %1: prefix %2 is absolute, \"..\" or otherwise unsafe")
                                .arg(shown(c.name), shown(c.prefix)));
            const QString key = c.name.mid(6);
            if (!c.name.startsWith(u"files:"_qs) || key.isEmpty() || key.contains(u'/') || c.prefix != u"files/"_qs + key + u'/')
                return fail(QStringLiteral("component %1: prefix %2 is not files/<name>/").arg(shown(c.name), shown(c.prefix)));
            if (!path.isUndefined()
                && (!path.isString() || !c.path.startsWith(u'/') || QDir::cleanPath(c.path) != c.path || c.path.contains(QChar(0))
                    || c.path.toUtf8().size() > MaxPathBytes))
                return fail(QStringLiteral("component %1: path %2 is not a clean absolute path").arg(shown(c.name), shown(c.path)));
            prefixes << c.prefix;
        } else {
            return fail(QStringLiteral("component %1 has unknown type %2").arg(shown(c.name), shown(c.type)));
        }
        m.components.append(c);
    }
    // Each member belongs to exactly one component: a restore never picks up a file that no
    // component accounts for.
    for (auto it = m.members.constBegin(); it != m.members.constEnd(); ++it) {
        int owners = databaseMembers.contains(it.key()) ? 1 : 0;
        for (const QString &prefix : std::as_const(prefixes))
            owners += it.key().startsWith(prefix) ? 1 : 0;
        if (owners != 1)
            return fail(QStringLiteral("member %1 belongs to %2 components").arg(shown(it.key())).arg(owners));
    }
    return m;
}

QStringList compareWithArchive(const BackupManifest &manifest, const QHash<QString, std::pair<qint64, QString>> &members,
                               const QStringList &directories)
{
    QStringList problems;
    for (auto it = manifest.members.constBegin(); it != manifest.members.constEnd(); ++it) {
        const auto found = members.constFind(it.key());
        if (found == members.constEnd())
            problems << QStringLiteral("%1 is listed in the manifest but missing from the archive").arg(it.key().left(200));
        else if (found->first != it->first)
            problems << QStringLiteral("%1 is %2 bytes, the manifest says %3").arg(it.key().left(200)).arg(found->first).arg(it->first);
        else if (found->second != it->second)
            problems << QStringLiteral("%1 does not match its checksum").arg(it.key().left(200));
    }
    for (auto it = members.constBegin(); it != members.constEnd(); ++it) {
        if (it.key() != u"manifest.json"_qs && !manifest.members.contains(it.key()))
            problems << QStringLiteral("%1 is in the archive but not in the manifest").arg(it.key().left(200));
    }
    for (const QString &dir : directories) {
        bool owned = false;
        for (const ManifestComponent &c : manifest.components) {
            if (!c.prefix.isEmpty() && QString(dir + u'/').startsWith(c.prefix))
                owned = true;
        }
        if (!owned)
            problems << QStringLiteral("directory %1 is in the archive but belongs to no component of the manifest").arg(dir.left(200));
    }
    std::sort(problems.begin(), problems.end());
    return problems;
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

namespace {

// The reading half of scan() and scanBuffer(), on an archive already opened.
bool scanOpened(struct archive *a, qint64 archiveSize, const QString &extractTo, const ExtractPolicy &policy,
                const ArchiveProgress &progress, ArchiveScan *out, QString *error)
{
    auto fail = [&](const QString &why) {
        *error = why;
        archive_read_free(a);
        return false;
    };
    QByteArray manifestBytes;
    bool manifestTooLarge = false;
    QSet<QString> madeDirectories, seen;
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
        if (!archiveio::safeMemberPath(path))
            return fail(QStringLiteral("refused entry \"%1\": absolute, \"..\" or otherwise unsafe path").arg(path.left(200)));
        if (archive_entry_hardlink(entry) || archive_entry_symlink(entry))
            return fail(QStringLiteral("refused entry \"%1\": links are not restored").arg(path.left(200)));
        const mode_t type = archive_entry_filetype(entry);
        if (type != AE_IFREG && type != AE_IFDIR)
            return fail(QStringLiteral("refused entry \"%1\": not a regular file or directory").arg(path.left(200)));
        const qint64 size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
        if (size < 0 || size > policy.maxEntryBytes)
            return fail(QStringLiteral("refused entry \"%1\": %2 bytes is over the limit of %3").arg(path.left(200)).arg(size).arg(policy.maxEntryBytes));
        // One name, one entry: with a second copy, what is checked and what is restored could differ.
        const QString name = path.endsWith(u'/') ? path.chopped(1) : path;
        if (seen.contains(name))
            return fail(QStringLiteral("refused entry \"%1\": it appears twice in the archive").arg(path.left(200)));
        seen.insert(name);
        if (type == AE_IFDIR) {
            out->directories << name;
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
            if (isManifest) {
                if (manifestBytes.size() + n <= MaxManifestBytes)
                    manifestBytes.append(block.constData(), n);
                else
                    manifestTooLarge = true;
            }
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
        if (!out->legacy) {
            out->problems << QStringLiteral("no manifest.json: not a formauto-ops backup");
            return true;
        }
        // The ticket's archives hold these two files and nothing else.
        for (auto it = out->members.constBegin(); it != out->members.constEnd(); ++it) {
            if (it.key() != u"database.sql"_qs && it.key() != u"files.tar"_qs)
                out->problems << QStringLiteral("%1 is not part of a legacy archive (database.sql, files.tar)").arg(it.key().left(200));
        }
        for (const QString &dir : std::as_const(out->directories))
            out->problems << QStringLiteral("directory %1 is not part of a legacy archive (database.sql, files.tar)").arg(dir.left(200));
        std::sort(out->problems.begin(), out->problems.end());
        return true;
    }
    if (manifestTooLarge) {
        out->problems << QStringLiteral("manifest.json: over %1 bytes").arg(MaxManifestBytes);
        return true;
    }
    out->manifest = QJsonDocument::fromJson(manifestBytes).object();
    QString why;
    out->parsed = archiveio::parseManifest(manifestBytes, &why);
    if (!out->parsed) {
        out->problems << why;
        return true;
    }
    out->problems << archiveio::compareWithArchive(*out->parsed, out->members, out->directories);
    return true;
}

} // namespace

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
    return scanOpened(a, archiveSize, extractTo, policy, progress, out, error);
}

bool scanBuffer(const QByteArray &archive, const QString &extractTo, const ExtractPolicy &policy, ArchiveScan *out, QString *error)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_memory(a, archive.constData(), size_t(archive.size())) != ARCHIVE_OK) {
        *error = QStringLiteral("cannot open the data as an archive: %1").arg(archiveError(a));
        archive_read_free(a);
        return false;
    }
    return scanOpened(a, archive.size(), extractTo, policy, {}, out, error);
}

bool readMember(const QString &archivePath, const QString &member, const ExtractPolicy &policy,
                const std::function<bool(QByteArrayView data)> &sink, QString *error)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    auto fail = [&](const QString &why) {
        *error = why;
        archive_read_free(a);
        return false;
    };
    if (archive_read_open_filename(a, QFile::encodeName(archivePath).constData(), BlockBytes) != ARCHIVE_OK)
        return fail(QStringLiteral("cannot open %1 as an archive: %2").arg(QFileInfo(archivePath).fileName(), archiveError(a)));
    struct archive_entry *entry = nullptr;
    int r;
    QByteArray block(BlockBytes, Qt::Uninitialized);
    while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
        const char *utf8 = archive_entry_pathname_utf8(entry);
        const char *raw = archive_entry_pathname(entry);
        const QString path = utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(raw ? raw : "");
        if (path != member || archive_entry_filetype(entry) != AE_IFREG)
            continue; // libarchive skips the data of an entry not read
        qint64 read = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(a, block.data(), size_t(block.size()));
            if (n == 0)
                break;
            if (n < 0)
                return fail(QStringLiteral("the archive is damaged or cut short at %1: %2").arg(member, archiveError(a)));
            read += n;
            if (read > policy.maxEntryBytes)
                return fail(QStringLiteral("%1: more data than the limits allow").arg(member.left(200)));
            if (!sink(QByteArrayView(block.constData(), n))) {
                archive_read_free(a);
                return false;
            }
        }
        archive_read_free(a);
        return true;
    }
    return fail(r == ARCHIVE_EOF ? QStringLiteral("%1 is not in the archive").arg(member.left(200))
                                 : QStringLiteral("the archive is damaged or cut short: %1").arg(archiveError(a)));
}

} // namespace archiveio
