-- Where each open alert stands in its escalation policy, so that a restart neither replays
-- steps already taken nor raises a level twice. One row per alert that has been handled by
-- the escalator; the row of a resolved alert stays as history and is no longer read.
CREATE TABLE alert_escalation (
    alert_id TEXT PRIMARY KEY REFERENCES alerts(id),
    next_step INTEGER NOT NULL DEFAULT 0,
    start_at BIGINT NOT NULL,
    last_notified_at BIGINT NOT NULL,
    held INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
