#pragma once

#include <QJsonObject>
#include <QLoggingCategory>
#include <QString>
#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcOps)

// The daemon's own log: one JSON object per line with the ticket's StructuredLogger
// fields (timestamp, level, logger, message, extra). Installed as the Qt message
// handler, so qCInfo(lcSomething) lands here with the category as "logger".
class JsonLogger final {
public:
    // file empty: standard error. minLevel: debug|info|warning|error.
    static bool install(const QString &file, const QString &minLevel, QString *error);
    static void uninstall();

    // For messages that carry structured context; extra must not hold secrets.
    static void log(QtMsgType type, const char *logger, const QString &message, const QJsonObject &extra = {});

    // Every line written is also handed to `sink` (from any thread); empty to stop.
    static void setSink(std::function<void(const QByteArray &line)> sink);

    // The line as written, without the newline; public for tests.
    static QByteArray formatLine(qint64 timestampMs, QtMsgType type, const char *logger, const QString &message,
                                 const QJsonObject &extra);
};
