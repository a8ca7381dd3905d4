-- A host's newest raw sample. Binds: host.
SELECT ts, seq, sample FROM metric_samples WHERE host = ? ORDER BY ts DESC LIMIT 1
