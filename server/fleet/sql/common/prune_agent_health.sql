-- An agent's health runs older than the hub keeps its own. Binds: host, oldest ts kept.
DELETE FROM health_history WHERE host = ? AND ts < ?
