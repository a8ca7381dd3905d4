#include "server/core/clock.h"

#include <QDateTime>
#include <time.h>

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 SystemClock::monotonicMs() const
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

SystemClock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}
