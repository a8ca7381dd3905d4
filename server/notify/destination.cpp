#include "server/notify/destination.h"


namespace {

bool inAny(const QHostAddress &a, const QList<QPair<QHostAddress, int>> &ranges)
{
    return std::any_of(ranges.cbegin(), ranges.cend(), [&](const auto &range) { return a.isInSubnet(range); });
}

QPair<QHostAddress, int> subnet(const char *text)
{
    return QHostAddress::parseSubnet(QString::fromLatin1(text));
}

bool internalIPv4(quint32 v4)
{
    static const QList<QPair<QHostAddress, int>> ranges = {
        subnet("0.0.0.0/8"),       subnet("10.0.0.0/8"),     subnet("100.64.0.0/10"), subnet("127.0.0.0/8"),
        subnet("169.254.0.0/16"),  subnet("172.16.0.0/12"),  subnet("192.0.0.0/24"),  subnet("192.168.0.0/16"),
        subnet("198.18.0.0/15"),   // benchmarking, used inside some networks
        subnet("224.0.0.0/4"),     // multicast
        subnet("240.0.0.0/4"),     // reserved, and 255.255.255.255
    };
    return inAny(QHostAddress(v4), ranges);
}

quint32 v4At(const Q_IPV6ADDR &a, int offset)
{
    return quint32(a[offset]) << 24 | quint32(a[offset + 1]) << 16 | quint32(a[offset + 2]) << 8 | quint32(a[offset + 3]);
}

} // namespace

bool isInternalAddress(const QHostAddress &a)
{
    if (a.protocol() == QAbstractSocket::IPv4Protocol)
        return internalIPv4(a.toIPv4Address());
    if (a.protocol() != QAbstractSocket::IPv6Protocol)
        return true; // not an address we can judge: not a destination
    static const QList<QPair<QHostAddress, int>> ranges = {
        subnet("::1/128"),     subnet("::/128"),      subnet("fc00::/7"),  subnet("fe80::/10"), subnet("fec0::/10"),
        subnet("ff00::/8"),    // multicast
        subnet("100::/64"),    // discard-only
        subnet("64:ff9b:1::/48"), // NAT64 for local use
    };
    if (inAny(a, ranges))
        return true;
    const Q_IPV6ADDR bytes = a.toIPv6Address();
    // IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d: the IPv4
    // address is the last 32 bits.
    static const QList<QPair<QHostAddress, int>> trailingV4 = {subnet("::ffff:0:0/96"), subnet("::/96"), subnet("64:ff9b::/96")};
    if (inAny(a, trailingV4))
        return internalIPv4(v4At(bytes, 12));
    if (a.isInSubnet(subnet("2002::/16"))) // 6to4: 2002:AABB:CCDD::
        return internalIPv4(v4At(bytes, 2));
    if (a.isInSubnet(subnet("2001::/32"))) // Teredo: server at bits 32-63, client (inverted) in the last 32
        return internalIPv4(v4At(bytes, 4)) || internalIPv4(~v4At(bytes, 12));
    return false;
}

bool checkDestinationUrl(const QUrl &url, const QStringList &allowedSchemes, std::optional<QHostAddress> *literal, QString *why)
{
    if (!url.isValid() || !allowedSchemes.contains(url.scheme()) || url.host().isEmpty()) {
        *why = QStringLiteral("scheme must be one of %1").arg(allowedSchemes.join(u", "));
        return false;
    }
    literal->reset();
    QHostAddress address;
    // QUrl gives an IPv6 literal without its brackets.
    if (address.setAddress(url.host()))
        *literal = address;
    return true;
}

bool pickDestination(const QString &host, const QList<QHostAddress> &addresses, const QStringList &allowCidrs, QHostAddress *pinned,
                     QString *why)
{
    if (addresses.isEmpty()) {
        *why = QStringLiteral("cannot resolve %1").arg(host);
        return false;
    }
    for (const QHostAddress &a : addresses) {
        bool allowed = !isInternalAddress(a);
        for (const QString &cidr : allowCidrs) {
            const auto range = QHostAddress::parseSubnet(cidr);
            if (range.second >= 0 && a.isInSubnet(range))
                allowed = true;
        }
        if (allowed) {
            *pinned = a;
            return true;
        }
    }
    *why = QStringLiteral("%1 resolves to an internal address (%2); add it to allow_destinations to permit it")
               .arg(host, addresses.first().toString());
    return false;
}

bool checkDestination(const QUrl &url, const QStringList &allowedSchemes, const QStringList &allowCidrs, QHostAddress *pinned,
                      QString *why)
{
    std::optional<QHostAddress> literal;
    if (!checkDestinationUrl(url, allowedSchemes, &literal, why))
        return false;
    if (literal)
        return pickDestination(url.host(), {*literal}, allowCidrs, pinned, why);
    *why = QStringLiteral("%1 is a name: it is looked up by the delivering channel, not here").arg(url.host());
    return false;
}
