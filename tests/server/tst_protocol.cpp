#include "server/protocol/envelope.h"
#include "server/protocol/jsonlist.h"
#include "server/protocol/metrics.h"
#include "server/protocol/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace protocol;

class tst_Protocol final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void requestParses();
    void requestRejects_data();
    void requestRejects();
    void resultRoundTrip();
    void sampleRoundTrip();
    void sampleKeepsTicketNames();
    void sampleRejects_data();
    void sampleRejects();
    void timestamps();
    void roles();
    void listsSkipMalformedItems();
};

void tst_Protocol::requestParses()
{
    QString error, id;
    const auto r = Request::fromJson(R"({"type":"alert.ack","id":"c-17","data":{"x":1}})", &error, &id);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->type, u"alert.ack"_qs);
    QCOMPARE(r->id, u"c-17"_qs);
    QCOMPARE(r->data.value(u"x"_qs).toInt(), 1);
    const auto bare = Request::fromJson(R"({"type":"ping"})", &error);
    QVERIFY(bare);
    QVERIFY(bare->id.isEmpty());
    QVERIFY(bare->data.isEmpty());
    // Round trip through toJson.
    const auto again = Request::fromJson(QJsonDocument(r->toJson()).toJson(), &error);
    QVERIFY(again);
    QCOMPARE(again->data, r->data);
}

void tst_Protocol::requestRejects_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("expectedId");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("not json") << QByteArray("{type: ping") << QString() << u"invalid JSON"_qs;
    QTest::newRow("empty") << QByteArray("") << QString() << u"invalid JSON"_qs;
    QTest::newRow("array") << QByteArray("[1,2]") << QString() << u"JSON object"_qs;
    QTest::newRow("no type") << QByteArray(R"({"id":"a"})") << u"a"_qs << u"type"_qs;
    QTest::newRow("type number") << QByteArray(R"({"type":5,"id":"b"})") << u"b"_qs << u"type"_qs;
    QTest::newRow("empty type") << QByteArray(R"({"type":""})") << QString() << u"type"_qs;
    QTest::newRow("id number") << QByteArray(R"({"type":"ping","id":7})") << QString() << u"id"_qs;
    QTest::newRow("id too long") << (QByteArray(R"({"type":"ping","id":")") + QByteArray(65, 'x') + QByteArray("\"}")) << QString() << u"id"_qs;
    QTest::newRow("data string") << QByteArray(R"({"type":"ping","id":"c","data":"x"})") << u"c"_qs << u"data"_qs;
    QTest::newRow("data array") << QByteArray(R"({"type":"ping","data":[]})") << QString() << u"data"_qs;
    QTest::newRow("invalid utf8") << QByteArray("{\"type\":\"\xff\xfe\"}") << QString() << QString();
}

void tst_Protocol::requestRejects()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, expectedId);
    QFETCH(QString, errorContains);
    QString error, id;
    const auto r = Request::fromJson(frame, &error, &id);
    if (qstrcmp(QTest::currentDataTag(), "invalid utf8") == 0) {
        // Qt replaces invalid UTF-8; either outcome is fine as long as nothing breaks.
        QVERIFY(r || !error.isEmpty());
        return;
    }
    QVERIFY(!r);
    QVERIFY2(error.contains(errorContains), qPrintable(error));
    QCOMPARE(id, expectedId);
}

void tst_Protocol::resultRoundTrip()
{
    const Result ok = Result::success(u"1"_qs, {{u"token"_qs, u"abc"_qs}});
    QString error;
    auto parsed = Result::fromJson(ok.toJson(), &error);
    QVERIFY(parsed);
    QVERIFY(parsed->ok);
    QCOMPARE(parsed->id, u"1"_qs);
    QCOMPARE(parsed->data.value(u"token"_qs).toString(), u"abc"_qs);

    const Result bad = Result::failure(u"2"_qs, Error::Forbidden, u"no"_qs);
    const QJsonObject json = QJsonDocument::fromJson(bad.toFrame()).object();
    QCOMPARE(json.value(u"type"_qs).toString(), u"result"_qs);
    QCOMPARE(json.value(u"ok"_qs).toBool(true), false);
    QCOMPARE(json.value(u"error"_qs).toObject().value(u"code"_qs).toString(), u"forbidden"_qs);
    parsed = Result::fromJson(json, &error);
    QVERIFY(parsed);
    QCOMPARE(parsed->error.code, u"forbidden"_qs);
    QVERIFY(!Result::fromJson(QJsonObject{{u"type"_qs, u"result"_qs}, {u"ok"_qs, false}}, &error));
    QVERIFY(!Result::fromJson(QJsonObject{{u"type"_qs, u"result"_qs}, {u"ok"_qs, u"yes"_qs}}, &error));
}

static MetricsSample sampleFixture()
{
    MetricsSample s;
    s.seq = 42;
    s.timestampMs = 1764300000123;
    s.demo = true;
    s.system.cpuPercent = 12.5;
    s.system.cpuPerCore = {10.25, 14.75};
    s.system.load1 = 0.5;
    s.system.load5 = 0.25;
    s.system.load15 = 0.75;
    s.system.memoryTotal = 8ULL << 30;
    s.system.memoryAvailable = 6ULL << 30;
    s.system.memoryPercent = 25;
    s.system.swapTotal = 1 << 30;
    s.system.swapFree = 1 << 29;
    s.system.swapPercent = 50;
    s.system.disk = {u"/"_qs, u"/dev/vda1"_qs, u"ext4"_qs, 100ULL << 30, 60ULL << 30, 40};
    s.system.disks = {s.system.disk, {u"/home"_qs, u"/dev/vdb"_qs, u"xfs"_qs, 10ULL << 30, 1ULL << 30, 90}};
    s.system.diskReadBytesPerSec = 1024;
    s.system.diskWriteBytesPerSec = 2048;
    s.system.diskDevices = {{u"vda"_qs, 1024, 2048}};
    s.system.bytesSent = 1000;
    s.system.bytesRecv = 2000;
    s.system.sentBytesPerSec = 10;
    s.system.recvBytesPerSec = 20;
    s.system.interfaces = {{u"eth0"_qs, 1000, 2000, 10, 20}};
    s.tasks.available = true;
    s.tasks.runningTasks = 3;
    s.tasks.completedToday = 17;
    s.tasks.successRate = 88.2;
    s.tasks.totalCompleted = 340;
    return s;
}

void tst_Protocol::sampleRoundTrip()
{
    const MetricsSample s = sampleFixture();
    QString error;
    const QByteArray wire = QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact);
    const auto back = MetricsSample::fromJson(QJsonDocument::fromJson(wire).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->system, s.system);
    QCOMPARE(back->tasks, s.tasks);
    QCOMPARE(*back, s);

    MetricsSample down = s;
    down.tasks = {};
    down.tasks.error = u"connection refused"_qs;
    const auto back2 = MetricsSample::fromJson(down.toJson(), &error);
    QVERIFY(back2);
    QVERIFY(!back2->tasks.available);
    QCOMPARE(back2->tasks.error, u"connection refused"_qs);
}

void tst_Protocol::sampleKeepsTicketNames()
{
    // The ticket's metrics_update fields, by name and nesting, as the Python service sent them.
    const QJsonObject data = sampleFixture().toJson();
    const QJsonObject system = data.value(u"system"_qs).toObject();
    QVERIFY(system.value(u"cpu_percent"_qs).isDouble());
    for (const char *k : {"total", "available", "percent"})
        QVERIFY2(system.value(u"memory"_qs).toObject().value(QLatin1StringView(k)).isDouble(), k);
    for (const char *k : {"total", "free", "percent"})
        QVERIFY2(system.value(u"disk"_qs).toObject().value(QLatin1StringView(k)).isDouble(), k);
    for (const char *k : {"bytes_sent", "bytes_recv"})
        QVERIFY2(system.value(u"network"_qs).toObject().value(QLatin1StringView(k)).isDouble(), k);
    const QJsonObject tasks = data.value(u"tasks"_qs).toObject();
    QCOMPARE(tasks.value(u"running_tasks"_qs).toInt(), 3);
    QCOMPARE(tasks.value(u"completed_today"_qs).toInt(), 17);
    QCOMPARE(tasks.value(u"success_rate"_qs).toDouble(), 88.2);
    QCOMPARE(tasks.value(u"total_completed"_qs).toInt(), 340);
    QCOMPARE(data.value(u"timestamp"_qs).toString(), u"2025-11-28T03:20:00.123Z"_qs);
    // And the push envelope.
    const QJsonObject push = QJsonDocument::fromJson(pushFrame(Type::MetricsUpdate, 42, 1764300000123, data)).object();
    QCOMPARE(push.value(u"type"_qs).toString(), u"metrics_update"_qs);
    QCOMPARE(push.value(u"seq"_qs).toInt(), 42);
    QVERIFY(!push.contains(u"id"_qs));
    QCOMPARE(push.value(u"data"_qs).toObject(), data);
}

void tst_Protocol::sampleRejects_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("cpu string") << u"system.cpu_percent"_qs << QJsonValue(u"high"_qs) << u"system.cpu_percent"_qs;
    QTest::newRow("memory missing") << u"system.memory"_qs << QJsonValue(QJsonValue::Undefined) << u"system.memory"_qs;
    QTest::newRow("negative total") << u"system.disk.total"_qs << QJsonValue(-5) << u"system.disk.total"_qs;
    QTest::newRow("rate over 100") << u"tasks.success_rate"_qs << QJsonValue(140) << u"success_rate"_qs;
    QTest::newRow("running string") << u"tasks.running_tasks"_qs << QJsonValue(u"3"_qs) << u"tasks.running_tasks"_qs;
    QTest::newRow("bad timestamp") << u"timestamp"_qs << QJsonValue(u"yesterday"_qs) << u"timestamp"_qs;
}

void tst_Protocol::sampleRejects()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, errorContains);
    QJsonObject data = sampleFixture().toJson();
    const QStringList parts = path.split(u'.');
    // Set data[parts...] = value (Undefined removes).
    std::function<void(QJsonObject &, int)> set = [&](QJsonObject &obj, int i) {
        if (i == parts.size() - 1) {
            if (value.isUndefined())
                obj.remove(parts[i]);
            else
                obj.insert(parts[i], value);
            return;
        }
        QJsonObject child = obj.value(parts[i]).toObject();
        set(child, i + 1);
        obj.insert(parts[i], child);
    };
    set(data, 0);
    QString error;
    QVERIFY(!MetricsSample::fromJson(data, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void tst_Protocol::timestamps()
{
    QCOMPARE(isoTimestamp(0), u"1970-01-01T00:00:00.000Z"_qs);
    QCOMPARE(parseIsoTimestamp(u"1970-01-01T00:00:01.500Z"_qs), 1500);
    QCOMPARE(parseIsoTimestamp(u"1970-01-01T00:00:01Z"_qs), 1000);
    QCOMPARE(parseIsoTimestamp(u"1970-01-01T09:00:00+09:00"_qs), 0);
    QCOMPARE(parseIsoTimestamp(u"1970-01-01T00:00:02"_qs), 2000); // no zone: UTC, as the ticket's utcnow()
    QCOMPARE(parseIsoTimestamp(u"not a time"_qs), -1);
    QCOMPARE(parseIsoTimestamp(QString()), -1);
}

void tst_Protocol::roles()
{
    Role r = Role::Viewer;
    QVERIFY(parseRole(u"admin"_qs, &r));
    QCOMPARE(r, Role::Admin);
    QVERIFY(!parseRole(u"root"_qs, &r));
    QCOMPARE(r, Role::Admin);
    QCOMPARE(roleName(Role::Operator), u"operator"_qs);
    QVERIFY(int(Role::Viewer) < int(Role::Operator) && int(Role::Operator) < int(Role::Admin));
}

void tst_Protocol::listsSkipMalformedItems()
{
    const QJsonObject good = sampleFixture().toJson();
    QJsonObject bad = good;
    bad.insert(u"timestamp"_qs, u"never"_qs);
    const auto samples = listFromJson<MetricsSample>(QJsonArray{good, bad, 42, good});
    QCOMPARE(samples.size(), 2);
    QCOMPARE(samples.first(), sampleFixture());
    QVERIFY(listFromJson<MetricsSample>(QJsonArray{}).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Protocol)
#include "tst_protocol.moc"
