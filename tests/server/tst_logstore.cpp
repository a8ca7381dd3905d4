#include "server/logging/logquery.h"
#include "server/logging/logstore.h"
#include "server/logging/logtailer.h"
#include "server/logging/logwriter.h"
#include "server/logging/querybudget.h"
#include "server/storage/database.h"
#include "tests/support/testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <csignal>
#include <functional>

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
    void hostileQueryRefused();
    void timeBudget_data();
    void timeBudget();
    void writerAnswersAfterCommit();
    void writerQueueFullAndCommitFailure();
    void writerCutsLargeBatches();
    void killDuringIngestLosesNothingAcknowledged();

private:
    DatabaseUrl backendUrl(bool postgres, const QString &file);
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
    QTest::newRow("OR") << u"timeout OR refused"_qs << 8 << u"there is no OR"_qs;
    QTest::newRow("AND") << u"AND timeout"_qs << 0 << u"there is no AND"_qs;
    QTest::newRow("33 terms") << QString(u"w "_qs.repeated(32) + u"x"_qs) << 64 << u"more than 32 terms"_qs;
    QTest::newRow("33 levels") << QString(u"level:"_qs + QStringList(33, u"error"_qs).join(u',')) << 0 << u"more than 32 terms"_qs;
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

DatabaseUrl tst_LogStore::backendUrl(bool postgres, const QString &file)
{
    if (postgres)
        return *m_pg;
    DatabaseUrl url;
    url.path = m_dir.filePath(file);
    return url;
}

// The query from the report: hundreds of words and wildcards. Refused before any SQL runs,
// with the limit named.
void tst_LogStore::hostileQueryRefused()
{
    QStringList words;
    for (int i = 0; i < 400; ++i)
        words << (i % 3 == 0 ? QStringLiteral("a%1*").arg(i) : i % 3 == 1 ? QStringLiteral("-*%1").arg(i) : QStringLiteral("\"%1 *\"").arg(i));
    const QString hostile = words.join(u' ').left(2000);
    QElapsedTimer t;
    t.start();
    LogQuery::Error error;
    QVERIFY(!LogQuery::parse(hostile, Now, &error));
    QVERIFY2(error.message.contains(u"more than 32 terms"_qs), qPrintable(error.message));
    QVERIFY(t.elapsed() < 50);
    // 32 is still a query.
    QVERIFY(LogQuery::parse(words.mid(0, 32).join(u' '), Now, &error));
}

void tst_LogStore::timeBudget_data()
{
    backend_data();
}

// A query within the term limit that still reads everything (31 exclusions and a word of a
// script without spaces, each a substring scan, with nothing matching) is stopped at its
// time budget, with the message the client sees.
void tst_LogStore::timeBudget()
{
    QFETCH(bool, postgres);
    if (postgres && !m_pg)
        REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
    OpsStore store(backendUrl(postgres, u"budget.db"_qs), u"ops-store"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QList<LogStore::Row> rows;
    for (int i = 0; i < 100000; ++i)
        rows.append({Now - i, u"INFO"_qs, u"worker"_qs,
                     QStringLiteral("task %1 submitted the contact form of site %2 and waited for the answer").arg(i).arg(i % 977),
                     QStringLiteral("{\"task_id\":%1}").arg(i), u"api"_qs});
    QVERIFY2(LogStore::write(rows, store.database(), postgres, &error), qPrintable(error));
    LogStore::Limits limits;
    limits.queryBudgetMs = 100;
    LogStore logs(&store, limits);
    QStringList terms;
    for (int i = 0; i < 31; ++i)
        terms << QStringLiteral("-送信%1").arg(i);
    terms << u"失敗"_qs;
    LogQuery::Error pe;
    const auto query = LogQuery::parse(terms.join(u' '), Now, &pe);
    QVERIFY2(query, qPrintable(pe.message));
    for (const char *what : {"search", "histogram", "patterns", "error rate"}) {
        QElapsedTimer t;
        t.start();
        const QueryBudget budget(store.database(), postgres, limits.queryBudgetMs);
        error.clear();
        const QByteArray w(what);
        if (w == "search")
            logs.search(*query, 100, 0, &error);
        else if (w == "histogram")
            logs.histogram(*query, Now - 86400000, Now, 60, &error);
        else if (w == "patterns")
            logs.topPatterns(*query, 10, &error);
        else
            logs.errorRate(*query, Now - 86400000, Now, &error);
        const qint64 ms = t.elapsed();
        qInfo("%s: stopped after %lld ms (budget %d ms): %s", what, qlonglong(ms), limits.queryBudgetMs, qPrintable(error));
        QVERIFY2(budget.expired(!error.isEmpty()), what);
        QVERIFY2(ms < limits.queryBudgetMs + 150, what);
        QCOMPARE(budget.message(), u"the query took longer than 100 ms; narrow it"_qs);
    }
    // Under the budget, nothing changes.
    const QueryBudget budget(store.database(), postgres, 5000);
    const auto page = logs.search(*LogQuery::parse(u"level:info"_qs, Now, &pe), 5, 0, &error);
    QCOMPARE(page.rows.size(), 5);
    QVERIFY(!budget.expired(false));
}

// The writer's answer for a batch comes once its rows are committed: while another
// connection holds the write lock, no batch is acknowledged; then all are, in far fewer
// transactions than batches, and readable from a second connection the moment they are.
void tst_LogStore::writerAnswersAfterCommit()
{
    const DatabaseUrl url = backendUrl(false, u"writer.db"_qs);
    OpsStore store(url, u"ops-store"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QThread thread;
    auto *writer = new LogWriter(url);
    writer->moveToThread(&thread);
    connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    const auto stop = qScopeGuard([&] {
        thread.start(); // if it never ran, so that deleteLater has a thread to run on
        thread.quit();
        thread.wait();
    });
    thread.start();
    auto count = [&] {
        QSqlQuery q(store.database());
        return q.exec(u"SELECT COUNT(*) FROM logs"_qs) && q.next() ? q.value(0).toInt() : -1;
    };
    auto batch = [](int n, int k) {
        QList<LogStore::Row> rows;
        for (int i = 0; i < n; ++i)
            rows.append({Now, u"INFO"_qs, u"t"_qs, QStringLiteral("batch %1 line %2").arg(k).arg(i), u"{}"_qs, u"s"_qs});
        return rows;
    };
    // Unblocked: the future is finished only when the rows are there.
    auto first = writer->enqueue(batch(1000, 0));
    QVERIFY(first);
    QVERIFY(!first->isFinished() || count() == 1000);
    while (!first->isFinished())
        QThread::yieldCurrentThread();
    QCOMPARE(count(), 1000);
    QCOMPARE(first->result(), QString());

    {
        QVERIFY(openDatabase(url, u"lock-holder"_qs, false, &error));
        QSqlDatabase holder = QSqlDatabase::database(u"lock-holder"_qs);
        QSqlQuery lock(holder);
        QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_qs));
        const qint64 commitsBefore = writer->commits();
        QList<QFuture<QString>> futures;
        for (int k = 1; k <= 50; ++k)
            futures.append(*writer->enqueue(batch(100, k)));
        QTest::qWait(300);
        for (const auto &f : futures)
            QVERIFY2(!f.isFinished(), "acknowledged before it was committed");
        QVERIFY(lock.exec(u"COMMIT"_qs));
        lock = QSqlQuery();
        holder = QSqlDatabase();
        closeDatabase(u"lock-holder"_qs);
        for (const auto &f : futures) {
            QTRY_VERIFY_WITH_TIMEOUT(f.isFinished(), 10000);
            QCOMPARE(f.result(), QString());
        }
        QCOMPARE(count(), 1000 + 50 * 100);
        const qint64 commits = writer->commits() - commitsBefore;
        qInfo("50 batches written in %lld transactions", qlonglong(commits));
        QVERIFY2(commits <= 3, "group commit: batches queued meanwhile share a transaction");
    }
}

// A batch larger than a transaction may hold is cut across several (the event loop's own
// writes wait for the write lock at most one short transaction), and answered once, when its
// last part is committed; batches queued behind it keep their order.
void tst_LogStore::writerCutsLargeBatches()
{
    const DatabaseUrl url = backendUrl(false, u"cut.db"_qs);
    OpsStore store(url, u"ops-store"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    LogWriter::Limits limits;
    limits.maxRowsPerCommit = 100;
    QThread thread;
    auto *writer = new LogWriter(url, limits);
    writer->moveToThread(&thread);
    connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    const auto stop = qScopeGuard([&] {
        thread.quit();
        thread.wait();
    });
    QList<LogStore::Row> big, small;
    for (int i = 0; i < 1050; ++i)
        big.append({Now, u"INFO"_qs, u"t"_qs, QStringLiteral("big %1").arg(i), u"{}"_qs, u"s"_qs});
    for (int i = 0; i < 30; ++i)
        small.append({Now, u"INFO"_qs, u"t"_qs, QStringLiteral("small %1").arg(i), u"{}"_qs, u"s"_qs});
    auto first = writer->enqueue(big);
    auto second = writer->enqueue(small);
    QVERIFY(first && second);
    thread.start();
    QTRY_VERIFY_WITH_TIMEOUT(first->isFinished() && second->isFinished(), 10000);
    QCOMPARE(first->result(), QString());
    QCOMPARE(second->result(), QString());
    QCOMPARE(writer->commits(), qint64(11)); // 1,080 rows, 100 per transaction
    QSqlQuery q(store.database());
    QVERIFY(q.exec(u"SELECT COUNT(*), MIN(id), MAX(CASE WHEN message LIKE 'big%' THEN id END), "
                   u"MIN(CASE WHEN message LIKE 'small%' THEN id END) FROM logs"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 1080);
    QVERIFY2(q.value(2).toLongLong() < q.value(3).toLongLong(), "the batch behind the big one is stored after it");
    QCOMPARE(writer->queuedRows(), qint64(0));
}

void tst_LogStore::writerQueueFullAndCommitFailure()
{
    // A store without the logs table: every commit fails, and says why.
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"empty.db"_qs);
    LogWriter::Limits limits;
    limits.maxQueuedRows = 150;
    QThread thread;
    auto *writer = new LogWriter(url, limits);
    writer->moveToThread(&thread);
    connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    const auto stop = qScopeGuard([&] {
        thread.start(); // if it never ran, so that deleteLater has a thread to run on
        thread.quit();
        thread.wait();
    });
    QList<LogStore::Row> rows(100, LogStore::Row{Now, u"INFO"_qs, {}, u"x"_qs, u"{}"_qs, {}});
    // The thread is not running yet, so nothing drains: the second batch does not fit.
    auto queued = writer->enqueue(rows);
    QVERIFY(queued);
    QVERIFY2(!writer->enqueue(rows), "a full queue refuses (the dispatcher answers rate_limited)");
    thread.start();
    QTRY_VERIFY_WITH_TIMEOUT(queued->isFinished(), 10000);
    QVERIFY2(!queued->result().isEmpty(), "a failed commit answers with its error"); // no table logs
    QCOMPARE(writer->queuedRows(), 0);
    QVERIFY(writer->enqueue(rows)); // room again
}

// A daemon killed with SIGKILL in the middle of ingest: every line it answered 200 for is
// in the store after the restart.
void tst_LogStore::killDuringIngestLosesNothingAcknowledged()
{
    const QString opsd = qEnvironmentVariable("FORMAUTO_OPSD");
    if (opsd.isEmpty())
        QSKIP("FORMAUTO_OPSD is not set (run through ctest)");
    QTemporaryDir dir;
    testsupport::writeFile(dir.filePath(u"opsd.toml"_qs), "[log]\nlevel = \"warning\"\n");
    int port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QString dataDir = dir.filePath(u"data"_qs);
    auto start = [&](QProcess &daemon, bool demo) {
        daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args{u"--config"_qs, dir.filePath(u"opsd.toml"_qs), u"--data-dir"_qs, dataDir,
                         u"--listen"_qs, QStringLiteral("127.0.0.1:%1").arg(port)};
        if (demo)
            args.prepend(u"--demo"_qs);
        daemon.start(opsd, args);
        return daemon.waitForStarted();
    };
    QProcess daemon;
    QVERIFY(start(daemon, true));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(u"data/demo-admin-token"_qs)), 20000);
    const QByteArray admin = testsupport::readFile(dir.filePath(u"data/demo-admin-token"_qs)).trimmed();
    QNetworkAccessManager nam;
    auto request = [&](const QString &path, const QByteArray &token) {
        QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        r.setRawHeader("Authorization", "Bearer " + token);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return r;
    };
    QByteArray operatorToken;
    {
        QNetworkReply *reply = nam.post(request(u"/api/v1/token.create"_qs, admin), R"({"name":"ingest","role":"operator"})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        operatorToken = answer.value(u"data"_qs).toObject().value(u"token"_qs).toString().toUtf8();
        QVERIFY2(!operatorToken.isEmpty(), QJsonDocument(answer).toJson().constData());
    }
    constexpr int LinesPerBatch = 2000;
    QSet<int> acknowledged;
    int sent = 0, inFlight = 0, refused = 0;
    bool killed = false;
    QElapsedTimer sinceFirstAck;
    std::function<void()> send = [&] {
        QByteArray body;
        const int batch = sent++;
        for (int i = 0; i < LinesPerBatch; ++i)
            body += "{\"level\":\"info\",\"message\":\"killtest b" + QByteArray::number(batch) + " l" + QByteArray::number(i)
                    + "\",\"extra\":{\"pad\":\"" + QByteArray(80, 'p') + "\"}}\n";
        QNetworkReply *reply = nam.post(request(u"/api/v1/logs"_qs, operatorToken), body);
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, &nam, [&, reply, batch] {
            --inFlight;
            reply->deleteLater();
            const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 && answer.value(u"ok"_qs).toBool()) {
                acknowledged.insert(batch);
                if (!sinceFirstAck.isValid())
                    sinceFirstAck.start();
            } else if (!killed) {
                ++refused; // 429 while the writer is behind: not acknowledged, nothing promised
            }
            if (!killed)
                send();
        });
    };
    for (int i = 0; i < 4; ++i)
        send();
    QTRY_VERIFY_WITH_TIMEOUT(sinceFirstAck.isValid() && sinceFirstAck.elapsed() > 1500, 60000);
    ::kill(pid_t(daemon.processId()), SIGKILL);
    killed = true;
    QVERIFY(daemon.waitForFinished(10000));
    QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 20000);

    // Restart on the same data directory, then read the store.
    QProcess again;
    QVERIFY(start(again, false));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QNetworkReply *reply = nam.get(request(u"/readyz"_qs, {}));
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(2000);
            const bool up = reply->error() == QNetworkReply::NoError;
            reply->deleteLater();
            return up;
        }(),
        20000);
    again.terminate();
    QVERIFY(again.waitForFinished(20000));
    DatabaseUrl url;
    url.path = dir.filePath(u"data/ops.db"_qs);
    OpsStore store(url, u"kill-check"_qs);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QHash<int, int> stored;
    QSqlQuery q(store.database());
    QVERIFY(q.exec(u"SELECT message FROM logs WHERE logger = '' AND message LIKE 'killtest b%'"_qs));
    qint64 storedLines = 0;
    while (q.next()) {
        ++stored[q.value(0).toString().section(u' ', 1, 1).mid(1).toInt()];
        ++storedLines;
    }
    int lost = 0;
    for (int batch : std::as_const(acknowledged))
        lost += LinesPerBatch - stored.value(batch);
    qInfo("kill -9 during ingest: %lld lines acknowledged (%lld batches sent, %d refused with 429), %lld stored after the restart, "
          "%d acknowledged lines lost",
          qlonglong(acknowledged.size()) * LinesPerBatch, qlonglong(sent), refused, qlonglong(storedLines), lost);
    QVERIFY(acknowledged.size() >= 2);
    QCOMPARE(lost, 0);
    for (auto it = stored.constBegin(); it != stored.constEnd(); ++it)
        QVERIFY2(it.value() == LinesPerBatch, "a batch is stored whole or not at all");
}

QTEST_GUILESS_MAIN(tst_LogStore)
#include "tst_logstore.moc"
