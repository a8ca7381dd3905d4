-- One check of an agent's health run, as its own daemon records them.
-- Binds: ts, host, check_name, status, level, response_time, message_key, changed, details (JSON).
INSERT INTO health_history (ts, host, check_name, status, level, response_time, message_key, changed, details)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
