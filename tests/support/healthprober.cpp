#include "tests/support/healthprober.h"

#include "tests/support/rawhttp.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <chrono>

HealthProber::HealthProber(quint16 port, const QByteArray &token, qint64 pid, const char *from, int intervalMs)
    : m_port(port), m_token(token), m_pid(pid), m_from(from), m_intervalMs(intervalMs)
{
}

HealthProber::~HealthProber()
{
    stop();
}

void HealthProber::start()
{
    if (m_running.exchange(true))
        return;
    m_thread = std::thread([this] { run(); });
}

HealthProber::Stats HealthProber::stop()
{
    if (m_running.exchange(false) && m_thread.joinable())
        m_thread.join();
    return stats();
}

HealthProber::Stats HealthProber::stats() const
{
    std::lock_guard lock(m_mutex);
    Stats s;
    s.samples = int(m_latencies.size());
    s.failures = m_failures;
    s.p50Ms = percentile(m_latencies, 0.50);
    s.p99Ms = percentile(m_latencies, 0.99);
    s.maxMs = m_latencies.isEmpty() ? 0 : *std::max_element(m_latencies.begin(), m_latencies.end());
    s.maxRssKb = m_maxRssKb;
    s.maxDescriptors = m_maxDescriptors;
    return s;
}

double HealthProber::percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qBound<qsizetype>(0, qsizetype(p * double(values.size()) + 0.999999) - 1, values.size() - 1);
    return values.at(index);
}

qint64 HealthProber::rssKb(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

int HealthProber::descriptors(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::System | QDir::NoDotAndDotDot).size());
}

void HealthProber::run()
{
    const QByteArray request = rawhttp::head("GET", "/healthz", m_token);
    while (m_running.load()) {
        qint64 ms = 0;
        const rawhttp::Answer answer = rawhttp::request(m_port, request, m_from.constData(), 5000, &ms);
        const qint64 rss = rssKb(m_pid);
        const int fds = descriptors(m_pid);
        {
            std::lock_guard lock(m_mutex);
            if (answer.complete && (answer.status == 200 || answer.status == 503))
                m_latencies.append(double(ms));
            else
                ++m_failures;
            m_maxRssKb = qMax(m_maxRssKb, rss);
            m_maxDescriptors = qMax(m_maxDescriptors, fds);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(m_intervalMs));
    }
}
