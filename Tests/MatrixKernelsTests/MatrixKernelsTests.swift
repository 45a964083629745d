// Tests for MatrixKernels land with its issue.
