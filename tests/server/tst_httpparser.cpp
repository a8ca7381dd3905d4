#include "server/api/httprequestparser.h"

#include <QTest>

// The connection layer's request parser on its own: what it accepts, what framing it refuses
// with which status, and that the answer never depends on how TCP cut the bytes.
namespace {

struct Parsed {
    QByteArray method;
    QByteArray target;
    QByteArray body;
    qint64 bodySeen = 0;
    qint64 contentLength = -1;
    bool chunked = false;
    bool keepAlive = true;
    bool upgrade = false;
    bool expectContinue = false;
    int headerCount = 0;
    QByteArray host;
};

struct Run {
    QList<Parsed> requests;   // complete ones, in order
    int errorStatus = 0;      // of the request that failed, 0: none failed
    QString errorMessage;
    HttpRequestParser::State last = HttpRequestParser::State::Head;
    qsizetype consumed = 0;   // bytes taken over all requests
    bool stalled = false;     // no progress with bytes on offer and no decision: would hang a connection
};

// Feeds input as a connection does: after each complete request the parser is reset for the
// next pipelined one; an error ends the connection. piece 0: everything left at each call.
Run feedAll(const QByteArray &input, qsizetype piece, HttpRequestParser::Limits limits = {})
{
    HttpRequestParser parser(limits);
    Run run;
    QByteArray body;
    qsizetype pos = 0;
    int idle = 0;
    while (pos < input.size()) {
        const qsizetype offered = piece > 0 ? qMin(piece, input.size() - pos) : input.size() - pos;
        const qsizetype taken = parser.feed(input.constData() + pos, offered);
        pos += taken;
        run.consumed += taken;
        body += parser.takeBody();
        const HttpRequestParser::State state = parser.state();
        if (state == HttpRequestParser::State::Error) {
            run.errorStatus = parser.errorStatus();
            run.errorMessage = parser.errorMessage();
            run.last = state;
            return run;
        }
        if (state == HttpRequestParser::State::Complete) {
            const HttpRequestHead &head = parser.head();
            Parsed p;
            p.method = head.method;
            p.target = head.target;
            p.body = body;
            p.bodySeen = parser.bodyBytesSeen();
            p.contentLength = head.contentLength;
            p.chunked = head.chunked;
            p.keepAlive = head.keepAlive;
            p.upgrade = head.upgrade;
            p.expectContinue = head.expectContinue;
            p.headerCount = int(head.headers.size());
            p.host = head.header("host");
            run.requests.append(p);
            body.clear();
            parser.reset();
            idle = 0;
            continue;
        }
        idle = taken == 0 ? idle + 1 : 0;
        if (idle > 2) {
            run.stalled = true;
            break;
        }
    }
    run.last = parser.state();
    return run;
}

QByteArray headOfSize(qsizetype total)
{
    // "GET / HTTP/1.1\r\nX-Pad: ...\r\n\r\n" of exactly total bytes.
    const QByteArray start = "GET / HTTP/1.1\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    return start + QByteArray(total - start.size() - end.size(), 'a') + end;
}

QByteArray manyHeaders(int count)
{
    QByteArray head = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < count; ++i)
        head += "X-H" + QByteArray::number(i) + ": v\r\n";
    return head + "\r\n";
}

} // namespace

class tst_HttpParser final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void sameAnswerHoweverCut_data();
    void sameAnswerHoweverCut();
    void stopsAfterTheHead();
    void chunkedBodyCountedAsItArrives();
    void endlessHeadCostsAtMostTheLimit();
    void pipelinedBytesAreLeftForTheNextRequest();
};

void tst_HttpParser::accepted_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QByteArray>("method");   // of the first
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");     // of the first, decoded
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<bool>("chunked");

    QTest::newRow("get") << QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n") << 1 << QByteArray("GET") << QByteArray("/healthz")
                         << QByteArray() << true << false;
    QTest::newRow("get-query") << QByteArray("GET /api/v1/metrics/history?from=x&step=5 HTTP/1.1\r\n\r\n") << 1 << QByteArray("GET")
                               << QByteArray("/api/v1/metrics/history?from=x&step=5") << QByteArray() << true << false;
    QTest::newRow("http10-closes") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 1 << QByteArray("GET") << QByteArray("/") << QByteArray()
                                   << false << false;
    QTest::newRow("connection-close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << 1 << QByteArray("GET")
                                      << QByteArray("/") << QByteArray() << false << false;
    QTest::newRow("post") << QByteArray("POST /api/v1/ping HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}") << 1 << QByteArray("POST")
                          << QByteArray("/api/v1/ping") << QByteArray("{}") << true << false;
    QTest::newRow("post-zero-length") << QByteArray("POST /api/v1/ping HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << 1 << QByteArray("POST")
                                      << QByteArray("/api/v1/ping") << QByteArray() << true << false;
    QTest::newRow("post-leading-zeros") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 003\r\n\r\nabc") << 1 << QByteArray("POST")
                                        << QByteArray("/x") << QByteArray("abc") << true << false;
    QTest::newRow("chunked") << QByteArray("POST /api/v1/logs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                             << 1 << QByteArray("POST") << QByteArray("/api/v1/logs") << QByteArray("hello world") << true << true;
    QTest::newRow("chunked-upper-case") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: CHUNKED\r\n\r\n"
                                                      "A\r\n0123456789\r\n0\r\n\r\n")
                                        << 1 << QByteArray("POST") << QByteArray("/x") << QByteArray("0123456789") << true << true;
    QTest::newRow("chunked-extension-trailer") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                             "3;name=value\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n")
                                               << 1 << QByteArray("POST") << QByteArray("/x") << QByteArray("abc") << true << true;
    QTest::newRow("pipelined-three") << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                                                   "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n")
                                     << 3 << QByteArray("GET") << QByteArray("/a") << QByteArray() << true << false;
    QTest::newRow("websocket-upgrade") << QByteArray("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                                       << 1 << QByteArray("GET") << QByteArray("/ws") << QByteArray() << true << false;
    QTest::newRow("head-exactly-16KiB") << headOfSize(16 * 1024) << 1 << QByteArray("GET") << QByteArray("/") << QByteArray() << true
                                        << false;
    QTest::newRow("100-headers") << manyHeaders(100) << 1 << QByteArray("GET") << QByteArray("/") << QByteArray() << true << false;
}

void tst_HttpParser::accepted()
{
    QFETCH(QByteArray, input);
    QFETCH(int, requests);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    QFETCH(bool, chunked);

    const Run run = feedAll(input, 0);
    QVERIFY2(run.errorStatus == 0, qPrintable(run.errorMessage));
    QVERIFY(!run.stalled);
    QCOMPARE(run.requests.size(), requests);
    QCOMPARE(run.consumed, input.size());
    const Parsed &first = run.requests.first();
    QCOMPARE(first.method, method);
    QCOMPARE(first.target, target);
    QCOMPARE(first.body, body);
    QCOMPARE(first.bodySeen, qint64(body.size()));
    QCOMPARE(first.keepAlive, keepAlive);
    QCOMPARE(first.chunked, chunked);
    if (chunked)
        QCOMPARE(first.contentLength, -1);
    if (QTest::currentDataTag() == QByteArrayLiteral("pipelined-three")) {
        QCOMPARE(run.requests.at(1).target, QByteArray("/b"));
        QCOMPARE(run.requests.at(1).body, QByteArray("abc"));
        QCOMPARE(run.requests.at(2).target, QByteArray("/c"));
        QCOMPARE(run.requests.at(2).body, QByteArray("z"));
        QCOMPARE(run.requests.at(2).bodySeen, 1);
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("websocket-upgrade")) {
        QVERIFY(first.upgrade);
        QCOMPARE(first.host, QByteArray("a"));
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("100-headers"))
        QCOMPARE(first.headerCount, 100);
}

void tst_HttpParser::refused_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");

    // Request smuggling: framing a proxy in front may read differently.
    QTest::newRow("cl-with-te") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("te-with-cl") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("duplicate-cl-same") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc") << 400;
    QTest::newRow("duplicate-cl-differ") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc") << 400;
    QTest::newRow("cl-list") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc") << 400;
    QTest::newRow("cl-negative") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("cl-plus") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc") << 400;
    QTest::newRow("cl-non-numeric") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n") << 400;
    QTest::newRow("cl-hex") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n") << 400;
    QTest::newRow("cl-empty") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: \r\n\r\n") << 400;
    QTest::newRow("cl-overflow") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 400;
    QTest::newRow("te-chunked-gzip") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n") << 501;
    QTest::newRow("te-gzip-chunked") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") << 501;
    QTest::newRow("te-twice") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                              << 501;
    QTest::newRow("te-identity") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n") << 501;
    // RFC 9112 5.1: whitespace between a field name and its colon MUST be refused with 400 (a proxy
    // may read it as the header, the daemon as another).
    QTest::newRow("te-space-before-colon") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk-size-garbage") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
    QTest::newRow("chunk-size-overflow")
        << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n") << 400;
    // Limits.
    QTest::newRow("cl-space-before-colon") << QByteArray("POST /x HTTP/1.1\r\nContent-Length : 3\r\n\r\nabc") << 400;
    QTest::newRow("head-16KiB-plus-1") << headOfSize(16 * 1024 + 1) << 431;
    QTest::newRow("head-64KiB") << headOfSize(64 * 1024) << 431;
    QTest::newRow("101-headers") << manyHeaders(101) << 431;
    QTest::newRow("5000-headers") << manyHeaders(5000) << 431;
    QTest::newRow("target-9KiB") << QByteArray("GET /" + QByteArray(9 * 1024, 'a') + " HTTP/1.1\r\n\r\n") << 414;
    // Not a request we serve.
    QTest::newRow("absolute-form") << QByteArray("GET http://elsewhere/ HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("http2-preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 501; // http-parser 2.9 knows no PRI
    QTest::newRow("http09") << QByteArray("GET /\r\n\r\n") << 505;
    QTest::newRow("http2-version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("unknown-method") << QByteArray("FROB / HTTP/1.1\r\n\r\n") << 501;
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 501;
    QTest::newRow("nul-in-header") << QByteArray("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 28) << 400;
    QTest::newRow("expect-other") << QByteArray("POST /x HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx") << 417;
}

void tst_HttpParser::refused()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    for (const qsizetype piece : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        const Run run = feedAll(input, piece);
        QVERIFY2(!run.stalled, qPrintable(QStringLiteral("piece %1 stalled").arg(piece)));
        QVERIFY2(run.requests.isEmpty(), qPrintable(QStringLiteral("piece %1: %2 requests accepted").arg(piece).arg(run.requests.size())));
        QCOMPARE(run.last, HttpRequestParser::State::Error);
        QVERIFY2(run.errorStatus == status,
                 qPrintable(QStringLiteral("piece %1: status %2 (%3), expected %4").arg(piece).arg(run.errorStatus).arg(run.errorMessage).arg(status)));
        QVERIFY(!run.errorMessage.isEmpty());
    }
}

void tst_HttpParser::sameAnswerHoweverCut_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("get") << QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer fat_x\r\n\r\n");
    QTest::newRow("post") << QByteArray("POST /api/v1/ping HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"a\":12345}");
    QTest::newRow("chunked") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    QTest::newRow("pipelined") << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                                             "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\nGET /d HTTP/1.0\r\n\r\n");
    QTest::newRow("bad-after-good") << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("head-limit") << headOfSize(16 * 1024 + 1);
    QTest::newRow("at-head-limit") << headOfSize(16 * 1024);
}

void tst_HttpParser::sameAnswerHoweverCut()
{
    QFETCH(QByteArray, input);
    const Run whole = feedAll(input, 0);
    for (const qsizetype piece : {qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(5), qsizetype(64)}) {
        const Run cut = feedAll(input, piece);
        QVERIFY(!cut.stalled);
        QCOMPARE(cut.errorStatus, whole.errorStatus);
        QCOMPARE(cut.consumed, whole.consumed);
        QCOMPARE(cut.requests.size(), whole.requests.size());
        for (qsizetype i = 0; i < whole.requests.size(); ++i) {
            QCOMPARE(cut.requests.at(i).method, whole.requests.at(i).method);
            QCOMPARE(cut.requests.at(i).target, whole.requests.at(i).target);
            QCOMPARE(cut.requests.at(i).body, whole.requests.at(i).body);
            QCOMPARE(cut.requests.at(i).bodySeen, whole.requests.at(i).bodySeen);
            QCOMPARE(cut.requests.at(i).keepAlive, whole.requests.at(i).keepAlive);
        }
    }
}

// The head is handed over before any body byte is taken, so a 401 or 413 reads nothing of it.
void tst_HttpParser::stopsAfterTheHead()
{
    const QByteArray head = "POST /api/v1/logs HTTP/1.1\r\nContent-Length: 1073741824\r\nExpect: 100-continue\r\n\r\n";
    const QByteArray input = head + QByteArray(1000, 'x');
    HttpRequestParser parser;
    qsizetype taken = parser.feed(input);
    // http-parser may leave the head's final LF for the next call; never a body byte.
    QVERIFY2(taken == head.size() || taken == head.size() - 1, qPrintable(QString::number(taken)));
    QCOMPARE(parser.state(), HttpRequestParser::State::Body);
    QCOMPARE(parser.head().contentLength, 1073741824LL);
    QVERIFY(parser.head().expectContinue);
    QCOMPARE(parser.bodyBytesSeen(), 0);
    QVERIFY(parser.takeBody().isEmpty());
    // Then the body as it comes.
    taken += parser.feed(input.mid(taken));
    QCOMPARE(taken, input.size());
    QCOMPARE(parser.bodyBytesSeen(), 1000);
    QCOMPARE(parser.takeBody().size(), 1000);
    QCOMPARE(parser.state(), HttpRequestParser::State::Body);
}

void tst_HttpParser::chunkedBodyCountedAsItArrives()
{
    // A chunked body declares no size: the caller counts what arrives and stops at its limit.
    HttpRequestParser parser;
    QByteArray input = "POST /api/v1/logs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    qsizetype taken = parser.feed(input);
    QCOMPARE(parser.state(), HttpRequestParser::State::Body);
    QCOMPARE(parser.head().contentLength, -1);
    QVERIFY(parser.head().chunked);
    input = input.mid(taken);
    qint64 expected = 0;
    for (int i = 0; i < 100; ++i) {
        const QByteArray chunk(1000 + i, char('a' + i % 26));
        input += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        expected += chunk.size();
        while (!input.isEmpty()) {
            const qsizetype n = parser.feed(input);
            if (n == 0)
                break;
            input.remove(0, n);
        }
        QCOMPARE(parser.bodyBytesSeen(), expected);
        QCOMPARE(parser.state(), HttpRequestParser::State::Body);
    }
    QCOMPARE(parser.takeBody().size(), expected);
    input += "0\r\n\r\n";
    parser.feed(input);
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    QCOMPARE(parser.bodyBytesSeen(), expected);
}

void tst_HttpParser::endlessHeadCostsAtMostTheLimit()
{
    // An endless header line sent in 1 KiB pieces: refused at the limit, having taken no more.
    HttpRequestParser parser;
    QByteArray input = "GET / HTTP/1.1\r\nX-Endless: ";
    qsizetype total = 0;
    for (int i = 0; i < 100 && parser.state() == HttpRequestParser::State::Head; ++i) {
        total += parser.feed(input);
        input = QByteArray(1024, 'a');
    }
    QCOMPARE(parser.state(), HttpRequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 431);
    QVERIFY2(total <= 16 * 1024 + 1, qPrintable(QString::number(total)));
    // Nothing more is taken after an error.
    QCOMPARE(parser.feed(QByteArray("GET / HTTP/1.1\r\n\r\n")), 0);
    // And a smaller configured limit is honoured.
    const Run run = feedAll(headOfSize(2048), 100, HttpRequestParser::Limits{1024, 10});
    QCOMPARE(run.errorStatus, 431);
    QVERIFY(run.consumed <= 1025);
    QCOMPARE(feedAll(manyHeaders(11), 0, HttpRequestParser::Limits{1024, 10}).errorStatus, 431);
    QCOMPARE(feedAll(manyHeaders(10), 0, HttpRequestParser::Limits{1024, 10}).errorStatus, 0);
}

void tst_HttpParser::pipelinedBytesAreLeftForTheNextRequest()
{
    const QByteArray first = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray second = "GET /b HTTP/1.1\r\n\r\n";
    HttpRequestParser parser;
    const QByteArray input = first + second;
    qsizetype taken = parser.feed(input);
    taken += parser.feed(input.mid(taken));
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    QCOMPARE(taken, first.size());
    QCOMPARE(parser.takeBody(), QByteArray("abc"));
    QCOMPARE(parser.feed(input.mid(taken)), 0); // complete: nothing more until reset
    parser.reset();
    QCOMPARE(parser.feed(input.mid(taken)), second.size());
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    QCOMPARE(parser.head().target, QByteArray("/b"));
    QCOMPARE(parser.bodyBytesSeen(), 0);
}

QTEST_GUILESS_MAIN(tst_HttpParser)
#include "tst_httpparser.moc"
