-- A member's own rollups (and those from before the fleet) past their retention; each member
-- prunes its own with its own retention. Binds: resolution, host, oldest bucket kept.
DELETE FROM metric_rollups WHERE resolution = ? AND host IN (?, '') AND bucket < ?
