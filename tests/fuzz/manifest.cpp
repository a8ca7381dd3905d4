// A backup's manifest.json on its own (every restore, verify and drill trusts what it names):
// whatever parses must keep every path inside staging.

#include "tests/fuzz/fuzzsupport.h"

#include "server/backup/archive.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const auto manifest = archiveio::parseManifest(fuzzsupport::bytes(data, size), &error);
    if (!manifest) {
        if (error.isEmpty())
            __builtin_trap(); // a refusal says why
        return 0;
    }
    static const QString root = fuzzsupport::scratchDir() + u"/staging"_qs; // never created: nothing is written
    auto inside = [&](const QString &relative) {
        if (!archiveio::safeMemberPath(relative))
            __builtin_trap(); // the header promises safe paths only
        QString why;
        const QString joined = archiveio::pathInside(root, relative, &why);
        if (!joined.startsWith(root + u'/'))
            __builtin_trap(); // a path the manifest names lands outside staging
    };
    for (auto it = manifest->members.constBegin(); it != manifest->members.constEnd(); ++it) {
        inside(it.key());
        if (it->first < 0)
            __builtin_trap();
    }
    for (const ManifestComponent &c : manifest->components) {
        if (!c.member.isEmpty())
            inside(c.member);
        if (!c.prefix.isEmpty())
            inside(c.prefix);
    }
    // An archive holding exactly what the manifest lists agrees with it.
    const QStringList problems = archiveio::compareWithArchive(*manifest, manifest->members, {});
    if (!problems.isEmpty())
        __builtin_trap();
    return 0;
}
