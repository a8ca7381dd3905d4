-- Binds: host, oldest ts kept. Each member prunes its own runs (and those from before the fleet).
DELETE FROM health_history WHERE host IN (?, '') AND ts < ?
