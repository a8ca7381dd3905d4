#pragma once

#include "server/config/config.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <functional>

class QNetworkAccessManager;

// One check's answer, in the ticket's shape ({status, details, response_time}) plus a level
// for how bad it is. status: healthy | unhealthy | error (the check itself could not run).
struct CheckResult {
    QString status = QStringLiteral("healthy");
    QString level = QStringLiteral("ok"); // ok | warning | critical
    QJsonObject details;
    double responseTime = 0; // seconds
    QString messageKey;      // health.timeout, health.refused, ... for the console
    QJsonObject toJson() const;
    static CheckResult failed(const QString &messageKey, const QString &error, double seconds = 0,
                              const QString &level = QStringLiteral("critical"));
};
using CheckDone = std::function<void(const CheckResult &)>;

// Probes that talk to something over the network, each with its own timeout, answering on
// the caller's thread through done(). They never block the event loop.
namespace probes {

// SELECT 1 (or the configured query) on a connection of its own, on a pool thread; PostgreSQL
// gets statement_timeout and connect_timeout from timeoutMs.
void database(const DatabaseUrl &url, const QString &query, int timeoutMs, QObject *context, CheckDone done);

// RESP over QTcpSocket: AUTH (when a password is set), PING, INFO; details: redis_version,
// used_memory, connected_clients, uptime_in_seconds.
void redis(const QString &host, quint16 port, const QString &password, int timeoutMs, QObject *context, CheckDone done);

// GET: status, latency, an optional body match, the certificate's days to expiry (https), and
// the server's Date header (for clock skew).
struct HttpOptions {
    int expectStatus = 200;
    QString expectBody;
    QString caFile;
    int certificateWarningDays = 14;
};
void http(QNetworkAccessManager *network, const QUrl &url, const HttpOptions &options, int timeoutMs, qint64 nowMs, QObject *context,
          CheckDone done);

void tcp(const QString &host, quint16 port, int timeoutMs, QObject *context, CheckDone done);
void dns(const QString &host, int timeoutMs, QObject *context, CheckDone done);

// "redis://[:password@]host[:port][/db]" -> host, port.
bool parseRedisUrl(const QString &url, QString *host, quint16 *port, QString *password, QString *error);

} // namespace probes
