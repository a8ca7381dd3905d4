-- The notification outbox: a notification is a row before it is sent, so a restart or a
-- channel outage loses nothing; delivery is at least once.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL,
    alert_seq INTEGER NOT NULL,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
