-- Silences (by matcher, until they end or someone ends them) and alert rules edited through
-- the API (they override rules of the same name from the config file).
CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    matchers TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    comment TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expired_by TEXT
);
CREATE INDEX silences_ends ON silences(ends_at);
CREATE TABLE alert_rules (
    name TEXT PRIMARY KEY,
    expression TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error', 'critical')),
    title TEXT NOT NULL,
    hold_ms BIGINT NOT NULL,
    enabled INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
