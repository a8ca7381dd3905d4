#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <memory>

// An HTTP/1.x request as far as its head: everything the connection layer decides on
// (route, token, size) before it reads a single body byte.
struct HttpRequestHead {
    QByteArray method;
    QByteArray target; // as sent: path and query, not decoded
    int versionMajor = 1;
    int versionMinor = 1;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed, in order
    qint64 contentLength = -1;                    // -1: no Content-Length
    bool chunked = false;
    bool keepAlive = true;
    bool upgrade = false; // "Connection: upgrade" with an Upgrade header
    bool expectContinue = false;

    QByteArray header(QByteArrayView lowerCaseName) const; // the first such header, or empty
    QByteArray path() const;                               // target up to '?'
    QByteArray query() const;                              // after '?', without it
};

// Incremental parser for one request at a time, on Debian's http-parser (the parser
// QtHttpServer embeds). It stops after the head and after the message, so the caller can
// answer 401/413 with nothing of the body read, and keeps pipelined bytes for the next request.
// Framing the RFC calls ambiguous (Content-Length with Transfer-Encoding, two Content-Length
// headers, codings other than chunked) is an error here, since a proxy in front may read it
// differently (request smuggling).
class HttpRequestParser final {
public:
    enum class State { Head, Body, Complete, Error };
    struct Limits {
        qsizetype maxHeadBytes = 16 * 1024;
        int maxHeaders = 100;
    };

    HttpRequestParser() : HttpRequestParser(Limits()) {}
    explicit HttpRequestParser(Limits limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Parses as much of data as belongs to the current request and returns how many bytes
    // it took. Returns early when the head completes (state() becomes Body or Complete):
    // feed the rest after deciding. Bytes after a complete message are not taken.
    qsizetype feed(const char *data, qsizetype size);
    qsizetype feed(QByteArrayView data) { return feed(data.data(), data.size()); }

    State state() const { return m_state; }
    const HttpRequestHead &head() const { return m_head; }
    // Body bytes decoded since the last call (chunked framing removed).
    QByteArray takeBody();
    qint64 bodyBytesSeen() const { return m_bodySeen; }

    // On State::Error: the HTTP status to answer (400, 431, 501) and why, for the client.
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

    // Ready for the next request on the same connection.
    void reset();

private:
    struct Callbacks;
    friend struct Callbacks;
    void fail(int status, const QString &message);
    void finishHeader();
    bool validateHead();

    struct Impl;
    std::unique_ptr<Impl> d;
    Limits m_limits;
    State m_state = State::Head;
    HttpRequestHead m_head;
    QByteArray m_field;
    QByteArray m_value;
    bool m_inValue = false;
    qsizetype m_headBytes = 0;
    QByteArray m_body;
    qint64 m_bodySeen = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
};
