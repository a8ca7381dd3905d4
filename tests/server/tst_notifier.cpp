#include "server/notify/destination.h"
#include "server/health/diagnosis.h"
#include "server/notify/notifier.h"
#include "tests/support/httpreceiver.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using Receiver = testsupport::HttpReceiver;

class tst_Notifier final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void destinations();
    void slackRetriesWithBackoffAndRetryAfter();
    void emailThroughARealSmtpServer();
    void digestInJapaneseThroughSmtp();
    void pendingSurvivesRestart();
    void internalDestinationRefusedUnlessAllowed();

private:
    protocol::Alert alert(const QString &level, const QString &title) const;
    QString status(qint64 id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsStore> m_store;
    std::unique_ptr<ManualClock> m_clock;
};

void tst_Notifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    DatabaseUrl url;
    url.path = m_dir->filePath(u"ops.db"_qs);
    m_store = std::make_unique<OpsStore>(url, u"notify"_qs);
    QString error;
    QVERIFY2(m_store->open(&error), qPrintable(error));
    m_clock = std::make_unique<ManualClock>(1764300000000);
}

void tst_Notifier::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

protocol::Alert tst_Notifier::alert(const QString &level, const QString &title) const
{
    protocol::Alert a;
    a.id = u"alert-1"_qs;
    a.seq = 1;
    a.level = level;
    a.title = title;
    a.message = u"cpu_percent is 97.0"_qs;
    a.state = u"firing"_qs;
    a.firedAtMs = m_clock->nowMs();
    return a;
}

QString tst_Notifier::status(qint64 id) const
{
    QSqlQuery q(m_store->database());
    q.prepare(u"SELECT status FROM notifications WHERE id = ?"_qs);
    q.addBindValue(id);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

void tst_Notifier::destinations()
{
    QVERIFY(isInternalAddress(QHostAddress(u"127.0.0.1"_qs)));
    QVERIFY(isInternalAddress(QHostAddress(u"10.1.2.3"_qs)));
    QVERIFY(isInternalAddress(QHostAddress(u"169.254.169.254"_qs))); // cloud metadata
    QVERIFY(isInternalAddress(QHostAddress(u"::ffff:192.168.1.1"_qs)));
    QVERIFY(isInternalAddress(QHostAddress(u"fe80::1"_qs)));
    QVERIFY(!isInternalAddress(QHostAddress(u"93.184.216.34"_qs)));
    QHostAddress pinned;
    QString why;
    QVERIFY(!checkDestination(QUrl(u"ftp://example.com/x"_qs), {u"https"_qs}, {}, &pinned, &why));
    QVERIFY(!checkDestination(QUrl(u"https://127.0.0.1/x"_qs), {u"https"_qs}, {}, &pinned, &why));
    QVERIFY(why.contains(u"allow_destinations"_qs));
    QVERIFY(checkDestination(QUrl(u"https://127.0.0.1/x"_qs), {u"https"_qs}, {u"127.0.0.0/8"_qs}, &pinned, &why));
    QCOMPARE(pinned, QHostAddress(u"127.0.0.1"_qs));
    QCOMPARE(Notifier::backoffMs(1, 0.5), 5000);
    QCOMPARE(Notifier::backoffMs(3, 0.5), 20000);
    QCOMPARE(Notifier::backoffMs(30, 0.5), 3600000);
    QCOMPARE(Notifier::backoffMs(1, 0.0), 4000);
}

void tst_Notifier::slackRetriesWithBackoffAndRetryAfter()
{
    Receiver receiver;
    receiver.script = {{503, {}}, {429, "Retry-After: 120\r\n"}};
    Channel slack;
    slack.name = u"slack"_qs;
    slack.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(receiver.port()));
    slack.allowCidrs = {u"127.0.0.0/8"_qs}; // the tests' receivers are on loopback
    Notifier notifier(m_store.get(), m_clock.get(), {slack}, {{}, {}, {}, {u"slack"_qs}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    notifier.enqueue(alert(u"critical"_qs, u"<b>CPU</b> on fire"_qs));
    QTRY_COMPARE(failed.size(), 1); // 503
    QCOMPARE(failed.at(0).at(2).toString(), u"HTTP 503"_qs);
    notifier.pump();
    QTest::qWait(100);
    QCOMPARE(receiver.bodies.size(), 1); // not due yet: nothing sent again
    m_clock->advance(6001);               // past the first backoff (5 s +- 20 %)
    notifier.pump();
    QTRY_COMPARE(failed.size(), 2);       // 429 with Retry-After: 120
    m_clock->advance(100000);
    notifier.pump();
    QTest::qWait(100);
    QCOMPARE(receiver.bodies.size(), 2);  // Retry-After is honoured over the shorter backoff
    m_clock->advance(21000);
    notifier.pump();
    QTRY_COMPARE(delivered.size(), 1);
    QCOMPARE(receiver.bodies.size(), 3);
    QCOMPARE(status(delivered.at(0).at(0).toLongLong()), u"sent"_qs);
    // The ticket's Slack payload, the title as text.
    const QJsonObject attachment = QJsonDocument::fromJson(receiver.bodies.last()).object().value(u"attachments"_qs).toArray().at(0).toObject();
    QCOMPARE(attachment.value(u"color"_qs).toString(), u"#8b0000"_qs);
    QCOMPARE(attachment.value(u"title"_qs).toString(), u"<b>CPU</b> on fire"_qs);
    QCOMPARE(attachment.value(u"fields"_qs).toArray().at(0).toObject().value(u"value"_qs).toString(), u"CRITICAL"_qs);
    QCOMPARE(notifier.health().value(u"slack"_qs).queued, 0);
}

void tst_Notifier::emailThroughARealSmtpServer()
{
    const int port = qEnvironmentVariableIntValue("FORMAUTO_TEST_SMTP_PORT");
    const QString maildir = qEnvironmentVariable("FORMAUTO_TEST_MAILDIR");
    if (!port)
        REQUIRE_SERVICE_OR_SKIP("SMTP sink not started (run through ./build.sh test)");
    Channel email;
    email.name = u"email"_qs;
    email.kind = Channel::Kind::Email;
    email.url = QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(port));
    email.startTls = false; // the sink speaks plain SMTP
    email.from = u"formauto-ops@example.com"_qs;
    email.to = {u"oncall@example.com"_qs, u"lead@example.com"_qs};
    email.allowCidrs = {u"127.0.0.0/8"_qs};
    Notifier notifier(m_store.get(), m_clock.get(), {email}, {{}, {}, {u"email"_qs}, {u"email"_qs}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    const QString title = u"ディスク使用率 93 % <script>"_qs;
    notifier.enqueue(alert(u"error"_qs, title));
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() == 1 || failed.size() > 0, 15000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(2).toString()));
    // The sink stores each message as a file in a Maildir.
    QByteArray message;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const QString &sub : {u"new"_qs, u"cur"_qs}) {
            const QDir dir(maildir + u'/' + sub);
            for (const QFileInfo &f : dir.entryInfoList(QDir::Files, QDir::Time)) {
                QFile file(f.filePath());
                if (file.open(QIODevice::ReadOnly)) {
                    const QByteArray content = file.readAll();
                    if (content.contains("oncall@example.com") && content.contains(QStringLiteral("[ERROR] %1").arg(title).toUtf8().toBase64())) {
                        message = content;
                        return true;
                    }
                }
            }
        }
        return false;
    }(), 10000);
    QVERIFY(message.contains("To: oncall@example.com, lead@example.com"));
    QVERIFY(message.contains("Message-ID: <alert-1."));
    QVERIFY(message.contains("multipart/alternative"));
    // The HTML part escapes the title.
    const qsizetype html = message.indexOf("text/html");
    QVERIFY(html > 0);
    // The sink stores the message with LF line ends: find the body by either.
    QByteArray normalized = message;
    normalized.replace("\r\n", "\n");
    const qsizetype bodyStart = normalized.indexOf("\n\n", normalized.indexOf("text/html")) + 2;
    const QByteArray htmlPart = QByteArray::fromBase64(normalized.mid(bodyStart, normalized.indexOf("\n--", bodyStart) - bodyStart).simplified());
    QVERIFY2(htmlPart.contains("&lt;script&gt;") && !htmlPart.contains("<script>"), htmlPart.constData());
}

void tst_Notifier::pendingSurvivesRestart()
{
    Receiver receiver;
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.kind = Channel::Kind::Webhook;
    hook.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(receiver.port()));
    hook.allowCidrs = {u"127.0.0.1/32"_qs};
    {
        Receiver down; // nothing answers at this port once it is gone
        Channel gone = hook;
        gone.url.setPort(down.port());
        Notifier first(m_store.get(), m_clock.get(), {gone}, {{u"webhook"_qs}, {}, {}, {}});
        first.enqueue(alert(u"info"_qs, u"first start"_qs));
        // stopped before delivering (like a kill): the row stays pending
    }
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM notifications WHERE status = 'pending'"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // The same row, delivered by the next start to the configured receiver.
    Notifier second(m_store.get(), m_clock.get(), {hook}, {{u"webhook"_qs}, {}, {}, {}});
    QSignalSpy delivered(&second, &Notifier::delivered);
    m_clock->advance(3600000);
    second.pump();
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
    QCOMPARE(QJsonDocument::fromJson(receiver.bodies.last()).object().value(u"alert"_qs).toObject().value(u"title"_qs).toString(),
             u"first start"_qs);
}

void tst_Notifier::internalDestinationRefusedUnlessAllowed()
{
    Receiver receiver;
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.kind = Channel::Kind::Webhook;
    hook.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(receiver.port()));
    Notifier notifier(m_store.get(), m_clock.get(), {hook}, {{u"webhook"_qs}, {}, {}, {}});
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    notifier.enqueue(alert(u"info"_qs, u"to loopback"_qs));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(2).toString().contains(u"internal address"_qs), qPrintable(failed.at(0).at(2).toString()));
    QVERIFY(receiver.bodies.isEmpty()); // nothing was sent
}

// The daily diagnosis digest goes through the same outbox to the email channel, in Japanese.
void tst_Notifier::digestInJapaneseThroughSmtp()
{
    const int port = qEnvironmentVariableIntValue("FORMAUTO_TEST_SMTP_PORT");
    const QString maildir = qEnvironmentVariable("FORMAUTO_TEST_MAILDIR");
    if (!port)
        REQUIRE_SERVICE_OR_SKIP("SMTP sink not started (run through ./build.sh test)");
    Channel email;
    email.name = u"email"_qs;
    email.kind = Channel::Kind::Email;
    email.url = QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(port));
    email.startTls = false;
    email.from = u"formauto-ops@example.com"_qs;
    email.to = {u"digest@example.com"_qs};
    email.allowCidrs = {u"127.0.0.0/8"_qs};
    Notifier notifier(m_store.get(), m_clock.get(), {email}, {});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    Finding f;
    f.rule = u"disk_full"_qs;
    f.severity = u"critical"_qs;
    f.params = {{u"hours"_qs, 5.5}};
    f.title = u"The disk will be full in about 5.5 hours"_qs;
    const diagnosis::Digest d = diagnosis::digest({f}, m_clock->nowMs(), u"ja"_qs);
    QVERIFY(d.subject.contains(u"日次診断"_qs));
    QVERIFY(d.plain.contains(u"[重大] 約 5.5 時間でディスクが満杯になります"_qs));
    QVERIFY(notifier.enqueueEmail(u"digest:1"_qs, d.subject, d.plain, d.html));
    notifier.start(50);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const QString &sub : {u"new"_qs, u"cur"_qs}) {
            for (const QFileInfo &fi : QDir(maildir + u'/' + sub).entryInfoList(QDir::Files)) {
                QFile file(fi.filePath());
                if (file.open(QIODevice::ReadOnly) && file.readAll().contains(d.subject.toUtf8().toBase64()))
                    return true;
            }
        }
        return false;
    }(), 10000);
    // Without an email channel there is nowhere to send it.
    Notifier none(m_store.get(), m_clock.get(), {}, {});
    QVERIFY(!none.enqueueEmail(u"digest:2"_qs, d.subject, d.plain, d.html));
    const diagnosis::Digest en = diagnosis::digest({}, m_clock->nowMs(), u"en"_qs);
    QVERIFY(en.plain.contains(u"Nothing looks wrong."_qs));
}

QTEST_GUILESS_MAIN(tst_Notifier)
#include "tst_notifier.moc"
