#pragma once

#include "server/config/config.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace testsupport {

// The PostgreSQL cluster ./build.sh test starts (FORMAUTO_TEST_PG_* variables); nullopt when
// the tests run without it, and the test then says so with QSKIP.
std::optional<DatabaseUrl> postgresUrl();
// A fresh PostgreSQL database for one test, dropped by the caller with dropPostgresDatabase().
std::optional<DatabaseUrl> createPostgresDatabase(const QString &name, QString *error);
void dropPostgresDatabase(const QString &name);

// A configuration for tests: temp data dir, port 0, 1 s sampling, fast password hashing.
Config testConfig(const QString &dataDir);

QByteArray readFile(const QString &path);
void writeFile(const QString &path, const QByteArray &content);

} // namespace testsupport
