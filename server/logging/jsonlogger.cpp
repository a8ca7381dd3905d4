#include "server/logging/jsonlogger.h"

#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QFile>
#include <QMutex>
#include <cstdio>

Q_LOGGING_CATEGORY(lcOps, "formauto.ops")

namespace {

struct State {
    QMutex mutex;
    FILE *out = stderr;
    bool ownsFile = false;
    QtMsgType minType = QtInfoMsg;
    QtMessageHandler previous = nullptr;
    std::function<void(const QByteArray &)> sink;
};

State &state()
{
    static State s;
    return s;
}

// Qt's enum is not ordered by severity (QtInfoMsg == 4), so rank explicitly.
int severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 4;
    }
    return 1;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "DEBUG";
    case QtInfoMsg: return "INFO";
    case QtWarningMsg: return "WARNING";
    case QtCriticalMsg: return "ERROR";
    case QtFatalMsg: return "CRITICAL";
    }
    return "INFO";
}

void write(const QByteArray &line)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), s.out);
    std::fputc('\n', s.out);
    std::fflush(s.out);
    if (s.sink)
        s.sink(line);
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (severity(type) < severity(state().minType) && type != QtFatalMsg)
        return;
    const char *category = context.category && qstrcmp(context.category, "default") != 0 ? context.category : "formauto.ops";
    write(JsonLogger::formatLine(QDateTime::currentMSecsSinceEpoch(), type, category, message, {}));
}

} // namespace

bool JsonLogger::install(const QString &file, const QString &minLevel, QString *error)
{
    State &s = state();
    if (!file.isEmpty()) {
        FILE *f = std::fopen(QFile::encodeName(file).constData(), "a");
        if (!f) {
            *error = QStringLiteral("cannot open log file %1").arg(file);
            return false;
        }
        s.out = f;
        s.ownsFile = true;
    }
    if (minLevel == QLatin1StringView("debug"))
        s.minType = QtDebugMsg;
    else if (minLevel == QLatin1StringView("warning"))
        s.minType = QtWarningMsg;
    else if (minLevel == QLatin1StringView("error"))
        s.minType = QtCriticalMsg;
    else
        s.minType = QtInfoMsg;
    if (s.minType == QtDebugMsg)
        QLoggingCategory::setFilterRules(QStringLiteral("formauto.*.debug=true"));
    s.previous = qInstallMessageHandler(handler);
    return true;
}

void JsonLogger::setSink(std::function<void(const QByteArray &)> sink)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    s.sink = std::move(sink);
}

void JsonLogger::uninstall()
{
    State &s = state();
    qInstallMessageHandler(s.previous);
    QMutexLocker lock(&s.mutex);
    if (s.ownsFile)
        std::fclose(s.out);
    s.out = stderr;
    s.ownsFile = false;
}

void JsonLogger::log(QtMsgType type, const char *logger, const QString &message, const QJsonObject &extra)
{
    if (severity(type) < severity(state().minType))
        return;
    write(formatLine(QDateTime::currentMSecsSinceEpoch(), type, logger, message, extra));
}

QByteArray JsonLogger::formatLine(qint64 timestampMs, QtMsgType type, const char *logger, const QString &message,
                                  const QJsonObject &extra)
{
    const QJsonObject json{
        {QStringLiteral("timestamp"), protocol::isoTimestamp(timestampMs)},
        {QStringLiteral("level"), QLatin1StringView(levelName(type))},
        {QStringLiteral("logger"), QLatin1StringView(logger)},
        {QStringLiteral("message"), message},
        {QStringLiteral("extra"), extra},
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}
