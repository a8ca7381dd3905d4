#include "server/api/httprequestparser.h"

#include <http_parser.h>

#include <algorithm>
#include <cstring>

namespace {
constexpr qsizetype MaxTargetBytes = 8 * 1024;
}

QByteArray HttpRequestHead::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

QByteArray HttpRequestHead::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray HttpRequestHead::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

struct HttpRequestParser::Impl {
    http_parser parser;
    http_parser_settings settings;
};

struct HttpRequestParser::Callbacks {
    static HttpRequestParser *self(http_parser *p) { return static_cast<HttpRequestParser *>(p->data); }

    static int onUrl(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        if (s->m_head.target.size() + qsizetype(length) > MaxTargetBytes) {
            s->fail(414, QStringLiteral("the request target is longer than %1 bytes").arg(MaxTargetBytes));
            return 1;
        }
        s->m_head.target.append(at, qsizetype(length));
        return 0;
    }
    static int onHeaderField(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        if (s->m_inValue) {
            s->finishHeader();
            if (s->m_state == State::Error)
                return 1;
        }
        s->m_field.append(at, qsizetype(length));
        return 0;
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        s->m_inValue = true;
        s->m_value.append(at, qsizetype(length));
        return 0;
    }
    static int onHeadersComplete(http_parser *p)
    {
        HttpRequestParser *s = self(p);
        if (s->m_inValue || !s->m_field.isEmpty())
            s->finishHeader();
        if (s->m_state == State::Error || !s->validateHead())
            return -1; // not 1 or 2: from on_headers_complete those mean "no body follows", not an error
        s->m_state = (p->flags & F_CHUNKED) || s->m_head.contentLength > 0 ? State::Body : State::Complete;
        // Stop here: the caller looks at the head before any body byte is taken.
        http_parser_pause(p, 1);
        return 0;
    }
    static int onBody(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        s->m_body.append(at, qsizetype(length));
        s->m_bodySeen += qint64(length);
        return 0;
    }
    static int onMessageComplete(http_parser *p)
    {
        HttpRequestParser *s = self(p);
        s->m_state = State::Complete;
        http_parser_pause(p, 1); // pipelined bytes belong to the next request
        return 0;
    }
};

HttpRequestParser::HttpRequestParser(Limits limits)
    : d(std::make_unique<Impl>()), m_limits(limits)
{
    http_parser_settings_init(&d->settings);
    d->settings.on_url = &Callbacks::onUrl;
    d->settings.on_header_field = &Callbacks::onHeaderField;
    d->settings.on_header_value = &Callbacks::onHeaderValue;
    d->settings.on_headers_complete = &Callbacks::onHeadersComplete;
    d->settings.on_body = &Callbacks::onBody;
    d->settings.on_message_complete = &Callbacks::onMessageComplete;
    reset();
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::reset()
{
    http_parser_init(&d->parser, HTTP_REQUEST);
    d->parser.data = this;
    m_state = State::Head;
    m_head = HttpRequestHead();
    m_field.clear();
    m_value.clear();
    m_inValue = false;
    m_headBytes = 0;
    m_body.clear();
    m_bodySeen = 0;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

void HttpRequestParser::fail(int status, const QString &message)
{
    if (m_state == State::Error)
        return;
    m_state = State::Error;
    m_errorStatus = status;
    m_errorMessage = message;
}

void HttpRequestParser::finishHeader()
{
    // RFC 9112 5.1: no whitespace between a field name and its colon (a proxy may read
    // "Transfer-Encoding : chunked" differently from us), and names are tokens.
    static constexpr char Token[] = "!#$%&'*+-.^_`|~";
    const bool isToken = !m_field.isEmpty() && std::all_of(m_field.begin(), m_field.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c != 0 && std::strchr(Token, c));
    });
    if (!isToken) {
        fail(400, QStringLiteral("a header field name is not a token (whitespace before the colon?)"));
        return;
    }
    if (m_head.headers.size() >= m_limits.maxHeaders) {
        fail(431, QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaders));
        return;
    }
    m_head.headers.append({m_field.toLower(), m_value.trimmed()});
    m_field.clear();
    m_value.clear();
    m_inValue = false;
}

bool HttpRequestParser::validateHead()
{
    const http_parser &p = d->parser;
    m_head.method = http_method_str(http_method(p.method));
    m_head.versionMajor = p.http_major;
    m_head.versionMinor = p.http_minor;
    m_head.keepAlive = http_should_keep_alive(&p) != 0;
    m_head.upgrade = p.upgrade != 0;
    if (m_head.versionMajor != 1) {
        fail(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are served"));
        return false;
    }
    int contentLengths = 0;
    bool transferEncoding = false;
    for (const auto &[name, value] : std::as_const(m_head.headers)) {
        if (name == "content-length") {
            ++contentLengths;
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0 || value.isEmpty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                fail(400, QStringLiteral("Content-Length must be a non-negative decimal number"));
                return false;
            }
            m_head.contentLength = n;
        } else if (name == "transfer-encoding") {
            if (transferEncoding || value.compare("chunked", Qt::CaseInsensitive) != 0) {
                fail(501, QStringLiteral("the only transfer coding served is a single \"chunked\""));
                return false;
            }
            transferEncoding = true;
        } else if (name == "expect") {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0) {
                fail(417, QStringLiteral("the only expectation served is 100-continue"));
                return false;
            }
            m_head.expectContinue = true;
        }
    }
    if (contentLengths > 1) {
        fail(400, QStringLiteral("more than one Content-Length header"));
        return false;
    }
    if (contentLengths == 1 && transferEncoding) {
        fail(400, QStringLiteral("Content-Length together with Transfer-Encoding"));
        return false;
    }
    m_head.chunked = transferEncoding;
    if (m_head.target.isEmpty() || (m_head.target.front() != '/' && m_head.target != "*")) {
        fail(400, QStringLiteral("the request target must be an absolute path"));
        return false;
    }
    return true;
}

qsizetype HttpRequestParser::feed(const char *data, qsizetype size)
{
    if (m_state == State::Complete || m_state == State::Error || size <= 0)
        return 0;
    // In the head, never hand the parser more than the limit allows, so an endless head
    // costs at most the limit.
    qsizetype chunk = size;
    if (m_state == State::Head)
        chunk = qMin(size, m_limits.maxHeadBytes + 1 - m_headBytes);
    if (chunk <= 0) {
        fail(431, QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeadBytes));
        return 0;
    }
    const State before = m_state;
    size_t n = http_parser_execute(&d->parser, &d->settings, data, size_t(chunk));
    const http_errno error = HTTP_PARSER_ERRNO(&d->parser);
    if (error == HPE_PAUSED) {
        http_parser_pause(&d->parser, 0);
    } else if (error != HPE_OK && m_state != State::Error) {
        switch (error) {
        case HPE_INVALID_CONTENT_LENGTH:
        case HPE_UNEXPECTED_CONTENT_LENGTH:
            fail(400, QStringLiteral("Content-Length is malformed or conflicts with the framing"));
            break;
        case HPE_HEADER_OVERFLOW:
            fail(431, QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeadBytes));
            break;
        case HPE_INVALID_METHOD:
            fail(501, QStringLiteral("unknown request method"));
            break;
        default:
            fail(400, QStringLiteral("malformed request (%1)").arg(QString::fromLatin1(http_errno_description(error))));
        }
    }
    if (before == State::Head)
        m_headBytes += qsizetype(n);
    // http-parser stops on the head's final LF; with no body to follow, that LF is this
    // request's, not the next one's (and a WebSocket handshake must end exactly there).
    if (before == State::Head && m_state == State::Complete && qsizetype(n) < chunk && data[n] == '\n') {
        ++n;
        ++m_headBytes;
    }
    // The final LF counts: a head is refused when it is even one byte over, complete or not.
    if (before == State::Head && m_headBytes > m_limits.maxHeadBytes)
        fail(431, QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeadBytes));
    // An upgrade request ends at its head: what follows is the new protocol's.
    if (m_state == State::Body && m_head.upgrade && m_head.contentLength <= 0 && !m_head.chunked)
        m_state = State::Complete;
    return qsizetype(n);
}

QByteArray HttpRequestParser::takeBody()
{
    QByteArray body;
    body.swap(m_body);
    return body;
}
