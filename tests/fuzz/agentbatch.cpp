// An agent's push from anyone holding an agent token (a stolen one, a broken agent): the body
// of POST /api/v1/agent/push as the hub reads it before any store work. Whatever it accepts
// names only the token's host, keeps the entries' numbers rising, and no entry or line over
// its limits or ahead of the hub's clock.

#include "tests/fuzz/fuzzsupport.h"

#include "server/fleet/agentbatch.h"

namespace {
constexpr qint64 NowMs = 1796000000000; // a fixed "now": inputs replay identically
constexpr qint64 MaxLine = 4096;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bool ready = (fuzzsupport::initialize(), true);
    (void)ready;
    const QByteArray body = fuzzsupport::bytes(data, size);
    QString error;
    qint64 refused = 0;
    const auto batch = AgentBatch::parse(body, u"edge-1"_qs, MaxLine, NowMs, &error, &refused);
    if (!batch) {
        if (error.isEmpty() || refused < 0)
            __builtin_trap(); // a refusal says why
        return 0;
    }
    if (batch->host != u"edge-1"_qs || batch->entries.size() > AgentBatch::MaxEntries)
        __builtin_trap();
    qint64 previous = 0;
    for (const AgentBatch::Entry &e : batch->entries) {
        if (e.seq <= previous || e.rows.size() > AgentBatch::MaxLinesPerEntry)
            __builtin_trap();
        previous = e.seq;
        if (e.kind == AgentBatch::Entry::Kind::Sample && (e.sample.host != u"edge-1"_qs || e.sample.timestampMs > NowMs + AgentBatch::MaxFutureMs))
            __builtin_trap();
        if (e.kind == AgentBatch::Entry::Kind::Health && e.health.value(u"host"_qs).toString() != u"edge-1"_qs)
            __builtin_trap();
        for (const LogStore::Row &r : e.rows) {
            if (r.host != u"edge-1"_qs || r.message.size() + r.extra.size() > MaxLine || r.ts > NowMs + AgentBatch::MaxFutureMs)
                __builtin_trap();
        }
    }
    return 0;
}
