-- Every agent the hubs have stored figures for.
SELECT host FROM fleet_agents ORDER BY host
