#include "server/logging/logquery.h"
#include "server/logging/logstore.h"
#include "server/logging/logtailer.h"
#include "tests/support/testsupport.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr qint64 Now = 1764324000000; // 2025-11-28T10:00:00Z
}

class tst_LogStore final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void parseGood_data();
    void parseGood();
    void parseBad_data();
    void parseBad();
    void backend_data();
    void backend();
    void maskPatterns();
    void tailFollowsRotationAndResumes();

private:
    std::optional<DatabaseUrl> m_pg;
    QTemporaryDir m_dir;
};

void tst_LogStore::initTestCase()
{
    QString error;
    m_pg = testsupport::createPostgresDatabase(u"formauto_logs_test"_qs, &error);
}

void tst_LogStore::cleanupTestCase()
{
    if (m_pg)
        testsupport::dropPostgresDatabase(u"formauto_logs_test"_qs);
}

void tst_LogStore::parseGood_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // a compact description of the parse
    QTest::newRow("words") << u"timeout worker"_qs << u"terms=timeout,worker"_qs;
    QTest::newRow("phrase and negation") << u"\"connection refused\" -retry"_qs << u"terms=connection refused,-retry"_qs;
    QTest::newRow("levels") << u"level:error,WARN"_qs << u"levels=ERROR,WARNING"_qs;
    QTest::newRow("logger quoted") << u"logger:\"task runner\""_qs << u"loggers=task runner"_qs;
    QTest::newRow("extra path keeps case") << u"extra.Task.id:42"_qs << u"extra=Task.id=42"_qs;
    QTest::newRow("since") << u"since:15m"_qs << u"from=-900000"_qs;
    QTest::newRow("from to") << u"from:2025-11-28T09:00:00Z to:2025-11-28T09:30:00Z"_qs << u"from=-3600000 to=-1800000"_qs;
    QTest::newRow("empty") << u"   "_qs << QString();
    QTest::newRow("japanese word") << u"タイムアウト level:error"_qs << u"terms=タイムアウト levels=ERROR"_qs;
}

static QString describe(const LogQuery &q)
{
    QStringList parts;
    QStringList terms;
    for (const auto &t : q.terms)
        terms << (t.negated ? u"-"_qs : QString()) + t.text;
    if (!terms.isEmpty())
        parts << u"terms="_qs + terms.join(u',');
    if (!q.levels.isEmpty())
        parts << u"levels="_qs + q.levels.join(u',');
    if (!q.loggers.isEmpty())
        parts << u"loggers="_qs + q.loggers.join(u',');
    for (const auto &[path, value] : q.extra)
        parts << u"extra="_qs + path + u'=' + value;
    if (q.fromMs >= 0)
        parts << u"from="_qs + QString::number(q.fromMs - Now);
    if (q.toMs >= 0)
        parts << u"to="_qs + QString::number(q.toMs - Now);
    return parts.join(u' ');
}

void tst_LogStore::parseGood()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    LogQuery::Error error;
    const auto q = LogQuery::parse(query, Now, &error);
    QVERIFY2(q, qPrintable(error.message));
    QCOMPARE(describe(*q), expected);
}

void tst_LogStore::parseBad_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::newRow("open quote") << u"error \"never closed"_qs << 6 << u"never closed"_qs;
    QTest::newRow("unknown field") << u"timeout colour:red"_qs << 8 << u"unknown field \"colour\""_qs;
    QTest::newRow("bad level") << u"level:loud"_qs << 0 << u"unknown level"_qs;
    QTest::newRow("bad duration") << u"since:yesterday"_qs << 0 << u"duration"_qs;
    QTest::newRow("bad time") << u"x from:tuesday"_qs << 2 << u"ISO-8601"_qs;
    QTest::newRow("empty value") << u"logger: x"_qs << 7 << u"needs a value"_qs;
    QTest::newRow("negated field") << u"-level:error"_qs << 0 << u"only words"_qs;
    QTest::newRow("from after to") << u"from:2025-11-28T10:00:00Z to:2025-11-28T09:00:00Z"_qs << 0 << u"after"_qs;
    QTest::newRow("bad extra path") << u"extra.a;b:1"_qs << 0 << u"unknown field"_qs;
}

void tst_LogStore::parseBad()
{
    QFETCH(QString, query);
    QFETCH(int, position);
    QFETCH(QString, message);
    LogQuery::Error error;
    QVERIFY(!LogQuery::parse(query, Now, &error));
    QCOMPARE(error.position, position);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
}

void tst_LogStore::backend_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgresql") << true;
}

void tst_LogStore::backend()
{
    QFETCH(bool, postgres);
    DatabaseUrl url;
    if (postgres) {
        if (!m_pg)
            REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
        url = *m_pg;
    } else {
        url.path = m_dir.filePath(u"logs.db"_qs);
    }
    OpsStore store(url, u"ops-store"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    LogStore::Limits limits;
    limits.maxLineBytes = 2048;
    limits.maxAgeDays = 7;
    LogStore logs(&store, limits);

    QByteArray batch;
    batch += R"({"timestamp":"2025-11-28T09:00:00Z","level":"ERROR","logger":"worker","message":"Task 17 failed: timeout after 30 s","extra":{"task":{"id":17}}})" "\n";
    batch += R"({"timestamp":"2025-11-28T09:10:00Z","level":"error","logger":"worker","message":"Task 18 failed: timeout after 31 s","extra":{"task":{"id":18}}})" "\n";
    batch += R"({"timestamp":1764320400.5,"levelname":"INFO","name":"api","msg":"POST /tasks 201","request_id":"abc"})" "\n";
    batch += "plain text from a crashed worker\n";
    batch += "\n";
    batch += QByteArray(3000, 'x') + "\n";                    // too long: refused
    batch += "{\"message\":\"bad \xff\xfe utf8\"}\n";              // refused
    batch += R"({"timestamp":"2025-11-01T00:00:00Z","level":"WARNING","message":"old disk warning"})" "\n";
    batch += R"j({"timestamp":"2025-11-28T09:20:00Z","level":"ERROR","logger":"submitter","message":"フォームの送信に失敗しました (task 19)"})j" "\n";
    const LogStore::IngestReport report = logs.ingest(batch, u"api-1"_qs, Now, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(report.accepted, 5);
    QCOMPARE(report.raw, 1);
    QCOMPARE(report.rejected, 2);
    QCOMPARE(report.errors.at(0).toObject().value(u"line"_qs).toInt(), 6);
    QCOMPARE(report.errors.at(1).toObject().value(u"reason"_qs).toString(), u"not valid UTF-8"_qs);

    auto search = [&](const QString &text) {
        LogQuery::Error e;
        const auto q = LogQuery::parse(text, Now, &e);
        QString err;
        const auto page = logs.search(*q, 100, 0, &err);
        [&] { QVERIFY2(err.isEmpty(), qPrintable(err)); }();
        QStringList messages;
        for (const QJsonValue &v : page.rows)
            messages << v.toObject().value(u"message"_qs).toString();
        return messages;
    };
    QCOMPARE(search(u"timeout"_qs), (QStringList{u"Task 18 failed: timeout after 31 s"_qs, u"Task 17 failed: timeout after 30 s"_qs}));
    QCOMPARE(search(u"timeout -18"_qs), QStringList{u"Task 17 failed: timeout after 30 s"_qs});
    QCOMPARE(search(u"\"after 30\""_qs), QStringList{u"Task 17 failed: timeout after 30 s"_qs});
    QCOMPARE(search(u"level:info"_qs), QStringList{u"POST /tasks 201"_qs});
    QCOMPARE(search(u"level:unknown"_qs), QStringList{u"plain text from a crashed worker"_qs});
    QCOMPARE(search(u"extra.task.id:18"_qs), QStringList{u"Task 18 failed: timeout after 31 s"_qs});
    QCOMPARE(search(u"extra.request_id:abc"_qs).size(), 1); // unknown top-level fields land in extra
    QCOMPARE(search(u"logger:worker since:55m"_qs).size(), 1);
    QCOMPARE(search(u"source:api-1"_qs).size(), 6);
    QCOMPARE(search(u"nothinglikethis"_qs).size(), 0);
    // Japanese has no spaces between words: a word inside a sentence is still found.
    QCOMPARE(search(u"送信"_qs), QStringList{u"フォームの送信に失敗しました (task 19)"_qs});
    QCOMPARE(search(u"送信 task"_qs).size(), 1);
    QCOMPARE(search(u"失敗 -送信"_qs).size(), 0);

    {
        // Paging newest first, through the full-text path and the plain one.
        for (const QString &text : {u"timeout"_qs, u"logger:worker"_qs}) {
            LogQuery::Error pe;
            const auto q = LogQuery::parse(text, Now, &pe);
            const auto first = logs.search(*q, 1, 0, &error);
            QCOMPARE(first.rows.size(), 1);
            QVERIFY(first.nextBeforeId > 0);
            const auto second = logs.search(*q, 1, first.nextBeforeId, &error);
            QCOMPARE(second.rows.size(), 1);
            QCOMPARE(second.nextBeforeId, 0);
            QCOMPARE(second.rows.at(0).toObject().value(u"message"_qs).toString(), u"Task 17 failed: timeout after 30 s"_qs);
        }
    }
    LogQuery::Error e;
    const QJsonObject h = logs.histogram(*LogQuery::parse(QString(), Now, &e), Now - 3600000, Now, 6, &error);
    QCOMPARE(h.value(u"levels"_qs).toObject().value(u"ERROR"_qs).toArray(), (QJsonArray{1, 1, 1, 0, 0, 0}));
    const QJsonObject rate = logs.errorRate(*LogQuery::parse(QString(), Now, &e), Now - 3600000, Now, &error);
    QCOMPARE(rate.value(u"errors"_qs).toInt(), 3);
    QCOMPARE(rate.value(u"total"_qs).toInt(), 5); // the raw line took the ingest time, 10:00
    const QJsonArray patterns = logs.topPatterns(*LogQuery::parse(u"level:error"_qs, Now, &e), 5, &error);
    QCOMPARE(patterns.size(), 2); // most frequent first
    QCOMPARE(patterns.at(0).toObject().value(u"pattern"_qs).toString(), u"Task <n> failed: timeout after <n> s"_qs);
    QCOMPARE(patterns.at(0).toObject().value(u"count"_qs).toInt(), 2);
    QCOMPARE(patterns.at(1).toObject().value(u"pattern"_qs).toString(), u"フォームの送信に失敗しました (task <n>)"_qs);

    // Retention by age removes the November 1st line, and the index follows.
    QVERIFY(logs.applyRetention(Now, &error));
    QCOMPARE(search(u"disk"_qs).size(), 0);
    QCOMPARE(search(QString()).size(), 5);

    // A JSON array works too; a broken one is refused whole.
    const auto arrayReport = logs.ingest(R"([{"message":"from an array","level":"info"}, 42])", u"x"_qs, Now, &error);
    QCOMPARE(arrayReport.accepted, 1);
    QCOMPARE(arrayReport.raw, 1);
    QString brokenError;
    const auto broken = logs.ingest("[{\"message\":", u"x"_qs, Now, &brokenError);
    QVERIFY(broken.malformed);
    QVERIFY(!brokenError.isEmpty());
}

void tst_LogStore::maskPatterns()
{
    QCOMPARE(LogStore::maskPattern(u"GET https://a.example/x?id=5 took 120 ms for bob@example.com"_qs),
             u"GET <url> took <n> ms for <email>"_qs);
    QCOMPARE(LogStore::maskPattern(u"task 3f2b9c1e-0000-4000-8000-1234567890ab said \"hi there\""_qs), u"task <uuid> said <str>"_qs);
}

void tst_LogStore::tailFollowsRotationAndResumes()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"tail.db"_qs);
    OpsStore store(url, u"ops-store"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    LogStore logs(&store, LogStore::Limits{});
    ManualClock clock(Now);
    const QString path = dir.filePath(u"app.jsonl"_qs);
    auto append = [&](const QString &file, const QByteArray &text) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::Append));
        f.write(text);
    };
    auto count = [&] {
        LogQuery::Error e;
        return logs.search(*LogQuery::parse(u"source:app.jsonl"_qs, Now, &e), 1000, 0, &error).rows.size();
    };
    append(path, "{\"message\":\"one\"}\n{\"message\":\"two\"}\n{\"message\":\"thr");
    {
        LogTailer tailer(&logs, &store, {path}, &clock);
        QCOMPARE(tailer.poll(), 2); // the unfinished third line waits
        append(path, "ee\"}\n");
        QCOMPARE(tailer.poll(), 1);
        QCOMPARE(tailer.poll(), 0);
        // Rotation by rename: a last line in the old file, then a new file.
        append(path, "{\"message\":\"four\"}\n");
        QVERIFY(QFile::rename(path, path + u".1"_qs));
        append(path, "{\"message\":\"five\"}\n");
        QCOMPARE(tailer.poll(), 2);
        QCOMPARE(count(), 5);
    }
    // A restart: what was read is not read again; what came meanwhile is.
    append(path, "{\"message\":\"six\"}\n");
    {
        LogTailer tailer(&logs, &store, {path}, &clock);
        QCOMPARE(tailer.poll(), 1);
        QCOMPARE(count(), 6);
        // Truncated in place (copytruncate), then written again.
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"message\":\"seven\"}\n");
        f.close();
        QCOMPARE(tailer.poll(), 1);
    }
    QCOMPARE(count(), 7);
    LogQuery::Error e;
    QCOMPARE(logs.search(*LogQuery::parse(u"seven"_qs, Now, &e), 10, 0, &error).rows.size(), 1);
}

QTEST_GUILESS_MAIN(tst_LogStore)
#include "tst_logstore.moc"
