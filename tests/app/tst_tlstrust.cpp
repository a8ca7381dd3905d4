#include "app/opsclient.h"
#include "app/serveraddress.h"
#include "app/serverprofiles.h"
#include "app/tlstrust.h"
#include "tests/app/tlsfixture.h"
#include "tests/support/daemonprocess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// TLS in the console: addresses typed by people, SSH-style pinning of unverifiable
// certificates, CA-signed certificates and an extra CA file, against a TLS WebSocket server
// on loopback with certificates made by openssl for the test.
class tst_TlsTrust final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parseAddress_data();
    void parseAddress();
    void insecureRemote_data();
    void insecureRemote();
    void judge_data();
    void judge();
    void firstConnectAsksAndPinsThenSilent();
    void rejectedCertificateStaysDisconnected();
    void changedCertificateRefused_data();
    void changedCertificateRefused();
    void caSignedCertificate_data();
    void caSignedCertificate();
    void unreadableCaFileFails();
    void pinKeptInProfile();
    void realDaemonWithTlsOn();

private:
    QString path(const QString &file) const { return m_dir.filePath(file); }
    QSslCertificate certificate(const QString &name) const;
    static OpsClient *newClient(QObject *parent);

    QTemporaryDir m_dir;
    QString m_fingerprintA, m_fingerprintB;
};

void tst_TlsTrust::initTestCase()
{
    using namespace tlsfixture;
    QVERIFY(m_dir.isValid());
    const QString d = m_dir.path();
    QVERIFY(selfSigned(d, u"a"_qs, u"opsd-a"_qs));
    QVERIFY(selfSigned(d, u"b"_qs, u"opsd-b"_qs));
    QVERIFY(selfSigned(d, u"ca"_qs, u"Test Ops CA"_qs, u"DNS:ca.invalid"_qs));
    QVERIFY(signedBy(d, u"ca"_qs, u"leaf"_qs, u"IP:127.0.0.1"_qs));
    QVERIFY(signedBy(d, u"ca"_qs, u"othername"_qs, u"DNS:other.example"_qs));
    m_fingerprintA = opensslFingerprint(d, u"a"_qs);
    m_fingerprintB = opensslFingerprint(d, u"b"_qs);
    QCOMPARE(m_fingerprintA.size(), 95); // 32 pairs and 31 colons
}

QSslCertificate tst_TlsTrust::certificate(const QString &name) const
{
    QFile f(path(name + u".crt"_qs));
    return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll(), QSsl::Pem) : QSslCertificate();
}

OpsClient *tst_TlsTrust::newClient(QObject *parent)
{
    auto *client = new OpsClient(parent);
    client->setReconnectDelays(100, 200);
    return client;
}

void tst_TlsTrust::parseAddress_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("wss as typed") << u"wss://ops.example.net:9000/ws"_qs << u"wss://ops.example.net:9000/ws"_qs;
    QTest::newRow("https means wss") << u"https://ops.example.net:8765"_qs << u"wss://ops.example.net:8765/ws"_qs;
    QTest::newRow("HTTPS upper case") << u"HTTPS://ops.example.net/"_qs << u"wss://ops.example.net:8765/ws"_qs;
    QTest::newRow("http means ws") << u"http://127.0.0.1:8765"_qs << u"ws://127.0.0.1:8765/ws"_qs;
    QTest::newRow("ws kept even remote") << u"ws://10.0.0.5:8765"_qs << u"ws://10.0.0.5:8765/ws"_qs;
    QTest::newRow("bare remote is TLS") << u"ops.example.net:9000"_qs << u"wss://ops.example.net:9000/ws"_qs;
    QTest::newRow("bare loopback is plain") << u" 127.0.0.1 "_qs << u"ws://127.0.0.1:8765/ws"_qs;
    QTest::newRow("bare localhost") << u"localhost:8765"_qs << u"ws://localhost:8765/ws"_qs;
    QTest::newRow("bare IPv6 loopback") << u"[::1]:8765"_qs << u"ws://[::1]:8765/ws"_qs;
    QTest::newRow("proxy path kept") << u"wss://proxy.example.net/opsd/ws"_qs << u"wss://proxy.example.net:8765/opsd/ws"_qs;
    QTest::newRow("empty") << u""_qs << QString();
    QTest::newRow("other scheme") << u"ftp://ops.example.net"_qs << QString();
    QTest::newRow("credentials in address") << u"wss://admin:secret@ops.example.net"_qs << QString();
    QTest::newRow("no host") << u"wss://"_qs << QString();
    QTest::newRow("huge") << QString(5000, u'a') << QString();
}

void tst_TlsTrust::parseAddress()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QString error;
    const auto url = serveraddress::parse(typed, &error);
    if (expected.isEmpty()) {
        QVERIFY(!url);
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->toString(), expected);
    }
}

void tst_TlsTrust::insecureRemote_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("insecure");
    QTest::newRow("ws remote") << u"ws://10.0.0.5:8765/ws"_qs << true;
    QTest::newRow("ws remote name") << u"ws://ops.example.net:8765/ws"_qs << true;
    QTest::newRow("ws loopback") << u"ws://127.0.0.1:8765/ws"_qs << false;
    QTest::newRow("ws loopback 127.0.0.2") << u"ws://127.0.0.2:8765/ws"_qs << false;
    QTest::newRow("ws localhost") << u"ws://localhost:8765/ws"_qs << false;
    QTest::newRow("ws ::1") << u"ws://[::1]:8765/ws"_qs << false;
    QTest::newRow("wss remote") << u"wss://10.0.0.5:8765/ws"_qs << false;
}

void tst_TlsTrust::insecureRemote()
{
    QFETCH(QString, url);
    QFETCH(bool, insecure);
    QCOMPARE(serveraddress::isInsecureRemote(QUrl(url)), insecure);
}

void tst_TlsTrust::judge_data()
{
    QTest::addColumn<bool>("pinA");
    QTest::addColumn<QString>("presented"); // leaf of the chain
    QTest::addColumn<QList<int>>("errors");   // error codes, about the presented certificate
    QTest::addColumn<int>("verdict");
    const auto v = [](TlsTrust::Verdict x) { return int(x); };
    QTest::newRow("unknown self-signed: ask") << false << u"a"_qs << QList<int>{QSslError::SelfSignedCertificate} << v(TlsTrust::Verdict::Ask);
    QTest::newRow("unknown, wrong name too: ask") << false << u"a"_qs
                                                  << QList<int>{QSslError::SelfSignedCertificate, QSslError::HostNameMismatch}
                                                  << v(TlsTrust::Verdict::Ask);
    QTest::newRow("pinned and matching") << true << u"a"_qs << QList<int>{QSslError::SelfSignedCertificate} << v(TlsTrust::Verdict::Trusted);
    QTest::newRow("pinned, other name") << true << u"a"_qs << QList<int>{QSslError::HostNameMismatch} << v(TlsTrust::Verdict::Trusted);
    QTest::newRow("pinned, other certificate") << true << u"b"_qs << QList<int>{QSslError::SelfSignedCertificate}
                                               << v(TlsTrust::Verdict::Changed);
    QTest::newRow("pinned but expired") << true << u"a"_qs
                                        << QList<int>{QSslError::SelfSignedCertificate, QSslError::CertificateExpired}
                                        << v(TlsTrust::Verdict::Refused);
    QTest::newRow("unknown and expired: no question") << false << u"a"_qs << QList<int>{QSslError::CertificateExpired}
                                                      << v(TlsTrust::Verdict::Refused);
    QTest::newRow("bad signature") << true << u"a"_qs << QList<int>{QSslError::CertificateSignatureFailed}
                                   << v(TlsTrust::Verdict::Refused);
}

void tst_TlsTrust::judge()
{
    QFETCH(bool, pinA);
    QFETCH(QString, presented);
    QFETCH(QList<int>, errors);
    QFETCH(int, verdict);
    const QSslCertificate leaf = certificate(presented);
    QVERIFY(!leaf.isNull());
    QList<QSslError> list;
    for (int e : errors)
        list << QSslError(QSslError::SslError(e), leaf);
    const auto d = TlsTrust::judge(pinA ? m_fingerprintA : QString(), {leaf}, list);
    QCOMPARE(int(d.verdict), verdict);
    if (d.verdict == TlsTrust::Verdict::Trusted)
        QCOMPARE(d.ignore, list);
    else
        QVERIFY(d.ignore.isEmpty());
    if (d.verdict == TlsTrust::Verdict::Refused)
        QVERIFY(!d.reason.isEmpty());

    // An error about a certificate this server did not present is never excused by the pin.
    const auto other = TlsTrust::judge(m_fingerprintA, {certificate(u"a"_qs)},
                                       {QSslError(QSslError::SelfSignedCertificate, certificate(u"b"_qs))});
    QCOMPARE(other.verdict, TlsTrust::Verdict::Refused);
    QCOMPARE(TlsTrust::judge(QString(), {}, {}).verdict, TlsTrust::Verdict::Refused);
}

void tst_TlsTrust::firstConnectAsksAndPinsThenSilent()
{
    tlsfixture::FakeDaemon daemon;
    QVERIFY(daemon.listen(m_dir.path(), u"a"_qs));
    const QUrl url(QStringLiteral("wss://127.0.0.1:%1").arg(daemon.port()));

    OpsClient *first = newClient(this);
    QSignalSpy asked(first, &OpsClient::trustRequested);
    QSignalSpy pinned(first, &OpsClient::certificatePinned);
    first->connectWithToken(url, u"secret-token"_qs);
    QVERIFY(asked.wait(10000));
    const auto info = asked.at(0).at(0).value<CertificateInfo>();
    QCOMPARE(info.sha256, m_fingerprintA); // the same text `openssl x509 -fingerprint -sha256` prints
    QCOMPARE(info.server, QStringLiteral("127.0.0.1:%1").arg(daemon.port()));
    QVERIFY2(info.subject.contains(u"CN=opsd-a"_qs), qPrintable(info.subject));
    QVERIFY(info.names.contains(u"127.0.0.1"_qs));
    QVERIFY(info.selfSigned);
    QVERIFY(info.notAfter > QDateTime::currentDateTimeUtc());
    QVERIFY(info.errors.contains(QSslError::SelfSignedCertificate));
    QCOMPARE(first->pendingCertificate().sha256, m_fingerprintA);
    QCOMPARE(first->state(), OpsClient::State::Disconnected);
    QVERIFY(daemon.received().isEmpty()); // nothing, least of all the token, before the answer

    first->acceptCertificate(m_fingerprintB); // an answer about another certificate does nothing
    QCOMPARE(pinned.size(), 0);
    first->acceptCertificate(m_fingerprintA.toLower());
    QCOMPARE(pinned.size(), 1);
    QCOMPARE(pinned.at(0).at(0).toString(), m_fingerprintA);
    QTRY_COMPARE_WITH_TIMEOUT(first->state(), OpsClient::State::Connected, 10000);
    QCOMPARE(asked.size(), 1);
    QVERIFY(first->isEncrypted());
    QCOMPARE(first->tlsVersion(), u"TLS 1.3"_qs);
    QCOMPARE(TlsTrust::fingerprint(first->peerCertificate()), m_fingerprintA);
    QCOMPARE(daemon.received().first().value(u"type"_qs).toString(), u"auth"_qs);
    QCOMPARE(daemon.received().first().value(u"data"_qs).toObject().value(u"token"_qs).toString(), u"secret-token"_qs);
    delete first;

    // Next time, with the pin: silent.
    OpsClient *second = newClient(this);
    QSignalSpy askedAgain(second, &OpsClient::trustRequested);
    second->setTlsTrust(m_fingerprintA, {});
    second->connectWithPassword(url, u"admin"_qs, u"pw"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(second->state(), OpsClient::State::Connected, 10000);
    QCOMPARE(askedAgain.size(), 0);
    QVERIFY(second->isEncrypted());
    delete second;
}

void tst_TlsTrust::rejectedCertificateStaysDisconnected()
{
    tlsfixture::FakeDaemon daemon;
    QVERIFY(daemon.listen(m_dir.path(), u"a"_qs));
    OpsClient client;
    client.setReconnectDelays(100, 200);
    QSignalSpy asked(&client, &OpsClient::trustRequested);
    client.connectWithPassword(QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(daemon.port())), u"admin"_qs, u"pw"_qs);
    QVERIFY(asked.wait(10000));
    QSignalSpy states(&client, &OpsClient::stateChanged);
    client.rejectCertificate();
    QTest::qWait(600); // several reconnect delays
    QCOMPARE(states.size(), 0);
    QCOMPARE(client.state(), OpsClient::State::Disconnected);
    QCOMPARE(asked.size(), 1);
    QVERIFY(daemon.received().isEmpty());
    client.acceptCertificate(m_fingerprintA); // too late: nothing is pending
    QCOMPARE(client.state(), OpsClient::State::Disconnected);
}

void tst_TlsTrust::changedCertificateRefused_data()
{
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<bool>("withCa");
    QTest::newRow("another self-signed") << u"b"_qs << false;
    QTest::newRow("a CA-signed one, valid for the name") << u"leaf"_qs << true;
}

void tst_TlsTrust::changedCertificateRefused()
{
    QFETCH(QString, replacement);
    QFETCH(bool, withCa);
    auto daemon = std::make_unique<tlsfixture::FakeDaemon>();
    QVERIFY(daemon->listen(m_dir.path(), u"a"_qs));
    const quint16 port = daemon->port();
    OpsClient client;
    client.setReconnectDelays(100, 200);
    client.setTlsTrust(m_fingerprintA, withCa ? path(u"ca.crt"_qs) : QString());
    client.connectWithToken(QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(port)), u"secret-token"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);

    // The same address now presents another certificate (the client reconnects by itself).
    daemon = std::make_unique<tlsfixture::FakeDaemon>();
    QSignalSpy asked(&client, &OpsClient::trustRequested);
    QSignalSpy changed(&client, &OpsClient::certificateChanged);
    QVERIFY(daemon->listen(m_dir.path(), replacement, port));
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.at(0).at(0).toString(), m_fingerprintA);
    const auto presented = changed.at(0).at(1).value<CertificateInfo>();
    QCOMPARE(presented.sha256, tlsfixture::opensslFingerprint(m_dir.path(), replacement));
    QVERIFY(presented.sha256 != m_fingerprintA);
    QTRY_COMPARE(client.state(), OpsClient::State::Disconnected);
    QSignalSpy states(&client, &OpsClient::stateChanged);
    QTest::qWait(600);
    QCOMPARE(states.size(), 0); // not retried
    QCOMPARE(asked.size(), 0);  // no question: no click-through
    QCOMPARE(changed.size(), 1);
    QCOMPARE(client.pinnedCertificate(), m_fingerprintA); // the pin is not replaced behind the operator's back
    QVERIFY(daemon->received().isEmpty());              // the token never went to the new certificate
}

void tst_TlsTrust::caSignedCertificate_data()
{
    QTest::addColumn<QString>("served");
    QTest::addColumn<bool>("withCa");
    QTest::addColumn<bool>("silent");
    QTest::addColumn<int>("expectedError"); // among the reasons asked about
    QTest::newRow("with the CA file") << u"leaf"_qs << true << true << -1;
    QTest::newRow("without it") << u"leaf"_qs << false << false << int(QSslError::UnableToGetLocalIssuerCertificate);
    QTest::newRow("CA file, other host name") << u"othername"_qs << true << false << int(QSslError::HostNameMismatch);
}

void tst_TlsTrust::caSignedCertificate()
{
    QFETCH(QString, served);
    QFETCH(bool, withCa);
    QFETCH(bool, silent);
    QFETCH(int, expectedError);
    tlsfixture::FakeDaemon daemon;
    QVERIFY(daemon.listen(m_dir.path(), served));
    OpsClient client;
    client.setTlsTrust({}, withCa ? path(u"ca.crt"_qs) : QString());
    QSignalSpy asked(&client, &OpsClient::trustRequested);
    QSignalSpy failed(&client, &OpsClient::tlsFailed);
    client.connectWithToken(QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(daemon.port())), u"secret-token"_qs);
    if (silent) {
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
        QCOMPARE(asked.size(), 0);
        QVERIFY(client.isEncrypted());
        QVERIFY(client.pinnedCertificate().isEmpty()); // nothing to pin: the CA vouches for it
    } else {
        QVERIFY(asked.wait(10000));
        const auto info = asked.at(0).at(0).value<CertificateInfo>();
        QVERIFY2(info.errors.contains(QSslError::SslError(expectedError)),
                 qPrintable(QStringLiteral("%1").arg(TlsTrust::errorText(info.errors.value(0)))));
        QVERIFY(daemon.received().isEmpty());
        QCOMPARE(client.state(), OpsClient::State::Disconnected);
    }
    QCOMPARE(failed.size(), 0);
}

void tst_TlsTrust::unreadableCaFileFails()
{
    tlsfixture::FakeDaemon daemon;
    QVERIFY(daemon.listen(m_dir.path(), u"leaf"_qs));
    QFile notPem(path(u"not-a-ca.pem"_qs));
    QVERIFY(notPem.open(QIODevice::WriteOnly));
    notPem.write("hello\n");
    notPem.close();
    for (const QString &caFile : {path(u"missing.pem"_qs), notPem.fileName()}) {
        OpsClient client;
        client.setTlsTrust({}, caFile);
        QSignalSpy failed(&client, &OpsClient::tlsFailed);
        client.connectWithToken(QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(daemon.port())), u"secret-token"_qs);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.at(0).at(0).toString().contains(caFile), qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(client.state(), OpsClient::State::Disconnected);
    }
    QCOMPARE(daemon.connections(), 0);
}

void tst_TlsTrust::pinKeptInProfile()
{
    const QString file = path(u"profiles.ini"_qs);
    {
        ServerProfilesModel profiles(std::make_unique<QSettings>(file, QSettings::IniFormat));
        profiles.upsert({u"prod"_qs, QUrl(u"wss://ops.example.net:8765/ws"_qs), u"admin"_qs, false, false, {}, path(u"ca.crt"_qs)});
        QVERIFY(profiles.setPin(u"prod"_qs, m_fingerprintA));
        QVERIFY(!profiles.setPin(u"nope"_qs, m_fingerprintA));
    }
    ServerProfilesModel again(std::make_unique<QSettings>(file, QSettings::IniFormat));
    QCOMPARE(again.rowCount(), 1);
    QCOMPARE(again.profiles().at(0).pinnedSha256, m_fingerprintA);
    QCOMPARE(again.profiles().at(0).caFile, path(u"ca.crt"_qs));
    QCOMPARE(again.indexOfUrl(QUrl(u"https://ops.example.net"_qs)), 0); // the same daemon, as typed another way
    QCOMPARE(again.indexOfUrl(QUrl(u"wss://ops.example.net:9999"_qs)), -1);
    QVERIFY(again.setPin(u"prod"_qs, {})); // forgetting is deliberate, and sticks
    ServerProfilesModel third(std::make_unique<QSettings>(file, QSettings::IniFormat));
    QVERIFY(third.profiles().at(0).pinnedSha256.isEmpty());
}

// End to end: formauto-opsd started with tls = "on" makes its certificate; the console is
// asked about exactly the fingerprint `formauto-opsd tls fingerprint` prints, pins it, logs in
// over TLS, and connects silently the next time.
void tst_TlsTrust::realDaemonWithTlsOn()
{
    const QString binary = qEnvironmentVariable("FORMAUTO_OPSD");
    if (binary.isEmpty())
        QSKIP("FORMAUTO_OPSD is not set (run through ctest)");
    QTemporaryDir base;
    DaemonProcess daemon(binary, base.filePath(u"data"_qs));
    QString error;
    QVERIFY2(daemon.start("[server]\nlisten = \"127.0.0.1:0\"\ntls = \"on\"\n[monitoring]\ninterval_seconds = 1\n"
                          "[auth]\npassword_hash_strength = \"interactive\"\n",
                          {}, &error),
             qPrintable(error));
    const DaemonProcess::Run cli = daemon.cli({u"tls"_qs, u"fingerprint"_qs});
    QCOMPARE(cli.exitCode, 0);
    const QString printed = QString::fromUtf8(cli.out).section(u' ', 1, 1);
    QCOMPARE(printed.size(), 95);
    QFile passwordFile(daemon.dataDir() + u"/initial-admin-password"_qs);
    QVERIFY(passwordFile.open(QIODevice::ReadOnly));
    const QString password = QString::fromUtf8(passwordFile.readAll()).trimmed();
    const QUrl typed(QStringLiteral("https://127.0.0.1:%1").arg(daemon.port())); // as an operator might type it

    OpsClient first;
    QSignalSpy asked(&first, &OpsClient::trustRequested);
    QSignalSpy authenticated(&first, &OpsClient::authenticated);
    first.connectWithPassword(typed, u"admin"_qs, password);
    QVERIFY(asked.wait(15000));
    QCOMPARE(asked.at(0).at(0).value<CertificateInfo>().sha256, printed);
    QCOMPARE(authenticated.size(), 0);
    first.acceptCertificate(printed);
    QVERIFY(authenticated.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), OpsClient::State::Connected, 10000);
    QVERIFY(first.isEncrypted());
    QVERIFY2(first.tlsVersion() == u"TLS 1.3"_qs || first.tlsVersion() == u"TLS 1.2"_qs, qPrintable(first.tlsVersion()));
    QCOMPARE(first.server().scheme(), u"wss"_qs);
    QSignalSpy samples(&first, &OpsClient::sampleReceived);
    QVERIFY(samples.wait(5000)); // pushes arrive over TLS
    const QString token = first.token();

    OpsClient second;
    QSignalSpy askedAgain(&second, &OpsClient::trustRequested);
    second.setTlsTrust(printed, {});
    second.connectWithToken(typed, token);
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), OpsClient::State::Connected, 15000);
    QCOMPARE(askedAgain.size(), 0);

    // A console that pinned another certificate for this address refuses this daemon.
    OpsClient third;
    QSignalSpy changed(&third, &OpsClient::certificateChanged);
    QSignalSpy askedThird(&third, &OpsClient::trustRequested);
    third.setTlsTrust(m_fingerprintA, {});
    third.connectWithToken(typed, token);
    QVERIFY(changed.wait(15000));
    QCOMPARE(changed.at(0).at(1).value<CertificateInfo>().sha256, printed);
    QCOMPARE(askedThird.size(), 0);

    // ws:// to this TLS port: no answer, and a hint to use wss:// (once, not per retry).
    OpsClient plain;
    plain.setReconnectDelays(100, 200);
    QSignalSpy hint(&plain, &OpsClient::plainTextUnanswered);
    plain.connectWithToken(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port())), token);
    QVERIFY(hint.wait(15000));
    QTest::qWait(600);
    QCOMPARE(hint.size(), 1);
    QVERIFY(plain.state() != OpsClient::State::Connected);
    plain.disconnectFromServer();
    daemon.stop();
}

QTEST_GUILESS_MAIN(tst_TlsTrust)
#include "tst_tlstrust.moc"
