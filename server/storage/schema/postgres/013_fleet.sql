-- The fleet: daemons on one store register their host and heartbeat; one leads (a session
-- advisory lock), and every leader takes a new term, written with each singleton action so
-- a leader that lost its lock without knowing it cannot act twice.
CREATE TABLE fleet_hosts (
    host TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('member', 'agent')),
    addresses TEXT NOT NULL DEFAULT '[]',
    version TEXT NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE fleet_leader (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    term BIGINT NOT NULL,
    host TEXT NOT NULL,
    since BIGINT NOT NULL,
    backend_pid INTEGER NOT NULL DEFAULT 0
);
INSERT INTO fleet_leader (id, term, host, since) VALUES (1, 0, '', 0);
-- Which leader claimed a job's slot, and which host ran each job.
ALTER TABLE schedule_state ADD COLUMN term BIGINT NOT NULL DEFAULT 0;
ALTER TABLE schedule_state ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE job_runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE job_runs ADD COLUMN term BIGINT NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN slot BIGINT;
CREATE INDEX job_runs_slot ON job_runs(job, slot);
-- Any member may deliver a notification: a row is claimed (FOR UPDATE SKIP LOCKED) for a
-- while; a claim that lapsed (its deliverer died) is taken again and counted.
ALTER TABLE notifications ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN reclaims INTEGER NOT NULL DEFAULT 0;
-- Alerts and backups name the host they are about / that wrote them. Alert change numbers
-- come from one sequence, so members never hand out the same one.
ALTER TABLE alerts ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX alerts_host ON alerts(host, state);
CREATE SEQUENCE alerts_change_seq;
SELECT setval('alerts_change_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts), false);
ALTER TABLE backups ADD COLUMN host TEXT NOT NULL DEFAULT '';
