#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

struct archive;

// Progress of a long archive operation: bytes done of an estimated total; returning false
// from it cancels.
using ArchiveProgress = std::function<bool(qint64 done, qint64 total)>;

// Writes one backup archive with libarchive (pax tar + zstd or gzip), streaming each member
// from disk in blocks and hashing it (SHA-256) on the way. The archive is written under a
// temporary name and only renamed into place by commit() after an fsync of the file and its
// directory, so a crash never leaves an archive that looks complete.
class ArchiveWriter {
public:
    enum class Compression { Zstd, Gzip };
    ArchiveWriter() = default;
    ~ArchiveWriter();
    ArchiveWriter(const ArchiveWriter &) = delete;
    ArchiveWriter &operator=(const ArchiveWriter &) = delete;

    bool open(const QString &finalPath, Compression compression, int level, int threads, QString *error);
    // A regular file from disk; its SHA-256 (hex) comes back through sha256.
    bool addFile(const QString &member, const QString &localPath, const ArchiveProgress &progress, QString *sha256, qint64 *size,
                 QString *error);
    bool addDirectory(const QString &member, QString *error);
    bool addBytes(const QString &member, const QByteArray &data, QString *error);
    // Closes the compressor, fsyncs, renames into place and fsyncs the directory.
    bool commit(QString *error);
    // Drops the temporary file (cancel or failure).
    void abort();
    QString temporaryPath() const { return m_tempPath; }
    qint64 bytesWritten() const { return m_done; }
    void setProgressTotal(qint64 total) { m_total = total; }

private:
    bool header(const QString &member, qint64 size, bool directory, qint64 mtime, QString *error);
    struct archive *m_archive = nullptr;
    int m_fd = -1;
    QString m_finalPath, m_tempPath;
    qint64 m_done = 0, m_total = 0;
};

// What reading an archive found: every member's size and SHA-256, the manifest (when there
// is one) and the first problem.
struct ArchiveScan {
    QHash<QString, std::pair<qint64, QString>> members; // path -> (size, sha256)
    QJsonObject manifest;
    QStringList problems; // empty: every checksum matched the manifest
    bool legacy = false;  // the ticket's Python layout: database.sql + files.tar, no manifest
};

// Limits and rules for extracting an archive nobody should trust.
struct ExtractPolicy {
    qint64 maxEntryBytes = 16LL * 1024 * 1024 * 1024;
    qint64 maxTotalBytes = 256LL * 1024 * 1024 * 1024;
    qint64 maxEntries = 1000000;
};

namespace archiveio {

// Reads every member, hashing it, and compares with manifest.json (a flipped byte or a cut
// archive is a problem). With extractTo, regular files and directories are written below that
// directory, refusing absolute paths, "..", links, device nodes, FIFOs and entries over the
// limits; on any refusal the caller removes the directory, so nothing lands outside it.
bool scan(const QString &archivePath, const QString &extractTo, const ExtractPolicy &policy, const ArchiveProgress &progress,
          ArchiveScan *out, QString *error);

// A member path is safe when it is relative, has no "." or ".." component and no NUL or backslash.
bool safeMemberPath(const QString &path);

QString sha256Hex(const QByteArray &digest);

} // namespace archiveio
