#include "server/health/performance.h"

#include "server/protocol/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace {
double round(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}
} // namespace

PerformanceMonitor::PerformanceMonitor(qint64 startedMs, qint64 windowMs, qsizetype maxRequests)
    : m_startedMs(startedMs), m_windowMs(windowMs), m_maxRequests(maxRequests)
{
}

void PerformanceMonitor::add(const Request &request)
{
    // Kept in time order even when batches arrive a little late.
    auto it = m_requests.end();
    while (it != m_requests.begin() && std::prev(it)->timestampMs > request.timestampMs)
        --it;
    m_requests.insert(it, request);
    while (qsizetype(m_requests.size()) > m_maxRequests) {
        m_requests.pop_front();
        ++m_dropped;
    }
}

void PerformanceMonitor::prune(qint64 nowMs)
{
    while (!m_requests.empty() && m_requests.front().timestampMs <= nowMs - m_windowMs)
        m_requests.pop_front();
}

double PerformanceMonitor::percentile(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype rank = qsizetype(std::ceil(p * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

protocol::PerformanceMetrics PerformanceMonitor::compute(const QList<const Request *> &requests, qint64 windowMs, double uptime)
{
    protocol::PerformanceMetrics m;
    m.available = true;
    m.uptime = round(uptime, 2);
    m.requests = requests.size();
    if (requests.isEmpty())
        return m;
    QList<double> durations;
    durations.reserve(requests.size());
    double sum = 0;
    qint64 errors = 0;
    for (const Request *r : requests) {
        durations.append(r->seconds);
        sum += r->seconds;
        errors += r->error ? 1 : 0;
    }
    std::sort(durations.begin(), durations.end());
    m.averageResponseTime = round(sum / double(requests.size()), 3);
    m.errorRate = round(double(errors) / double(requests.size()) * 100.0, 2);
    m.requestsPerMinute = double(requests.size()) * 60000.0 / double(windowMs);
    m.p50 = percentile(durations, 0.50);
    m.p95 = percentile(durations, 0.95);
    m.p99 = percentile(durations, 0.99);
    return m;
}

protocol::PerformanceMetrics PerformanceMonitor::overall(qint64 nowMs)
{
    prune(nowMs);
    QList<const Request *> all;
    all.reserve(qsizetype(m_requests.size()));
    for (const Request &r : m_requests) {
        if (r.timestampMs <= nowMs)
            all.append(&r);
    }
    return compute(all, m_windowMs, double(nowMs - m_startedMs) / 1000.0);
}

QJsonObject PerformanceMonitor::snapshot(qint64 nowMs)
{
    const protocol::PerformanceMetrics total = overall(nowMs);
    QHash<QString, QList<const Request *>> byEndpoint;
    for (const Request &r : m_requests) {
        if (r.timestampMs > nowMs)
            continue;
        const QString key = endpointOf(r.method, r.path);
        if (byEndpoint.size() < 200 || byEndpoint.contains(key)) // a bounded number of endpoints
            byEndpoint[key].append(&r);
    }
    QJsonObject endpoints;
    for (auto it = byEndpoint.constBegin(); it != byEndpoint.constEnd(); ++it)
        endpoints.insert(it.key(), compute(it.value(), m_windowMs, total.uptime).toJson());
    return {{u"overall"_qs, total.toJson()}, {u"endpoints"_qs, endpoints}, {u"window_seconds"_qs, double(m_windowMs / 1000)},
            {u"dropped"_qs, double(m_dropped)}};
}

QString PerformanceMonitor::endpointOf(const QString &method, const QString &path)
{
    static const QRegularExpression id(QStringLiteral(
        "^(\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})$"));
    QString clean = path.section(u'?', 0, 0).section(u'#', 0, 0).left(300);
    QStringList parts = clean.split(u'/');
    for (QString &p : parts) {
        if (id.match(p).hasMatch())
            p = u":id"_qs;
    }
    return method.toUpper().left(10) + u' ' + (parts.join(u'/').isEmpty() ? u"/"_qs : parts.join(u'/'));
}

std::optional<QList<PerformanceMonitor::Request>> PerformanceMonitor::parseBatch(const QByteArray &body, qint64 nowMs, QString *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonArray items = doc.isArray() ? doc.array() : doc.object().value(u"requests"_qs).toArray();
    if (!doc.isArray() && !doc.object().value(u"requests"_qs).isArray()) {
        *error = QStringLiteral("expected an array of requests (or {\"requests\": [...]})");
        return std::nullopt;
    }
    if (items.size() > 100000) {
        *error = QStringLiteral("at most 100000 requests per batch");
        return std::nullopt;
    }
    QList<Request> out;
    out.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject o = items.at(i).toObject();
        Request r;
        r.method = o.value(u"method"_qs).toString(u"GET"_qs);
        r.path = o.value(u"path"_qs).toString();
        r.status = o.value(u"status"_qs).toInt(-1);
        const QJsonValue ms = o.value(u"duration_ms"_qs), s = o.value(u"duration"_qs);
        r.seconds = ms.isDouble() ? ms.toDouble() / 1000.0 : s.toDouble(-1);
        if (r.path.isEmpty() || r.status < 100 || r.status > 599 || r.seconds < 0 || r.seconds > 3600) {
            *error = QStringLiteral("request %1: needs path, status 100-599 and duration_ms (or duration in seconds)").arg(i);
            return std::nullopt;
        }
        r.timestampMs = o.contains(u"timestamp"_qs) ? protocol::parseIsoTimestamp(o.value(u"timestamp"_qs).toString()) : nowMs;
        if (r.timestampMs < 0 || r.timestampMs > nowMs + 60000) {
            *error = QStringLiteral("request %1: timestamp must be an ISO-8601 time, not in the future").arg(i);
            return std::nullopt;
        }
        r.error = o.value(u"error"_qs).toBool(r.status >= 500);
        out.append(r);
    }
    return out;
}
