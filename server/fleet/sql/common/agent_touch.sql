-- An agent's row, made on its first push; with the update the row is locked until the push's
-- transaction ends, so two pushes of one agent are applied one after the other.
-- Binds: host, updated_at.
INSERT INTO fleet_agents (host, last_seq, dropped, updated_at, buffer_id) VALUES (?, 0, 0, ?, '')
ON CONFLICT (host) DO UPDATE SET updated_at = excluded.updated_at
