-- Binds: host, role, addresses (JSON), version, started_at, last_seen, summary (JSON).
INSERT INTO fleet_hosts (host, role, addresses, version, started_at, last_seen, summary)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (host) DO UPDATE SET role = excluded.role, addresses = excluded.addresses, version = excluded.version,
    started_at = excluded.started_at, last_seen = excluded.last_seen, summary = excluded.summary
