#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

struct RollupRow {
    qint64 bucket = 0; // seconds since the epoch, start of the bucket
    QString metric;
    double min = 0, max = 0, sum = 0;
    qint64 count = 0;
};

// The metrics' tables in the ops store (SQL in monitoring/sql/<backend>/): every host's 1-minute
// and 1-hour rollups, and the fleet members' raw samples of the last hour, from which any
// member answers for any host and relays its live figures. Runs on whichever thread owns db.
namespace metricsstore {

// Folds rows into existing buckets of host (min of mins, max of maxes, sums added), in one
// transaction (inTransaction: the caller's, which it commits or rolls back).
bool mergeRollups(const QSqlDatabase &db, const QString &host, int resolutionSeconds, const QList<RollupRow> &rows,
                  QString *error, bool inTransaction = false);
// ownHost: rows from before the fleet (host '') count as this host's (SQLite only: on a shared
// store they are nobody's).
QList<RollupRow> rollups(const QSqlDatabase &db, const QString &host, bool ownHost, int resolutionSeconds, qint64 fromBucket,
                         qint64 toBucket, QString *error);
// This host's rows (and those from before the fleet) older than olderThanBucket.
bool pruneRollups(const QSqlDatabase &db, const QString &host, int resolutionSeconds, qint64 olderThanBucket, QString *error);

struct StoredSample {
    qint64 timestampMs = 0;
    qint64 seq = 0;
    QJsonObject sample; // a metrics_update data object
};
// Writes a member's raw samples and drops its own older than keepFromMs.
bool addSamples(const QSqlDatabase &db, const QString &host, const QList<StoredSample> &samples, qint64 keepFromMs,
                QString *error, bool inTransaction = false);
QList<StoredSample> samples(const QSqlDatabase &db, const QString &host, qint64 fromMs, qint64 toMs, int limit, QString *error);
QList<StoredSample> samplesAfter(const QSqlDatabase &db, const QString &host, qint64 afterMs, int limit, QString *error);
// Invalid timestampMs: the host has written no sample (or none is kept).
StoredSample latest(const QSqlDatabase &db, const QString &host, QString *error);

// Rollup rows as metrics.history samples (averages, "min"/"max", "step"), each stamped at the
// end of its bucket (PROTOCOL.md).
QJsonArray rollupSamples(const QList<RollupRow> &rows, int resolution, qint64 fromMs, qint64 toMs, int stepSeconds);

// metrics.history for a host other than the daemon's own: raw samples from the store for steps
// under a minute (while kept), minute or hour rollups otherwise, as MetricsHistory::query.
QJsonArray history(const QSqlDatabase &db, const QString &host, qint64 fromMs, qint64 toMs, int stepSeconds, int minuteDays,
                   QString *error);

} // namespace metricsstore
