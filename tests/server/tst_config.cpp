#include "server/config/config.h"

#include <QTemporaryDir>
#include <QTest>

class tst_Config final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsWithoutFile();
    void defaultTextParsesToDefaults();
    void readsValues();
    void rejects_data();
    void rejects();
    void missingFile();
    void databaseUrls_data();
    void databaseUrls();
    void secrets();
};

void tst_Config::defaultsWithoutFile()
{
    const Config c;
    QCOMPARE(c.server.host, u"127.0.0.1"_qs);
    QCOMPARE(c.server.port, quint16(8765));
    QCOMPARE(c.monitoring.intervalSeconds, 5);
    QCOMPARE(c.monitoring.minuteRollupRetentionDays, 7);
    QCOMPARE(c.monitoring.hourRollupRetentionDays, 90);
    QCOMPARE(c.tasks.runningStatus, u"RUNNING"_qs);
    QCOMPARE(c.tasks.completedStatus, u"COMPLETED"_qs);
    QCOMPARE(c.tasks.table, u"tasks"_qs);
}

void tst_Config::defaultTextParsesToDefaults()
{
    QString error;
    const auto c = Config::fromToml(Config::defaultConfigText(), u"default.toml"_qs, &error);
    QVERIFY2(c, qPrintable(error));
    const Config d;
    QCOMPARE(c->server.host, d.server.host);
    QCOMPARE(c->server.port, d.server.port);
    QCOMPARE(c->server.maxMessageBytes, d.server.maxMessageBytes);
    QCOMPARE(c->server.authTimeoutMs, d.server.authTimeoutMs);
    QCOMPARE(c->server.clientQueueLimitBytes, d.server.clientQueueLimitBytes);
    QCOMPARE(c->monitoring.intervalSeconds, d.monitoring.intervalSeconds);
    QCOMPARE(c->monitoring.rawRetentionMinutes, d.monitoring.rawRetentionMinutes);
    QCOMPARE(c->tasks.statusColumn, d.tasks.statusColumn);
    QCOMPARE(c->tasks.queryTimeoutMs, d.tasks.queryTimeoutMs);
    QCOMPARE(c->auth.passwordHashStrength, d.auth.passwordHashStrength);
    QCOMPARE(c->auth.sessionTtlMinutes, d.auth.sessionTtlMinutes);
    QCOMPARE(c->log.level, d.log.level);
}

void tst_Config::readsValues()
{
    QString error;
    const auto c = Config::fromToml(R"(
[server]
listen = "[::1]:9000"
allowed_origins = ["https://ops.example"]
[monitoring]
interval_seconds = 1
mounts = ["/", "/srv"]
[tasks]
database_url = "postgresql://ro@db:5433/formauto"
table = "public.tasks"
running_status = "running"
)", u"x.toml"_qs, &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->server.host, u"::1"_qs);
    QCOMPARE(c->server.port, quint16(9000));
    QCOMPARE(c->server.allowedOrigins, QStringList{u"https://ops.example"_qs});
    QCOMPARE(c->monitoring.intervalSeconds, 1);
    QCOMPARE(c->monitoring.mounts, (QStringList{u"/"_qs, u"/srv"_qs}));
    QCOMPARE(c->tasks.table, u"public.tasks"_qs);
    QCOMPARE(c->tasks.runningStatus, u"running"_qs);

    const auto alerts = Config::fromToml(R"(
[alerts]
channel_failure_attempts = 5
[[alerts.rule]]
name = "cpu_high"
expression = "cpu_percent > 70 for 5m"
title = "CPU above 70 %"
hold = "2m"
[[alerts.rule]]
name = "queue_deep"
expression = "tasks.running > 100"
level = "error"
[[alerts.maintenance]]
name = "weekly deploy"
days = ["sat"]
start = "02:00"
duration = "2h"
time_zone = "Asia/Tokyo"
match = ["rule=~cpu_.*"]
)", u"a.toml"_qs, &error);
    QVERIFY2(alerts, qPrintable(error));
    QCOMPARE(alerts->alerts.channelFailureAttempts, 5);
    QVERIFY(alerts->alerts.defaultRules);
    QCOMPARE(alerts->alerts.rules.size(), 2);
    QCOMPARE(alerts->alerts.rules.at(0).expression(), u"cpu_percent > 70 for 5m"_qs);
    QCOMPARE(alerts->alerts.rules.at(0).holdMs, 120000);
    QCOMPARE(alerts->alerts.rules.at(0).title, u"CPU above 70 %"_qs);
    QCOMPARE(alerts->alerts.rules.at(1).level, u"error"_qs);
    QCOMPARE(alerts->alerts.maintenance.size(), 1);
    QCOMPARE(alerts->alerts.maintenance.at(0).toJson().value(u"time_zone"_qs).toString(), u"Asia/Tokyo"_qs);

    const auto health = Config::fromToml(R"(
[health]
interval_seconds = 10
redis_url = "redis://127.0.0.1:6379"
[[health.http]]
name = "api"
url = "https://formauto.example/health"
expect_body = "ok"
[[health.tcp]]
name = "db"
address = "10.0.0.5:5432"
[[health.dns]]
name = "mail"
host = "smtp.example.com"
[backup]
directories = ["/srv/uploads"]
compression = "gzip"
[schedule]
time_zone = "Asia/Tokyo"
backup = "@daily"
digest = "0 8 * * *"
digest_language = "ja"
)", u"h.toml"_qs, &error);
    QVERIFY2(health, qPrintable(error));
    QCOMPARE(health->health.intervalSeconds, 10);
    QCOMPARE(health->health.http.size(), 1);
    QCOMPARE(health->health.http.at(0).expectStatus, 200);
    QCOMPARE(health->health.tcp.at(0).address, u"10.0.0.5:5432"_qs);
    QCOMPARE(health->health.dns.at(0).address, u"smtp.example.com"_qs);
    QCOMPARE(health->backup.compression, u"gzip"_qs);
    QCOMPARE(health->schedule.digestLanguage, u"ja"_qs);
    const auto fleet = Config::fromToml("[fleet]\nhost = \"worker-2.tokyo_a\"\ndown_after_seconds = 30\n", u"f.toml"_qs, &error);
    QVERIFY2(fleet, qPrintable(error));
    QCOMPARE(fleet->fleet.host, u"worker-2.tokyo_a"_qs);
    QCOMPARE(fleet->fleet.downAfterSeconds, 30);
}

void tst_Config::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // file:line:column and a reason
    QTest::newRow("syntax") << QByteArray("[server]\nlisten = \"127.0.0.1:1\n") << u"bad.toml:2:"_qs;
    QTest::newRow("unknown section") << QByteArray("[servr]\nlisten = \"a:1\"\n") << u"bad.toml:1:2: unknown section or key \"servr\""_qs;
    QTest::newRow("unknown key") << QByteArray("[server]\n\nlistn = \"a:1\"\n") << u"bad.toml:3:1: unknown key \"server.listn\""_qs;
    QTest::newRow("wrong type") << QByteArray("[monitoring]\ninterval_seconds = \"5\"\n") << u"bad.toml:2:20: monitoring.interval_seconds expected an integer"_qs;
    QTest::newRow("below minimum") << QByteArray("[monitoring]\ninterval_seconds = 0\n") << u"bad.toml:2:20: monitoring.interval_seconds must be between 1 and 3600"_qs;
    QTest::newRow("bad listen") << QByteArray("[server]\nlisten = \"localhost\"\n") << u"bad.toml:2:10: server.listen expected \"HOST:PORT\""_qs;
    QTest::newRow("bad enum") << QByteArray("[log]\nlevel = \"loud\"\n") << u"bad.toml:2:9: log.level must be one of"_qs;
    QTest::newRow("injection") << QByteArray("[tasks]\ntable = \"tasks; DROP TABLE x\"\n") << u"bad.toml:2:9: tasks.table must be a plain SQL identifier"_qs;
    QTest::newRow("array of ints") << QByteArray("[monitoring]\nmounts = [1]\n") << u"bad.toml:2:10: monitoring.mounts expected an array of strings"_qs;
    QTest::newRow("section is value") << QByteArray("server = 1\n") << u"bad.toml:1:10: [server] must be a table"_qs;
    QTest::newRow("fleet host with a space") << QByteArray("[fleet]\nhost = \"api 1\"\n") << u"bad.toml:2:8: fleet.host must be 1 to 63 letters"_qs;
    QTest::newRow("fleet host with a slash") << QByteArray("[fleet]\nhost = \"a/b\"\n") << u"bad.toml:2:8: fleet.host must be"_qs;
    QTest::newRow("fleet host empty") << QByteArray("[fleet]\nhost = \"\"\n") << u"bad.toml:2:8: fleet.host must be"_qs;
    QTest::newRow("fleet down before 3 samples") << QByteArray("[monitoring]\ninterval_seconds = 10\n[fleet]\ndown_after_seconds = 20\n")
                                                << u"bad.toml:4:22: fleet.down_after_seconds must be at least 3 sample intervals (30 s"_qs;
    QTest::newRow("agent without hub") << QByteArray("[fleet]\nmode = \"agent\"\ntoken_file = \"t\"\n")
                                       << u"bad.toml:1:1: fleet.hub_url must be wss://HOST:PORT"_qs;
    QTest::newRow("agent plain to a remote hub") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"ws://10.0.0.5:8765\"\ntoken_file = \"t\"\n")
                                                 << u"bad.toml:3:11: fleet.hub_url may be ws:// (without TLS) only to a loopback address"_qs;
    QTest::newRow("agent hub with a password") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"wss://u:p@hub:8765\"\ntoken_file = \"t\"\n")
                                               << u"bad.toml:3:11: fleet.hub_url must be wss://HOST:PORT"_qs;
    QTest::newRow("agent hub other scheme") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"ftp://hub:21\"\ntoken_file = \"t\"\n")
                                            << u"bad.toml:3:11: fleet.hub_url must be wss://HOST:PORT, not ftp://"_qs;
    QTest::newRow("agent without token") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"wss://hub:8765\"\n")
                                         << u"bad.toml:1:1: an agent needs fleet.token_file"_qs;
    QTest::newRow("agent bad fingerprint") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"wss://hub:8765\"\ntoken_file = \"t\"\nhub_fingerprint = \"abc\"\n")
                                           << u"bad.toml:5:19: fleet.hub_fingerprint must be a SHA-256"_qs;
    QTest::newRow("agent on postgres") << QByteArray("[store]\nurl = \"postgresql://u@db:5432/ops\"\n[fleet]\nmode = \"agent\"\nhub_url = \"wss://hub:8765\"\ntoken_file = \"t\"\n")
                                       << u"bad.toml:4:8: an agent keeps its own SQLite store"_qs;
    QTest::newRow("agent certificate without key") << QByteArray("[fleet]\nmode = \"agent\"\nhub_url = \"wss://hub:8765\"\ntoken_file = \"t\"\ntls_cert_file = \"c.pem\"\n")
                                                   << u"bad.toml:5:17: fleet.tls_cert_file and fleet.tls_key_file go together"_qs;
    QTest::newRow("fleet mode") << QByteArray("[fleet]\nmode = \"satellite\"\n") << u"bad.toml:2:8: fleet.mode must be one of"_qs;
    QTest::newRow("fleet down too soon") << QByteArray("[fleet]\ndown_after_seconds = 5\n") << u"bad.toml:2:22: fleet.down_after_seconds must be between 15 and 86400"_qs;
    QTest::newRow("alert rule expression") << QByteArray("[[alerts.rule]]\nname = \"x\"\nexpression = \"cpu >> 3\"\n")
                                           << u"bad.toml:3:14: alerts.rule \"x\": expected"_qs;
    QTest::newRow("alert rule level") << QByteArray("[[alerts.rule]]\nname = \"x\"\nexpression = \"cpu_percent > 3\"\nlevel = \"loud\"\n")
                                      << u"bad.toml:4:9: alerts.rule \"x\": level must be"_qs;
    QTest::newRow("alert rule key") << QByteArray("[[alerts.rule]]\nname = \"x\"\nthreshold = 3\n")
                                    << u"bad.toml:3:1: unknown key \"threshold\" in [[alerts.rule]]"_qs;
    QTest::newRow("alert rule name") << QByteArray("[[alerts.rule]]\nname = \"Bad Name\"\nexpression = \"cpu_percent > 3\"\n")
                                     << u"bad.toml:1:1: alerts.rule: name must be"_qs;
    QTest::newRow("window zone") << QByteArray("[[alerts.maintenance]]\nname = \"w\"\ndays = [\"sat\"]\nstart = \"02:00\"\nduration = \"1h\"\ntime_zone = \"Mars/Base\"\n")
                                 << u"bad.toml:1:1: alerts.maintenance: unknown time zone"_qs;
    QTest::newRow("alerts key") << QByteArray("[alerts]\nchannel_failure_attempts = 0\n")
                                << u"bad.toml:2:28: alerts.channel_failure_attempts must be between 1 and 1000"_qs;
    QTest::newRow("health http url") << QByteArray("[[health.http]]\nname = \"api\"\nurl = \"ftp://x\"\n")
                                     << u"bad.toml:1:1: health.http: url must be an http:// or https:// URL"_qs;
    QTest::newRow("health tcp key") << QByteArray("[[health.tcp]]\nname = \"db\"\nhost = \"x\"\n")
                                    << u"bad.toml:3:1: unknown key \"host\" in [[health.tcp]]"_qs;
    QTest::newRow("health threshold") << QByteArray("[health]\ncpu_warning = 150\n") << u"bad.toml:2:15: health.cpu_warning must be between 1 and 100"_qs;
    QTest::newRow("schedule cron") << QByteArray("[schedule]\nbackup = \"61 3 * * *\"\n") << u"bad.toml:2:10: schedule.backup minute"_qs;
    QTest::newRow("schedule zone") << QByteArray("[schedule]\ntime_zone = \"Mars/Base\"\n") << u"bad.toml:2:13: schedule.time_zone"_qs;
    QTest::newRow("backup compression") << QByteArray("[backup]\ncompression = \"xz\"\n") << u"bad.toml:2:15: backup.compression must be one of"_qs;
    QTest::newRow("duplicate key") << QByteArray("[server]\nlisten = \"a:1\"\nlisten = \"a:2\"\n") << u"bad.toml:3:"_qs;
}

void tst_Config::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Config::fromToml(text, u"bad.toml"_qs, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

void tst_Config::missingFile()
{
    QString error;
    QVERIFY(!Config::load(u"/nonexistent/formauto.toml"_qs, &error));
    QVERIFY2(error.startsWith(u"/nonexistent/formauto.toml: cannot read"_qs), qPrintable(error));
}

void tst_Config::databaseUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("display");
    QTest::newRow("sqlite absolute") << u"sqlite:///var/lib/app.db"_qs << true << u"sqlite:/var/lib/app.db"_qs;
    QTest::newRow("sqlite relative") << u"sqlite:tasks.db"_qs << true << u"sqlite:/data/tasks.db"_qs;
    QTest::newRow("sqlite host form") << u"sqlite://host/x.db"_qs << false << QString();
    QTest::newRow("postgres") << u"postgresql://ro@db.internal:5433/formauto?sslmode=require"_qs << true
                              << u"postgresql://ro@db.internal:5433/formauto"_qs;
    QTest::newRow("postgres default port") << u"postgres://ro@db/formauto"_qs << true << u"postgresql://ro@db:5432/formauto"_qs;
    QTest::newRow("password in url") << u"postgresql://ro:secret@db/formauto"_qs << false << QString();
    QTest::newRow("no database") << u"postgresql://ro@db"_qs << false << QString();
    QTest::newRow("unknown option") << u"postgresql://ro@db/x?options=-c%20foo"_qs << false << QString();
    QTest::newRow("other scheme") << u"mysql://ro@db/x"_qs << false << QString();
}

void tst_Config::databaseUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    QFETCH(QString, display);
    QString error;
    const auto parsed = DatabaseUrl::parse(url, u"/data"_qs, &error);
    QCOMPARE(parsed.has_value(), ok);
    if (ok) {
        QCOMPARE(parsed->display(), display);
    } else {
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(u"secret"_qs), "errors never repeat a password");
    }
}

void tst_Config::secrets()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"pw"_qs);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("s3cret-value\nignored\n");
    f.close();
    QString secret, error;
    QVERIFY(Config::readSecret(file, "FORMAUTO_TEST_UNUSED", &secret, &error));
    QCOMPARE(secret, u"s3cret-value"_qs);
    qputenv("FORMAUTO_TEST_SECRET_ENV", "from-env");
    QVERIFY(Config::readSecret(QString(), "FORMAUTO_TEST_SECRET_ENV", &secret, &error));
    QCOMPARE(secret, u"from-env"_qs);
    QVERIFY(!Config::readSecret(dir.filePath(u"missing"_qs), "X", &secret, &error));
    QVERIFY(error.contains(u"missing"_qs));
}

QTEST_GUILESS_MAIN(tst_Config)
#include "tst_config.moc"
