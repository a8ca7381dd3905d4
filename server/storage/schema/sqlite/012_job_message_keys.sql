-- A job run's result as a catalogue message (key and JSON parameters) beside its English, so
-- the console words it in the operator's language. Older rows keep only the English.
ALTER TABLE job_runs ADD COLUMN message_key TEXT;
ALTER TABLE job_runs ADD COLUMN message_params TEXT;
