-- A leader claims a job's slot under its term: one row changes for exactly one claimer per
-- slot (the row lock orders concurrent claims, the second sees the slot taken), and none for a
-- leader whose term has passed. Binds: slot, term, host, job, slot, term.
UPDATE schedule_state SET last_slot = ?, term = ?, host = ?
WHERE job = ? AND last_slot < ? AND ? = (SELECT term FROM fleet_leader WHERE id = 1)
