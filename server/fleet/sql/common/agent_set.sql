-- After a push. Binds: buffer_id, last_seq, dropped, updated_at, host.
UPDATE fleet_agents SET buffer_id = ?, last_seq = ?, dropped = ?, updated_at = ? WHERE host = ?
