#pragma once

#include <QStringList>

// formauto-opsd's command line: the daemon itself and its subcommands. Exit codes:
// 0 done, 1 failed while running, 2 bad usage or configuration (nothing started).
int runCommandLine(const QStringList &arguments);
