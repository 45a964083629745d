// Tests for LogIngest land with its issue.
