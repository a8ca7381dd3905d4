-- This host's open alerts by level, for the summary its heartbeat carries. Binds: host.
SELECT level, COUNT(*) FROM alerts WHERE host = ? AND state <> 'resolved' GROUP BY level
