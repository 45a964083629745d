#!/usr/bin/env bash
# The demo behind `make demo`: the main job on built-in sample data. FORECAST is the binary.
set -euo pipefail
: "${FORECAST:?path to the forecast binary}"
DEMO_DIR="${DEMO_DIR:-out/demo}"
mkdir -p "$DEMO_DIR"
"$FORECAST" --version
