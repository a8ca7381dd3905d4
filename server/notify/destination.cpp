#include "server/notify/destination.h"

#include <QHostInfo>

bool isInternalAddress(const QHostAddress &a)
{
    static const QList<QPair<QHostAddress, int>> ranges = {
        QHostAddress::parseSubnet(QStringLiteral("0.0.0.0/8")),     QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("100.64.0.0/10")), QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("169.254.0.0/16")), QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")), QHostAddress::parseSubnet(QStringLiteral("::1/128")),
        QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),       QHostAddress::parseSubnet(QStringLiteral("fe80::/10")),
        QHostAddress::parseSubnet(QStringLiteral("::/128")),
    };
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    const QHostAddress plain = isV4 ? QHostAddress(v4) : a;
    for (const auto &range : ranges) {
        if (plain.isInSubnet(range))
            return true;
    }
    return false;
}

bool checkDestination(const QUrl &url, const QStringList &allowedSchemes, const QStringList &allowCidrs, QHostAddress *pinned,
                      QString *why)
{
    if (!url.isValid() || !allowedSchemes.contains(url.scheme()) || url.host().isEmpty()) {
        *why = QStringLiteral("scheme must be one of %1").arg(allowedSchemes.join(u", "));
        return false;
    }
    QList<QHostAddress> addresses;
    QHostAddress literal;
    if (literal.setAddress(url.host())) {
        addresses.append(literal);
    } else {
        const QHostInfo info = QHostInfo::fromName(url.host());
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            *why = QStringLiteral("cannot resolve %1").arg(url.host());
            return false;
        }
        addresses = info.addresses();
    }
    for (const QHostAddress &a : addresses) {
        bool allowed = !isInternalAddress(a);
        for (const QString &cidr : allowCidrs) {
            const auto subnet = QHostAddress::parseSubnet(cidr);
            if (subnet.second >= 0 && a.isInSubnet(subnet))
                allowed = true;
        }
        if (allowed) {
            *pinned = a;
            return true;
        }
    }
    *why = QStringLiteral("%1 resolves to an internal address (%2); add it to allow_destinations to permit it")
               .arg(url.host(), addresses.first().toString());
    return false;
}
