#include "server/fleet/agentbatch.h"

#include "server/monitoring/metricsstore.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"
#include "server/storage/sqlfiles.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <cmath>

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A JSON number that is a whole number a double holds exactly.
bool wholeNumber(const QJsonValue &v, qint64 min, qint64 *out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || d < double(min) || d > 9007199254740991.0)
        return false;
    *out = qint64(d);
    return true;
}

const QStringList &levels()
{
    static const QStringList known{u"DEBUG"_qs, u"INFO"_qs, u"WARNING"_qs, u"ERROR"_qs, u"CRITICAL"_qs, u"UNKNOWN"_qs};
    return known;
}

bool validHealth(const QJsonObject &report, QString *why)
{
    static const QStringList statuses{u"healthy"_qs, u"unhealthy"_qs, u"degraded"_qs, u"unknown"_qs};
    if (!statuses.contains(report.value(u"overall_status"_qs).toString())) {
        *why = QStringLiteral("overall_status must be healthy, unhealthy, degraded or unknown");
        return false;
    }
    if (protocol::parseIsoTimestamp(report.value(u"timestamp"_qs).toString()) < 0) {
        *why = QStringLiteral("timestamp must be an ISO-8601 time");
        return false;
    }
    const QJsonValue checks = report.value(u"checks"_qs);
    if (!checks.isObject() || checks.toObject().size() > 200) {
        *why = QStringLiteral("checks must be an object of at most 200 checks");
        return false;
    }
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_.:-]{1,64}$"));
    const QJsonObject all = checks.toObject();
    for (auto it = all.begin(); it != all.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        if (!name.match(it.key()).hasMatch() || !statuses.contains(c.value(u"status"_qs).toString())
            || c.value(u"level"_qs).toString().size() > 16 || c.value(u"message_key"_qs).toString().size() > 128) {
            *why = QStringLiteral("check \"%1\" is not a check (name, status, level, message_key)").arg(it.key().left(64));
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<AgentBatch> AgentBatch::parse(const QByteArray &body, const QString &host, qint64 maxLineBytes, qint64 nowMs,
                                            QString *error, qint64 *refusedSeq)
{
    *refusedSeq = 0;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the body must be a JSON object (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    AgentBatch b;
    b.host = o.value(u"host"_qs).toString();
    if (b.host != host) {
        *error = QStringLiteral("host must be \"%1\", the host this agent token was made for").arg(host);
        return std::nullopt;
    }
    static const QRegularExpression bufferId(QStringLiteral("^[A-Za-z0-9-]{8,64}$"));
    b.bufferId = o.value(u"buffer_id"_qs).toString();
    if (!bufferId.match(b.bufferId).hasMatch()) {
        *error = QStringLiteral("buffer_id must be 8 to 64 letters, digits or '-'");
        return std::nullopt;
    }
    b.version = o.value(u"version"_qs).toString().left(64);
    b.startedMs = protocol::parseIsoTimestamp(o.value(u"started"_qs).toString());
    if (b.startedMs < 0) {
        *error = QStringLiteral("started must be an ISO-8601 time");
        return std::nullopt;
    }
    if (!wholeNumber(o.value(u"dropped"_qs), 0, &b.dropped))
        b.dropped = 0;
    const QJsonArray addresses = o.value(u"addresses"_qs).toArray();
    for (qsizetype i = 0; i < addresses.size() && i < 16; ++i)
        b.addresses << addresses.at(i).toString().left(128);
    // The summary the Fleet page shows: known figures only.
    const QJsonObject summary = o.value(u"summary"_qs).toObject();
    for (const QString key : {u"cpu_percent"_qs, u"memory.percent"_qs, u"disk.percent"_qs, u"running_tasks"_qs}) {
        const QJsonValue v = summary.value(key);
        if (v.isDouble() && std::isfinite(v.toDouble()))
            b.summary.insert(key, v);
    }
    if (protocol::parseIsoTimestamp(summary.value(u"sampled_at"_qs).toString()) >= 0)
        b.summary.insert(u"sampled_at"_qs, summary.value(u"sampled_at"_qs));

    const QJsonValue entries = o.value(u"entries"_qs);
    if (!entries.isArray() || entries.toArray().size() > MaxEntries) {
        *error = QStringLiteral("entries must be an array of at most %1").arg(MaxEntries);
        return std::nullopt;
    }
    qint64 previous = 0;
    const QJsonArray list = entries.toArray();
    b.entries.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject e = list.at(i).toObject();
        Entry entry;
        auto bad = [&](const QString &why) {
            *error = QStringLiteral("entries[%1]: %2").arg(i).arg(why);
            *refusedSeq = entry.seq; // 0 while the entry's own number is the fault
            return std::nullopt;
        };
        if (!wholeNumber(e.value(u"seq"_qs), 1, &entry.seq) || entry.seq <= previous) {
            entry.seq = 0;
            return bad(QStringLiteral("seq must be a whole number above the one before"));
        }
        previous = entry.seq;
        const QString kind = e.value(u"kind"_qs).toString();
        if (kind == u"sample"_qs) {
            entry.kind = Entry::Kind::Sample;
            QString why;
            auto sample = protocol::MetricsSample::fromJson(e.value(u"data"_qs).toObject(), &why);
            if (!sample)
                return bad(QStringLiteral("not a sample: ") + why);
            entry.sample = *sample;
            entry.sample.host = host;
            if (entry.sample.timestampMs > nowMs + MaxFutureMs)
                return bad(QStringLiteral("the sample is dated %1, ahead of the hub's clock (%2): is the agent's clock right?")
                               .arg(protocol::isoTimestamp(entry.sample.timestampMs), protocol::isoTimestamp(nowMs)));
        } else if (kind == u"health"_qs) {
            entry.kind = Entry::Kind::Health;
            entry.health = e.value(u"data"_qs).toObject();
            QString why;
            if (!validHealth(entry.health, &why))
                return bad(QStringLiteral("not a health report: ") + why);
            if (protocol::parseIsoTimestamp(entry.health.value(u"timestamp"_qs).toString()) > nowMs + MaxFutureMs)
                return bad(QStringLiteral("the report is dated ahead of the hub's clock: is the agent's clock right?"));
            entry.health.insert(u"host"_qs, host);
        } else if (kind == u"logs"_qs) {
            entry.kind = Entry::Kind::Logs;
            const QJsonArray rows = e.value(u"data"_qs).toArray();
            if (rows.size() > MaxLinesPerEntry)
                return bad(QStringLiteral("at most %1 lines per entry").arg(MaxLinesPerEntry));
            entry.rows.reserve(rows.size());
            for (qsizetype r = 0; r < rows.size(); ++r) {
                // A line the hub cannot take is left out and counted: the lines beside it are good.
                const QJsonObject line = rows.at(r).toObject();
                LogStore::Row row;
                row.level = line.value(u"level"_qs).toString();
                row.message = line.value(u"message"_qs).toString();
                row.logger = line.value(u"logger"_qs).toString().left(256);
                row.extra = line.value(u"extra"_qs).toString();
                row.source = line.value(u"source"_qs).toString().left(256);
                if (!wholeNumber(line.value(u"ts"_qs), 0, &row.ts) || row.ts > nowMs + MaxFutureMs || !levels().contains(row.level)
                    || row.message.size() + row.extra.size() > maxLineBytes
                    || (!row.extra.isEmpty() && !QJsonDocument::fromJson(row.extra.toUtf8()).isObject())) {
                    ++b.skippedLines;
                    continue;
                }
                if (row.extra.isEmpty())
                    row.extra = u"{}"_qs;
                row.host = host;
                entry.rows.append(row);
            }
        } else {
            return bad(QStringLiteral("kind must be sample, health or logs"));
        }
        b.entries.append(std::move(entry));
    }
    return b;
}

namespace agentingest {

std::optional<Applied> apply(QSqlDatabase db, const AgentBatch &batch, qint64 nowMs, qint64 rawKeepMs, QString *error)
{
    error->clear();
    const bool postgres = sqlfiles::isPostgres(db);
    if (!db.transaction()) {
        *error = db.lastError().text();
        return std::nullopt;
    }
    auto failed = [&]() -> std::optional<Applied> {
        if (error->isEmpty())
            *error = db.lastError().text();
        db.rollback();
        return std::nullopt;
    };
    Applied out;
    // Serializes pushes of one agent (two connections of it, a retry overtaking a slow
    // answer): the row is locked for the transaction on PostgreSQL, and SQLite has one writer.
    sqlfiles::run(db, u"fleet/agent_touch"_qs, {batch.host, nowMs}, error);
    QSqlQuery state = sqlfiles::run(db, u"fleet/agent_state"_qs, {batch.host}, error);
    if (!error->isEmpty() || !state.next())
        return failed();
    qint64 last = state.value(1).toLongLong();
    if (state.value(0).toString() != batch.bufferId) {
        out.restarted = !state.value(0).toString().isEmpty();
        last = 0;
    }
    state.finish();
    qint64 now = nowMs;
    if (postgres) {
        QSqlQuery q = sqlfiles::run(db, u"fleet/now"_qs, {}, error);
        if (!error->isEmpty() || !q.next())
            return failed();
        now = q.value(0).toLongLong();
    }
    // A member's name (one that heartbeat within the hour): two daemons would write as one host.
    {
        QSqlQuery row = sqlfiles::run(db, u"fleet/host_role"_qs, {batch.host}, error);
        if (!error->isEmpty())
            return failed();
        if (row.next() && row.value(0).toString() == u"member"_qs && now - row.value(1).toLongLong() < 3600000) {
            row.finish();
            db.rollback();
            out.memberConflict = true;
            return out;
        }
    }

    QList<metricsstore::StoredSample> samples;
    QHash<QString, RollupRow> minutes, hours; // bucket/metric
    QList<LogStore::Row> lines;
    QJsonObject latestHealth;
    qint64 latestHealthMs = -1;
    QList<QVariantList> runs;
    qint64 acked = last;
    for (const AgentBatch::Entry &e : batch.entries) {
        if (e.seq <= last)
            continue; // stored by an earlier push whose answer the agent did not get
        acked = e.seq;
        switch (e.kind) {
        case AgentBatch::Entry::Kind::Sample: {
            samples.append({e.sample.timestampMs, e.sample.seq, e.sample.toJson()});
            out.fresh.append(e.sample);
            const qint64 minute = e.sample.timestampMs / 1000 / 60 * 60;
            for (const auto &[name, value] : protocol::seriesOf(e.sample)) {
                for (auto [rows, bucket] : {std::pair{&minutes, minute}, std::pair{&hours, minute / 3600 * 3600}}) {
                    RollupRow &row = (*rows)[QString::number(bucket) + u'/' + name];
                    if (row.count == 0) {
                        row = RollupRow{bucket, name, value, value, value, 1};
                    } else {
                        row.min = std::min(row.min, value);
                        row.max = std::max(row.max, value);
                        row.sum += value;
                        ++row.count;
                    }
                }
            }
            break;
        }
        case AgentBatch::Entry::Kind::Health: {
            const qint64 ts = protocol::parseIsoTimestamp(e.health.value(u"timestamp"_qs).toString());
            if (ts > latestHealthMs) {
                latestHealthMs = ts;
                latestHealth = e.health;
            }
            const QJsonObject checks = e.health.value(u"checks"_qs).toObject();
            for (auto it = checks.begin(); it != checks.end(); ++it) {
                const QJsonObject c = it.value().toObject();
                runs.append({ts, batch.host, it.key(), c.value(u"status"_qs).toString(), nonNull(c.value(u"level"_qs).toString()),
                             c.value(u"response_time"_qs).toDouble(), nonNull(c.value(u"message_key"_qs).toString()), 0,
                             compact(c.value(u"details"_qs).toObject())});
            }
            ++out.reports;
            break;
        }
        case AgentBatch::Entry::Kind::Logs:
            lines.append(e.rows);
            break;
        }
    }
    if (!samples.isEmpty()) {
        std::sort(samples.begin(), samples.end(), [](const auto &a, const auto &b) { return a.timestampMs < b.timestampMs; });
        if (!metricsstore::addSamples(db, batch.host, samples, std::max(samples.last().timestampMs, now) - rawKeepMs, error, true))
            return failed();
        if (!metricsstore::mergeRollups(db, batch.host, 60, minutes.values(), error, true)
            || !metricsstore::mergeRollups(db, batch.host, 3600, hours.values(), error, true))
            return failed();
        out.samples = int(samples.size());
    }
    for (const QVariantList &run : std::as_const(runs)) {
        sqlfiles::run(db, u"fleet/record_health_run"_qs, run, error);
        if (!error->isEmpty())
            return failed();
    }
    if (!lines.isEmpty()) {
        if (!LogStore::write(QList<QList<LogStore::Row>>{lines}, db, postgres, error, true))
            return failed();
        out.lines = int(lines.size());
    }
    // The agent's registration and heartbeat, as a member's, on the store's clock.
    QJsonObject summary = batch.summary;
    {
        QJsonObject open{{u"info"_qs, 0}, {u"warning"_qs, 0}, {u"error"_qs, 0}, {u"critical"_qs, 0}};
        QSqlQuery levels = sqlfiles::run(db, u"fleet/open_alerts"_qs, {batch.host}, error);
        while (error->isEmpty() && levels.next())
            open.insert(levels.value(0).toString(), levels.value(1).toInt());
        if (!error->isEmpty())
            return failed();
        summary.insert(u"open_alerts"_qs, open);
    }
    sqlfiles::run(db, u"fleet/heartbeat"_qs,
                  {batch.host, u"agent"_qs, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(batch.addresses)).toJson(QJsonDocument::Compact)),
                   nonNull(batch.version), batch.startedMs, now, compact(summary)},
                  error);
    if (!latestHealth.isEmpty())
        sqlfiles::run(db, u"fleet/set_health"_qs, {compact(latestHealth), batch.host}, error);
    sqlfiles::run(db, u"fleet/agent_set"_qs, {batch.bufferId, acked, batch.dropped, now, batch.host}, error);
    if (!error->isEmpty())
        return failed();
    if (!samples.isEmpty() && postgres)
        sqlfiles::run(db, u"monitoring/notify_sample"_qs, {batch.host}, error); // delivered at commit
    if (!error->isEmpty() || !db.commit())
        return failed();
    std::sort(out.fresh.begin(), out.fresh.end(), [](const auto &a, const auto &b) { return a.timestampMs < b.timestampMs; });
    out.acked = acked;
    return out;
}

bool pruneAgents(QSqlDatabase db, qint64 nowMs, int minuteDays, int hourDays, int healthDays, QString *error)
{
    error->clear();
    QSqlQuery agents = sqlfiles::run(db, u"fleet/agent_hosts"_qs, {}, error);
    QStringList hosts;
    while (error->isEmpty() && agents.next())
        hosts << agents.value(0).toString();
    agents.finish();
    for (const QString &host : std::as_const(hosts)) {
        if (!metricsstore::pruneRollups(db, host, 60, (nowMs - qint64(minuteDays) * 86400000) / 1000, error)
            || !metricsstore::pruneRollups(db, host, 3600, (nowMs - qint64(hourDays) * 86400000) / 1000, error))
            return false;
        sqlfiles::run(db, u"fleet/prune_agent_health"_qs, {host, nowMs - qint64(healthDays) * 86400000}, error);
        if (!error->isEmpty())
            return false;
    }
    return true;
}

} // namespace agentingest
