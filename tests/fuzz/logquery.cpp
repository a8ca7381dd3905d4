// The log search language from the Logs page or the API (logs.search, logs.analysis).

#include "tests/fuzz/fuzzsupport.h"

#include "server/logging/logquery.h"
#include "server/logging/logstore.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzzsupport::text(data, size);
    constexpr qint64 NowMs = 1796000000000;
    LogQuery::Error error;
    if (auto query = LogQuery::parse(text, NowMs, &error)) {
        for (const QString &level : query->levels) {
            if (level != level.toUpper())
                __builtin_trap(); // levels are compared upper case in SQL
        }
    } else if (error.position < 0 || error.position > text.size()) {
        __builtin_trap(); // the console underlines the error there
    }
    // The same text as a log message: top patterns mask it.
    LogStore::maskPattern(text);
    return 0;
}
