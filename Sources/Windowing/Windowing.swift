// Windowing: placeholder until its issue lands.
