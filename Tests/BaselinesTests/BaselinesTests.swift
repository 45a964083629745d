// Tests for Baselines land with its issue.
