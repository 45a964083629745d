// Tests for SampleData land with its issue.
