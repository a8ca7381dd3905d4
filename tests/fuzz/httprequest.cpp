// Bytes from any TCP client before authentication: request heads (and bodies) through the
// connection layer's parser. The same bytes fed at once and in small pieces must give the same
// answer, since TCP decides the pieces.

#include "tests/fuzz/fuzzsupport.h"

#include "server/api/httprequestparser.h"

namespace {

struct Outcome {
    HttpRequestParser::State state = HttpRequestParser::State::Head;
    int errorStatus = 0;
    HttpRequestHead head;
    QByteArray body;
    qsizetype consumed = 0;

    bool operator==(const Outcome &o) const
    {
        // After an error the connection answers and closes: how far it read does not matter,
        // nor which of two faults was seen first (a 17th header that is also malformed is 431
        // or 400 depending on where the segment ends).
        if (state == HttpRequestParser::State::Error || o.state == HttpRequestParser::State::Error)
            return state == o.state;
        return state == o.state && errorStatus == o.errorStatus && head.method == o.head.method && head.target == o.head.target
            && head.versionMajor == o.head.versionMajor && head.versionMinor == o.head.versionMinor && head.headers == o.head.headers
            && head.contentLength == o.head.contentLength && head.chunked == o.head.chunked && head.keepAlive == o.head.keepAlive
            && head.upgrade == o.head.upgrade && body == o.body && consumed == o.consumed;
    }
};

constexpr int MaxRequests = 8; // pipelined on one connection

void checkHead(const HttpRequestParser &parser, const HttpRequestParser::Limits &limits)
{
    if (parser.state() == HttpRequestParser::State::Head || parser.state() == HttpRequestParser::State::Error)
        return;
    const HttpRequestHead &head = parser.head();
    if (head.headers.size() > limits.maxHeaders || head.method.isEmpty())
        __builtin_trap();
    if (head.contentLength < -1 || (head.chunked && head.contentLength != -1))
        __builtin_trap(); // Content-Length with chunked framing is refused, never parsed
    for (const auto &[name, value] : head.headers) {
        if (name != name.toLower())
            __builtin_trap();
    }
    head.path();
    head.query();
    head.header("host");
}

// Every request of the input, fed in pieces of `piece` bytes (0: all that is left each time).
QList<Outcome> run(const QByteArray &input, qsizetype piece)
{
    HttpRequestParser::Limits limits;
    limits.maxHeadBytes = 2048; // small, so the fuzzer reaches the limit
    limits.maxHeaders = 16;
    HttpRequestParser parser(limits);
    QList<Outcome> outcomes;
    Outcome current;
    qsizetype pos = 0;
    int idle = 0;
    while (pos < input.size() && outcomes.size() < MaxRequests) {
        const qsizetype offered = piece > 0 ? qMin(piece, input.size() - pos) : input.size() - pos;
        const qsizetype taken = parser.feed(input.constData() + pos, offered);
        if (taken < 0 || taken > offered)
            __builtin_trap();
        pos += taken;
        current.consumed += taken;
        current.body += parser.takeBody();
        if (qint64(current.body.size()) > parser.bodyBytesSeen())
            __builtin_trap();
        checkHead(parser, limits);
        const auto state = parser.state();
        if (state == HttpRequestParser::State::Error || state == HttpRequestParser::State::Complete) {
            current.state = state;
            current.errorStatus = parser.errorStatus();
            current.head = parser.head();
            if (state == HttpRequestParser::State::Error) {
                if (current.errorStatus < 400 || current.errorStatus > 599 || parser.errorMessage().isEmpty())
                    __builtin_trap();
                outcomes.append(current);
                return outcomes; // the connection is closed after an error
            }
            if (current.head.contentLength >= 0 && !current.head.upgrade && current.body.size() != current.head.contentLength)
                __builtin_trap();
            outcomes.append(current);
            current = Outcome();
            parser.reset();
            idle = 0;
            continue;
        }
        // No progress twice in a row with bytes on offer would hang a connection.
        idle = taken == 0 ? idle + 1 : 0;
        if (idle > 1)
            __builtin_trap();
    }
    current.state = parser.state();
    current.head = parser.head();
    outcomes.append(current); // the unfinished one
    return outcomes;
}

// For the report of a failed comparison.
void describe(const char *how, const QList<Outcome> &outcomes)
{
    fprintf(stderr, "%s:\n", how);
    for (const Outcome &o : outcomes)
        fprintf(stderr, "  state %d status %d consumed %lld method '%s' target '%s' headers %lld length %lld chunked %d keep-alive %d "
                        "upgrade %d body %lld bytes\n",
                int(o.state), o.errorStatus, qlonglong(o.consumed), o.head.method.constData(), o.head.target.left(80).constData(),
                qlonglong(o.head.headers.size()), o.head.contentLength, o.head.chunked, o.head.keepAlive, o.head.upgrade,
                qlonglong(o.body.size()));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = 1 + data[0] % 7; // the first byte picks the segment size
    const QByteArray input = fuzzsupport::bytes(data + 1, size - 1);
    const QList<Outcome> whole = run(input, 0);
    const QList<Outcome> pieces = run(input, piece);
    if (whole != pieces) { // the answer depends on how TCP cut the bytes
        describe("at once", whole);
        describe(qPrintable(QStringLiteral("in pieces of %1").arg(piece)), pieces);
        __builtin_trap();
    }
    return 0;
}
