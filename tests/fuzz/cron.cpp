// Cron expressions from the configuration and the Backups page ([schedule], backup.schedule).

#include "tests/fuzz/fuzzsupport.h"

#include "server/schedule/cron.h"

#include <QTimeZone>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256) // the configuration and the console take one line; longer is only slower
        return -1;
    QString error;
    const auto cron = CronExpression::parse(fuzzsupport::text(data, size), &error);
    if (!cron)
        return 0;
    if (!CronExpression::parse(cron->text(), &error))
        __builtin_trap(); // the text it keeps reads back
    // UTC and a zone whose daylight-saving change is half an hour.
    static const QTimeZone zones[] = {QTimeZone::utc(), QTimeZone("Australia/Lord_Howe")};
    constexpr qint64 AfterMs = 1791561600000; // 2026-10-04 02:00 local on Lord Howe: clocks go forward 30 min
    for (const QTimeZone &zone : zones) {
        const qint64 first = cron->next(AfterMs, zone);
        if (first == -1)
            continue;
        if (first <= AfterMs)
            __builtin_trap(); // strictly after
        if (cron->next(first - 1, zone) != first)
            __builtin_trap(); // nothing between: the first run after just before a run is that run
    }
    return 0;
}
