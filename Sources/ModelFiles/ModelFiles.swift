// ModelFiles: placeholder until its issue lands.
