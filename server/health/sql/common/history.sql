-- A host's runs, newest first. Binds: host, alias ('' for the daemon's own host, whose runs from
-- before the fleet have host ''; else the host again), since, check ('' for every check), check, limit.
SELECT ts, check_name, status, level, response_time, message_key, changed, details FROM health_history
WHERE host IN (?, ?) AND ts >= ? AND (? = '' OR check_name = ?)
ORDER BY ts DESC, id DESC LIMIT ?
