-- Binds: resolution, oldest bucket kept.
DELETE FROM metric_rollups WHERE resolution = ? AND bucket < ?
