-- Every run of every health check (kept seven days): latencies for sparklines, and with
-- changed = 1 the history of status changes.
CREATE TABLE health_history (
    id BIGSERIAL PRIMARY KEY,
    ts BIGINT NOT NULL,
    check_name TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    response_time DOUBLE PRECISION NOT NULL,
    message_key TEXT NOT NULL DEFAULT '',
    changed INTEGER NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX health_history_ts ON health_history(ts);
CREATE INDEX health_history_check ON health_history(check_name, ts);
