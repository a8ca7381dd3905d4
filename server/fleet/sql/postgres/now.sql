-- The store's clock (ms since the epoch): every member's heartbeat and every "is it down?"
-- is judged on one clock, so skewed host clocks neither hide a dead host nor fake one.
SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)
