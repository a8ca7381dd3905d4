#include "server/storage/sqlfiles.h"

#include "server/logging/jsonlogger.h"

#include <QFile>
#include <QHash>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>

namespace sqlfiles {

QString statement(const QString &name, bool postgres)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QString backend = postgres ? QStringLiteral("postgres") : QStringLiteral("sqlite");
    const QString cacheKey = backend + u'/' + name;
    QMutexLocker lock(&mutex);
    if (const auto it = cache.constFind(cacheKey); it != cache.constEnd())
        return *it;
    QString text;
    for (const QString &dir : {backend, QStringLiteral("common")}) {
        QFile file(QStringLiteral(":/sql/%1/%2.sql").arg(dir, name));
        if (file.open(QIODevice::ReadOnly)) {
            // Comment lines are for readers of the file; the driver gets the statement.
            const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
            QStringList kept;
            for (const QString &line : lines) {
                if (!line.trimmed().startsWith(u"--"_qs) && !line.trimmed().isEmpty())
                    kept << line;
            }
            text = kept.join(u'\n').trimmed();
            if (text.endsWith(u';'))
                text.chop(1);
            break;
        }
    }
    if (text.isEmpty())
        qCCritical(lcOps).noquote() << "no SQL statement" << name << "for" << backend << "is built in";
    cache.insert(cacheKey, text);
    return text;
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL"_qs;
}

QSqlQuery prepare(const QSqlDatabase &db, const QString &name, QString *error)
{
    QSqlQuery q(db);
    if (!error->isEmpty())
        return q;
    const QString text = statement(name, isPostgres(db));
    q.setForwardOnly(true);
    if (text.isEmpty())
        *error = u"no statement "_qs + name;
    else if (!q.prepare(text))
        *error = name + u": "_qs + q.lastError().text();
    return q;
}

bool exec(QSqlQuery &query, const QString &name, const QVariantList &binds, QString *error)
{
    if (!error->isEmpty())
        return false;
    for (const QVariant &v : binds)
        query.addBindValue(v);
    if (!query.exec())
        *error = name + u": "_qs + query.lastError().text();
    return error->isEmpty();
}

QSqlQuery run(const QSqlDatabase &db, const QString &name, const QVariantList &binds, QString *error)
{
    QSqlQuery q(db);
    if (!error->isEmpty())
        return q;
    const QString text = statement(name, isPostgres(db));
    if (text.isEmpty()) {
        *error = u"no statement "_qs + name;
        return q;
    }
    q.setForwardOnly(true);
    if (!q.prepare(text)) {
        *error = name + u": "_qs + q.lastError().text();
        return q;
    }
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        *error = name + u": "_qs + q.lastError().text();
    return q;
}

} // namespace sqlfiles
