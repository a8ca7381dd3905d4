-- Deliveries that may have happened twice (a lease lapsed or a deliverer restarted mid-send).
SELECT COALESCE(SUM(reclaims), 0) FROM notifications
