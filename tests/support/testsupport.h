#pragma once

#include "server/config/config.h"

#include <QJsonObject>
#include <QString>
#include <QTest>
#include <optional>

// For a test that needs PostgreSQL, Redis or the SMTP sink and cannot reach it: a skip when
// tests run on their own, a failure under ./build.sh test (FORMAUTO_TEST_REQUIRE_SERVICES=1),
// where the services are started, so a run cannot pass by skipping what it was meant to test.
#define REQUIRE_SERVICE_OR_SKIP(message)                                                                  \
    do {                                                                                                  \
        if (testsupport::servicesRequired())                                                              \
            QFAIL(qPrintable(QString(QStringLiteral("a required test service is missing "                \
                                                    "(FORMAUTO_TEST_REQUIRE_SERVICES=1): ")                \
                                     + QString::fromUtf8(message))));                                     \
        QSKIP(message);                                                                                   \
    } while (false)

namespace testsupport {

// FORMAUTO_TEST_REQUIRE_SERVICES is set (./build.sh test): REQUIRE_SERVICE_OR_SKIP fails.
bool servicesRequired();

// The PostgreSQL cluster ./build.sh test starts (FORMAUTO_TEST_PG_* variables); nullopt when
// the tests run without it, and the test then says so with REQUIRE_SERVICE_OR_SKIP.
std::optional<DatabaseUrl> postgresUrl();
// A fresh PostgreSQL database for one test, dropped by the caller with dropPostgresDatabase().
std::optional<DatabaseUrl> createPostgresDatabase(const QString &name, QString *error);
void dropPostgresDatabase(const QString &name);

// A configuration for tests: temp data dir, port 0, 1 s sampling, fast password hashing.
Config testConfig(const QString &dataDir);

QByteArray readFile(const QString &path);
void writeFile(const QString &path, const QByteArray &content);

} // namespace testsupport
