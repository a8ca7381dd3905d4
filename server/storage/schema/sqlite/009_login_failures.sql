-- Failed and in-flight login attempts per user ("u:NAME") and per client address ("a:ADDR"),
-- so a lockout survives a restart. A row is counted when the attempt arrives and given back
-- when it succeeds; rows whose lockout and window have passed are pruned by time only.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE INDEX login_failures_updated ON login_failures(updated_at);
