// AnomalyDetection: placeholder until its issue lands.
