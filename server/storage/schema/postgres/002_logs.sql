-- The log store; full-text search through a GIN index on the 'simple' configuration.
CREATE TABLE logs (
    id BIGSERIAL PRIMARY KEY,
    ts BIGINT NOT NULL,
    level TEXT NOT NULL,
    logger TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL
);
CREATE INDEX logs_ts ON logs(ts);
CREATE INDEX logs_level_ts ON logs(level, ts);
CREATE INDEX logs_fts ON logs USING GIN (to_tsvector('simple', message || ' ' || extra));
