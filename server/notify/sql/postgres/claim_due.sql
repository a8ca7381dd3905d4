-- Any fleet member may deliver: due rows are claimed for a lease (rows another member is
-- claiming are skipped, not waited for). A row whose lease lapsed (its deliverer died) is
-- claimed again and counted: it may have been sent once already.
-- Binds: claimed_by, claimed_until, now, now, how many.
UPDATE notifications SET claimed_by = ?, claimed_until = ?,
    reclaims = reclaims + CASE WHEN claimed_until > 0 THEN 1 ELSE 0 END
WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ?
             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING id, channel, payload, created_at
