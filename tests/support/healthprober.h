#pragma once

#include <QByteArray>
#include <QList>
#include <atomic>
#include <mutex>
#include <thread>

// Asks a daemon in another process for /healthz on a fresh connection every interval, on
// its own thread, while a test attacks the daemon from the main thread: the round trips
// show how long the daemon's event loop was held (the daemon has no lag metric of its own).
// Also samples the daemon's resident memory and open descriptors from /proc.
class HealthProber final {
public:
    struct Stats {
        int samples = 0;
        int failures = 0; // no complete answer within the timeout
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        qint64 maxRssKb = 0;
        int maxDescriptors = 0;
    };

    HealthProber(quint16 port, const QByteArray &token, qint64 pid, const char *from = "127.0.0.3", int intervalMs = 50);
    ~HealthProber();
    HealthProber(const HealthProber &) = delete;
    HealthProber &operator=(const HealthProber &) = delete;

    void start();
    Stats stop();
    Stats stats() const;

    static qint64 rssKb(qint64 pid);
    static int descriptors(qint64 pid);
    static double percentile(QList<double> values, double p);

private:
    void run();

    quint16 m_port;
    QByteArray m_token;
    qint64 m_pid;
    QByteArray m_from;
    int m_intervalMs;
    std::atomic<bool> m_running{false};
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QList<double> m_latencies;
    int m_failures = 0;
    qint64 m_maxRssKb = 0;
    int m_maxDescriptors = 0;
};
