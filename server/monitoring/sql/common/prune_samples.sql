-- Binds: host, oldest ts kept.
DELETE FROM metric_samples WHERE host = ? AND ts < ?
