// LogIngest: placeholder until its issue lands.
