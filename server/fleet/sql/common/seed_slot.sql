-- A job never seen before starts from now (it does not run for past slots). Binds: job, slot.
INSERT INTO schedule_state (job, last_slot) VALUES (?, ?) ON CONFLICT (job) DO NOTHING
