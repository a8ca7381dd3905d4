-- Which buffer the agent pushed from last, and the last entry of it the hub holds. Binds: host.
SELECT buffer_id, last_seq FROM fleet_agents WHERE host = ?
