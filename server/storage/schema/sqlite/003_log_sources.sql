-- Where each tailed log file was read up to, so a restart resumes instead of re-reading.
CREATE TABLE log_sources (
    path TEXT PRIMARY KEY,
    inode INTEGER NOT NULL,
    read_offset INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
