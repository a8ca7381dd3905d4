#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QTimeZone>

namespace protocol {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Operator: return QStringLiteral("operator");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

bool parseRole(const QString &name, Role *role)
{
    static const std::pair<QLatin1StringView, Role> roles[] = {
        {QLatin1StringView("viewer"), Role::Viewer},
        {QLatin1StringView("operator"), Role::Operator},
        {QLatin1StringView("admin"), Role::Admin},
    };
    for (const auto &[text, value] : roles) {
        if (name == text) {
            *role = value;
            return true;
        }
    }
    return false;
}

QString isoTimestamp(qint64 msecsSinceEpoch)
{
    // Qt::UTC (not a QTimeZone) is what makes Qt write the trailing "Z".
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

qint64 parseIsoTimestamp(const QString &text)
{
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        return -1;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

} // namespace protocol
