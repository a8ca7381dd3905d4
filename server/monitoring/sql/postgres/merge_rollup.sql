-- Folds one row into its bucket (min of mins, max of maxes, sums added), so a bucket written
-- in parts, or again after a restart, stays right.
-- Binds: resolution, host, bucket, metric, min, max, sum, count.
INSERT INTO metric_rollups (resolution, host, bucket, metric, min, max, sum, count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (resolution, host, bucket, metric) DO UPDATE SET
    min = LEAST(metric_rollups.min, excluded.min), max = GREATEST(metric_rollups.max, excluded.max),
    sum = metric_rollups.sum + excluded.sum, count = metric_rollups.count + excluded.count
