-- The log store: one row per line, a full-text index fed explicitly by the writer (a second
-- prepared insert in the same transaction), kept in step on delete by a trigger.
CREATE TABLE logs (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    level TEXT NOT NULL,
    logger TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL
);
CREATE INDEX logs_ts ON logs(ts);
CREATE INDEX logs_level_ts ON logs(level, ts);
CREATE VIRTUAL TABLE logs_fts USING fts5(message, extra, content='logs', content_rowid='id');
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs
BEGIN
    INSERT INTO logs_fts(logs_fts, rowid, message, extra) VALUES ('delete', old.id, old.message, old.extra);
END;
