// ForecastMetrics: placeholder until its issue lands.
