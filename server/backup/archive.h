#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
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

// A manifest.json that passed every check: the members it lists with their size and SHA-256,
// and the components a restore acts on. Every path in it is a safe member path (see
// archiveio::safeMemberPath), so joining one to a staging directory stays inside it.
struct ManifestComponent {
    QString name;   // service_database, ops_store, files:<key>
    QString type;   // database | directory
    QString kind;   // database: sqlite | postgresql | postgresql-sql
    QString member; // database: the dump's member
    QString prefix; // directory: files/<key>/
    QString path;   // directory: where it was backed up from (absolute; only matched against configuration)
    QJsonObject tables;
};
struct BackupManifest {
    QJsonObject json;
    QString name;
    QHash<QString, std::pair<qint64, QString>> members; // path -> (size, sha256)
    QList<ManifestComponent> components;
};

// What reading an archive found: every member's size and SHA-256, the manifest (when there
// is one) and the first problem.
struct ArchiveScan {
    QHash<QString, std::pair<qint64, QString>> members; // path -> (size, sha256)
    QStringList directories;                            // directory entries, without the trailing "/"
    QJsonObject manifest;
    std::optional<BackupManifest> parsed; // set when manifest.json passed parseManifest()
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
// directory, refusing absolute paths, "..", links, device nodes, FIFOs, names seen twice and
// entries over the limits; on any refusal the caller removes the directory, so nothing lands
// outside it. Without extractTo nothing is written anywhere.
// Returns false when the archive cannot be read to its end (out->problems is then empty and
// error says why); true with out->problems naming every disagreement with the manifest.
bool scan(const QString &archivePath, const QString &extractTo, const ExtractPolicy &policy, const ArchiveProgress &progress,
          ArchiveScan *out, QString *error);
// The same on an archive held in memory (fuzzing, tests).
bool scanBuffer(const QByteArray &archive, const QString &extractTo, const ExtractPolicy &policy, ArchiveScan *out, QString *error);

// Parses and checks a manifest.json on its own: format and version, members (safe paths, sizes,
// SHA-256 in hex), components (known types and kinds, safe member and prefix paths, no
// duplicates, every database member and every member under exactly one component), no
// duplicate keys anywhere. No side effects: for fuzzing as well as for scan().
std::optional<BackupManifest> parseManifest(const QByteArray &json, QString *error);
// What disagrees between a parsed manifest and the members and directories an archive holds
// (missing, unlisted, wrong size or checksum). Empty when they agree.
QStringList compareWithArchive(const BackupManifest &manifest, const QHash<QString, std::pair<qint64, QString>> &members,
                               const QStringList &directories);

// A member path is safe when it is relative, has no "." or ".." component and no NUL or
// backslash, each component is at most 255 bytes and the whole at most 4096 (UTF-8).
bool safeMemberPath(const QString &path);
// root joined with a safe relative path, after checking that no existing component below root
// is a symbolic link (so nothing reached through it can lie outside root). Empty with error
// when the path is unsafe.
QString pathInside(const QString &root, const QString &relative, QString *error);
// Streams one member's data to sink without writing anything to disk; false when the member is
// missing or the archive cannot be read (error says which), or when sink returns false.
bool readMember(const QString &archivePath, const QString &member, const ExtractPolicy &policy,
                const std::function<bool(QByteArrayView data)> &sink, QString *error);

QString sha256Hex(const QByteArray &digest);

} // namespace archiveio
