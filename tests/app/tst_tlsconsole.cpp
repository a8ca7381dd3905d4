#include "app/languagemanager.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "tests/app/tlsfixture.h"
#include "ui/certificatedialog.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// The console's side of TLS as an operator sees it: the warning for plain links, the
// question about an unknown certificate and the refusal of a changed one (screenshots in
// English and Japanese), the pin kept in the profile, and the status bar's lock.
class tst_TlsConsole final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectDialogWarnsForPlainRemote_data();
    void connectDialogWarnsForPlainRemote();
    void trustPinAndRefuseChangedCertificate();
    void connectDialogShowsAndForgetsPin();

private:
    void shoot(QWidget *window, QWidget *dialog, const QString &name);
    QTemporaryDir m_dir;
    QString m_outDir;
};

void tst_TlsConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the program's own settings stay untouched
    QVERIFY(tlsfixture::selfSigned(m_dir.path(), u"a"_qs, u"ops1.example.net"_qs, u"IP:127.0.0.1,DNS:ops1.example.net"_qs));
    QVERIFY(tlsfixture::selfSigned(m_dir.path(), u"b"_qs, u"ops1.example.net"_qs, u"IP:127.0.0.1,DNS:ops1.example.net"_qs));
    m_outDir = qEnvironmentVariable("FORMAUTO_SCREENSHOT_DIR", QDir::currentPath());
    QDir().mkpath(m_outDir);
}

// The window with the dialog over it, as the operator sees the screen.
void tst_TlsConsole::shoot(QWidget *window, QWidget *dialog, const QString &name)
{
    QTest::qWait(200);
    QPixmap shot = window->grab();
    QPainter p(&shot);
    p.fillRect(shot.rect(), QColor(0, 0, 0, 60));
    const QPixmap d = dialog->grab();
    const QPoint at((shot.width() / shot.devicePixelRatio() - d.width()) / 2, (shot.height() / shot.devicePixelRatio() - d.height()) / 2);
    p.drawPixmap(at, d);
    p.setPen(QColor(0x55, 0x55, 0x55));
    p.drawRect(QRect(at, d.size()).adjusted(-1, -1, 0, 0));
    p.end();
    QVERIFY(shot.save(QDir(m_outDir).filePath(name)));
}

void tst_TlsConsole::connectDialogWarnsForPlainRemote_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("warning");
    QTest::addColumn<QString>("connectsTo");
    QTest::newRow("plain remote") << u"ws://10.0.0.5:8765"_qs << true << u"ws://10.0.0.5:8765"_qs;
    QTest::newRow("plain loopback") << u"ws://127.0.0.1:8765"_qs << false << u"ws://127.0.0.1:8765"_qs;
    QTest::newRow("https entry") << u"https://ops1.example.net"_qs << false << u"wss://ops1.example.net:8765/ws"_qs;
    QTest::newRow("bare remote") << u"ops1.example.net:9000"_qs << false << u"wss://ops1.example.net:9000/ws"_qs;
}

void tst_TlsConsole::connectDialogWarnsForPlainRemote()
{
    QFETCH(QString, typed);
    QFETCH(bool, warning);
    QFETCH(QString, connectsTo);
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"dialog.ini"_qs), QSettings::IniFormat));
    ConnectDialog dialog(&profiles);
    auto *url = dialog.findChildren<QLineEdit *>().at(1);
    QCOMPARE(url->text(), u"ws://127.0.0.1:8765"_qs);
    url->setText(typed);
    QCOMPARE(dialog.isInsecureWarningVisible(), warning);
    QCOMPARE(dialog.request().profile.url.toString(), connectsTo);
}

void tst_TlsConsole::trustPinAndRefuseChangedCertificate()
{
    auto daemon = std::make_unique<tlsfixture::FakeDaemon>();
    QVERIFY(daemon->listen(m_dir.path(), u"a"_qs));
    const quint16 port = daemon->port();
    const QString iniFile = m_dir.filePath(u"profiles.ini"_qs);
    auto profiles = std::make_unique<ServerProfilesModel>(std::make_unique<QSettings>(iniFile, QSettings::IniFormat));
    profiles->upsert({u"ops1"_qs, QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(port)), u"admin"_qs, true, false, {}, {}});

    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    OpsClient client;
    client.setReconnectDelays(100, 200);
    QTemporaryDir cache;
    MainWindow window(&client, &language, profiles.get(), nullptr, cache.path());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // First connect: the question, with the fingerprint the daemon prints.
    window.connectToServer(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port)), u"secret-token"_qs);
    QTRY_VERIFY_WITH_TIMEOUT(window.certificateDialog(), 10000);
    CertificateDialog *ask = window.certificateDialog();
    QCOMPARE(ask->mode(), CertificateDialog::Mode::Ask);
    const QString fpA = tlsfixture::opensslFingerprint(m_dir.path(), u"a"_qs);
    QCOMPARE(ask->findChild<QLabel *>(u"fingerprint"_qs)->text().remove(u'\n'), QString(fpA).remove(47, 1));
    QVERIFY(ask->findChild<QLabel *>(u"subject"_qs)->text().contains(u"CN=ops1.example.net"_qs));
    QVERIFY(ask->findChild<QLabel *>(u"reasons"_qs)->text().contains(u"self-signed"_qs));
    QVERIFY(daemon->received().isEmpty());
    shoot(&window, ask, u"tls_trust_en_1280x800.png"_qs);
    language.setLanguage(LanguageManager::Language::Japanese);
    QTRY_VERIFY(ask->windowTitle() != u"Unknown certificate"_qs);
    shoot(&window, ask, u"tls_trust_ja_1280x800.png"_qs);
    language.setLanguage(LanguageManager::Language::English);

    ask->findChild<QPushButton *>(u"trustButton"_qs)->click();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), OpsClient::State::Connected, 10000);
    QCOMPARE(profiles->profiles().at(0).pinnedSha256, fpA); // pinned in that server's profile
    QTRY_COMPARE(window.encryptionText(), u"Encrypted (TLS 1.3)"_qs);
    QVERIFY(!window.findChild<QLabel *>(u"encryptionIcon"_qs)->pixmap().isNull());
    QVERIFY(window.grab().save(QDir(m_outDir).filePath(u"tls_statusbar_en_1280x800.png"_qs)));

    // The profile as saved on disk has it too.
    ServerProfilesModel reread(std::make_unique<QSettings>(iniFile, QSettings::IniFormat));
    QCOMPARE(reread.profiles().at(0).pinnedSha256, fpA);

    // The daemon comes back with another certificate: refused, nothing asked.
    daemon = std::make_unique<tlsfixture::FakeDaemon>();
    QVERIFY(daemon->listen(m_dir.path(), u"b"_qs, port));
    QTRY_VERIFY_WITH_TIMEOUT(window.certificateDialog() && window.certificateDialog()->mode() == CertificateDialog::Mode::Changed,
                             10000);
    CertificateDialog *changed = window.certificateDialog();
    QVERIFY(!changed->findChild<QPushButton *>(u"trustButton"_qs)); // no click-through
    const QString fpB = tlsfixture::opensslFingerprint(m_dir.path(), u"b"_qs);
    QCOMPARE(changed->findChild<QLabel *>(u"pinnedFingerprint"_qs)->text().remove(u'\n'), QString(fpA).remove(47, 1));
    QCOMPARE(changed->findChild<QLabel *>(u"fingerprint"_qs)->text().remove(u'\n'), QString(fpB).remove(47, 1));
    QVERIFY(changed->findChild<QLabel *>(u"advice"_qs)->text().contains(u"\"ops1\""_qs));
    QTRY_COMPARE(client.state(), OpsClient::State::Disconnected);
    QCOMPARE(window.encryptionText(), u"Certificate changed: refused"_qs);
    shoot(&window, changed, u"tls_changed_en_1280x800.png"_qs);
    language.setLanguage(LanguageManager::Language::Japanese);
    QTRY_VERIFY(changed->windowTitle() != u"Certificate changed"_qs);
    shoot(&window, changed, u"tls_changed_ja_1280x800.png"_qs);
    language.setLanguage(LanguageManager::Language::English);
    changed->reject();
    QTest::qWait(500);
    QCOMPARE(client.state(), OpsClient::State::Disconnected);
    QCOMPARE(profiles->profiles().at(0).pinnedSha256, fpA); // only the operator removes it
    QVERIFY(daemon->received().isEmpty());

    // ws:// typed for this TLS port: the status bar says what is probably wrong.
    window.connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port)), u"secret-token"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(window.encryptionText(), u"No answer over ws:// — does the daemon want wss://?"_qs, 10000);
    client.disconnectFromServer();
}

void tst_TlsConsole::connectDialogShowsAndForgetsPin()
{
    const QString pin = tlsfixture::opensslFingerprint(m_dir.path(), u"a"_qs);
    const QString iniFile = m_dir.filePath(u"pinned.ini"_qs);
    ServerProfilesModel profiles(std::make_unique<QSettings>(iniFile, QSettings::IniFormat));
    profiles.upsert({u"ops1"_qs, QUrl(u"wss://ops1.example.net:8765/ws"_qs), u"admin"_qs, false, false, pin, u"/etc/ssl/ops-ca.pem"_qs});
    profiles.setLastUsed(u"ops1"_qs);
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::English);
    ConnectDialog dialog(&profiles);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *shown = dialog.findChild<QLabel *>(u"pinnedFingerprint"_qs);
    QVERIFY(shown->isVisible());
    QCOMPARE(shown->text().remove(u'\n'), QString(pin).remove(47, 1));
    QCOMPARE(dialog.findChild<QLineEdit *>(u"caFile"_qs)->text(), u"/etc/ssl/ops-ca.pem"_qs);
    QCOMPARE(dialog.request().profile.pinnedSha256, pin); // connecting keeps the pin
    QVERIFY(!dialog.isInsecureWarningVisible());
    QVERIFY(dialog.grab().save(QDir(m_outDir).filePath(u"tls_connect_pinned_en.png"_qs)));
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(100);
    QVERIFY(dialog.grab().save(QDir(m_outDir).filePath(u"tls_connect_pinned_ja.png"_qs)));

    auto *url = dialog.findChildren<QLineEdit *>().at(1);
    url->setText(u"ws://ops2.example.net:8765"_qs); // another server: the pin does not follow
    QVERIFY(!shown->isVisible());
    QVERIFY(dialog.isInsecureWarningVisible());
    QVERIFY(dialog.request().profile.pinnedSha256.isEmpty());
    QVERIFY(dialog.grab().save(QDir(m_outDir).filePath(u"tls_connect_plain_ja.png"_qs)));
    language.setLanguage(LanguageManager::Language::English);
    QTest::qWait(100);
    QVERIFY(dialog.grab().save(QDir(m_outDir).filePath(u"tls_connect_plain_en.png"_qs)));
    url->setText(u"wss://ops1.example.net:8765"_qs);
    QVERIFY(shown->isVisible());

    dialog.forgetPin(false); // the deliberate act (the button asks first)
    QVERIFY(!shown->isVisible());
    QVERIFY(profiles.profiles().at(0).pinnedSha256.isEmpty());
    ServerProfilesModel reread(std::make_unique<QSettings>(iniFile, QSettings::IniFormat));
    QVERIFY(reread.profiles().at(0).pinnedSha256.isEmpty());
}

QTEST_MAIN(tst_TlsConsole)
#include "tst_tlsconsole.moc"
