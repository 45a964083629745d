// CSVIngest: placeholder until its issue lands.
