#pragma once

#include <QStringList>

// Splits a schema file into statements at semicolons that end a line; a CREATE TRIGGER
// runs on until its END; line. Comment-only lines are dropped.
QStringList splitSqlStatements(const QString &script);
