#pragma once

#include <QHostAddress>
#include <QStringList>
#include <QUrl>
#include <optional>

// Outgoing notifications only go where an operator meant them to: allowed schemes, and no
// private, loopback, link-local, reserved or multicast destination unless the config
// allow-lists it (CIDR). IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible,
// NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo) are judged by the IPv4 address inside. The
// address checked is the one used: it is handed to libcurl, so DNS cannot change it between.
bool isInternalAddress(const QHostAddress &address);

// The scheme and host of url, before any name is looked up; the literal address when the
// host is one (then no lookup is needed).
bool checkDestinationUrl(const QUrl &url, const QStringList &allowedSchemes, std::optional<QHostAddress> *literal, QString *why);
// Of the addresses a host resolved to, the first one allowed; false with *why when none is.
bool pickDestination(const QString &host, const QList<QHostAddress> &addresses, const QStringList &allowCidrs, QHostAddress *pinned,
                     QString *why);
// Both, for a URL whose host is an address literal. A host name is refused here: names are
// looked up asynchronously by the channel that delivers, then checked with pickDestination(),
// so nothing in the library can block the event loop on DNS.
bool checkDestination(const QUrl &url, const QStringList &allowedSchemes, const QStringList &allowCidrs,
                      QHostAddress *pinned, QString *why);
