#include "server/storage/sqlsplit.h"

QStringList splitSqlStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inTrigger = false;
    const QStringList lines = script.split(u'\n');
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1StringView("--")))
            continue;
        if (current.isEmpty() && line.startsWith(QLatin1StringView("CREATE TRIGGER"), Qt::CaseInsensitive))
            inTrigger = true;
        current += raw + u'\n';
        const bool ends = inTrigger ? line.compare(QLatin1StringView("END;"), Qt::CaseInsensitive) == 0
                                    : line.endsWith(u';');
        if (ends) {
            statements.append(current.trimmed().chopped(inTrigger ? 0 : 1));
            current.clear();
            inTrigger = false;
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}
