-- Where a host's kept raw samples begin. Binds: host.
SELECT MIN(ts) FROM metric_samples WHERE host = ?
