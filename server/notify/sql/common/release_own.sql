-- At start: what this host had claimed before it stopped may or may not have gone out; it is
-- due again at once, counted as a possible duplicate. Binds: claimed_by.
UPDATE notifications SET claimed_until = 0, claimed_by = '', reclaims = reclaims + 1
WHERE claimed_by = ? AND status = 'pending' AND claimed_until > 0
