#include "tests/support/rawhttp.h"

#include <QElapsedTimer>
#include <QList>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rawhttp {

namespace {

bool setNonBlocking(int fd, bool on)
{
    const int flags = ::fcntl(fd, F_GETFL, 0);
    return flags >= 0 && ::fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) == 0;
}

int waitFor(int fd, short events, int timeoutMs)
{
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, timeoutMs);
    return n > 0 ? p.revents : 0;
}

int statusOf(const QByteArray &head)
{
    // "HTTP/1.1 401 Unauthorized"
    if (!head.startsWith("HTTP/1."))
        return 0;
    return head.mid(9, 3).toInt();
}

qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            return line.mid(15).trimmed().toLongLong();
    }
    return 0;
}

} // namespace

int startConnect(quint16 port, const char *from)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0
        || (::connect(fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) != 0 && errno != EINPROGRESS)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int connectTo(quint16 port, const char *from, int timeoutMs)
{
    const int fd = startConnect(port, from);
    if (fd < 0)
        return -1;
    const int revents = waitFor(fd, POLLOUT, timeoutMs);
    int error = 0;
    socklen_t length = sizeof error;
    if (!(revents & POLLOUT) || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        ::close(fd);
        return -1;
    }
    setNonBlocking(fd, false);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

void closeSocket(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

bool sendAll(int fd, QByteArrayView data, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    qsizetype done = 0;
    while (done < data.size()) {
        if (!(waitFor(fd, POLLOUT, int(qMax<qint64>(0, timeoutMs - timer.elapsed()))) & POLLOUT))
            return false;
        const ssize_t n = ::send(fd, data.data() + done, size_t(data.size() - done), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

Answer readAnswer(int fd, int timeoutMs)
{
    Answer answer;
    QElapsedTimer timer;
    timer.start();
    QByteArray buffer;
    qint64 headEnd = -1;
    for (;;) {
        if (headEnd < 0) {
            headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                answer.head = buffer.left(headEnd);
                answer.status = statusOf(answer.head);
            }
        }
        if (headEnd >= 0 && buffer.size() >= headEnd + 4 + contentLength(answer.head)) {
            answer.body = buffer.mid(headEnd + 4, contentLength(answer.head));
            answer.complete = true;
            return answer;
        }
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return answer;
        if (!waitFor(fd, POLLIN, int(left)))
            return answer;
        char chunk[16384];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0) {
            answer.closed = true;
            if (headEnd >= 0)
                answer.body = buffer.mid(headEnd + 4);
            return answer;
        }
        buffer.append(chunk, n);
    }
}

qint64 msUntilClosed(int fd, int timeoutMs, QByteArray *received)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return -1;
        if (!waitFor(fd, POLLIN, int(left)))
            continue;
        char chunk[16384];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            return timer.elapsed();
        if (received)
            received->append(chunk, n);
    }
}

bool isClosed(int fd)
{
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0)
        return false;
    if (p.revents & (POLLHUP | POLLERR))
        return true;
    char c = 0;
    const ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

QByteArray head(const QByteArray &method, const QByteArray &path, const QByteArray &token, const QByteArray &extraHeaders, bool close)
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        out += "Authorization: Bearer " + token + "\r\n";
    out += extraHeaders;
    if (close)
        out += "Connection: close\r\n";
    return out + "\r\n";
}

Answer request(quint16 port, const QByteArray &bytes, const char *from, int timeoutMs, qint64 *ms)
{
    QElapsedTimer timer;
    timer.start();
    const int fd = connectTo(port, from, timeoutMs);
    Answer answer;
    if (fd >= 0 && sendAll(fd, bytes, timeoutMs))
        answer = readAnswer(fd, int(qMax<qint64>(1, timeoutMs - timer.elapsed())));
    closeSocket(fd);
    if (ms)
        *ms = timer.elapsed();
    return answer;
}

Flood flood(quint16 port, const QByteArray &head, qint64 bodyBytes, bool chunked, const char *from, int timeoutMs)
{
    Flood result;
    const int fd = connectTo(port, from, 3000);
    if (fd < 0)
        return result;
    setNonBlocking(fd, true);
    QElapsedTimer timer;
    timer.start();
    if (!sendAll(fd, head, 3000)) {
        ::close(fd);
        return result;
    }
    static const QByteArray block(256 * 1024, 'x');
    const QByteArray chunkHead = QByteArray::number(block.size(), 16) + "\r\n";
    QByteArray frame = chunked ? chunkHead + block + "\r\n" : block;
    qsizetype frameDone = 0;
    qint64 bodySent = 0; // payload bytes in frames sent whole or in part
    QByteArray answer;
    bool eof = false;
    while (timer.elapsed() < timeoutMs) {
        const bool wantWrite = bodySent < bodyBytes;
        pollfd p{fd, short(POLLIN | (wantWrite ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, 50) < 0)
            break;
        if (p.revents & POLLIN) {
            char buffer[16384];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                answer.append(buffer, n);
                if (result.status == 0 && answer.contains("\r\n\r\n")) {
                    result.status = statusOf(answer);
                    result.sentBeforeAnswer = bodySent;
                    result.answerMs = timer.elapsed();
                }
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                eof = true;
                if (n < 0) {
                    result.closedMs = timer.elapsed();
                    break;
                }
            }
        }
        if (p.revents & (POLLERR | POLLHUP)) {
            result.closedMs = timer.elapsed();
            break;
        }
        if (wantWrite && (p.revents & POLLOUT)) {
            const qint64 remaining = bodyBytes - bodySent;
            if (!chunked && frameDone == 0 && remaining < block.size())
                frame = block.left(remaining);
            const ssize_t n = ::send(fd, frame.constData() + frameDone, size_t(frame.size() - frameDone), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                result.closedMs = timer.elapsed();
                break;
            }
            if (n > 0) {
                frameDone += n;
                if (frameDone == frame.size()) {
                    bodySent += chunked ? block.size() : frame.size();
                    frameDone = 0;
                }
            }
        }
        if (!wantWrite && eof) {
            result.closedMs = timer.elapsed();
            break;
        }
    }
    result.sent = bodySent;
    ::close(fd);
    return result;
}

qint64 pipelineWithoutReading(quint16 port, const QByteArray &request, int durationMs, qint64 maxBytes, const char *from)
{
    const int fd = connectTo(port, from, 3000);
    if (fd < 0)
        return -1;
    QByteArray batch;
    while (batch.size() < 64 * 1024)
        batch += request;
    QElapsedTimer timer;
    timer.start();
    qint64 sent = 0;
    qsizetype offset = 0;
    while (timer.elapsed() < durationMs && sent < maxBytes) {
        if (!(waitFor(fd, POLLOUT, 50) & POLLOUT))
            continue;
        const ssize_t n = ::send(fd, batch.constData() + offset, size_t(batch.size() - offset), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            break;
        sent += n;
        offset = (offset + n) % batch.size();
    }
    ::close(fd);
    return sent;
}

} // namespace rawhttp
