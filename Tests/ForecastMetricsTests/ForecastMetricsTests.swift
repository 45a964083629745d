// Tests for ForecastMetrics land with its issue.
