#include "server/audit/auditlog.h"
#include "server/protocol/auditbundle.h"
#include "server/alerts/alertengine.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/storage/storethread.h"
#include "server/storage/database.h"
#include "tests/support/testsupport.h"
#include "tests/support/wsclient.h"

#include <QDir>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QThread>
#include <QTest>
#include <sodium.h>

// The audit chain against someone with write access to the database file: whatever they
// change, remove, reorder or cut off, `verify` names the first bad row.
class tst_Audit final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void intactChainVerifies();
    void tampering_data();
    void tampering();
    void headFileIsChecked();
    void bundleVerifiesOffline();
    void bundleRejectsTampering();
    void actionsRefusedWhenTheLogCannotGrow();
    void aStalledStoreDoesNotActLate();
    void freshDataDirIsPrivate();

private:
    void exec(const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsStore> m_store;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AuditLog> m_audit;
};

void tst_Audit::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    DatabaseUrl url;
    url.path = m_dir->filePath(u"ops.db"_qs);
    m_store = std::make_unique<OpsStore>(url, u"audit-test"_qs);
    QString error;
    QVERIFY2(m_store->open(&error), qPrintable(error));
    m_clock = std::make_unique<ManualClock>(1764300000000);
    m_audit = std::make_unique<AuditLog>(m_store.get(), m_clock.get(), m_dir->path());
    QVERIFY2(m_audit->open(&error), qPrintable(error));
    for (int i = 1; i <= 6; ++i) {
        m_clock->advance(1000);
        QVERIFY(m_audit->record({u"user-%1"_qs.arg(i % 2), u"10.0.0.%1"_qs.arg(i), u"console"_qs}, u"alert.ack"_qs,
                                u"alert"_qs, u"a-%1"_qs.arg(i), {{u"comment"_qs, u"row %1"_qs.arg(i)}}));
    }
    QCOMPARE(QFile::permissions(m_dir->filePath(u"audit-hmac.key"_qs)) & 0x0077, QFileDevice::Permissions());
}

void tst_Audit::cleanup()
{
    m_audit.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_Audit::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(u"audit-test"_qs));
    QVERIFY2(q.exec(sql), qPrintable(sql + u": "_qs + q.lastError().text()));
}

void tst_Audit::intactChainVerifies()
{
    const AuditLog::Verification v = m_audit->verify();
    QVERIFY2(v.ok, qPrintable(v.reason));
    QCOMPARE(v.rows, 6);
    // A second AuditLog on the same files (a restart) continues the same chain.
    AuditLog again(m_store.get(), m_clock.get(), m_dir->path());
    QString error;
    QVERIFY(again.open(&error));
    QVERIFY(again.record({}, u"auth.login_failed"_qs, u"user"_qs, u"mallory"_qs));
    QCOMPARE(again.verify().rows, 7);
    QVERIFY(again.verify().ok);
}

void tst_Audit::tampering_data()
{
    QTest::addColumn<QStringList>("sql");
    QTest::addColumn<qint64>("firstBad");
    QTest::addColumn<QString>("reason");
    QTest::newRow("changed") << QStringList{u"UPDATE audit_log SET action = 'alert.silence' WHERE seq = 3"_qs} << qint64(3) << u"changed"_qs;
    QTest::newRow("changed details") << QStringList{u"UPDATE audit_log SET details = '{\"comment\":\"nothing\"}' WHERE seq = 4"_qs} << qint64(4) << u"changed"_qs;
    // The attacker also recomputes the public digest; only the keyed hash gives it away.
    QTest::newRow("forged digest") << QStringList{u"UPDATE audit_log SET user_id = 'user-9' WHERE seq = 2"_qs, u"FIXDIGEST 2"_qs} << qint64(2) << u"forged"_qs;
    QTest::newRow("removed") << QStringList{u"DELETE FROM audit_log WHERE seq = 3"_qs} << qint64(3) << u"missing"_qs;
    QTest::newRow("removed first") << QStringList{u"DELETE FROM audit_log WHERE seq = 1"_qs} << qint64(1) << u"missing"_qs;
    QTest::newRow("reordered") << QStringList{u"UPDATE audit_log SET seq = 100 WHERE seq = 3"_qs, u"UPDATE audit_log SET seq = 3 WHERE seq = 4"_qs,
                                              u"UPDATE audit_log SET seq = 4 WHERE seq = 100"_qs} << qint64(3) << u"changed"_qs;
    QTest::newRow("truncated") << QStringList{u"DELETE FROM audit_log WHERE seq >= 5"_qs} << qint64(5) << u"cut off"_qs;
    QTest::newRow("emptied") << QStringList{u"DELETE FROM audit_log"_qs} << qint64(1) << u"cut off"_qs;
}

void tst_Audit::tampering()
{
    QFETCH(QStringList, sql);
    QFETCH(qint64, firstBad);
    QFETCH(QString, reason);
    // Someone with the file drops the guards first.
    exec(u"DROP TRIGGER audit_log_no_update"_qs);
    exec(u"DROP TRIGGER audit_log_no_delete"_qs);
    for (const QString &statement : sql) {
        if (statement.startsWith(u"FIXDIGEST"_qs)) {
            const qint64 seq = statement.section(u' ', 1).toLongLong();
            QString error;
            protocol::AuditEntry e = m_store->auditSince(seq - 1, 1, &error).first();
            exec(u"UPDATE audit_log SET digest = '%1' WHERE seq = %2"_qs.arg(e.computeDigest()).arg(seq));
            continue;
        }
        exec(statement);
    }
    const AuditLog::Verification v = m_audit->verify();
    QVERIFY(!v.ok);
    QCOMPARE(v.firstBadSeq, firstBad);
    QVERIFY2(v.reason.contains(reason), qPrintable(v.reason));
}

void tst_Audit::headFileIsChecked()
{
    const QString head = m_dir->filePath(u"audit-head"_qs);
    QFile f(head);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray content = f.readAll();
    f.close();
    QVERIFY(content.startsWith("6 "));
    content[0] = '5'; // claims fewer rows: its MAC no longer matches
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
    f.close();
    const AuditLog::Verification v = m_audit->verify();
    QVERIFY(!v.ok);
    QVERIFY2(v.reason.contains(u"head"_qs), qPrintable(v.reason));
    QVERIFY(QFile::remove(head));
    QVERIFY(!m_audit->verify().ok);
}

void tst_Audit::bundleVerifiesOffline()
{
    QString error;
    const auto bundle = m_audit->exportBundle(2, 5, &error);
    QVERIFY2(bundle, qPrintable(error));
    const auto read = protocol::readAuditBundle(*bundle, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->rows.size(), 4);
    QCOMPARE(read->rows.first().seq, 2);
    const QByteArray message = protocol::auditBundleMessage(read->rows);
    QCOMPARE(crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(read->signature.constData()),
                                         reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                                         reinterpret_cast<const unsigned char *>(read->publicKey.constData())),
             0);
}

void tst_Audit::bundleRejectsTampering()
{
    QString error;
    const QJsonObject bundle = *m_audit->exportBundle(0, 0, &error);
    auto withRow = [&](int index, const std::function<void(QJsonObject &)> &edit) {
        QJsonObject b = bundle;
        QJsonArray rows = b.value(u"rows"_qs).toArray();
        QJsonObject row = rows.at(index).toObject();
        edit(row);
        rows[index] = row;
        b.insert(u"rows"_qs, rows);
        return b;
    };
    QVERIFY(!protocol::readAuditBundle(withRow(2, [](QJsonObject &r) { r.insert(u"action"_qs, u"x"_qs); }), &error));
    QVERIFY2(error.contains(u"row 3 was changed"_qs), qPrintable(error));
    QJsonObject removed = bundle;
    QJsonArray rows = removed.value(u"rows"_qs).toArray();
    rows.removeAt(3);
    removed.insert(u"rows"_qs, rows);
    QVERIFY(!protocol::readAuditBundle(removed, &error));
    QVERIFY2(error.contains(u"does not follow"_qs), qPrintable(error));
    // Consistent edits (digest recomputed, links intact) still break the signature.
    QJsonObject resigned = withRow(5, [](QJsonObject &r) {
        r.insert(u"resource_id"_qs, u"a-999"_qs);
        auto e = *protocol::AuditEntry::fromJson(r, nullptr);
        r.insert(u"digest"_qs, e.computeDigest());
    });
    const auto read = protocol::readAuditBundle(resigned, &error);
    QVERIFY(read); // structurally fine...
    const QByteArray message = protocol::auditBundleMessage(read->rows);
    QVERIFY(crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(read->signature.constData()),
                                        reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                                        reinterpret_cast<const unsigned char *>(read->publicKey.constData()))
            != 0); // ...but not what the daemon signed
    QVERIFY(!protocol::readAuditBundle(QJsonObject{{u"format"_qs, u"zip"_qs}}, &error));
}

namespace {

QString errorCode(const std::optional<QJsonObject> &answer)
{
    return answer ? answer->value(u"error"_qs).toObject().value(u"code"_qs).toString() : u"(no answer)"_qs;
}

QString errorMessage(const std::optional<QJsonObject> &answer)
{
    return answer ? answer->value(u"error"_qs).toObject().value(u"message"_qs).toString() : QString();
}

} // namespace

// The audit log fails closed: with a store that cannot grow, an action whose row cannot be
// written is refused (internal, "the audit log could not be written"), has no effect, and an
// alert says so once the store can take it.
void tst_Audit::actionsRefusedWhenTheLogCannotGrow()
{
    QTemporaryDir dir;
    Daemon daemon(testsupport::testConfig(dir.path()), false, SystemClock::instance());
    QString error, password;
    QVERIFY2(daemon.start(&error, &password), qPrintable(error));
    QString tokenId, code;
    const auto token = daemon.auth()->createApiToken(u"admin"_qs, u"test"_qs, protocol::Role::Admin, -1, &tokenId, &code, &error);
    QVERIFY2(token, qPrintable(error));
    AlertEngine::Condition condition;
    condition.key = u"test:one"_qs;
    condition.rule = u"test"_qs;
    condition.title = u"something to acknowledge"_qs;
    daemon.withAlerts([&](AlertEngine &e) { return e.raiseCondition(condition); });
    const QList<protocol::Alert> open = daemon.withAlerts([&](AlertEngine &e) { return e.list(true, 10, &error); });
    QCOMPARE(open.size(), 1);
    WsClient client;
    QVERIFY(client.open(daemon.port(), token->toUtf8()));

    // The store cannot grow: the free pages are used up, then no page may be added.
    QSqlDatabase db = daemon.store()->database();
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE filler (x BLOB)"_qs));
    QVERIFY(q.exec(u"PRAGMA page_count"_qs) && q.next());
    const qint64 pages = q.value(0).toLongLong();
    QVERIFY(q.exec(u"PRAGMA max_page_count = %1"_qs.arg(pages)));
    // The limit is the connection's: the audit log appends over the store thread's own.
    daemon.runOnStoreAndWait([&] {
        QSqlQuery writer(daemon.storeThread()->store()->database());
        QVERIFY(writer.exec(u"PRAGMA max_page_count = %1"_qs.arg(pages)));
    });
    for (int i = 0; i < 100000 && q.exec(u"INSERT INTO filler VALUES (randomblob(1000))"_qs); ++i) {
    }
    // Actions go on while the audit log's last page has room; then they are refused.
    int refusedAt = -1;
    for (int i = 0; i < 500 && refusedAt < 0; ++i) {
        const auto answer = client.request(u"alert_rule.set"_qs, {{u"name"_qs, u"filled"_qs}, {u"expression"_qs, u"cpu_percent > %1 for 1m"_qs.arg(i)}});
        if (answer && errorCode(answer) == u"rate_limited"_qs) { // faster than the session may ask: not the audit log
            QTest::qWait(100);
            --i;
            continue;
        }
        if (!answer || !answer->value(u"ok"_qs).toBool())
            refusedAt = i;
    }
    QVERIFY2(refusedAt >= 0, "the audit log never filled");
    {
        const auto answer = client.request(u"alert_rule.set"_qs, {{u"name"_qs, u"filled"_qs}, {u"expression"_qs, u"cpu_percent > 99 for 1m"_qs}});
        QCOMPARE(errorCode(answer), u"internal"_qs);
        QVERIFY2(errorMessage(answer).contains(u"audit log could not be written"_qs), qPrintable(errorMessage(answer)));
    }
    // Not carried out: the rule is the last one audited, the alert still fires, no token was handed out.
    const auto rules = daemon.withAlerts([&](AlertEngine &e) { return e.ruleInfos(); });
    const auto filled = std::find_if(rules.cbegin(), rules.cend(), [](const AlertEngine::RuleInfo &i) { return i.rule.name == u"filled"_qs; });
    if (refusedAt > 0) {
        QVERIFY(filled != rules.cend());
        QCOMPARE(filled->rule.threshold, double(refusedAt - 1));
    } else {
        QVERIFY(filled == rules.cend());
    }
    const auto ack = client.request(u"alert.ack"_qs, {{u"id"_qs, open.first().id}, {u"comment"_qs, u"mine"_qs}});
    QCOMPARE(errorCode(ack), u"internal"_qs);
    QVERIFY(errorMessage(ack).contains(u"audit log could not be written"_qs));
    QCOMPARE(daemon.withAlerts([&](AlertEngine &e) { return e.get(open.first().id, &error); })->state, u"firing"_qs);
    const int tokensBefore = int(daemon.store()->apiTokens(&error).size());
    const auto created = client.request(u"token.create"_qs, {{u"name"_qs, u"unaudited"_qs}, {u"role"_qs, u"viewer"_qs}});
    QCOMPARE(errorCode(created), u"internal"_qs);
    QVERIFY(!created->value(u"data"_qs).toObject().contains(u"token"_qs));
    const auto tokens = daemon.store()->apiTokens(&error);
    QVERIFY(std::none_of(tokens.cbegin(), tokens.cend(), [](const TokenRecord &t) { return t.name == u"unaudited"_qs && !t.revoked; }));
    QVERIFY(int(tokens.size()) <= tokensBefore + 1);
    const auto silence = client.request(u"silence.create"_qs, {{u"matchers"_qs, QJsonArray{u"rule=test"_qs}}, {u"duration_seconds"_qs, 3600},
                                                               {u"comment"_qs, u"quiet"_qs}});
    QCOMPARE(errorCode(silence), u"internal"_qs);
    QVERIFY(daemon.withAlerts([&](AlertEngine &e) { return e.silences(false, &error); }).isEmpty());

    // Room again: the alert about the audit log is raised (it could not be stored before).
    QVERIFY(q.exec(u"PRAGMA max_page_count = 1000000000"_qs));
    daemon.runOnStoreAndWait([&] {
        QSqlQuery writer(daemon.storeThread()->store()->database());
        QVERIFY(writer.exec(u"PRAGMA max_page_count = 1000000000"_qs));
    });
    QVERIFY(q.exec(u"DROP TABLE filler"_qs));
    auto auditAlert = [&]() -> std::optional<protocol::Alert> {
        for (const protocol::Alert &a : daemon.withAlerts([&](AlertEngine &e) { return e.list(false, 50, &error); })) {
            if (a.fingerprint == u"audit:write"_qs)
                return a;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(auditAlert().has_value(), 10000); // on the next sample
    QCOMPARE(auditAlert()->level, u"critical"_qs);
    // The next action is audited again, and the alert clears.
    const auto again = client.request(u"alert.ack"_qs, {{u"id"_qs, open.first().id}, {u"comment"_qs, u"mine"_qs}});
    QVERIFY2(again && again->value(u"ok"_qs).toBool(), qPrintable(errorMessage(again)));
    QCOMPARE(auditAlert()->state, u"resolved"_qs);
    const AuditLog::Verification v = [&] {
        AuditLog check(daemon.store(), SystemClock::instance(), dir.path());
        QString e;
        check.open(&e);
        return check.verify();
    }();
    QVERIFY2(v.ok, qPrintable(v.reason));
}

// Everything the daemon writes into a fresh data directory is its user's alone, from the
// moment it exists: the store and its -wal/-shm, the audit keys and head, the initial
// password, the demo token.
// A store that takes an audited action's row only after the client has given up (15 s): the
// action is not carried out then, the chain says why, and the client hears store_busy. An
// action whose row lands in time goes through.
void tst_Audit::aStalledStoreDoesNotActLate()
{
    QTemporaryDir dir;
    Daemon daemon(testsupport::testConfig(dir.path()), false, SystemClock::instance());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QString tokenId, code;
    const auto token = daemon.auth()->createApiToken(u"admin"_qs, u"test"_qs, protocol::Role::Admin, -1, &tokenId, &code, &error);
    QVERIFY2(token, qPrintable(error));
    WsClient client;
    QVERIFY(client.open(daemon.port(), token->toUtf8()));
    const auto quick = client.request(u"token.create"_qs, {{u"name"_qs, u"in-time"_qs}, {u"role"_qs, u"viewer"_qs}});
    QVERIFY(quick && quick->value(u"ok"_qs).toBool());
    // The store thread is held for 16 s (a store that stopped answering).
    daemon.storeThread()->post("stall", [](OpsStore &) { QThread::sleep(16); });
    QElapsedTimer took;
    took.start();
    const auto late = client.request(u"token.create"_qs, {{u"name"_qs, u"too-late"_qs}, {u"role"_qs, u"viewer"_qs}}, 30000);
    QVERIFY(late);
    QVERIFY2(took.elapsed() >= 15000, qPrintable(QString::number(took.elapsed())));
    QCOMPARE(errorCode(late), u"rate_limited"_qs);
    QCOMPARE(late->value(u"error"_qs).toObject().value(u"key"_qs).toString(), u"error.store_busy"_qs);
    QVERIFY(!late->value(u"data"_qs).toObject().contains(u"token"_qs));
    // No live token of that name; its row and the row saying it did not happen are in the chain.
    const auto tokens = daemon.store()->apiTokens(&error);
    QVERIFY(std::none_of(tokens.cbegin(), tokens.cend(), [](const TokenRecord &t) { return t.name == u"too-late"_qs && !t.revoked; }));
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        const auto rows = daemon.store()->auditSince(0, 100, &error);
        return std::any_of(rows.cbegin(), rows.cend(), [](const protocol::AuditEntry &e) {
            return e.action == u"token.create_failed"_qs && e.details.value(u"reason"_qs).toString() == u"timeout"_qs;
        });
    }()), 5000);
    AuditLog check(daemon.store(), SystemClock::instance(), dir.path());
    QVERIFY(check.open(&error));
    QVERIFY(check.verify().ok);
}

void tst_Audit::freshDataDirIsPrivate()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"data"_qs);
    {
        Daemon daemon(testsupport::testConfig(data), true, SystemClock::instance());
        QString error, password;
        QVERIFY2(daemon.start(&error, &password), qPrintable(error));
        QString tokenId, code;
        QVERIFY(daemon.auth()->createApiToken(u"admin"_qs, u"t"_qs, protocol::Role::Viewer, -1, &tokenId, &code, &error));
        WsClient client;
        QVERIFY(client.open(daemon.port()));
        QVERIFY(client.login(u"admin"_qs, password)); // an audited action: the head file is written
        const QStringList expected{u"ops.db"_qs, u"ops.db-wal"_qs, u"ops.db-shm"_qs, u"audit-hmac.key"_qs, u"audit-signing.key"_qs,
                                   u"audit-head"_qs, u"initial-admin-password"_qs, u"demo-admin-token"_qs};
        const QFileInfoList files = QDir(data).entryInfoList(QDir::Files | QDir::Hidden);
        QStringList names;
        for (const QFileInfo &f : files) {
            names << f.fileName();
            QVERIFY2((f.permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                         | QFileDevice::WriteOther | QFileDevice::ExeOther)) == QFileDevice::Permissions(),
                     qPrintable(u"%1 is readable by others: %2"_qs.arg(f.fileName()).arg(int(f.permissions()), 0, 16)));
        }
        for (const QString &name : expected)
            QVERIFY2(names.contains(name), qPrintable(name + u" was not created: "_qs + names.join(u", "_qs)));
        QCOMPARE(QFileInfo(data).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    }
}

QTEST_GUILESS_MAIN(tst_Audit)
#include "tst_audit.moc"
