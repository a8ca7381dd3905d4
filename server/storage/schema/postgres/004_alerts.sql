-- Alerts: one row per incident (deduplicated by fingerprint while it is open), and a
-- timeline of everything that happened to it.
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error', 'critical')),
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
    fired_at BIGINT NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    ack_comment TEXT,
    resolved_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX alerts_open ON alerts(fingerprint, state);
CREATE TABLE alert_events (
    id BIGSERIAL PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alerts(id),
    ts BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert ON alert_events(alert_id, ts);
