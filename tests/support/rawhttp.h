#pragma once

#include <QByteArray>
#include <QtGlobal>

// Blocking POSIX HTTP/1.1 clients for tests that play the attacker against a daemon in a
// separate process: a chosen loopback source address (127.0.0.0/8 is all ours, and the
// daemon counts each address on its own), exact bytes on the wire, timing of every close.
namespace rawhttp {

// A connected TCP socket from `from` (e.g. "127.0.0.2"); -1 on failure.
int connectTo(quint16 port, const char *from = "127.0.0.1", int timeoutMs = 3000);
// A non-blocking socket with its connect under way; -1 on failure.
int startConnect(quint16 port, const char *from = "127.0.0.1");
void closeSocket(int fd);

bool sendAll(int fd, QByteArrayView data, int timeoutMs = 3000);

struct Answer {
    int status = 0; // 0: no complete status line
    QByteArray head;
    QByteArray body;
    bool complete = false; // head and Content-Length body read
    bool closed = false;   // the peer closed or reset
};
// One answer (head and Content-Length body) within timeoutMs.
Answer readAnswer(int fd, int timeoutMs);

// Milliseconds until the peer closed (EOF or reset), or -1 when still open after timeoutMs.
// What it sends meanwhile is appended to *received.
qint64 msUntilClosed(int fd, int timeoutMs, QByteArray *received = nullptr);
// Whether the peer has closed this socket by now (no waiting).
bool isClosed(int fd);

QByteArray head(const QByteArray &method, const QByteArray &path, const QByteArray &token = {},
                const QByteArray &extraHeaders = {}, bool close = true);
// A whole request on a new connection: the answer and its round trip in *ms.
Answer request(quint16 port, const QByteArray &bytes, const char *from = "127.0.0.1", int timeoutMs = 5000, qint64 *ms = nullptr);

// A client that announces (or chunks) a large body and streams it without waiting, as an
// attacker would, reading whatever the daemon answers meanwhile.
struct Flood {
    int status = 0;
    qint64 sentBeforeAnswer = -1; // body bytes sent when the answer was read
    qint64 sent = 0;              // body bytes the daemon's side took before it closed
    qint64 answerMs = -1;         // since the head was sent
    qint64 closedMs = -1;         // until sending failed (reset) or EOF
};
Flood flood(quint16 port, const QByteArray &head, qint64 bodyBytes, bool chunked, const char *from = "127.0.0.1", int timeoutMs = 10000);

// Sends `request` over and over on one connection for durationMs (or until maxBytes), never
// reading an answer; returns the bytes the daemon's side took.
qint64 pipelineWithoutReading(quint16 port, const QByteArray &request, int durationMs, qint64 maxBytes, const char *from = "127.0.0.1");

} // namespace rawhttp
