// Tests for RecurrentLayers land with its issue.
