#include "server/monitoring/metricsstore.h"

#include "server/protocol/metrics.h"
#include "server/storage/sqlfiles.h"

#include <QJsonDocument>
#include <QMap>
#include <QSqlError>
#include <limits>

namespace metricsstore {

bool mergeRollups(const QSqlDatabase &db, const QString &host, int resolutionSeconds, const QList<RollupRow> &rows,
                  QString *error, bool inTransaction)
{
    error->clear();
    if (rows.isEmpty())
        return true;
    QSqlDatabase database = db;
    if (!inTransaction && !database.transaction()) {
        *error = database.lastError().text();
        return false;
    }
    // Ends what this call began: rolled back on an error, committed otherwise (the caller's
    // transaction is the caller's).
    auto finish = [&]() {
        if (!error->isEmpty()) {
            if (!inTransaction)
                database.rollback();
            return false;
        }
        if (inTransaction || database.commit())
            return true;
        *error = database.lastError().text();
        database.rollback();
        return false;
    };
    if (sqlfiles::isPostgres(database)) {
        // Every row in one statement: on a network store each statement is a round trip, and
        // a sample has dozens of series.
        QJsonArray json;
        for (const RollupRow &row : rows)
            json.append(QJsonObject{{u"bucket"_qs, double(row.bucket)}, {u"metric"_qs, row.metric}, {u"min"_qs, row.min},
                                    {u"max"_qs, row.max}, {u"sum"_qs, row.sum}, {u"count"_qs, double(row.count)}});
        sqlfiles::run(database, u"monitoring/merge_rollups"_qs,
                      {resolutionSeconds, host, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact))}, error);
        return finish();
    }
    QSqlQuery merge = sqlfiles::prepare(database, u"monitoring/merge_rollup"_qs, error);
    for (const RollupRow &row : rows) {
        if (!error->isEmpty())
            break;
        sqlfiles::exec(merge, u"monitoring/merge_rollup"_qs,
                       {resolutionSeconds, host, row.bucket, row.metric, row.min, row.max, row.sum, row.count}, error);
    }
    return finish();
}

QList<RollupRow> rollups(const QSqlDatabase &db, const QString &host, bool ownHost, int resolutionSeconds, qint64 fromBucket,
                         qint64 toBucket, QString *error)
{
    error->clear();
    QList<RollupRow> out;
    // Rows from before the fleet (host '') are the daemon's own where it is a fleet of one
    // (SQLite); on a shared store nobody can tell whose they were.
    const bool alias = ownHost && !sqlfiles::isPostgres(db);
    QSqlQuery q = sqlfiles::run(db, u"monitoring/rollups"_qs,
                                {resolutionSeconds, host, alias ? u""_qs : host, fromBucket, toBucket}, error);
    if (!error->isEmpty())
        return out;
    while (q.next())
        out.append(RollupRow{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toDouble(), q.value(3).toDouble(),
                             q.value(4).toDouble(), q.value(5).toLongLong()});
    return out;
}

bool pruneRollups(const QSqlDatabase &db, const QString &host, int resolutionSeconds, qint64 olderThanBucket, QString *error)
{
    error->clear();
    sqlfiles::run(db, u"monitoring/prune_rollups"_qs, {resolutionSeconds, host, olderThanBucket}, error);
    return error->isEmpty();
}

bool addSamples(const QSqlDatabase &db, const QString &host, const QList<StoredSample> &samples, qint64 keepFromMs,
                QString *error, bool inTransaction)
{
    error->clear();
    QSqlDatabase database = db;
    if (!inTransaction && !database.transaction()) {
        *error = database.lastError().text();
        return false;
    }
    QSqlQuery add = sqlfiles::prepare(database, u"monitoring/add_sample"_qs, error);
    for (const StoredSample &s : samples) {
        if (!sqlfiles::exec(add, u"monitoring/add_sample"_qs,
                            {host, s.timestampMs, s.seq, QString::fromUtf8(QJsonDocument(s.sample).toJson(QJsonDocument::Compact))},
                            error))
            break;
    }
    sqlfiles::run(database, u"monitoring/prune_samples"_qs, {host, keepFromMs}, error);
    if (inTransaction)
        return error->isEmpty();
    if (!error->isEmpty() || !database.commit()) {
        if (error->isEmpty())
            *error = database.lastError().text();
        database.rollback();
        return false;
    }
    return true;
}

static QList<StoredSample> read(QSqlQuery &q)
{
    QList<StoredSample> out;
    while (q.next()) {
        StoredSample s;
        s.timestampMs = q.value(0).toLongLong();
        s.seq = q.value(1).toLongLong();
        s.sample = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        out.append(s);
    }
    return out;
}

QList<StoredSample> samples(const QSqlDatabase &db, const QString &host, qint64 fromMs, qint64 toMs, int limit, QString *error)
{
    error->clear();
    QSqlQuery q = sqlfiles::run(db, u"monitoring/samples"_qs, {host, fromMs, toMs, limit}, error);
    return error->isEmpty() ? read(q) : QList<StoredSample>{};
}

QList<StoredSample> samplesAfter(const QSqlDatabase &db, const QString &host, qint64 afterMs, int limit, QString *error)
{
    error->clear();
    QSqlQuery q = sqlfiles::run(db, u"monitoring/samples_after"_qs, {host, afterMs, limit}, error);
    return error->isEmpty() ? read(q) : QList<StoredSample>{};
}

StoredSample latest(const QSqlDatabase &db, const QString &host, QString *error)
{
    error->clear();
    QSqlQuery q = sqlfiles::run(db, u"monitoring/latest"_qs, {host}, error);
    const QList<StoredSample> rows = error->isEmpty() ? read(q) : QList<StoredSample>{};
    return rows.isEmpty() ? StoredSample{} : rows.first();
}

QJsonArray rollupSamples(const QList<RollupRow> &rows, int resolution, qint64 fromMs, qint64 toMs, int stepSeconds)
{
    QJsonArray out;
    const qint64 step = qMax<qint64>(resolution, stepSeconds / resolution * resolution);
    struct Group {
        QHash<QString, double> sum, min, max;
        QHash<QString, qint64> count;
    };
    QMap<qint64, Group> groups;
    for (const RollupRow &row : rows) {
        Group &g = groups[row.bucket / step * step];
        if (!g.count.contains(row.metric)) {
            g.min.insert(row.metric, row.min);
            g.max.insert(row.metric, row.max);
        } else {
            g.min[row.metric] = qMin(g.min.value(row.metric), row.min);
            g.max[row.metric] = qMax(g.max.value(row.metric), row.max);
        }
        g.sum[row.metric] += row.sum;
        g.count[row.metric] += row.count;
    }
    for (auto it = groups.constBegin(); it != groups.constEnd(); ++it) {
        // Stamped at the end of the bucket, once everything in it had happened: a chart never
        // shows a point before the data existed (a daemon that started at 10:00:50 has its
        // first minute at 10:01:00, not 10:00:00). A bucket that reaches past the range's end
        // (the one the raw samples take over from) is stamped at that end.
        const qint64 startMs = it.key() * 1000, stampMs = std::min((it.key() + step) * 1000, toMs);
        if (startMs > toMs || stampMs < fromMs)
            continue;
        QHash<QString, double> avg;
        QJsonObject mins, maxs;
        for (auto c = it->count.constBegin(); c != it->count.constEnd(); ++c) {
            avg.insert(c.key(), c.value() ? it->sum.value(c.key()) / double(c.value()) : 0);
            mins.insert(c.key(), it->min.value(c.key()));
            maxs.insert(c.key(), it->max.value(c.key()));
        }
        QJsonObject sample = protocol::sampleFromSeries(stampMs, avg).toJson();
        sample.insert(QStringLiteral("step"), double(step));
        sample.insert(QStringLiteral("min"), mins);
        sample.insert(QStringLiteral("max"), maxs);
        out.append(sample);
    }
    return out;
}

static QJsonArray rollupHistory(const QSqlDatabase &db, const QString &host, int resolution, qint64 fromMs, qint64 toMs,
                                int stepSeconds, QString *error)
{
    const qint64 fromBucket = fromMs / 1000 / resolution * resolution;
    const QList<RollupRow> rows = rollups(db, host, false, resolution, fromBucket, toMs / 1000 + 1, error);
    if (!error->isEmpty())
        return {};
    QJsonArray out = rollupSamples(rows, resolution, fromMs, toMs, stepSeconds);
    for (qsizetype i = 0; i < out.size(); ++i) {
        QJsonObject sample = out.at(i).toObject();
        sample.insert(u"host"_qs, host);
        out.replace(i, sample);
    }
    return out;
}

QJsonArray history(const QSqlDatabase &db, const QString &host, qint64 fromMs, qint64 toMs, int stepSeconds, int minuteDays,
                   QString *error)
{
    error->clear();
    if (stepSeconds >= 3600 || toMs - fromMs > qint64(minuteDays) * 86400000)
        return rollupHistory(db, host, 3600, fromMs, toMs, stepSeconds, error);
    if (stepSeconds >= 60)
        return rollupHistory(db, host, 60, fromMs, toMs, stepSeconds, error);
    // A member keeps an hour of raw samples in the store: at one a second, 3,600.
    const QList<StoredSample> raw = samples(db, host, fromMs, toMs, 20000, error);
    if (!error->isEmpty())
        return {};
    QJsonArray out;
    // Before the first raw sample kept (not the first in range: the range may begin between two
    // samples), minute rollups fill in.
    qint64 rawStart = toMs + 1;
    {
        QSqlQuery first = sqlfiles::run(db, u"monitoring/earliest_sample"_qs, {host}, error);
        if (!error->isEmpty())
            return {};
        if (first.next() && !first.value(0).isNull())
            rawStart = first.value(0).toLongLong();
    }
    if (fromMs < rawStart) {
        out = rollupHistory(db, host, 60, fromMs, qMin(toMs, rawStart - 1), 60, error);
        if (!error->isEmpty())
            return {};
    }
    const qint64 stepMs = qMax<qint64>(qint64(stepSeconds) * 1000, 1);
    qint64 lastBucket = std::numeric_limits<qint64>::min();
    for (const StoredSample &s : raw) {
        const qint64 bucket = s.timestampMs / stepMs;
        if (stepSeconds > 0 && bucket == lastBucket)
            continue; // first sample of each step
        lastBucket = bucket;
        out.append(s.sample);
    }
    return out;
}

} // namespace metricsstore
