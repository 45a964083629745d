// libcsv (https://github.com/rgamble/libcsv), from Debian's libcsv-dev or Homebrew's libcsv.
// This target provides no Swift API of its own: CSVIngest wraps it.
#include <csv.h>
