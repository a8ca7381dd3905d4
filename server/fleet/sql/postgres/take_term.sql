-- A new leader takes the next term. Binds: host, since.
UPDATE fleet_leader SET term = term + 1, host = ?, since = ?, backend_pid = pg_backend_pid() WHERE id = 1 RETURNING term
