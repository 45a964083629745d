// OpenBLAS's CBLAS interface (Debian's libopenblas-dev). Used on Linux only; on Apple platforms
// MatrixKernels imports Accelerate instead. This target provides no Swift API of its own.
#include <cblas.h>
