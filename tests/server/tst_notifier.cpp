#include "server/notify/destination.h"
#include "server/health/diagnosis.h"
#include "server/notify/notifier.h"
#include "tests/support/httpreceiver.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using Receiver = testsupport::HttpReceiver;

namespace {

// A receiver for the hostile cases HttpReceiver does not play: one that accepts and never
// answers, one that answers 200 with an endless body, on IPv4 or IPv6 loopback.
class RawReceiver final : public QObject {
public:
    enum class Mode { Ok, Hang, Endless };
    explicit RawReceiver(Mode mode, const QHostAddress &address = QHostAddress::LocalHost) : m_mode(mode)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++accepted;
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    ++closed;
                    s->deleteLater();
                });
            }
        });
        m_server.listen(address, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    int accepted = 0;
    int closed = 0;
    int requests = 0;
    qint64 bodyBytesWritten = 0;

private:
    void onRead(QTcpSocket *s)
    {
        m_buffer += s->readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0 || !m_buffer.contains("\"type\""))
            return; // wait for the head and the JSON body
        m_buffer.clear();
        ++requests;
        if (m_mode == Mode::Hang)
            return; // never answers
        if (m_mode == Mode::Ok) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            s->disconnectFromHost();
            return;
        }
        s->write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n");
        const QByteArray chunk(64 * 1024, 'x');
        auto more = [this, s, chunk] {
            if (s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < 4 * chunk.size() && bodyBytesWritten < (1LL << 30)) {
                s->write(chunk);
                bodyBytesWritten += chunk.size();
            }
        };
        connect(s, &QTcpSocket::bytesWritten, this, more);
        more();
    }
    Mode m_mode;
    QTcpServer m_server;
    QByteArray m_buffer;
};

} // namespace

class tst_Notifier final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void destinations();
    void slackRetriesWithBackoffAndRetryAfter();
    void aRecoveredChannelSendsWhatWaitsAtOnce();
    void emailThroughARealSmtpServer();
    void digestInJapaneseThroughSmtp();
    void pendingSurvivesRestart();
    void internalDestinationRefusedUnlessAllowed();
    void internalAddresses_data();
    void internalAddresses();
    void ipv6LiteralDestination();
    void hangingWebhookDoesNotDelayEmail();
    void endlessAnswerIsCutOff();

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

// After an outage the backoff of a waiting notification has grown (here to 20 s); once another
// one goes through on that channel, the waiting one goes at once, not at the end of its backoff.
void tst_Notifier::aRecoveredChannelSendsWhatWaitsAtOnce()
{
    Receiver receiver;
    receiver.script = {{503, {}}, {503, {}}, {503, {}}};
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(receiver.port()));
    hook.allowCidrs = {u"127.0.0.0/8"_qs};
    Notifier notifier(m_store.get(), m_clock.get(), {hook}, {{}, {}, {}, {u"webhook"_qs}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    notifier.enqueue(alert(u"critical"_qs, u"first"_qs));
    QTRY_COMPARE(failed.size(), 1);
    m_clock->advance(6001);
    notifier.pump();
    QTRY_COMPARE(failed.size(), 2);
    m_clock->advance(12001);
    notifier.pump();
    QTRY_COMPARE(failed.size(), 3); // next try in 16 to 24 s
    const qint64 waiting = failed.at(0).at(0).toLongLong();
    // The receiver answers again; a new alert goes through at once...
    protocol::Alert second = alert(u"critical"_qs, u"second"_qs);
    second.id = u"alert-2"_qs;
    notifier.enqueue(second);
    QTRY_COMPARE(delivered.size(), 1);
    // ...and the first follows on the next poll, with no time passing on the clock.
    notifier.pump();
    QTRY_COMPARE(delivered.size(), 2);
    QCOMPARE(delivered.at(1).at(0).toLongLong(), waiting);
    QCOMPARE(status(waiting), u"sent"_qs);
    QCOMPARE(receiver.bodies.size(), 5);
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

void tst_Notifier::internalAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("internal");
    const QList<std::pair<const char *, bool>> rows = {
        {"127.0.0.1", true}, {"10.1.2.3", true}, {"172.31.255.255", true}, {"192.168.1.1", true}, {"100.64.0.1", true},
        {"169.254.169.254", true}, // cloud metadata
        {"0.0.0.0", true}, {"192.0.0.8", true},
        {"198.18.0.1", true}, {"198.19.255.254", true}, {"198.20.0.1", false}, // benchmarking 198.18.0.0/15
        {"240.0.0.1", true}, {"255.255.255.255", true},                         // reserved 240.0.0.0/4
        {"224.0.0.251", true}, {"239.255.255.250", true},                       // multicast 224.0.0.0/4
        {"93.184.216.34", false}, {"8.8.8.8", false}, {"223.255.255.255", false},
        {"::1", true}, {"::", true}, {"fe80::1", true}, {"fd00::1", true}, {"fec0::1", true},
        {"ff02::1", true}, {"ff0e::1", true}, // multicast ff00::/8
        {"::ffff:192.168.1.1", true}, {"::ffff:127.0.0.1", true}, {"::ffff:8.8.8.8", false},  // IPv4-mapped
        {"::127.0.0.1", true}, {"::10.0.0.1", true}, {"::8.8.8.8", false},                   // IPv4-compatible
        {"64:ff9b::7f00:1", true}, {"64:ff9b::a9fe:a9fe", true}, {"64:ff9b::808:808", false}, // NAT64
        {"64:ff9b:1::1", true},                                                              // local-use NAT64
        {"2002:7f00:1::1", true}, {"2002:a9fe:a9fe::1", true}, {"2002:c0a8:101::", true}, {"2002:808:808::1", false}, // 6to4
        {"2001:0:4136:e378:8000:63bf:80ff:fffe", true}, // Teredo, client 127.0.0.1 (inverted)
        {"2001:0:4136:e378:8000:63bf:f7f7:f7f7", false}, // Teredo, client 8.8.8.8
        {"2606:2800:220:1:248:1893:25c8:1946", false},
    };
    for (const auto &[address, internal] : rows)
        QTest::newRow(address) << QString::fromLatin1(address) << internal;
}

void tst_Notifier::internalAddresses()
{
    QFETCH(QString, address);
    QFETCH(bool, internal);
    QHostAddress a;
    QVERIFY(a.setAddress(address));
    QCOMPARE(isInternalAddress(a), internal);
    // What checkDestination makes of it, as a URL host.
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address + u']' : address;
    QHostAddress pinned;
    QString why;
    QCOMPARE(checkDestination(QUrl(u"https://"_qs + host + u"/hook"_qs), {u"https"_qs}, {}, &pinned, &why), !internal);
}

void tst_Notifier::ipv6LiteralDestination()
{
    RawReceiver receiver(RawReceiver::Mode::Ok, QHostAddress::LocalHostIPv6);
    QVERIFY(receiver.port() > 0);
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.kind = Channel::Kind::Webhook;
    hook.url = QUrl(QStringLiteral("http://[::1]:%1/hook").arg(receiver.port()), QUrl::StrictMode);
    QVERIFY(hook.url.isValid());
    Notifier refused(m_store.get(), m_clock.get(), {hook}, {{u"webhook"_qs}, {}, {}, {}});
    QSignalSpy refusedFailed(&refused, &Notifier::failedAttempt);
    refused.enqueue(alert(u"info"_qs, u"over IPv6, not allowed"_qs));
    QTRY_COMPARE(refusedFailed.size(), 1);
    QVERIFY2(refusedFailed.at(0).at(2).toString().contains(u"internal address"_qs), qPrintable(refusedFailed.at(0).at(2).toString()));
    QCOMPARE(receiver.requests, 0);
    QSqlQuery(m_store->database()).exec(u"DELETE FROM notifications"_qs);

    hook.allowCidrs = {u"::1/128"_qs};
    Notifier notifier(m_store.get(), m_clock.get(), {hook}, {{u"webhook"_qs}, {}, {}, {}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    notifier.enqueue(alert(u"info"_qs, u"over IPv6"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() == 1 || failed.size() > 0, 10000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(2).toString()));
    QCOMPARE(receiver.requests, 1);
}

void tst_Notifier::hangingWebhookDoesNotDelayEmail()
{
    const int port = qEnvironmentVariableIntValue("FORMAUTO_TEST_SMTP_PORT");
    const QString maildir = qEnvironmentVariable("FORMAUTO_TEST_MAILDIR");
    if (!port)
        REQUIRE_SERVICE_OR_SKIP("SMTP sink not started (run through ./build.sh test)");
    RawReceiver hang(RawReceiver::Mode::Hang);
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.kind = Channel::Kind::Webhook;
    hook.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(hang.port()));
    hook.allowCidrs = {u"127.0.0.0/8"_qs};
    hook.timeoutMs = 4000;
    Channel email;
    email.name = u"email"_qs;
    email.kind = Channel::Kind::Email;
    email.url = QUrl(QStringLiteral("smtp://localhost:%1").arg(port)); // a name: looked up without blocking
    email.startTls = false;
    email.from = u"formauto-ops@example.com"_qs;
    email.to = {u"hang-test@example.com"_qs};
    email.allowCidrs = {u"127.0.0.0/8"_qs, u"::1/128"_qs};
    // The webhook first: delivered one after the other, the email would wait for its timeout.
    Notifier notifier(m_store.get(), m_clock.get(), {hook, email}, {{}, {}, {}, {u"webhook"_qs, u"email"_qs}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    QElapsedTimer elapsed;
    elapsed.start();
    notifier.enqueue(alert(u"critical"_qs, u"next to a hanging webhook"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() == 1, 3000);
    const qint64 emailMs = elapsed.elapsed();
    QCOMPARE(delivered.at(0).at(1).toString(), u"email"_qs);
    QVERIFY2(emailMs < 2000, qPrintable(QStringLiteral("the email took %1 ms").arg(emailMs)));
    QVERIFY(failed.isEmpty()); // the webhook is still waiting
    QTRY_COMPARE(hang.requests, 1);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 8000);
    const qint64 webhookMs = elapsed.elapsed();
    QCOMPARE(failed.at(0).at(1).toString(), u"webhook"_qs);
    QVERIFY2(webhookMs >= 3500 && webhookMs < 7000, qPrintable(QStringLiteral("the webhook failed after %1 ms").arg(webhookMs)));
    QVERIFY2(failed.at(0).at(2).toString().contains(u"Timeout"_qs, Qt::CaseInsensitive), qPrintable(failed.at(0).at(2).toString()));
    // Recorded: pending for a retry, one attempt, the timeout as its last error.
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(u"SELECT status, attempts, last_error FROM notifications WHERE channel = 'webhook'"_qs) && q.next());
    QCOMPARE(q.value(0).toString(), u"pending"_qs);
    QCOMPARE(q.value(1).toInt(), 1);
    QVERIFY(q.value(2).toString().contains(u"Timeout"_qs, Qt::CaseInsensitive));
    QCOMPARE(notifier.health().value(u"webhook"_qs).lastError, failed.at(0).at(2).toString());
    // And the email is in the sink.
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const QString &sub : {u"new"_qs, u"cur"_qs}) {
            for (const QFileInfo &fi : QDir(maildir + u'/' + sub).entryInfoList(QDir::Files)) {
                QFile file(fi.filePath());
                if (file.open(QIODevice::ReadOnly) && file.readAll().contains("hang-test@example.com"))
                    return true;
            }
        }
        return false;
    }(), 10000);
}

void tst_Notifier::endlessAnswerIsCutOff()
{
    RawReceiver endless(RawReceiver::Mode::Endless);
    Channel hook;
    hook.name = u"webhook"_qs;
    hook.kind = Channel::Kind::Webhook;
    hook.url = QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(endless.port()));
    hook.allowCidrs = {u"127.0.0.0/8"_qs};
    hook.timeoutMs = 5000;
    Notifier notifier(m_store.get(), m_clock.get(), {hook}, {{u"webhook"_qs}, {}, {}, {}});
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QSignalSpy failed(&notifier, &Notifier::failedAttempt);
    QElapsedTimer elapsed;
    elapsed.start();
    notifier.enqueue(alert(u"info"_qs, u"answered at length"_qs));
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() == 1 || failed.size() > 0, 8000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(2).toString()));
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QTRY_COMPARE(endless.closed, 1); // the notifier hung up instead of reading on
    // What was written before it hung up: the 64 KiB read plus what socket buffers hold.
    QVERIFY2(endless.bodyBytesWritten < 32LL * 1024 * 1024, qPrintable(QString::number(endless.bodyBytesWritten)));
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
