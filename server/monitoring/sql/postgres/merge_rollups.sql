-- Folds many rows into their buckets in one round trip (as merge_rollup, one row each).
-- Binds: resolution, host, rows (a JSON array of {bucket, metric, min, max, sum, count}, each
-- bucket and metric at most once).
INSERT INTO metric_rollups (resolution, host, bucket, metric, min, max, sum, count)
SELECT CAST(? AS INTEGER), CAST(? AS TEXT), r.bucket, r.metric, r.min, r.max, r.sum, r.count
FROM json_to_recordset(CAST(? AS json)) AS r(bucket BIGINT, metric TEXT, min DOUBLE PRECISION, max DOUBLE PRECISION,
                                             sum DOUBLE PRECISION, count BIGINT)
ON CONFLICT (resolution, host, bucket, metric) DO UPDATE SET
    min = LEAST(metric_rollups.min, excluded.min), max = GREATEST(metric_rollups.max, excluded.max),
    sum = metric_rollups.sum + excluded.sum, count = metric_rollups.count + excluded.count
