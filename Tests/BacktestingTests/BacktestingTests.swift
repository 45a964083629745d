// Tests for Backtesting land with its issue.
