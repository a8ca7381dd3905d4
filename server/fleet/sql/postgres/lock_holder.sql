-- The backend that holds the leader's lock (a bigint key is classid = high half, objid = low
-- half, objsubid = 1). Binds: high half, low half.
SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
    AND classid = CAST(? AS BIGINT) AND objid = CAST(? AS BIGINT)
