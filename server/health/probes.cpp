#include "server/health/probes.h"

#include "server/storage/database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUuid>
#include <QtConcurrent>

QJsonObject CheckResult::toJson() const
{
    QJsonObject json{{u"status"_qs, status}, {u"level"_qs, level}, {u"details"_qs, details}, {u"response_time"_qs, responseTime}};
    if (!messageKey.isEmpty())
        json.insert(u"message_key"_qs, messageKey);
    return json;
}

CheckResult CheckResult::failed(const QString &messageKey, const QString &error, double seconds, const QString &level)
{
    CheckResult r;
    r.status = u"unhealthy"_qs;
    r.level = level;
    r.messageKey = messageKey;
    r.details = {{u"error"_qs, error.left(500)}};
    r.responseTime = seconds;
    return r;
}

namespace {

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// Calls done once, on the context's thread, whichever comes first: the answer or the timeout.
struct Once {
    CheckDone done;
    bool fired = false;
    void operator()(const CheckResult &r)
    {
        if (fired)
            return;
        fired = true;
        done(r);
    }
};

} // namespace

namespace probes {

void database(const DatabaseUrl &url, const QString &query, int timeoutMs, QObject *context, CheckDone done)
{
    DatabaseUrl target = url;
    if (target.kind == DatabaseUrl::Kind::Postgres) {
        const QString seconds = QString::number(std::max(1, timeoutMs / 1000));
        if (!target.options.contains(u"connect_timeout"_qs))
            target.options += (target.options.isEmpty() ? QString() : u";"_qs) + u"connect_timeout="_qs + seconds;
    }
    auto *watcher = new QFutureWatcher<CheckResult>(context);
    QObject::connect(watcher, &QFutureWatcher<CheckResult>::finished, context, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([target, query, timeoutMs] {
        QElapsedTimer t;
        t.start();
        const QString name = u"health-"_qs + QUuid::createUuid().toString(QUuid::Id128);
        QString error;
        CheckResult r;
        if (!openDatabase(target, name, true, &error)) {
            r = CheckResult::failed(u"health.unreachable"_qs, error, seconds(t));
        } else {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                QSqlQuery q(db);
                if (target.kind == DatabaseUrl::Kind::Postgres)
                    q.exec(QStringLiteral("SET statement_timeout = %1").arg(timeoutMs));
                if (!q.exec(query)) {
                    const QString text = q.lastError().text();
                    r = CheckResult::failed(text.contains(u"statement timeout"_qs) || text.contains(u"canceling statement"_qs)
                                                ? u"health.timeout"_qs : u"health.query_failed"_qs,
                                            text, seconds(t));
                } else {
                    r.responseTime = seconds(t);
                    r.details = {{u"backend"_qs, target.kind == DatabaseUrl::Kind::Postgres ? u"postgresql"_qs : u"sqlite"_qs},
                                 {u"latency_ms"_qs, r.responseTime * 1000}};
                    if (r.responseTime * 1000 > timeoutMs) { // SQLite has no statement timeout: too slow is unhealthy too
                        r = CheckResult::failed(u"health.timeout"_qs, QStringLiteral("answered after %1 ms").arg(qint64(r.responseTime * 1000)),
                                                r.responseTime);
                    }
                }
            }
        }
        closeDatabase(name);
        return r;
    }));
}

bool parseRedisUrl(const QString &text, QString *host, quint16 *port, QString *password, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"redis"_qs || url.host().isEmpty()) {
        *error = QStringLiteral("expected redis://HOST[:PORT]");
        return false;
    }
    *host = url.host();
    *port = quint16(url.port(6379));
    if (!url.password().isEmpty())
        *password = url.password();
    return true;
}

void redis(const QString &host, quint16 port, const QString &password, int timeoutMs, QObject *context, CheckDone done)
{
    auto *socket = new QTcpSocket(context);
    auto *timer = new QTimer(socket);
    auto once = std::make_shared<Once>(Once{std::move(done)});
    auto t = std::make_shared<QElapsedTimer>();
    t->start();
    auto buffer = std::make_shared<QByteArray>();
    // Steps: 0 AUTH (optional), 1 PING, 2 INFO.
    auto step = std::make_shared<int>(password.isEmpty() ? 1 : 0);
    auto finish = [socket, once](const CheckResult &r) {
        (*once)(r);
        socket->abort();
        socket->deleteLater();
    };
    auto send = [socket](const QList<QByteArray> &args) {
        QByteArray cmd = "*" + QByteArray::number(args.size()) + "\r\n";
        for (const QByteArray &a : args)
            cmd += "$" + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
        socket->write(cmd);
    };
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, socket, [finish, t, timeoutMs] {
        finish(CheckResult::failed(u"health.timeout"_qs, QStringLiteral("no answer within %1 ms").arg(timeoutMs), seconds(*t)));
    });
    timer->start(timeoutMs);
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [socket, finish, t] {
        finish(CheckResult::failed(u"health.unreachable"_qs, socket->errorString(), seconds(*t)));
    });
    QObject::connect(socket, &QTcpSocket::connected, socket, [send, step, password] {
        if (*step == 0)
            send({"AUTH", password.toUtf8()});
        else
            send({"PING"});
    });
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer, step, send, finish, t] {
        *buffer += socket->readAll();
        if (buffer->size() > 1024 * 1024) {
            finish(CheckResult::failed(u"health.bad_answer"_qs, u"answer too large"_qs, seconds(*t)));
            return;
        }
        for (;;) {
            const qsizetype eol = buffer->indexOf("\r\n");
            if (eol < 0)
                return;
            const QByteArray line = buffer->left(eol);
            if (line.startsWith('-')) {
                const QString text = QString::fromUtf8(line.mid(1)).left(300);
                finish(CheckResult::failed(text.contains(u"NOAUTH"_qs) || text.contains(u"WRONGPASS"_qs) || text.contains(u"invalid password"_qs)
                                               ? u"health.auth_failed"_qs : u"health.bad_answer"_qs,
                                           text, seconds(*t)));
                return;
            }
            if (*step == 0 || *step == 1) {
                if (*step == 0 && line != "+OK") {
                    finish(CheckResult::failed(u"health.auth_failed"_qs, QString::fromUtf8(line.left(200)), seconds(*t)));
                    return;
                }
                if (*step == 1 && line != "+PONG") {
                    finish(CheckResult::failed(u"health.bad_answer"_qs, QString::fromUtf8(line.left(200)), seconds(*t)));
                    return;
                }
                buffer->remove(0, eol + 2);
                if (*step == 0) {
                    *step = 1;
                    send({"PING"});
                } else {
                    *step = 2;
                    send({"INFO"});
                }
                continue;
            }
            // INFO: a bulk string "$LEN\r\n...\r\n".
            if (!line.startsWith('$')) {
                finish(CheckResult::failed(u"health.bad_answer"_qs, QString::fromUtf8(line.left(200)), seconds(*t)));
                return;
            }
            const qint64 length = line.mid(1).toLongLong();
            if (buffer->size() < eol + 2 + length + 2)
                return;
            const QByteArray info = buffer->mid(eol + 2, length);
            CheckResult r;
            r.responseTime = seconds(*t);
            QJsonObject details{{u"latency_ms"_qs, r.responseTime * 1000}};
            for (const QByteArray &entry : info.split('\n')) {
                const QByteArray e = entry.trimmed();
                const qsizetype colon = e.indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray key = e.left(colon), value = e.mid(colon + 1);
                if (key == "redis_version" || key == "used_memory_human" || key == "role")
                    details.insert(QString::fromLatin1(key), QString::fromUtf8(value));
                else if (key == "used_memory" || key == "connected_clients" || key == "uptime_in_seconds" || key == "maxmemory"
                         || key == "blocked_clients")
                    details.insert(QString::fromLatin1(key), value.toDouble());
            }
            r.details = details;
            finish(r);
            return;
        }
    });
    socket->connectToHost(host, port);
}

void http(QNetworkAccessManager *network, const QUrl &url, const HttpOptions &options, int timeoutMs, qint64 nowMs, QObject *context,
          CheckDone done)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"formauto-opsd health check"_qs);
    if (url.scheme() == u"https"_qs && !options.caFile.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(QSslCertificate::fromPath(options.caFile));
        request.setSslConfiguration(ssl);
    }
    auto t = std::make_shared<QElapsedTimer>();
    t->start();
    QNetworkReply *reply = network->get(request);
    reply->setReadBufferSize(0);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, options, t, nowMs, done, url] {
        reply->deleteLater();
        const double elapsed = seconds(*t);
        CheckResult r;
        r.responseTime = elapsed;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QJsonObject details{{u"url"_qs, url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)}, {u"latency_ms"_qs, elapsed * 1000}};
        if (status > 0)
            details.insert(u"status_code"_qs, status);
        // The certificate, even when the status is wrong: expiry is worth knowing anyway.
        const QSslCertificate cert = reply->sslConfiguration().peerCertificate();
        if (!cert.isNull()) {
            const double days = double(QDateTime::currentDateTimeUtc().msecsTo(cert.expiryDate())) / 86400000.0;
            details.insert(u"certificate_days_left"_qs, std::floor(days * 10) / 10);
            details.insert(u"certificate_expires"_qs, cert.expiryDate().toUTC().toString(Qt::ISODate));
        }
        const QByteArray date = reply->rawHeader("Date");
        if (!date.isEmpty()) {
            const QDateTime serverTime = QDateTime::fromString(QString::fromLatin1(date), Qt::RFC2822Date);
            if (serverTime.isValid())
                details.insert(u"clock_skew_seconds"_qs, double(serverTime.toMSecsSinceEpoch() - nowMs - qint64(elapsed * 500)) / 1000.0);
        }
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            const bool timeout = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
            r = CheckResult::failed(timeout ? u"health.timeout"_qs
                                    : reply->error() == QNetworkReply::SslHandshakeFailedError ? u"health.tls_failed"_qs
                                                                                                : u"health.unreachable"_qs,
                                    reply->errorString(), elapsed);
            r.details.insert(u"url"_qs, details.value(u"url"_qs));
            return done(r);
        }
        r.details = details;
        if (status != options.expectStatus) {
            r.status = u"unhealthy"_qs;
            r.level = u"critical"_qs;
            r.messageKey = u"health.http_status"_qs;
            r.details.insert(u"expected_status"_qs, options.expectStatus);
        } else if (!options.expectBody.isEmpty() && !reply->read(1024 * 1024).contains(options.expectBody.toUtf8())) {
            r.status = u"unhealthy"_qs;
            r.level = u"critical"_qs;
            r.messageKey = u"health.body_mismatch"_qs;
        } else if (details.contains(u"certificate_days_left"_qs)
                   && details.value(u"certificate_days_left"_qs).toDouble() < options.certificateWarningDays) {
            r.level = u"warning"_qs; // still answering: healthy, but someone must renew
            r.messageKey = u"health.certificate_expiring"_qs;
        }
        done(r);
    });
}

void tcp(const QString &host, quint16 port, int timeoutMs, QObject *context, CheckDone done)
{
    auto *socket = new QTcpSocket(context);
    auto once = std::make_shared<Once>(Once{std::move(done)});
    auto t = std::make_shared<QElapsedTimer>();
    t->start();
    auto finish = [socket, once](const CheckResult &r) {
        (*once)(r);
        socket->abort();
        socket->deleteLater();
    };
    QTimer::singleShot(timeoutMs, socket, [finish, t, timeoutMs] {
        finish(CheckResult::failed(u"health.timeout"_qs, QStringLiteral("no connection within %1 ms").arg(timeoutMs), seconds(*t)));
    });
    QObject::connect(socket, &QTcpSocket::connected, socket, [finish, t] {
        CheckResult r;
        r.responseTime = seconds(*t);
        r.details = {{u"latency_ms"_qs, r.responseTime * 1000}};
        finish(r);
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [socket, finish, t] {
        finish(CheckResult::failed(u"health.unreachable"_qs, socket->errorString(), seconds(*t)));
    });
    socket->connectToHost(host, port);
}

void dns(const QString &host, int timeoutMs, QObject *context, CheckDone done)
{
    auto once = std::make_shared<Once>(Once{std::move(done)});
    auto t = std::make_shared<QElapsedTimer>();
    t->start();
    auto *guard = new QObject(context);
    const int id = QHostInfo::lookupHost(host, guard, [once, t, guard](const QHostInfo &info) {
        guard->deleteLater();
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            (*once)(CheckResult::failed(u"health.dns_failed"_qs, info.errorString(), seconds(*t)));
            return;
        }
        CheckResult r;
        r.responseTime = seconds(*t);
        QJsonArray addresses;
        for (const QHostAddress &a : info.addresses())
            addresses.append(a.toString());
        r.details = {{u"addresses"_qs, addresses}, {u"latency_ms"_qs, r.responseTime * 1000}};
        (*once)(r);
    });
    QTimer::singleShot(timeoutMs, guard, [once, t, id, guard, timeoutMs] {
        QHostInfo::abortHostLookup(id);
        guard->deleteLater();
        (*once)(CheckResult::failed(u"health.timeout"_qs, QStringLiteral("no answer within %1 ms").arg(timeoutMs), seconds(*t)));
    });
}

} // namespace probes
