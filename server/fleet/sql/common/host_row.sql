-- This host's row as the store has it, before this member writes it again. Binds: host.
SELECT started_at, last_seen FROM fleet_hosts WHERE host = ?
