#include "app/errortext.h"

#include "app/messagetext.h"

#include <QCoreApplication>

QString errorText(const QString &code)
{
    struct Entry {
        const char *code;
        const char *text;
    };
    static const Entry entries[] = {
        {"bad_request", QT_TRANSLATE_NOOP("ErrorText", "The daemon could not understand the request.")},
        {"unauthorized", QT_TRANSLATE_NOOP("ErrorText", "Wrong user name or password, or the session has expired.")},
        {"forbidden", QT_TRANSLATE_NOOP("ErrorText", "Your role does not allow this action.")},
        {"not_found", QT_TRANSLATE_NOOP("ErrorText", "The requested item does not exist.")},
        {"conflict", QT_TRANSLATE_NOOP("ErrorText", "The item already exists or was changed by someone else.")},
        {"too_large", QT_TRANSLATE_NOOP("ErrorText", "The request is too large; choose a shorter range or a larger step.")},
        {"rate_limited", QT_TRANSLATE_NOOP("ErrorText", "Too many attempts; wait a moment and try again.")},
        {"internal", QT_TRANSLATE_NOOP("ErrorText", "The daemon failed to carry out the request; see its log.")},
        {"unavailable", QT_TRANSLATE_NOOP("ErrorText", "Not connected to the daemon.")},
        {"timeout", QT_TRANSLATE_NOOP("ErrorText", "The daemon did not answer in time.")},
    };
    for (const Entry &e : entries) {
        if (code == QLatin1StringView(e.code))
            return QCoreApplication::translate("ErrorText", e.text);
    }
    return QCoreApplication::translate("ErrorText", "The daemon reported an error (%1).").arg(code);
}

QString errorText(const protocol::ErrorInfo &error)
{
    const QString said = error.key.isEmpty() ? QString() : messages::text(error.key, error.params);
    if (!said.isEmpty())
        return said;
    return error.message.isEmpty() ? errorText(error.code) : errorText(error.code) + u' ' + error.message;
}
