-- Binds: host, since.
UPDATE fleet_leader SET term = term + 1, host = ?, since = ?, backend_pid = 0 WHERE id = 1 RETURNING term
