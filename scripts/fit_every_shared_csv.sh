#!/usr/bin/env bash
# Issue 4's new-user check: `forecast fit FILE` on every CSV under ../shared/data with at most
# --target given (files with several numeric columns need it), the defaults otherwise. Prints one
# Markdown row per file: exit status, seconds, what fit chose, and the validation MASE of the
# model next to the naive and seasonal-naive forecasts (fit's own closing table). Run by hand:
#   scripts/fit_every_shared_csv.sh [DATA_DIR] > table.md      (FORECAST=path/to/forecast skips the build)
set -uo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
if [ -z "${FORECAST:-}" ]; then
    swift build -c release --product forecast >&2 || exit 1
    FORECAST="$(swift build -c release --show-bin-path)/forecast"
fi
# Target columns for the files that have several numeric ones (the column a user would forecast).
target_for() {
    case "$1" in
        */ETTh1.csv) echo OT ;;
        */sp500-2000.csv) echo close ;;
        */seattle-weather.csv) echo temp_max ;;
        *) echo "" ;;
    esac
}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "| file | exit | s | model | lookback / horizon | naive check | MASE model | naive | seasonal naive |"
echo "|---|---:|---:|---|---|---|---:|---:|---:|"
find "$DATA" -name '*.csv' | sort | while read -r f; do
    t=$(target_for "$f"); args=(); [ -n "$t" ] && args=(--target "$t")
    start=$(date +%s.%N)
    "$FORECAST" fit "$f" "${args[@]}" -o "$work/m.model" > "$work/out.txt" 2>&1; rc=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    python3 - "$f" "$rc" "$secs" "$t" "$work/out.txt" "$DATA" <<'PY'
import re, sys
f, rc, secs, target, out, data = sys.argv[1:]
text = open(out, errors="replace").read()
name = f[len(data):].lstrip("/") + (f" (--target {target})" if target else "")
def row(label):
    m = re.search(r"^\s+" + label + r"(?: \(m=\d+\))?\s+\S+\s+\S+\s+(\S+)\s*$", text, re.M)
    return m.group(1) if m else "–"
model = re.search(r"^model: (.*?),", text, re.M)
lh = re.search(r"lookback (\d+), horizon (\d+)", text)
check = "passed" if "naive check passed" in text else "fell back to naive" if "naive check failed" in text else "–"
if rc != "0":
    err = text.strip().splitlines()[-1][:120] if text.strip() else "?"
    print(f"| {name} | {rc} | {float(secs):.0f} | {err} | | | | | |")
else:
    print(f"| {name} | 0 | {float(secs):.0f} | {model.group(1) if model else '?'} | "
          f"{lh.group(1) + ' / ' + lh.group(2) if lh else '?'} | {check} | {row('model')} | {row('naive')} | {row('seasonal naive')} |")
PY
done
