// Tests for Windowing land with its issue.
