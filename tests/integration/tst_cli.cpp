#include "server/config/config.h"
#include "tests/support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

// formauto-opsd as an operator runs it: a separate process, its exit codes and its output.
class tst_Cli final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void printDefaultConfig();
    void badConfigNamesLineAndColumn();
    void refusesRemoteBindWithoutOptIn();
    void userAddListAndToken();
    void runsLogsJsonAndStopsOnSigterm();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run run(const QStringList &args, const QByteArray &stdinData = {});
    QString m_binary;
};

void tst_Cli::initTestCase()
{
    m_binary = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFile::exists(m_binary), "FORMAUTO_OPSD names the built daemon (set by CTest)");
}

tst_Cli::Run tst_Cli::run(const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    p.start(m_binary, args);
    p.waitForStarted();
    p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

void tst_Cli::printDefaultConfig()
{
    const Run r = run({u"--print-default-config"_qs});
    QCOMPARE(r.exitCode, 0);
    QString error;
    QVERIFY2(Config::fromToml(r.out, u"printed"_qs, &error), qPrintable(error));
    QVERIFY(r.out.contains("# "));
}

void tst_Cli::badConfigNamesLineAndColumn()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"bad.toml"_qs);
    testsupport::writeFile(file, "[server]\nlisten = \"127.0.0.1:9999\"\n\n[monitoring]\ninterval_seconds = 0\n");
    const Run r = run({u"--config"_qs, file, u"--data-dir"_qs, dir.filePath(u"data"_qs)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains((file + u":5:20: monitoring.interval_seconds must be between 1 and 3600"_qs).toUtf8()), r.err.constData());
    QVERIFY2(!QFile::exists(dir.filePath(u"data"_qs)), "nothing was started or created");
    testsupport::writeFile(file, "[server\n");
    const Run syntax = run({u"--config"_qs, file});
    QCOMPARE(syntax.exitCode, 2);
    QVERIFY2(syntax.err.contains((file + u":1:"_qs).toUtf8()), syntax.err.constData());
    QCOMPARE(run({u"--listen"_qs, u"nonsense"_qs}).exitCode, 2);
    QCOMPARE(run({u"frobnicate"_qs}).exitCode, 2);
}

void tst_Cli::refusesRemoteBindWithoutOptIn()
{
    QTemporaryDir dir;
    const Run r = run({u"--data-dir"_qs, dir.path(), u"--listen"_qs, u"0.0.0.0:0"_qs});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("allow_insecure_remote"), r.err.constData());
}

void tst_Cli::userAddListAndToken()
{
    QTemporaryDir dir;
    const QStringList base{u"--data-dir"_qs, dir.path()};
    Run r = run(base + QStringList{u"user"_qs, u"add"_qs, u"olga"_qs, u"--role"_qs, u"operator"_qs}, "olga-password-123\n");
    QCOMPARE(r.exitCode, 0);
    r = run(base + QStringList{u"user"_qs, u"add"_qs, u"olga"_qs, u"--role"_qs, u"operator"_qs}, "olga-password-123\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("exists"));
    r = run(base + QStringList{u"user"_qs, u"add"_qs, u"shorty"_qs, u"--role"_qs, u"viewer"_qs}, "short\n");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("at least 10"));
    QCOMPARE(run(base + QStringList{u"user"_qs, u"add"_qs, u"x"_qs, u"--role"_qs, u"root"_qs}, "long-enough-pw\n").exitCode, 2);
    r = run(base + QStringList{u"user"_qs, u"list"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("olga\toperator"));
    QVERIFY(!r.out.contains("olga-password"));
    r = run(base + QStringList{u"token"_qs, u"create"_qs, u"ci"_qs, u"--role"_qs, u"viewer"_qs, u"--user"_qs, u"olga"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.trimmed().startsWith("fat_"));
    r = run(base + QStringList{u"token"_qs, u"create"_qs, u"ci"_qs, u"--role"_qs, u"admin"_qs, u"--user"_qs, u"olga"_qs});
    QCOMPARE(r.exitCode, 1); // above the user's own role
}

void tst_Cli::runsLogsJsonAndStopsOnSigterm()
{
    QTemporaryDir dir;
    QProcess p;
    p.start(m_binary, {u"--demo"_qs, u"--data-dir"_qs, dir.path(), u"--listen"_qs, u"127.0.0.1:0"_qs});
    QVERIFY(p.waitForStarted());
    int port = 0;
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError(), err.contains("formauto-opsd listening")), 10000);
    QList<QJsonObject> lines;
    for (const QByteArray &line : err.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError e;
        const QJsonObject json = QJsonDocument::fromJson(line, &e).object();
        QVERIFY2(e.error == QJsonParseError::NoError, line.constData());
        for (const char *key : {"timestamp", "level", "logger", "message", "extra"})
            QVERIFY2(json.contains(QLatin1StringView(key)), line.constData());
        if (json.value(u"message"_qs).toString() == u"formauto-opsd listening"_qs)
            port = json.value(u"extra"_qs).toObject().value(u"port"_qs).toInt();
        lines << json;
    }
    QVERIFY(port > 0);
    const QByteArray password = testsupport::readFile(dir.filePath(u"initial-admin-password"_qs)).trimmed();
    QVERIFY(password.size() >= 20);
    QVERIFY2(!err.contains(password), "the initial password never goes to the log");
    QVERIFY2(!p.readAllStandardOutput().contains(password), "nor to a stdout that is not a terminal");

    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/readyz").arg(port))));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardError().contains("formauto-opsd stopped"));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
