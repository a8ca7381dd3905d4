-- Every registered member and agent.
SELECT host, role, addresses, version, started_at, last_seen, summary FROM fleet_hosts ORDER BY host
