-- A member's raw sample for the others to read. Binds: host, ts, seq, sample (JSON).
INSERT INTO metric_samples (host, ts, seq, sample) VALUES (?, ?, ?, ?)
ON CONFLICT (host, ts) DO UPDATE SET seq = excluded.seq, sample = excluded.sample
