// Tests for Training land with its issue.
