#include "server/auth/authservice.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

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
    void floodDoesNotDelayOthers_data();
    void floodDoesNotDelayOthers();
    void attemptsCountWhenTheyArrive();
    void lockoutSurvivesRestart();
    void sprayingNamesNeverClearsALockout();
    void unknownUserCostsWhatAKnownOneCosts();
    void ownPoolNotTheGlobalOne();

private:
    static bool waitFor(const QFuture<LoginOutcome> &f, int ms = 20000);
    static double hashMs(PasswordHasher::Strength strength);
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
    QVERIFY2(ok.errorCode.isEmpty(), qPrintable(ok.errorMessage.english()));
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

bool tst_Auth::waitFor(const QFuture<LoginOutcome> &f, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!f.isFinished() && !deadline.hasExpired())
        QTest::qWait(1);
    return f.isFinished();
}

double tst_Auth::hashMs(PasswordHasher::Strength strength)
{
    const QString hash = PasswordHasher::hash(u"some-password-here"_qs, strength);
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        PasswordHasher::verify(u"wrong-password"_qs, hash);
        best = qMin(best, double(t.nsecsElapsed()) / 1e6);
    }
    return best;
}

void tst_Auth::floodDoesNotDelayOthers_data()
{
    QTest::addColumn<bool>("manyAddresses"); // one address, or each attempt from its own
    QTest::newRow("one user, one address") << false;
    QTest::newRow("one user, 200 addresses") << true;
}

// 200 wrong passwords for one user at once: a few are hashed, the rest answered at once,
// and another user's right password from elsewhere is answered within a few hash times.
void tst_Auth::floodDoesNotDelayOthers()
{
    QFETCH(bool, manyAddresses);
    QString error;
    QVERIFY2(m_auth->addUserBlocking(u"vera"_qs, u"viewer-password"_qs, protocol::Role::Viewer, &error), qPrintable(error));
    const double oneHash = hashMs(PasswordHasher::Strength::Interactive);
    const qint64 hashedBefore = m_auth->stats().hashed;
    QList<QFuture<LoginOutcome>> flood;
    for (int i = 0; i < 200; ++i)
        flood.append(m_auth->login(u"olga"_qs, u"wrong-password"_qs,
                                   manyAddresses ? QStringLiteral("10.1.%1.%2").arg(i / 250).arg(i % 250) : u"10.0.0.9"_qs));
    int answeredAtOnce = 0;
    for (const auto &f : flood)
        answeredAtOnce += f.isFinished() ? 1 : 0;
    QElapsedTimer other;
    other.start();
    const QFuture<LoginOutcome> vera = m_auth->login(u"vera"_qs, u"viewer-password"_qs, u"192.168.7.7"_qs);
    QVERIFY(waitFor(vera));
    const double veraMs = double(other.nsecsElapsed()) / 1e6;
    QVERIFY2(vera.result().errorCode.isEmpty(), qPrintable(vera.result().errorMessage.english()));
    for (const auto &f : flood)
        QVERIFY(waitFor(f));
    int unauthorized = 0, rateLimited = 0;
    for (const auto &f : flood) {
        const QString code = f.result().errorCode;
        unauthorized += code == u"unauthorized"_qs ? 1 : 0;
        rateLimited += code == u"rate_limited"_qs ? 1 : 0;
    }
    const qint64 hashed = m_auth->stats().hashed - hashedBefore - 1; // vera's own
    qInfo("200 wrong logins (%s): %lld hashed, %d unauthorized, %d rate_limited (%d answered at once); "
          "another user's correct login meanwhile: %.1f ms (one hash: %.1f ms, %d hashing threads)",
          manyAddresses ? "200 addresses" : "one address", qlonglong(hashed), unauthorized, rateLimited, answeredAtOnce,
          veraMs, oneHash, m_auth->hashThreads());
    QCOMPARE(unauthorized + rateLimited, 200);
    QCOMPARE(qint64(unauthorized), hashed);
    // One attempt of a user, and of an address, in flight at a time: the other 199 are
    // answered at once, and a hashing thread stays free for everyone else.
    QCOMPARE(hashed, 1);
    QCOMPARE(answeredAtOnce, 200 - int(hashed));
    QVERIFY2(veraMs < 3 * oneHash + 50, qPrintable(QStringLiteral("%1 ms").arg(veraMs)));
}

void tst_Auth::attemptsCountWhenTheyArrive()
{
    QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs, u"10.2.0.1"_qs).errorCode, u"unauthorized"_qs);
    QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs, u"10.2.0.2"_qs).errorCode, u"unauthorized"_qs);
    // The third is still being hashed, yet it already counts: the lockout is in the store,
    // so a daemon killed now would come back with it.
    const QFuture<LoginOutcome> third = m_auth->login(u"olga"_qs, u"wrong-password"_qs, u"10.2.0.3"_qs);
    QVERIFY(!third.isFinished());
    LoginThrottle view(m_store.get(), m_clock.get(), 3, 120);
    QCOMPARE(view.lockedUntil(u"u:olga"_qs), m_clock->nowMs() + 120000);
    Config::Auth settings;
    settings.passwordHashStrength = u"interactive"_qs;
    settings.maxFailedLogins = 3;
    settings.lockoutSeconds = 120;
    AuthService restarted(m_store.get(), m_clock.get(), settings);
    const QFuture<LoginOutcome> fourth = restarted.login(u"olga"_qs, u"operator-password"_qs, u"10.2.0.9"_qs);
    QVERIFY2(fourth.isFinished(), "a locked attempt is answered without waiting");
    QCOMPARE(fourth.result().errorCode, u"rate_limited"_qs);
    QCOMPARE(restarted.stats().hashed, 0);
    QVERIFY(waitFor(third));
    QCOMPARE(third.result().errorCode, u"unauthorized"_qs);
    // A right password gives its attempt back.
    QCOMPARE(login(u"olga"_qs, u"operator-password"_qs, u"10.3.0.1"_qs).errorCode, u"rate_limited"_qs);
    m_clock->advance(121000);
    QVERIFY(login(u"olga"_qs, u"operator-password"_qs, u"10.3.0.1"_qs).errorCode.isEmpty());
    QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs, u"10.3.0.1"_qs).errorCode, u"unauthorized"_qs);
    QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs, u"10.3.0.1"_qs).errorCode, u"unauthorized"_qs);
    QVERIFY2(login(u"olga"_qs, u"operator-password"_qs, u"10.3.0.1"_qs).errorCode.isEmpty(),
             "two failures after a success are under the limit of three");
}

void tst_Auth::lockoutSurvivesRestart()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs).errorCode, u"unauthorized"_qs);
    Config::Auth settings;
    settings.passwordHashStrength = u"interactive"_qs;
    settings.maxFailedLogins = 3;
    settings.lockoutSeconds = 120;
    m_auth = std::make_unique<AuthService>(m_store.get(), m_clock.get(), settings); // a restart
    QCOMPARE(login(u"olga"_qs, u"operator-password"_qs, u"10.9.9.9"_qs).errorCode, u"rate_limited"_qs);
    QCOMPARE(login(u"nobody"_qs, u"whatever-password"_qs).errorCode, u"rate_limited"_qs); // the address too
    m_clock->advance(121000);
    QVERIFY(login(u"olga"_qs, u"operator-password"_qs, u"10.9.9.9"_qs).errorCode.isEmpty());
}

void tst_Auth::sprayingNamesNeverClearsALockout()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(login(u"olga"_qs, u"wrong-password"_qs).errorCode, u"unauthorized"_qs);
    // More names than any in-memory table would keep (the old one was cleared past 100,000),
    // each from its own address, counted the way login() counts them on arrival.
    LoginThrottle throttle(m_store.get(), m_clock.get(), 3, 120);
    QString error;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < 100001; ++i) {
        const auto verdict = throttle.arrive({QStringLiteral("u:spray%1").arg(i), QStringLiteral("a:11.%1.%2.%3").arg(i >> 16).arg((i >> 8) & 255).arg(i & 255)}, &error);
        QVERIFY2(verdict == LoginThrottle::Verdict::Proceed, qPrintable(error));
    }
    qInfo("100,001 sprayed attempts counted in %.1f s", double(t.elapsed()) / 1000);
    QCOMPARE(login(u"olga"_qs, u"operator-password"_qs, u"10.200.0.1"_qs).errorCode, u"rate_limited"_qs);
    m_clock->advance(121000);
    QVERIFY(login(u"olga"_qs, u"operator-password"_qs, u"10.200.0.1"_qs).errorCode.isEmpty());
}

void tst_Auth::unknownUserCostsWhatAKnownOneCosts()
{
    // At "moderate" (the default), where the old dummy hash was "interactive", 6x cheaper.
    Config::Auth settings;
    settings.passwordHashStrength = u"moderate"_qs;
    settings.maxFailedLogins = 10;
    m_auth = std::make_unique<AuthService>(m_store.get(), m_clock.get(), settings);
    QString error;
    QVERIFY2(m_auth->addUserBlocking(u"mona"_qs, u"moderate-password"_qs, protocol::Role::Viewer, &error), qPrintable(error));
    auto timed = [&](const QString &user) {
        QElapsedTimer t;
        t.start();
        const QFuture<LoginOutcome> f = m_auth->login(user, u"wrong-password"_qs, u"10.5.0.1"_qs);
        [&] { QVERIFY(waitFor(f)); }();
        return double(t.nsecsElapsed()) / 1e6;
    };
    timed(u"mona"_qs); // warm-up: the dummy hash is being made meanwhile
    const double known = timed(u"mona"_qs);
    const double unknown = timed(u"no-such-user"_qs);
    const double invalid = timed(u"not a valid name!"_qs);
    qInfo("wrong password at moderate: known user %.0f ms, unknown %.0f ms, invalid name %.0f ms", known, unknown, invalid);
    QVERIFY2(unknown > 0.7 * known && unknown < 1.5 * known, "an unknown name costs what a known one costs");
    QVERIFY2(invalid > 0.7 * known, "an invalid name costs what a known one costs");
}

void tst_Auth::ownPoolNotTheGlobalOne()
{
    // Every thread of the global pool busy (as with slow health probes or a diagnosis):
    // logins are still answered.
    QThreadPool *global = QThreadPool::globalInstance();
    QSemaphore release;
    const int n = global->maxThreadCount();
    for (int i = 0; i < n; ++i)
        global->start([&release] { release.acquire(); });
    const LoginOutcome ok = login(u"olga"_qs, u"operator-password"_qs);
    release.release(n);
    global->waitForDone();
    QVERIFY2(ok.errorCode.isEmpty(), qPrintable(ok.errorCode + u' ' + ok.errorMessage.english()));
}

QTEST_GUILESS_MAIN(tst_Auth)
#include "tst_auth.moc"
