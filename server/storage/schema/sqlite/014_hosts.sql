-- Every figure names the host it is about (see the PostgreSQL schema). Rows from before the
-- fleet keep host '' and are read as the daemon's own.
CREATE TABLE metric_rollups_new (
    resolution INTEGER NOT NULL,
    host TEXT NOT NULL DEFAULT '',
    bucket INTEGER NOT NULL,
    metric TEXT NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    sum REAL NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (resolution, host, bucket, metric)
) WITHOUT ROWID;
INSERT INTO metric_rollups_new (resolution, host, bucket, metric, min, max, sum, count)
    SELECT resolution, '', bucket, metric, min, max, sum, count FROM metric_rollups;
DROP TABLE metric_rollups;
ALTER TABLE metric_rollups_new RENAME TO metric_rollups;
ALTER TABLE health_history ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE logs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE fleet_hosts ADD COLUMN health TEXT NOT NULL DEFAULT '{}';
CREATE TABLE metric_samples (
    host TEXT NOT NULL,
    ts INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sample TEXT NOT NULL,
    PRIMARY KEY (host, ts)
) WITHOUT ROWID;
