// formauto-opsd.toml, as the daemon and the CLI read it (from a buffer: Config::load only adds
// the file read and its size check).

#include "tests/fuzz/fuzzsupport.h"

#include "server/config/config.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const auto config = Config::fromToml(fuzzsupport::bytes(data, size), u"fuzz.toml"_qs, &error);
    if (!config) {
        if (error.isEmpty())
            __builtin_trap(); // a refusal always says why
        return 0;
    }
    // The URLs it names are parsed when the daemon starts; nothing is opened here.
    DatabaseUrl::parse(config->store.url, fuzzsupport::scratchDir(), &error);
    DatabaseUrl::parse(config->tasks.databaseUrl, fuzzsupport::scratchDir(), &error);
    return 0;
}
