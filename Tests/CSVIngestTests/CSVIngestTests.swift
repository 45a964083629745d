// Tests for CSVIngest land with its issue.
