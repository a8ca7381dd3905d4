#include "server/monitoring/metricsstore.h"
#include "server/storage/opsstore.h"
#include "server/storage/sqlsplit.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The newest migration built in for a backend (schema/<backend>/NNN_name.sql).
static int latestSchema(bool postgres)
{
    const QStringList files = QDir(postgres ? u":/schema/postgres"_qs : u":/schema/sqlite"_qs).entryList(QDir::Files, QDir::Name);
    return files.isEmpty() ? -1 : files.last().section(u'_', 0, 0).toInt();
}

class tst_OpsStore final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void splitStatements();
    void backend_data();
    void backend();

private:
    QTemporaryDir m_dir;
    std::optional<DatabaseUrl> m_pg;
};

void tst_OpsStore::initTestCase()
{
    QString error;
    m_pg = testsupport::createPostgresDatabase(u"formauto_ops_store_test"_qs, &error);
}

void tst_OpsStore::cleanupTestCase()
{
    if (m_pg)
        testsupport::dropPostgresDatabase(u"formauto_ops_store_test"_qs);
}

void tst_OpsStore::splitStatements()
{
    const QStringList s = splitSqlStatements(u"-- comment\nCREATE TABLE a (x INT);\n\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n  SELECT RAISE(ABORT, 'no');\nEND;\nCREATE INDEX i ON a(x);\n"_qs);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[0], u"CREATE TABLE a (x INT)"_qs);
    QVERIFY(s[1].startsWith(u"CREATE TRIGGER"_qs));
    QVERIFY(s[1].endsWith(u"END;"_qs));
    QCOMPARE(s[2], u"CREATE INDEX i ON a(x)"_qs);
}

void tst_OpsStore::backend_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgresql") << true;
}

void tst_OpsStore::backend()
{
    QFETCH(bool, postgres);
    DatabaseUrl url;
    if (postgres) {
        if (!m_pg)
            REQUIRE_SERVICE_OR_SKIP("PostgreSQL not started (run through ./build.sh test)");
        url = *m_pg;
    } else {
        url.path = m_dir.filePath(u"ops.db"_qs);
    }
    QString error;
    {
        OpsStore store(url, u"store-a"_qs);
        QVERIFY2(store.open(&error), qPrintable(error));
        QCOMPARE(store.schemaVersion(), latestSchema(postgres));
    }
    OpsStore store(url, u"store-b"_qs);
    QVERIFY2(store.open(&error), qPrintable(error)); // migrations already applied: nothing runs twice
    QCOMPARE(store.schemaVersion(), latestSchema(postgres));

    // Users.
    QCOMPARE(store.userCount(&error), 0);
    UserRecord alice{u"u-1"_qs, u"alice"_qs, protocol::Role::Operator, u"$argon2id$x"_qs, 1000, false};
    QVERIFY2(store.addUser(alice, &error), qPrintable(error));
    QVERIFY(!store.addUser(alice, &error)); // unique name
    const auto found = store.userByName(u"alice"_qs, &error);
    QVERIFY(found);
    QCOMPARE(found->role, protocol::Role::Operator);
    QCOMPARE(found->passwordHash, u"$argon2id$x"_qs);
    QVERIFY(!store.userByName(u"bob"_qs, &error));

    // Tokens are looked up by hash only.
    TokenRecord token{u"t-1"_qs, u"u-1"_qs, {}, u"api"_qs, u"ci"_qs, protocol::Role::Viewer, 2000, -1, false};
    QVERIFY2(store.addToken(token, QByteArray(32, 'h'), &error), qPrintable(error));
    auto t = store.tokenByHash(QByteArray(32, 'h'), &error);
    QVERIFY(t);
    QCOMPARE(t->username, u"alice"_qs);
    QCOMPARE(t->expiresAtMs, -1);
    QVERIFY(!store.tokenByHash(QByteArray(32, 'x'), &error));
    QVERIFY(store.revokeToken(u"t-1"_qs, &error));
    QVERIFY(store.tokenByHash(QByteArray(32, 'h'), &error)->revoked);
    QVERIFY(!store.revokeToken(u"t-missing"_qs, &error));
    TokenRecord session{u"s-1"_qs, u"u-1"_qs, {}, u"session"_qs, {}, protocol::Role::Operator, 0, 5000, false};
    QVERIFY2(store.addToken(session, QByteArray(32, 's'), &error), qPrintable(error));
    QVERIFY(store.deleteExpiredSessions(6000, &error));
    QVERIFY(!store.tokenByHash(QByteArray(32, 's'), &error));

    // Rollups merge into existing buckets, per host.
    const QSqlDatabase db = store.database();
    QVERIFY2(metricsstore::mergeRollups(db, u"a"_qs, 60, {{600, u"cpu_percent"_qs, 10, 20, 30, 2}}, &error), qPrintable(error));
    QVERIFY(metricsstore::mergeRollups(db, u"a"_qs, 60, {{600, u"cpu_percent"_qs, 5, 15, 10, 1}, {660, u"cpu_percent"_qs, 1, 1, 1, 1}},
                                       &error));
    QVERIFY(metricsstore::mergeRollups(db, u"b"_qs, 60, {{600, u"cpu_percent"_qs, 99, 99, 99, 1}}, &error));
    const auto rows = metricsstore::rollups(db, u"a"_qs, false, 60, 600, 661, &error);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].min, 5.0);
    QCOMPARE(rows[0].max, 20.0);
    QCOMPARE(rows[0].sum, 40.0);
    QCOMPARE(rows[0].count, 3);
    QCOMPARE(metricsstore::rollups(db, u"b"_qs, false, 60, 600, 661, &error).size(), 1);
    QVERIFY(metricsstore::pruneRollups(db, u"a"_qs, 60, 660, &error));
    QCOMPARE(metricsstore::rollups(db, u"a"_qs, false, 60, 0, 10000, &error).size(), 1);
    QCOMPARE(metricsstore::rollups(db, u"b"_qs, false, 60, 0, 10000, &error).size(), 1); // b's own retention, not a's

    // Audit rows come back in order with their fields.
    protocol::AuditEntry e;
    e.userId = u"u-1"_qs;
    e.action = u"user.add"_qs;
    e.resourceType = u"user"_qs;
    e.resourceId = u"bob"_qs;
    e.details = {{u"role"_qs, u"viewer"_qs}};
    e.ipAddress = u"127.0.0.1"_qs;
    e.userAgent = u"test"_qs;
    e.timestampMs = 123456;
    const auto seal = [](const QString &prev, const QString &digest) { return QString(prev.left(8) + digest.left(8)); };
    QVERIFY2(store.appendAudit(&e, seal, &error), qPrintable(error));
    QVERIFY(!e.id.isEmpty());
    QCOMPARE(e.seq, 1);
    QCOMPARE(e.prevHash, protocol::GenesisHash);
    QCOMPARE(e.digest, e.computeDigest());
    protocol::AuditEntry second = e;
    second.id.clear();
    second.action = u"token.create"_qs;
    QVERIFY(store.appendAudit(&second, seal, &error));
    QCOMPARE(second.seq, e.seq + 1);
    QCOMPARE(second.prevHash, e.hash); // chained
    const auto audit = store.auditSince(0, 10, &error);
    QCOMPARE(audit.size(), 2);
    QCOMPARE(audit[0], e);
    QCOMPARE(audit[1].action, u"token.create"_qs);
    QCOMPARE(store.auditSince(e.seq, 10, &error).size(), 1);
    // Append-only in the database itself, whoever asks.
    QSqlQuery q(QSqlDatabase::database(u"store-b"_qs));
    QVERIFY(!q.exec(u"UPDATE audit_log SET action = 'x' WHERE seq = 1"_qs));
    QVERIFY2(q.lastError().text().contains(u"append-only"_qs), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(u"DELETE FROM audit_log WHERE seq = 1"_qs));
    QCOMPARE(store.auditSince(0, 10, &error).size(), 2);
    OpsStore::AuditFilter filter;
    filter.action = u"token.create"_qs;
    QCOMPARE(store.auditQuery(filter, &error).size(), 1);
    // A prefix of dotted parts finds the actions under it; a part of a word does not.
    error.clear();
    filter.action = u"token"_qs;
    QCOMPARE(store.auditQuery(filter, &error).size(), 1);
    QCOMPARE(store.auditQuery(filter, &error).first().action, u"token.create"_qs);
    filter.action = u"user."_qs;
    QCOMPARE(store.auditQuery(filter, &error).size(), 1);
    filter.action = u"tok"_qs;
    QCOMPARE(store.auditQuery(filter, &error).size(), 0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    filter = {};
    filter.userId = u"u-1"_qs;
    const auto newestFirst = store.auditQuery(filter, &error);
    QCOMPARE(newestFirst.size(), 2);
    QCOMPARE(newestFirst.first().action, u"token.create"_qs);
}

QTEST_GUILESS_MAIN(tst_OpsStore)
#include "tst_opsstore.moc"
