-- A host's raw samples in [from, to], oldest first. Binds: host, from, to, limit.
SELECT ts, seq, sample FROM metric_samples WHERE host = ? AND ts >= ? AND ts <= ? ORDER BY ts LIMIT ?
