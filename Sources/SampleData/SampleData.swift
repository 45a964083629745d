// SampleData: placeholder until its issue lands.
