// Tests for AnomalyDetection land with its issue.
