#pragma once

#include <QHostAddress>
#include <QStringList>
#include <QUrl>

// Outgoing notifications only go where an operator meant them to: allowed schemes, and no
// private, loopback or link-local destination unless the config allow-lists it (CIDR). The
// address checked is the one used: it is handed to libcurl, so DNS cannot change it between.
bool isInternalAddress(const QHostAddress &address);
// Resolves url's host (blocking: call off the event loop). On success *pinned is the address to use.
bool checkDestination(const QUrl &url, const QStringList &allowedSchemes, const QStringList &allowCidrs,
                      QHostAddress *pinned, QString *why);
