#include "server/auth/authservice.h"

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QTest>

// Sessions, lockouts and tokens on an injected clock: hours pass without sleeping.
class tst_Auth final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sessionExpires();
    void lockoutAfterFailuresThenReleases();
    void apiTokenRoleCeilingAndRevoke();
    void initialAdminOnlyOnce();
    void passwordHashing();

private:
    LoginOutcome login(const QString &user, const QString &password, const QString &address = u"10.0.0.1"_qs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsStore> m_store;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AuthService> m_auth;
};

void tst_Auth::init()
{
    QVERIFY(PasswordHasher::initialize());
    m_dir = std::make_unique<QTemporaryDir>();
    DatabaseUrl url;
    url.path = m_dir->filePath(u"ops.db"_qs);
    m_store = std::make_unique<OpsStore>(url, u"auth-test"_qs);
    QString error;
    QVERIFY2(m_store->open(&error), qPrintable(error));
    m_clock = std::make_unique<ManualClock>(1764300000000);
    Config::Auth settings;
    settings.passwordHashStrength = u"interactive"_qs;
    settings.sessionTtlMinutes = 60;
    settings.maxFailedLogins = 3;
    settings.lockoutSeconds = 120;
    m_auth = std::make_unique<AuthService>(m_store.get(), m_clock.get(), settings);
    QVERIFY2(m_auth->addUserBlocking(u"olga"_qs, u"operator-password"_qs, protocol::Role::Operator, &error), qPrintable(error));
}

void tst_Auth::cleanup()
{
    m_auth.reset();
    m_store.reset();
    m_dir.reset();
}

LoginOutcome tst_Auth::login(const QString &user, const QString &password, const QString &address)
{
    QFuture<LoginOutcome> f = m_auth->login(user, password, address);
    QDeadlineTimer deadline(10000);
    while (!f.isFinished() && !deadline.hasExpired())
        QTest::qWait(5);
    return f.isFinished() ? f.result() : LoginOutcome{u"timeout"_qs, {}, {}, {}};
}

void tst_Auth::sessionExpires()
{
    const LoginOutcome ok = login(u"olga"_qs, u"operator-password"_qs);
    QVERIFY2(ok.errorCode.isEmpty(), qPrintable(ok.errorMessage));
    QCOMPARE(ok.identity.role, protocol::Role::Operator);
    QCOMPARE(ok.identity.expiresAtMs, m_clock->nowMs() + 3600000);
    QVERIFY(m_auth->authenticate(ok.token));
    m_clock->advance(59 * 60000);
    QVERIFY(m_auth->authenticate(ok.token));
    m_clock->advance(61000);
    QVERIFY2(!m_auth->authenticate(ok.token), "a session token stops working when it expires");
    QVERIFY(!m_auth->authenticate(ok.token + u"x"_qs));
    QVERIFY(!m_auth->authenticate(u"short"_qs));
}

void tst_Auth::lockoutAfterFailuresThenReleases()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs).errorCode, u"unauthorized"_qs);
    // Locked: even the right password is refused, and it says so.
    QCOMPARE(login(u"olga"_qs, u"operator-password"_qs).errorCode, u"rate_limited"_qs);
    // The address is locked too, for any user name it tries.
    QCOMPARE(login(u"someone"_qs, u"whatever-password"_qs).errorCode, u"rate_limited"_qs);
    m_clock->advance(119000);
    QCOMPARE(login(u"olga"_qs, u"operator-password"_qs, u"10.0.0.2"_qs).errorCode, u"rate_limited"_qs);
    m_clock->advance(2000);
    QVERIFY(login(u"olga"_qs, u"operator-password"_qs, u"10.0.0.2"_qs).errorCode.isEmpty());
}

void tst_Auth::apiTokenRoleCeilingAndRevoke()
{
    QString id, code, error;
    QVERIFY(!m_auth->createApiToken(u"olga"_qs, u"x"_qs, protocol::Role::Admin, -1, &id, &code, &error));
    QCOMPARE(code, u"bad_request"_qs);
    QVERIFY(!m_auth->createApiToken(u"ghost"_qs, u"x"_qs, protocol::Role::Viewer, -1, &id, &code, &error));
    QCOMPARE(code, u"not_found"_qs);
    const auto token = m_auth->createApiToken(u"olga"_qs, u"ci"_qs, protocol::Role::Viewer, m_clock->nowMs() + 1000, &id, &code, &error);
    QVERIFY(token);
    const auto identity = m_auth->authenticate(*token);
    QVERIFY(identity);
    QCOMPARE(identity->role, protocol::Role::Viewer); // the token's role, not the user's
    QCOMPARE(identity->kind, u"api"_qs);
    QVERIFY(m_auth->revokeToken(id, &error));
    QVERIFY(!m_auth->authenticate(*token));
    const auto expiring = m_auth->createApiToken(u"olga"_qs, u"ci2"_qs, protocol::Role::Viewer, m_clock->nowMs() + 1000, &id, &code, &error);
    m_clock->advance(1000);
    QVERIFY(!m_auth->authenticate(*expiring));
}

void tst_Auth::initialAdminOnlyOnce()
{
    QTemporaryDir fresh;
    DatabaseUrl url;
    url.path = fresh.filePath(u"ops.db"_qs);
    OpsStore store(url, u"auth-initial"_qs);
    QString error, password;
    QVERIFY(store.open(&error));
    Config::Auth settings;
    settings.passwordHashStrength = u"interactive"_qs;
    AuthService auth(&store, m_clock.get(), settings);
    QVERIFY2(auth.ensureInitialAdmin(fresh.path(), &password, &error), qPrintable(error));
    QVERIFY(password.size() >= 20);
    QCOMPARE(store.userByName(u"admin"_qs, &error)->role, protocol::Role::Admin);
    QString again;
    QVERIFY(auth.ensureInitialAdmin(fresh.path(), &again, &error));
    QVERIFY2(again.isEmpty(), "a second start creates nothing");
}

void tst_Auth::passwordHashing()
{
    const QString hash = PasswordHasher::hash(u"correct horse battery"_qs, PasswordHasher::Strength::Interactive);
    QVERIFY(hash.startsWith(u"$argon2id$"_qs));
    QVERIFY(PasswordHasher::verify(u"correct horse battery"_qs, hash));
    QVERIFY(!PasswordHasher::verify(u"correct horse batterx"_qs, hash));
    QVERIFY(!PasswordHasher::verify(u"anything"_qs, QString())); // unknown user: never true
    QVERIFY(PasswordHasher::randomToken(32) != PasswordHasher::randomToken(32));
    QCOMPARE(PasswordHasher::tokenHash(u"abc"_qs).size(), 32);
}

QTEST_GUILESS_MAIN(tst_Auth)
#include "tst_auth.moc"
