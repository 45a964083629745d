// Tests for ForecastCLI land with its issue.
