#include "tests/support/testsupport.h"

#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace testsupport {

bool servicesRequired()
{
    return qEnvironmentVariableIntValue("FORMAUTO_TEST_REQUIRE_SERVICES") == 1;
}

std::optional<DatabaseUrl> postgresUrl()
{
    if (qEnvironmentVariableIsEmpty("FORMAUTO_TEST_PG_PORT"))
        return std::nullopt;
    DatabaseUrl url;
    url.kind = DatabaseUrl::Kind::Postgres;
    url.host = qEnvironmentVariable("FORMAUTO_TEST_PG_HOST", QStringLiteral("127.0.0.1"));
    url.port = qEnvironmentVariableIntValue("FORMAUTO_TEST_PG_PORT");
    url.user = qEnvironmentVariable("FORMAUTO_TEST_PG_USER");
    url.database = qEnvironmentVariable("FORMAUTO_TEST_PG_DB");
    url.password = qEnvironmentVariable("FORMAUTO_TEST_PG_PASSWORD");
    url.options = QStringLiteral("connect_timeout=3");
    return url;
}

std::optional<DatabaseUrl> createPostgresDatabase(const QString &name, QString *error)
{
    std::optional<DatabaseUrl> url = postgresUrl();
    if (!url)
        return std::nullopt;
    const QString admin = QStringLiteral("pg-admin-") + name;
    if (!openDatabase(*url, admin, false, error))
        return std::nullopt;
    {
        QSqlQuery q(QSqlDatabase::database(admin, false));
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS \"%1\"").arg(name));
        if (!q.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name))) {
            *error = q.lastError().text();
            closeDatabase(admin);
            return std::nullopt;
        }
    }
    closeDatabase(admin);
    url->database = name;
    return url;
}

void dropPostgresDatabase(const QString &name)
{
    std::optional<DatabaseUrl> url = postgresUrl();
    QString error;
    const QString admin = QStringLiteral("pg-drop-") + name;
    if (!url || !openDatabase(*url, admin, false, &error))
        return;
    {
        QSqlQuery q(QSqlDatabase::database(admin, false));
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(name));
    }
    closeDatabase(admin);
}

Config testConfig(const QString &dataDir)
{
    Config c;
    c.dataDir = dataDir;
    c.server.port = 0;
    c.server.authTimeoutMs = 1000;
    c.monitoring.intervalSeconds = 1;
    c.auth.passwordHashStrength = QStringLiteral("interactive");
    c.log.level = QStringLiteral("warning");
    // A test machine busy with the other tests must not make /healthz flap.
    c.health.cpuWarning = c.health.cpuCritical = 100;
    c.health.memoryWarning = c.health.memoryCritical = 100;
    c.health.diskWarning = c.health.diskCritical = 100;
    return c;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(content);
}

} // namespace testsupport
