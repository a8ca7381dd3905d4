#pragma once

#include "server/protocol/metrics.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <deque>
#include <optional>

// The ticket's PerformanceMonitor: requests of the last minute give average_response_time (s,
// 3 decimals), error_rate (%, 2 decimals), requests_per_minute and uptime (s, 2 decimals), as
// its get_metrics() computes them, plus p50/p95/p99 by nearest rank, overall and per endpoint.
// Fed by the service's middleware (POST /api/v1/requests) and by the HTTP health probes.
class PerformanceMonitor {
public:
    struct Request {
        qint64 timestampMs = 0;
        QString method;
        QString path;
        int status = 200;
        double seconds = 0;
        bool error = false; // status >= 500, or the middleware said so
    };
    explicit PerformanceMonitor(qint64 startedMs, qint64 windowMs = 60000, qsizetype maxRequests = 200000);

    void add(const Request &request);
    protocol::PerformanceMetrics overall(qint64 nowMs);
    // {"overall": {...}, "endpoints": {"GET /api/tasks/:id": {...}}}
    QJsonObject snapshot(qint64 nowMs);

    // "GET /api/tasks/123?x=1" -> "GET /api/tasks/:id": numbers, UUIDs and long hex become :id.
    static QString endpointOf(const QString &method, const QString &path);
    // A batch from the middleware: a JSON array (or {"requests": [...]}) of
    // {method, path, status, duration_ms | duration (s), timestamp (ISO, optional), error (optional)}.
    static std::optional<QList<Request>> parseBatch(const QByteArray &body, qint64 nowMs, QString *error);
    // Percentile by nearest rank over sorted values (p in 0..1).
    static double percentile(const QList<double> &sorted, double p);

private:
    void prune(qint64 nowMs);
    static protocol::PerformanceMetrics compute(const QList<const Request *> &requests, qint64 windowMs, double uptime);

    qint64 m_startedMs;
    qint64 m_windowMs;
    qsizetype m_maxRequests;
    std::deque<Request> m_requests; // oldest first
    qint64 m_dropped = 0;
};
