// MatrixKernels: placeholder until its issue lands.
