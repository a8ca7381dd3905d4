#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

// Per-backend SQL kept in files beside the repository that runs it (as Quassel keeps its
// backends' queries): resource :/sql/<backend>/<area>/<name>.sql, or :/sql/common/... when
// both backends say the same. Read once, then cached. An empty result means the statement
// does not exist for that backend (a programming error, logged once).
namespace sqlfiles {
QString statement(const QString &name, bool postgres); // name: "fleet/heartbeat"
bool isPostgres(const QSqlDatabase &db);
// Prepares the named statement for db's backend, binds in order and runs it. On failure
// *error says which statement and why; with *error already set, nothing runs (a sequence of
// calls stops at the first failure).
QSqlQuery run(const QSqlDatabase &db, const QString &name, const QVariantList &binds, QString *error);
// Prepared once, for a batch: bind and exec() per row (run() prepares each time, which on
// PostgreSQL is a round trip of its own).
QSqlQuery prepare(const QSqlDatabase &db, const QString &name, QString *error);
// Binds and runs a query from prepare(); on failure *error says which statement and why.
bool exec(QSqlQuery &query, const QString &name, const QVariantList &binds, QString *error);
}
