#include "server/logging/jsonlogger.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_JsonLogger final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lineHasTheTicketFields();
    void escapesAndStaysOneLine();
};

void tst_JsonLogger::lineHasTheTicketFields()
{
    const QByteArray line = JsonLogger::formatLine(0, QtWarningMsg, "formauto.ops.api", u"slow client"_qs, {{u"bytes"_qs, 42}});
    const QJsonObject json = QJsonDocument::fromJson(line).object();
    QCOMPARE(json.value(u"timestamp"_qs).toString(), u"1970-01-01T00:00:00.000Z"_qs);
    QCOMPARE(json.value(u"level"_qs).toString(), u"WARNING"_qs);
    QCOMPARE(json.value(u"logger"_qs).toString(), u"formauto.ops.api"_qs);
    QCOMPARE(json.value(u"message"_qs).toString(), u"slow client"_qs);
    QCOMPARE(json.value(u"extra"_qs).toObject().value(u"bytes"_qs).toInt(), 42);
    // Python logging's names for the levels.
    QCOMPARE(QJsonDocument::fromJson(JsonLogger::formatLine(0, QtCriticalMsg, "x", {}, {})).object().value(u"level"_qs).toString(), u"ERROR"_qs);
    QCOMPARE(QJsonDocument::fromJson(JsonLogger::formatLine(0, QtInfoMsg, "x", {}, {})).object().value(u"level"_qs).toString(), u"INFO"_qs);
}

void tst_JsonLogger::escapesAndStaysOneLine()
{
    const QByteArray line = JsonLogger::formatLine(0, QtInfoMsg, "x", u"two\nlines \"quoted\" 日本語"_qs, {});
    QVERIFY(!line.contains('\n'));
    QCOMPARE(QJsonDocument::fromJson(line).object().value(u"message"_qs).toString(), u"two\nlines \"quoted\" 日本語"_qs);
}

QTEST_GUILESS_MAIN(tst_JsonLogger)
#include "tst_jsonlogger.moc"
