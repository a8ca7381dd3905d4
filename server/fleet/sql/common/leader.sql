-- The current leader: term, host, since, backend_pid.
SELECT term, host, since, backend_pid FROM fleet_leader WHERE id = 1
