// Tests for ModelFiles land with its issue.
