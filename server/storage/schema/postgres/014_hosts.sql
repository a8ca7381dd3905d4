-- Every figure names the host it is about: rollups, health runs and log lines carry `host`;
-- each member's latest health report sits in its fleet_hosts row, and its raw
-- samples of the last hour in metric_samples, so any member can answer for any host and relay
-- its live figures (NOTIFY formauto_samples, payload: the host). Rows from before the fleet keep
-- host '' and are read as the daemon's own.
ALTER TABLE metric_rollups ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_pkey;
ALTER TABLE metric_rollups ADD PRIMARY KEY (resolution, host, bucket, metric);
ALTER TABLE health_history ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX health_history_host ON health_history(host, ts);
ALTER TABLE logs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE fleet_hosts ADD COLUMN health TEXT NOT NULL DEFAULT '{}';
CREATE TABLE metric_samples (
    host TEXT NOT NULL,
    ts BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    sample TEXT NOT NULL,
    PRIMARY KEY (host, ts)
);
