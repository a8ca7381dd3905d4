-- Backups known to the daemon (the archives are the truth; this is their index with what
-- verification and restore drills found), the scheduler's state and its job history.
CREATE TABLE backups (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    components TEXT NOT NULL DEFAULT '[]',
    verified_at INTEGER,
    verify_ok INTEGER,
    verify_message TEXT NOT NULL DEFAULT '',
    drill_at INTEGER,
    drill_ok INTEGER,
    drill_message TEXT NOT NULL DEFAULT ''
);
CREATE TABLE schedule_state (
    job TEXT PRIMARY KEY,
    last_slot INTEGER NOT NULL
);
CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    message TEXT NOT NULL,
    triggered_by TEXT NOT NULL
);
CREATE INDEX job_runs_job ON job_runs(job, id);
