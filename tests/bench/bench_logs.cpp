// Log benchmark (label "bench"): 1,000,000 JSON lines posted to formauto-opsd over HTTP, then
// searched; grep -F over the same JSON-lines file in the same run is the peer.
#include "tests/support/testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <functional>

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[size_t(p * double(v.size() - 1))];
}

} // namespace

class bench_Logs final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ingestAndSearch();
};

void bench_Logs::ingestAndSearch()
{
    const int total = qEnvironmentVariableIntValue("LOG_LINES") ? qEnvironmentVariableIntValue("LOG_LINES") : 1000000;
    const int batchLines = 10000;
    QTemporaryDir dir;
    // The data: a formauto-like mix, with a rare token in 20 lines and two words that meet in ~1 %.
    const QString jsonl = dir.filePath(u"service.jsonl"_qs);
    {
        QFile out(jsonl);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QRandomGenerator rng(42);
        static const char *loggers[] = {"api", "worker", "scheduler", "submitter", "db"};
        static const char *levels[] = {"INFO", "INFO", "INFO", "DEBUG", "WARNING", "ERROR"};
        static const char *words[] = {"submitted", "form", "retry", "timeout", "captcha", "redirect", "queued", "finished"};
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - 86400000;
        for (int i = 0; i < total; ++i) {
            const char *w1 = words[rng.bounded(8)];
            const char *w2 = words[rng.bounded(8)];
            QByteArray message = QByteArray("task ") + QByteArray::number(rng.bounded(50000)) + ' ' + w1 + ' ' + w2
                                 + " url https://site" + QByteArray::number(rng.bounded(900)) + ".example/contact";
            if (i % (total / 20) == 7)
                message += " zebracorn";
            out.write("{\"timestamp\":\"" + QDateTime::fromMSecsSinceEpoch(start + qint64(i) * 86, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1()
                      + "\",\"level\":\"" + levels[rng.bounded(6)] + "\",\"logger\":\"" + loggers[rng.bounded(5)]
                      + "\",\"message\":\"" + message + "\",\"extra\":{\"task_id\":" + QByteArray::number(rng.bounded(50000)) + "}}\n");
        }
    }
    testsupport::writeFile(dir.filePath(u"opsd.toml"_qs), "[log]\nlevel = \"warning\"\n[logs]\nmax_age_days = 30\n");
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const int port = 21000 + int(QCoreApplication::applicationPid() % 20000);
    daemon.start(qEnvironmentVariable("FORMAUTO_OPSD"), {u"--demo"_qs, u"--config"_qs, dir.filePath(u"opsd.toml"_qs), u"--data-dir"_qs,
                                                          dir.filePath(u"data"_qs), u"--listen"_qs, QStringLiteral("127.0.0.1:%1").arg(port)});
    QVERIFY(daemon.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(u"data/demo-admin-token"_qs)), 15000);
    const QByteArray token = testsupport::readFile(dir.filePath(u"data/demo-admin-token"_qs)).trimmed();
    QNetworkAccessManager nam;
    auto post = [&](const QString &path, const QByteArray &body) {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(120000);
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return QJsonDocument::fromJson(answer).object();
    };

    QFile in(jsonl);
    QVERIFY(in.open(QIODevice::ReadOnly));
    // Several shippers at once, as the service's API and worker processes each send their own
    // lines: an answer now means committed, so one client alone would wait for every commit,
    // while the writer's group commit lets concurrent batches share a transaction.
    constexpr int InFlight = 4;
    QElapsedTimer ingest;
    ingest.start();
    qint64 accepted = 0;
    int inFlight = 0, refused = 0;
    QString failure;
    std::function<void()> sendNext = [&] {
        if (in.atEnd() || !failure.isEmpty())
            return;
        QByteArray batch;
        for (int i = 0; i < batchLines && !in.atEnd(); ++i)
            batch += in.readLine();
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/logs").arg(port)));
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.post(request, batch);
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, &nam, [&, reply, batch] {
            --inFlight;
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject r = QJsonDocument::fromJson(reply->readAll()).object();
            if (status == 429) { // the writer is behind: the batch is sent again, as a shipper would
                ++refused;
                ++inFlight;
                QTimer::singleShot(100, &nam, [&, batch] {
                    --inFlight;
                    QNetworkRequest again(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/logs").arg(port)));
                    again.setRawHeader("Authorization", "Bearer " + token);
                    again.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                    QNetworkReply *retry = nam.post(again, batch);
                    ++inFlight;
                    QObject::connect(retry, &QNetworkReply::finished, &nam, [&, retry] {
                        --inFlight;
                        retry->deleteLater();
                        const QJsonObject rr = QJsonDocument::fromJson(retry->readAll()).object();
                        if (!rr.value(u"ok"_qs).toBool())
                            failure = QString::fromUtf8(QJsonDocument(rr).toJson());
                        accepted += qint64(rr.value(u"data"_qs).toObject().value(u"accepted"_qs).toDouble());
                        sendNext();
                    });
                });
                return;
            }
            if (!r.value(u"ok"_qs).toBool())
                failure = QString::fromUtf8(QJsonDocument(r).toJson());
            accepted += qint64(r.value(u"data"_qs).toObject().value(u"accepted"_qs).toDouble());
            sendNext();
        });
    };
    for (int i = 0; i < InFlight; ++i)
        sendNext();
    QTRY_VERIFY_WITH_TIMEOUT((in.atEnd() && inFlight == 0) || !failure.isEmpty(), 600000);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    // Every answer came after its commit; the marker shows the lines are searchable too.
    post(u"/api/v1/logs"_qs, "{\"message\":\"end-of-benchmark-marker\"}\n");
    QTRY_VERIFY_WITH_TIMEOUT(!post(u"/api/v1/logs.search"_qs, "{\"query\":\"end-of-benchmark-marker\"}").value(u"data"_qs).toObject()
                                  .value(u"rows"_qs).toArray().isEmpty(), 300000);
    const double seconds = double(ingest.nsecsElapsed()) / 1e9;
    QCOMPARE(accepted, qint64(total));
    qInfo("ingest: %d lines (%lld MB of JSON lines) over HTTP in batches of %d, %d in flight, each answered once committed: "
          "%.1f s, %.0f lines/s (%d answers of 429, sent again)",
          total, qlonglong(in.size() / 1000000), batchLines, InFlight, seconds, double(total) / seconds, refused);

    auto searchTimes = [&](const QString &query, int *hits) {
        std::vector<double> times;
        for (int i = 0; i < 15; ++i) {
            QElapsedTimer t;
            t.start();
            const QJsonObject r = post(u"/api/v1/logs.search"_qs, QJsonDocument(QJsonObject{{u"query"_qs, query}, {u"limit"_qs, 100}}).toJson());
            times.push_back(double(t.nsecsElapsed()) / 1e6);
            *hits = int(r.value(u"data"_qs).toObject().value(u"rows"_qs).toArray().size());
        }
        return percentile(times, 0.5);
    };
    auto grepTimes = [&](const QStringList &args) {
        std::vector<double> times;
        for (int i = 0; i < 5; ++i) {
            QProcess grep;
            QElapsedTimer t;
            t.start();
            grep.start(u"sh"_qs, {u"-c"_qs, args.join(u' ')});
            grep.waitForFinished(120000);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        return percentile(times, 0.5);
    };
    int rareHits = 0, andHits = 0;
    const double rare = searchTimes(u"zebracorn"_qs, &rareHits);
    const double both = searchTimes(u"captcha redirect level:error"_qs, &andHits);
    const double grepRare = grepTimes({u"grep -F -c zebracorn"_qs, jsonl});
    const double grepAnd = grepTimes({u"grep -F captcha"_qs, jsonl, u"| grep -F redirect | grep -F -c '\"ERROR\"'"_qs});
    qInfo("selective query (1 rare word, %d hits): p50 %.2f ms; grep -F over the file: %.0f ms; %.0fx faster",
          rareHits, rare, grepRare, grepRare / rare);
    qInfo("two-word AND + level (first 100 of ~1 %%): p50 %.2f ms; grep -F | grep -F | grep -F: %.0f ms; %.0fx faster",
          both, grepAnd, grepAnd / both);
    QCOMPARE(rareHits, 20);
    daemon.terminate();
    daemon.waitForFinished(20000);
    QVERIFY2(double(total) / seconds >= 50000, "goal: at least 50,000 lines/s");
    QVERIFY2(grepRare / rare >= 100, "goal: at least 100x faster than grep for a selective query");
}

QTEST_GUILESS_MAIN(bench_Logs)
#include "bench_logs.moc"
