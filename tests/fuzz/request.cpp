// A WebSocket message (or HTTP command body) from anyone: the envelope, then the arguments of
// the commands whose decoding needs no daemon (roles, log queries, alert rules, silences, audit
// bundles, wire types), and the same bytes as an ingest body (logs, request records).

#include "tests/fuzz/fuzzsupport.h"

#include "server/alerts/alertrule.h"
#include "server/alerts/silence.h"
#include "server/health/performance.h"
#include "server/logging/logquery.h"
#include "server/logging/logstore.h"
#include "server/protocol/alert.h"
#include "server/protocol/audit.h"
#include "server/protocol/auditbundle.h"
#include "server/protocol/envelope.h"
#include "server/protocol/metrics.h"
#include "server/protocol/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

constexpr qint64 NowMs = 1796000000000; // a fixed "now": inputs replay identically

void decodeArguments(const protocol::Request &request)
{
    const QJsonObject &data = request.data;
    QString error;
    protocol::Role role;
    protocol::parseRole(data.value(u"role"_qs).toString(), &role);
    protocol::parseIsoTimestamp(data.value(u"from"_qs).toString());

    LogQuery::Error queryError;
    LogQuery::parse(data.value(u"query"_qs).toString(), NowMs, &queryError);

    if (auto rule = AlertRule::parse(data.value(u"name"_qs).toString(), data.value(u"expression"_qs).toString().left(300),
                                     data.value(u"level"_qs).toString(u"warning"_qs), &error)) {
        rule->breached(data.value(u"value"_qs).toDouble());
        AlertRule::parse(rule->name, rule->expression(), rule->level, &error); // what it prints it reads back
    }

    QStringList texts;
    for (const QJsonValue &v : data.value(u"matchers"_qs).toArray())
        texts.append(v.toString());
    if (auto matchers = AlertMatcher::parseList(texts, &error)) {
        if (auto alert = protocol::Alert::fromJson(data.value(u"alert"_qs).toObject(), &error))
            AlertMatcher::allMatch(*matchers, *alert);
        AlertMatcher::toJson(*matchers);
    }

    if (auto alert = protocol::Alert::fromJson(data, &error))
        alert->toJson();
    if (auto entry = protocol::AuditEntry::fromJson(data, &error))
        entry->toJson();
    if (auto bundle = protocol::readAuditBundle(data, &error))
        protocol::auditBundleMessage(bundle->rows);
    if (auto sample = protocol::MetricsSample::fromJson(data, &error))
        sample->toJson();
    protocol::Result::fromJson(data, &error);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzsupport::initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame = fuzzsupport::bytes(data, size);
    QString error, id;
    if (auto request = protocol::Request::fromJson(frame, &error, &id)) {
        decodeArguments(*request);
        // What the console sends is what it wrote: a decoded request encodes and decodes to itself.
        const auto again = protocol::Request::fromJson(QJsonDocument(request->toJson()).toJson(QJsonDocument::Compact), &error);
        if (!again || again->type != request->type || again->id != request->id || again->data != request->data)
            __builtin_trap();
    }

    // The same bytes as POST /api/v1/logs and POST /api/v1/requests bodies.
    static const LogStore logs(nullptr, LogStore::Limits{});
    logs.parse(frame, u"fuzz"_qs, NowMs, &error);
    PerformanceMonitor::parseBatch(frame, NowMs, &error);
    return 0;
}
