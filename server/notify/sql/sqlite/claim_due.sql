-- One daemon per SQLite file, so no SKIP LOCKED; the lease and the count work as on PostgreSQL.
-- Binds: claimed_by, claimed_until, now, now, how many.
UPDATE notifications SET claimed_by = ?, claimed_until = ?,
    reclaims = reclaims + CASE WHEN claimed_until > 0 THEN 1 ELSE 0 END
WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ?
             ORDER BY next_attempt_at LIMIT ?)
RETURNING id, channel, payload, created_at
