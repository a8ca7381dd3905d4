-- Binds: key.
SELECT pg_advisory_unlock(?)
