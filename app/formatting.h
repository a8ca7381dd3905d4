#pragma once

#include <QLocale>
#include <QString>

// Numbers for people, in the language the console shows (QLocale() after a switch).
namespace formatting {
QString percent(double value, const QLocale &locale = QLocale());
QString bytes(double value, const QLocale &locale = QLocale());
QString bytesPerSecond(double value, const QLocale &locale = QLocale());
QString count(double value, const QLocale &locale = QLocale());
QString dateTime(qint64 msecsSinceEpoch, const QLocale &locale = QLocale());
QString dateTimeSeconds(qint64 msecsSinceEpoch, const QLocale &locale = QLocale());
// "5 s ago", "3 min ago"
QString age(qint64 milliseconds);
} // namespace formatting
