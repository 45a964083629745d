#!/usr/bin/env bash
# Validation MSE after 5 epochs of the recurrent benchmark (issue 3's quality target), over several
# seeds, Swift (`forecast-bench recurrent --quality`) against PyTorch (scripts/bench_recurrent_torch.py
# --quality), 1 thread, on the identical series. Run by hand (needs python3 with torch and numpy).
#
# Sides (each one JSON line per seed × cell × shape in $OUT, appended; rows already there are skipped,
# so an interrupted run resumes):
#   swift   Swift, initialised and shuffled from --model-seed N          -> swift.jsonl
#   torch   PyTorch, its own initialisation and shuffle from --seed N     -> torch.jsonl
#   paired  PyTorch started from Swift's seed-N weights and shuffle orders
#           (forecast-bench recurrent --write-init), so the two differ only in arithmetic -> paired.jsonl
# Then prints, per cell and shape: mean ± sd of each side, the ratio of means with a bootstrap 95%
# interval, Welch's t for independent seeds, and the paired comparison (Swift − PyTorch from the
# same start, seed by seed).
#
#   scripts/bench_recurrent_quality.sh [--seeds 1,2,3,4,5] [--cells gru,rnn,lstm] [--shapes 64x2,128x1]
#                                      [--sides swift,torch,paired] [--epochs 5] [--summary]
#   BENCH_OUT=out/bench-quality (default); BENCH=path/to/forecast-bench skips the build
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=1,2,3,4,5 CELLS=gru,rnn,lstm SHAPES=64x2,128x1 SIDES=swift,torch,paired EPOCHS=5 SUMMARY_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) SEEDS=$2; shift 2 ;;
        --cells) CELLS=$2; shift 2 ;;
        --shapes) SHAPES=$2; shift 2 ;;
        --sides) SIDES=$2; shift 2 ;;
        --epochs) EPOCHS=$2; shift 2 ;;
        --summary) SUMMARY_ONLY=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
OUT=${BENCH_OUT:-out/bench-quality}
mkdir -p "$OUT"
touch "$OUT/swift.jsonl" "$OUT/torch.jsonl" "$OUT/paired.jsonl"

# Whether FILE already holds a row for (seed, cell, hidden, layers, epochs).
have() {
    python3 - "$@" <<'PY'
import json, sys
path, seed, cell, hidden, layers, epochs = sys.argv[1:]
for line in open(path):
    if line.strip():
        r = json.loads(line)
        if (str(r["seed"]), r["cell"], str(r["hidden"]), str(r["layers"]), str(r["epochs"])) == (seed, cell, hidden, layers, epochs):
            sys.exit(0)
sys.exit(1)
PY
}

if [ "$SUMMARY_ONLY" = 0 ]; then
    if [ -z "${BENCH:-}" ]; then  # BENCH=path uses a given forecast-bench binary instead of building
        swift build -c release ${SWIFT_FLAGS:-} --product forecast-bench >&2
        BENCH="$(swift build -c release ${SWIFT_FLAGS:-} --show-bin-path)/forecast-bench"
    fi
    DATA="$OUT/series.f32"
    [ -f "$DATA" ] || "$BENCH" recurrent --write-data "$DATA" >&2
    TORCH="python3 scripts/bench_recurrent_torch.py --data $DATA --threads 1 --epochs $EPOCHS --quality"
    export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
    for seed in ${SEEDS//,/ }; do
        for shape in ${SHAPES//,/ }; do
            hidden=${shape%x*}; layers=${shape#*x}
            for cell in ${CELLS//,/ }; do
                for side in ${SIDES//,/ }; do
                    have "$OUT/$side.jsonl" "$seed" "$cell" "$hidden" "$layers" "$EPOCHS" && continue
                    echo "== $(date -u +%H:%M:%S) $side $cell $shape seed $seed (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
                    case "$side" in
                        swift) "$BENCH" recurrent --quality --cell "$cell" --shape "$shape" --threads 1 \
                                   --epochs "$EPOCHS" --model-seed "$seed" >> "$OUT/swift.jsonl" ;;
                        torch) $TORCH --cell "$cell" --hidden "$hidden" --layers "$layers" --seed "$seed" >> "$OUT/torch.jsonl" ;;
                        paired)
                            init="$OUT/init-$cell-$shape-$seed"
                            "$BENCH" recurrent --write-init "$init" --cell "$cell" --shape "$shape" --epochs "$EPOCHS" \
                                --model-seed "$seed" >&2
                            $TORCH --cell "$cell" --hidden "$hidden" --layers "$layers" --seed "$seed" --init "$init" \
                                >> "$OUT/paired.jsonl"
                            rm -r "$init" ;;
                        *) echo "unknown side $side" >&2; exit 2 ;;
                    esac
                done
            done
        done
    done
fi
python3 scripts/bench_recurrent_quality_summary.py "$OUT" --epochs "$EPOCHS"
