#!/usr/bin/env bash
# The demo behind `make demo`: the main job on built-in sample data. FORECAST is the binary.
set -euo pipefail
: "${FORECAST:?path to the forecast binary}"
DEMO_DIR="${DEMO_DIR:-out/demo}"
mkdir -p "$DEMO_DIR"
"$FORECAST" --version

# Built-in sample data (SampleData): written to $DEMO_DIR, then read back as every command reads it.
echo
echo "== built-in sample data, seed 42, in $DEMO_DIR (forecast sample)"
"$FORECAST" sample stock -o "$DEMO_DIR/stock.csv"
"$FORECAST" sample weather -o "$DEMO_DIR/weather.csv"
"$FORECAST" sample sales -o "$DEMO_DIR/sales.csv"
"$FORECAST" sample metrics -o "$DEMO_DIR/metrics.csv" --labels "$DEMO_DIR/metrics_labels.json"
"$FORECAST" sample log -o "$DEMO_DIR/access.log" --labels "$DEMO_DIR/access_labels.json"
for f in stock.csv weather.csv sales.csv metrics.csv metrics_labels.json access.log access_labels.json; do
    printf '  %-22s %8d lines %10d bytes\n' "$f" "$(wc -l < "$DEMO_DIR/$f")" "$(wc -c < "$DEMO_DIR/$f")"
done
for f in stock weather sales metrics; do
    echo
    echo "== forecast inspect $DEMO_DIR/$f.csv"
    "$FORECAST" inspect "$DEMO_DIR/$f.csv"
done

# Anomaly detection (AnomalyDetection): exit status 1 means "something was flagged", not a failure.
detect() {
    local status=0
    "$FORECAST" detect "$@" || status=$?
    if [ "$status" -gt 1 ]; then exit "$status"; fi
}
echo
echo "== forecast detect $DEMO_DIR/metrics.csv --events --labels $DEMO_DIR/metrics_labels.json"
detect "$DEMO_DIR/metrics.csv" --events --labels "$DEMO_DIR/metrics_labels.json"
echo
echo "== forecast detect --log $DEMO_DIR/access.log --every 1m --events --format logfmt   (requests per minute)"
detect --log "$DEMO_DIR/access.log" --every 1m --events --format logfmt
echo
echo "== forecast detect $DEMO_DIR/metrics.csv --fit --events   (a GRU fitted on the first 15 %, as the predictor)"
detect "$DEMO_DIR/metrics.csv" --fit --events
echo
echo "== forecast detect --log $DEMO_DIR/access.log --match '\" 5[0-9][0-9] ' --every 5m --events   (5xx per 5 minutes)"
detect --log "$DEMO_DIR/access.log" --match '" 5[0-9][0-9] ' --every 5m --events

# Forecasting (Forecasting): train on the sales and weather samples, then forecast from the saved
# models. --epochs keeps the demo to a couple of minutes; everything else is chosen from the data.
echo
echo "== forecast fit $DEMO_DIR/sales.csv --target sales --epochs 6 -o $DEMO_DIR/sales.model"
"$FORECAST" fit "$DEMO_DIR/sales.csv" --target sales --epochs 6 -o "$DEMO_DIR/sales.model"
echo
echo "== forecast predict --model $DEMO_DIR/sales.model   (first two series)"
"$FORECAST" predict --model "$DEMO_DIR/sales.model" > "$DEMO_DIR/sales_forecast.txt"
head -20 "$DEMO_DIR/sales_forecast.txt"
echo
echo "== forecast fit $DEMO_DIR/weather.csv --target temperature --epochs 6 -o $DEMO_DIR/weather.model"
"$FORECAST" fit "$DEMO_DIR/weather.csv" --target temperature --epochs 6 -o "$DEMO_DIR/weather.model"
echo
echo "== forecast predict --model $DEMO_DIR/weather.model --horizon 12 --format csv"
"$FORECAST" predict --model "$DEMO_DIR/weather.model" --horizon 12 --format csv

# Backtest (Backtesting): the default LSTM against every baseline on the same rolling origins.
echo
echo "== forecast backtest $DEMO_DIR/weather.csv --target temperature --folds 3   (LSTM vs baselines)"
"$FORECAST" backtest "$DEMO_DIR/weather.csv" --target temperature --folds 3 \
    --report "$DEMO_DIR/backtest-weather.html" --json "$DEMO_DIR/backtest-weather.json" \
    --markdown "$DEMO_DIR/backtest-weather.md"
echo "backtest report: $DEMO_DIR/backtest-weather.html"
