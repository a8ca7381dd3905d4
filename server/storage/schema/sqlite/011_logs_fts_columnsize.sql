-- The full-text index without its table of per-row token counts (columnsize=0): only bm25
-- ranking reads it, and the log search orders by time, never by rank; keeping it cost one
-- more B-tree insert for every stored line (bench_logs). The index is rebuilt from the rows.
DROP TRIGGER logs_fts_delete;
DROP TABLE logs_fts;
CREATE VIRTUAL TABLE logs_fts USING fts5(message, extra, content='logs', content_rowid='id', columnsize=0);
INSERT INTO logs_fts(logs_fts) VALUES ('rebuild');
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs
BEGIN
    INSERT INTO logs_fts(logs_fts, rowid, message, extra) VALUES ('delete', old.id, old.message, old.extra);
END;
