#pragma once

#include <QString>

// Per-backend SQL kept in files beside the repository that runs it (as Quassel keeps its
// backends' queries): resource :/sql/<backend>/<area>/<name>.sql, or :/sql/common/... when
// both backends say the same. Read once, then cached. An empty result means the statement
// does not exist for that backend (a programming error, logged once).
namespace sqlfiles {
QString statement(const QString &name, bool postgres); // name: "fleet/heartbeat"
}
