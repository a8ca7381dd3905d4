-- This host's latest health report, written when it changed. Binds: report (JSON), host.
UPDATE fleet_hosts SET health = ? WHERE host = ?
