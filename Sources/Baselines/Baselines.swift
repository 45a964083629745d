// Baselines: placeholder until its issue lands.
