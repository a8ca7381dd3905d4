#include "server/audit/auditlog.h"
#include "server/protocol/auditbundle.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
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

QTEST_GUILESS_MAIN(tst_Audit)
#include "tst_audit.moc"
