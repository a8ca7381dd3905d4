// A backup archive from anywhere (an upload, another host, a tampered disk): the tar stream
// and its manifest.json as `backup verify` and a restore dry run read them, with small limits.
// Everything is written below one temporary directory (TMPDIR).

#include "tests/fuzz/fuzzsupport.h"

#include "server/backup/archive.h"
#include "server/backup/backupjob.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace {

// The rule for manifests: every path in one passes the checks of archive member names.
bool manifestPathsSafe(const QJsonObject &manifest)
{
    for (const QJsonValue &v : manifest.value(u"components"_qs).toArray()) {
        const QJsonObject c = v.toObject();
        for (const QString &key : {u"member"_qs, u"prefix"_qs}) {
            const QJsonValue path = c.value(key);
            if (!path.isUndefined() && !archiveio::safeMemberPath(path.toString()))
                return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QDir scratch(fuzzsupport::scratchDir());
    const QString path = scratch.filePath(u"input.tar"_qs);
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    BackupPlan plan;
    plan.directory = scratch.filePath(u"backups"_qs);
    plan.directories = {scratch.filePath(u"uploads"_qs), scratch.filePath(u"config"_qs)};
    plan.policy.maxEntryBytes = 1024 * 1024;
    plan.policy.maxTotalBytes = 4 * 1024 * 1024;
    plan.policy.maxEntries = 256;
    QDir().mkpath(plan.directories.at(0));
    QDir().mkpath(plan.directories.at(1));

    // In memory, nothing written: the same verdict as reading the file.
    ArchiveScan inMemory, fromFile;
    QString memoryError, fileError;
    const bool memoryRead = archiveio::scanBuffer(fuzzsupport::bytes(data, size), {}, plan.policy, &inMemory, &memoryError);
    const bool fileRead = archiveio::scan(path, {}, plan.policy, {}, &fromFile, &fileError);
    if (memoryRead != fileRead || inMemory.problems != fromFile.problems) {
        fprintf(stderr, "from the file: %s%s\nin memory: %s%s\n", qPrintable(fileError), qPrintable(fromFile.problems.join(u"; ")),
                qPrintable(memoryError), qPrintable(inMemory.problems.join(u"; ")));
        __builtin_trap();
    }

    // `backup verify` checks more (the dumps inside) but never passes what the scan refused.
    const backupjob::Verified verified = backupjob::verify(path, plan.policy, {});
    if (verified.ok && !(fileRead && fromFile.problems.isEmpty()))
        __builtin_trap();
    if (verified.ok && !manifestPathsSafe(verified.manifest))
        __builtin_trap(); // `backup verify` called an archive intact whose manifest points outside staging

    // A dry run extracts into staging below plan.directory and sizes what it would replace.
    // Only with safe manifest paths: an unsafe one would have the old code walk the host.
    if (manifestPathsSafe(verified.manifest)) {
        const backupjob::RestoreReport report = backupjob::restore(plan, path, true, {}, {});
        // (It may pass what verify refuses when it skips that part: no service database here.)
        if (report.ok && !(fileRead && fromFile.problems.isEmpty()))
            __builtin_trap(); // a restore would go ahead with an archive that does not match its manifest
    }
    QDir(plan.directory).removeRecursively();
    return 0;
}
