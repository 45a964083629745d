// Tests for Forecasting land with its issue.
