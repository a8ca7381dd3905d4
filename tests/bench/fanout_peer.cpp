// Load generator for bench_fanout: N WebSocket clients on loopback that count metrics_update
// pushes and measure how long after the sample's timestamp each one arrived.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>
#include <memory>
#include <cstdio>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{u"port"_qs, u"daemon port"_qs, u"PORT"_qs},
                       {u"token"_qs, u"API token"_qs, u"TOKEN"_qs},
                       {u"clients"_qs, u"connections"_qs, u"N"_qs, u"1000"_qs},
                       {u"seconds"_qs, u"measuring time"_qs, u"S"_qs, u"20"_qs}});
    parser.process(app);
    const int clients = parser.value(u"clients"_qs).toInt();
    const int seconds = parser.value(u"seconds"_qs).toInt();
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(parser.value(u"port"_qs)));
    const QByteArray auth = "Bearer " + parser.value(u"token"_qs).toLatin1();

    std::vector<QWebSocket *> sockets;
    std::vector<double> latencies;
    latencies.reserve(size_t(clients) * size_t(seconds + 5) * 2);
    int hellos = 0;
    bool measuring = false;
    qint64 messages = 0;
    qint64 measureEndMs = 0;
    qsizetype frameBytes = 0;

    auto finish = [&] {
        std::sort(latencies.begin(), latencies.end());
        auto pct = [&](double p) { return latencies.empty() ? -1.0 : latencies[size_t(p * double(latencies.size() - 1))]; };
        const QJsonObject result{{u"clients"_qs, clients}, {u"messages"_qs, double(messages)},
                                 {u"frame_bytes"_qs, double(frameBytes)}, {u"p50_ms"_qs, pct(0.50)}, {u"p99_ms"_qs, pct(0.99)},
                                 {u"max_ms"_qs, latencies.empty() ? -1.0 : latencies.back()}};
        std::printf("RESULT %s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QCoreApplication::quit();
    };

    auto connectBatch = std::make_shared<std::function<void()>>();
    *connectBatch = [&, connectBatch] {
        for (int i = 0; i < 50 && int(sockets.size()) < clients; ++i) {
            auto *s = new QWebSocket;
            sockets.push_back(s);
            // The first metrics_update after hello is the latest sample, sent on connect: it is
            // up to one interval old by design, so it is not a delivery latency.
            auto sawCatchUp = std::make_shared<bool>(false);
            QObject::connect(s, &QWebSocket::textMessageReceived, s, [&, sawCatchUp](const QString &text) {
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                // Cheap type check first: parsing every frame would load this process, not the daemon.
                if (text.startsWith(QLatin1StringView("{\"data\":{\"boot_id\""))) { // hello (keys are sorted)
                    if (++hellos == clients) {
                        measuring = true;
                        measureEndMs = now + qint64(seconds) * 1000;
                        std::printf("READY\n");
                        std::fflush(stdout);
                        QTimer::singleShot(seconds * 1000, finish);
                    }
                    return;
                }
                if (!*sawCatchUp) {
                    *sawCatchUp = true;
                    return;
                }
                if (!measuring || now > measureEndMs)
                    return;
                const qsizetype at = text.lastIndexOf(QLatin1StringView("\"timestamp\":\""));
                if (at < 0)
                    return;
                const QDateTime ts = QDateTime::fromString(text.mid(at + 13, 24), Qt::ISODateWithMs);
                latencies.push_back(double(now - ts.toMSecsSinceEpoch()));
                frameBytes = text.toUtf8().size();
                ++messages;
            });
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", auth);
            s->open(request);
        }
        if (int(sockets.size()) < clients)
            QTimer::singleShot(20, *connectBatch);
    };
    (*connectBatch)();
    QTimer::singleShot((seconds + 120) * 1000, [&] {
        std::fprintf(stderr, "timed out: %d of %d clients said hello\n", hellos, clients);
        QCoreApplication::exit(1);
    });
    return app.exec();
}
