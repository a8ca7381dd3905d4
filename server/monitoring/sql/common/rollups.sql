-- A host's rollups in [from, to) of one resolution. Binds: resolution, host, alias, from, to
-- (alias: '' for the daemon's own host, whose rows from before the fleet have host ''; else the
-- host again).
SELECT bucket, metric, min, max, sum, count FROM metric_rollups
WHERE resolution = ? AND host IN (?, ?) AND bucket >= ? AND bucket < ?
ORDER BY bucket, metric
