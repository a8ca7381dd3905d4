-- Wakes the members relaying this host's figures. Binds: host.
SELECT pg_notify('formauto_samples', ?)
