// RecurrentLayers: placeholder until its issue lands.
