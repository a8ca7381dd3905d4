-- Raw samples a relay has not passed on yet. Binds: host, after ts, limit.
SELECT ts, seq, sample FROM metric_samples WHERE host = ? AND ts > ? ORDER BY ts LIMIT ?
