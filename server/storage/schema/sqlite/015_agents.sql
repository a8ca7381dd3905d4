-- Agents (hosts behind NAT) push to a hub daemon with a token of their own: its scope
-- ("agent:HOST") allows agent pushes for that host and nothing else. The hub keeps, per agent,
-- the last batch it applied, so a batch sent again after a lost answer is not stored twice.
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';
CREATE TABLE fleet_agents (
    host TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    buffer_id TEXT NOT NULL DEFAULT ''
);
