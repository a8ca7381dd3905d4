-- Whether a host name is a member's, and when it last heartbeat. Binds: host.
SELECT role, last_seen FROM fleet_hosts WHERE host = ?
