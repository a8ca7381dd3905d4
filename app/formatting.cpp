#include "app/formatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cmath>

namespace formatting {

QString percent(double value, const QLocale &locale)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return QCoreApplication::translate("Formatting", "%1 %").arg(locale.toString(value, 'f', 1));
}

QString bytes(double value, const QLocale &locale)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    // Binary units, named as such (KiB, MiB, GiB), the same in tables, tiles and charts;
    // under 1 KiB "B", as the axes say (Qt would write "bytes").
    if (std::abs(value) < 1024)
        return QCoreApplication::translate("Formatting", "%1 B").arg(locale.toString(qint64(std::llround(value))));
    return locale.formattedDataSize(qint64(value), 1, QLocale::DataSizeIecFormat);
}

QString bytesPerSecond(double value, const QLocale &locale)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return QCoreApplication::translate("Formatting", "%1/s").arg(bytes(value, locale));
}

QString count(double value, const QLocale &locale)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return locale.toString(qint64(std::llround(value)));
}

QString dateTime(qint64 msecsSinceEpoch, const QLocale &locale)
{
    return locale.toString(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch), QLocale::ShortFormat);
}

QString dateTimeSeconds(qint64 msecsSinceEpoch, const QLocale &locale)
{
    // The locale's short date and time, with seconds (a chart's crosshair is read to the second).
    QString time = locale.timeFormat(QLocale::ShortFormat);
    if (!time.contains(u"ss"_qs))
        time.replace(u"mm"_qs, u"mm:ss"_qs);
    return locale.toString(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch), locale.dateFormat(QLocale::ShortFormat) + u' ' + time);
}

QString age(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("–");
    // The counts are computed first: lupdate 6.4 hangs on a division inside translate()'s arguments.
    const int seconds = int(ms / 1000), minutes = int(ms / 60000), hours = int(ms / 3600000);
    if (ms < 60000)
        return QCoreApplication::translate("Formatting", "%n s ago", nullptr, seconds);
    if (ms < 3600000)
        return QCoreApplication::translate("Formatting", "%n min ago", nullptr, minutes);
    return QCoreApplication::translate("Formatting", "%n h ago", nullptr, hours);
}

} // namespace formatting
