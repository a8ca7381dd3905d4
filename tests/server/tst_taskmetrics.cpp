#include "server/monitoring/taskcollector.h"
#include "server/storage/database.h"
#include "tests/support/testsupport.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

// Rows as the formauto service writes them: (status, completed_at, successful_urls).
struct Row {
    const char *status;
    const char *completedAt; // nullptr: not completed
    int successfulUrls;
};

static const Row rows[] = {
    {"RUNNING", nullptr, 0},
    {"RUNNING", nullptr, 3},
    {"PENDING", nullptr, 0},
    {"COMPLETED", "2026-11-28 00:00:00", 5},   // midnight UTC counts as today
    {"COMPLETED", "2026-11-28 13:45:10.123456", 0},
    {"COMPLETED", "2026-11-27 23:59:59.999999", 12},
    {"COMPLETED", "2026-11-01 08:00:00", 1},
    {"FAILED", "2026-11-28 09:00:00", 0},
};
// running 2; completed today 2; total completed 4; successful 3 -> 75.0 %
static constexpr const char *Today = "2026-11-28";

class tst_TaskMetrics final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sqlite();
    void customNames();
    void emptyTable();
    void postgres();
    void unreachablePostgres();
    void collectorThreadReportsErrors();

private:
    static bool fill(const QString &connection, const QString &createSql, const QString &insertSql, QString *error);
};

bool tst_TaskMetrics::fill(const QString &connection, const QString &createSql, const QString &insertSql, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(connection, false);
    QSqlQuery q(db);
    if (!q.exec(createSql)) {
        *error = q.lastError().text();
        return false;
    }
    for (const Row &r : rows) {
        q.prepare(insertSql);
        q.addBindValue(QString::fromLatin1(r.status));
        q.addBindValue(r.completedAt ? QVariant(QString::fromLatin1(r.completedAt)) : QVariant(QMetaType::fromType<QString>()));
        q.addBindValue(r.successfulUrls);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

void tst_TaskMetrics::sqlite()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"formauto.db"_qs);
    QString error;
    QVERIFY2(openDatabase(url, u"fixture"_qs, false, &error), qPrintable(error));
    QVERIFY2(fill(u"fixture"_qs,
                  u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, status VARCHAR(9), completed_at DATETIME, successful_urls INTEGER)"_qs,
                  u"INSERT INTO tasks (status, completed_at, successful_urls) VALUES (?, ?, ?)"_qs, &error),
             qPrintable(error));
    const protocol::TaskMetrics m = TaskCollector::query(QSqlDatabase::database(u"fixture"_qs), Config::Tasks{}, QLatin1StringView(Today));
    QVERIFY2(m.available, qPrintable(m.error));
    QCOMPARE(m.runningTasks, 2);
    QCOMPARE(m.completedToday, 2);
    QCOMPARE(m.totalCompleted, 4);
    QCOMPARE(m.successRate, 75.0);
    closeDatabase(u"fixture"_qs);
}

void tst_TaskMetrics::customNames()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"custom.db"_qs);
    QString error;
    QVERIFY(openDatabase(url, u"custom"_qs, false, &error));
    QVERIFY2(fill(u"custom"_qs, u"CREATE TABLE jobs (state TEXT, finished TEXT, ok_count INTEGER)"_qs,
                  u"INSERT INTO jobs (state, finished, ok_count) VALUES (lower(?), ?, ?)"_qs, &error),
             qPrintable(error));
    Config::Tasks s;
    s.table = u"jobs"_qs;
    s.statusColumn = u"state"_qs;
    s.completedAtColumn = u"finished"_qs;
    s.successfulUrlsColumn = u"ok_count"_qs;
    s.runningStatus = u"running"_qs;
    s.completedStatus = u"completed"_qs;
    const protocol::TaskMetrics m = TaskCollector::query(QSqlDatabase::database(u"custom"_qs), s, QLatin1StringView(Today));
    QVERIFY2(m.available, qPrintable(m.error));
    QCOMPARE(m.runningTasks, 2);
    QCOMPARE(m.completedToday, 2);
    QCOMPARE(m.successRate, 75.0);
    // The same query with the default names fails with the database's reason, not a crash.
    const protocol::TaskMetrics wrong = TaskCollector::query(QSqlDatabase::database(u"custom"_qs), Config::Tasks{}, QLatin1StringView(Today));
    QVERIFY(!wrong.available);
    QVERIFY2(wrong.error.contains(u"tasks"_qs), qPrintable(wrong.error));
    closeDatabase(u"custom"_qs);
}

void tst_TaskMetrics::emptyTable()
{
    QTemporaryDir dir;
    DatabaseUrl url;
    url.path = dir.filePath(u"empty.db"_qs);
    QString error;
    QVERIFY(openDatabase(url, u"empty"_qs, false, &error));
    QSqlQuery(QSqlDatabase::database(u"empty"_qs)).exec(u"CREATE TABLE tasks (status TEXT, completed_at TEXT, successful_urls INTEGER)"_qs);
    const protocol::TaskMetrics m = TaskCollector::query(QSqlDatabase::database(u"empty"_qs), Config::Tasks{}, QLatin1StringView(Today));
    QVERIFY(m.available);
    QCOMPARE(m.totalCompleted, 0);
    QCOMPARE(m.successRate, 0.0); // the ticket's "if total_completed > 0 else 0"
    closeDatabase(u"empty"_qs);
}

void tst_TaskMetrics::postgres()
{
    QString error;
    const auto url = testsupport::createPostgresDatabase(u"formauto_tasks_test"_qs, &error);
    if (!url)
        REQUIRE_SERVICE_OR_SKIP(error.isEmpty() ? "PostgreSQL not started (run through ./build.sh test)" : qPrintable(error));
    QVERIFY(openDatabase(*url, u"pg"_qs, false, &error));
    // SQLAlchemy's PostgreSQL shape: a native enum of member names and a timestamptz column.
    QSqlQuery(QSqlDatabase::database(u"pg"_qs))
        .exec(u"CREATE TYPE taskstatus AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')"_qs);
    QVERIFY2(fill(u"pg"_qs,
                  u"CREATE TABLE tasks (id SERIAL PRIMARY KEY, status taskstatus NOT NULL, completed_at TIMESTAMPTZ, successful_urls INTEGER)"_qs,
                  u"INSERT INTO tasks (status, completed_at, successful_urls) VALUES (CAST(? AS taskstatus), CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC', ?)"_qs,
                  &error),
             qPrintable(error));
    closeDatabase(u"pg"_qs);

    // Read through the collector on its own thread, as the daemon does.
    QThread thread;
    auto *collector = new TaskCollector(*url, Config::Tasks{});
    collector->moveToThread(&thread);
    connect(&thread, &QThread::finished, collector, &QObject::deleteLater);
    thread.start();
    QSignalSpy spy(collector, &TaskCollector::collected);
    const qint64 nowMs = QDateTime(QDate(2026, 11, 28), QTime(18, 0), Qt::UTC).toMSecsSinceEpoch();
    QMetaObject::invokeMethod(collector, "collect", Qt::QueuedConnection, Q_ARG(qint64, 7), Q_ARG(qint64, nowMs));
    QVERIFY(spy.wait(10000));
    const auto m = spy.at(0).at(1).value<protocol::TaskMetrics>();
    QCOMPARE(spy.at(0).at(0).toLongLong(), 7);
    QVERIFY2(m.available, qPrintable(m.error));
    QCOMPARE(m.runningTasks, 2);
    QCOMPARE(m.completedToday, 2);
    QCOMPARE(m.totalCompleted, 4);
    QCOMPARE(m.successRate, 75.0);
    thread.quit();
    thread.wait();
    testsupport::dropPostgresDatabase(u"formauto_tasks_test"_qs);
}

void tst_TaskMetrics::unreachablePostgres()
{
    DatabaseUrl url;
    url.kind = DatabaseUrl::Kind::Postgres;
    url.host = u"127.0.0.1"_qs;
    url.port = 1; // nothing listens there
    url.user = u"nobody"_qs;
    url.database = u"formauto"_qs;
    url.options = u"connect_timeout=2"_qs;
    TaskCollector collector(url, Config::Tasks{});
    QSignalSpy spy(&collector, &TaskCollector::collected);
    collector.collect(1, 0);
    QCOMPARE(spy.size(), 1);
    const auto m = spy.at(0).at(1).value<protocol::TaskMetrics>();
    QVERIFY(!m.available);
    QVERIFY2(!m.error.isEmpty(), "the reason is reported");
    QVERIFY2(m.error.contains(u"127.0.0.1"_qs), qPrintable(m.error));
}

void tst_TaskMetrics::collectorThreadReportsErrors()
{
    TaskCollector unconfigured(std::nullopt, Config::Tasks{});
    QSignalSpy spy(&unconfigured, &TaskCollector::collected);
    unconfigured.collect(3, 0);
    QCOMPARE(spy.size(), 1);
    const auto m = spy.at(0).at(1).value<protocol::TaskMetrics>();
    QVERIFY(!m.available);
    QVERIFY(m.error.contains(u"database_url"_qs));
}

QTEST_GUILESS_MAIN(tst_TaskMetrics)
#include "tst_taskmetrics.moc"
