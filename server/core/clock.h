#pragma once

#include <atomic>

#include <QtGlobal>

// Time as the daemon sees it. Everything whose behaviour depends on time (rollup
// buckets, token expiry, "today", rate limits) asks a Clock, so tests can move
// time forward by hours without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    // Monotonic milliseconds for durations and rates; never jumps with wall time.
    virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
    qint64 monotonicMs() const override;
    static SystemClock *instance();
};

// Tests' clock. Atomic: the daemon's worker threads (log files, writer) read it too.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs) : m_now(startMs), m_start(startMs) {}
    qint64 nowMs() const override { return m_now.load(); }
    qint64 monotonicMs() const override { return m_now.load() - m_start; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    std::atomic<qint64> m_now;
    const qint64 m_start;
};
