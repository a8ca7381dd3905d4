-- A host's latest health report as it last wrote it, and when it last heartbeat. Binds: host.
SELECT health, last_seen FROM fleet_hosts WHERE host = ?
