-- Ends a leader's session that holds the lock but no longer heartbeats (its process hangs or
-- its network is gone): the lock is released and its term, fenced, can do nothing more.
-- Binds: pid.
SELECT pg_terminate_backend(?)
