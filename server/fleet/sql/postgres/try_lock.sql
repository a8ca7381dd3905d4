-- The leader's lock: held by this session until it ends (a crash or a lost connection ends it).
-- Binds: key.
SELECT pg_try_advisory_lock(?)
