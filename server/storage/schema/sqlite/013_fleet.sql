-- The fleet (see the PostgreSQL schema): with SQLite the daemon is a fleet of one, and the
-- same tables keep its registration, its terms and who ran what.
CREATE TABLE fleet_hosts (
    host TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('member', 'agent')),
    addresses TEXT NOT NULL DEFAULT '[]',
    version TEXT NOT NULL DEFAULT '',
    started_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE fleet_leader (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    term INTEGER NOT NULL,
    host TEXT NOT NULL,
    since INTEGER NOT NULL,
    backend_pid INTEGER NOT NULL DEFAULT 0
);
INSERT INTO fleet_leader (id, term, host, since) VALUES (1, 0, '', 0);
ALTER TABLE schedule_state ADD COLUMN term INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_state ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE job_runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE job_runs ADD COLUMN term INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN slot INTEGER;
CREATE INDEX job_runs_slot ON job_runs(job, slot);
ALTER TABLE notifications ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN reclaims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX alerts_host ON alerts(host, state);
ALTER TABLE backups ADD COLUMN host TEXT NOT NULL DEFAULT '';
