-- Where each tailed log file was read up to, so a restart resumes instead of re-reading.
CREATE TABLE log_sources (
    path TEXT PRIMARY KEY,
    inode BIGINT NOT NULL,
    read_offset BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
