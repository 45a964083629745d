#!/usr/bin/env python3
"""Load a `forecast fit` model in PyTorch and reproduce `forecast predict` (run by hand, not CI).

    python3 scripts/check_model_torch.py MODEL FORECAST_BINARY

Reads the weights with safetensors.torch.load_file, builds torch.nn.LSTM/GRU/RNN and nn.Linear from
the stored configuration, loads their state_dicts unchanged, encodes the stored history exactly as
docs/model-format.md and docs/forecasting.md describe (per-series scaler, calendar sine/cosine,
per-window normalisation), forecasts, and compares with `forecast predict --format json` to 1e-5
(in per-series scaled units, where float32 rounding is about 1e-7). many-to-one models only.
"""
import datetime
import json
import math
import subprocess
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file


def calendar_row(features, ms):
    t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    row = []
    for f in features:
        if f == "hour_of_day":
            phase = (t.hour + t.minute / 60 + t.second / 3600) / 24
        elif f == "day_of_week":
            phase = t.weekday() / 7
        elif f == "month_of_year":
            phase = (t.month - 1) / 12
        else:
            raise SystemExit(f"unknown calendar feature {f}")
        row += [math.sin(2 * math.pi * phase), math.cos(2 * math.pi * phase)]
    return row


def main():
    model_path, binary = sys.argv[1], sys.argv[2]
    tensors = load_file(model_path)
    with safe_open(model_path, framework="pt") as f:
        meta = f.metadata()
    config = json.loads(meta["forecast.config"])["network"]
    columns = json.loads(meta["forecast.columns"])
    scalers = json.loads(meta["forecast.scalers"])
    history = json.loads(meta["forecast.history"])
    if config["architecture"] != "many-to-one":
        raise SystemExit("this check covers many-to-one models")
    cal = config["calendarFeatures"]
    d = 1 + len(columns["features"]) + 2 * len(cal)
    rnn_type = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[config["cell"]]
    rnn = rnn_type(d, config["hidden"], config["layers"], batch_first=True, bidirectional=config["bidirectional"])
    rnn.load_state_dict({k[len("encoder."):]: v for k, v in tensors.items() if k.startswith("encoder.")})
    head = torch.nn.Linear(config["hidden"] * (2 if config["bidirectional"] else 1), config["horizon"])
    head.load_state_dict({k[len("head."):]: v for k, v in tensors.items() if k.startswith("head.")})
    norm = config["windowNormalisation"]
    skip = None
    if config.get("linearSkip"):
        skip = torch.nn.Linear(config["lookback"], config["horizon"])
        skip.load_state_dict({k[len("skip."):]: v for k, v in tensors.items() if k.startswith("skip.")})

    expected = json.loads(subprocess.run([binary, "predict", "--model", model_path, "--format", "json",
                                          "--interval", "none", "--quiet"], check=True, capture_output=True).stdout)
    worst_scaled, worst_units = 0.0, 0.0
    for s, (h, sc) in enumerate(zip(history, scalers)):
        t_sc, f_sc = sc["target"], sc["features"]
        rows, z = [], []
        for i, ms in enumerate(h["timestamps"][-config["lookback"]:]):
            idx = len(h["timestamps"]) - config["lookback"] + i
            zt = (h["columns"][0][idx] - t_sc["center"]) / t_sc["scale"]
            z.append(zt)
            feats = [(h["columns"][1 + j][idx] - fs["center"]) / fs["scale"] for j, fs in enumerate(f_sc)]
            rows.append([zt] + feats + calendar_row(cal, ms))
        x = torch.tensor(rows, dtype=torch.float32)
        zs = x[:, 0].clone()
        if norm == "last-value":
            anchor, scale = zs[-1], torch.tensor(1.0)
        elif norm == "mean-std":
            anchor = zs.double().mean().float()
            scale = torch.clamp(zs.double().std(unbiased=False), min=0.1).float()
        else:
            anchor, scale = torch.tensor(0.0), torch.tensor(1.0)
        x[:, 0] = (zs - anchor) / scale
        with torch.no_grad():
            out, _ = rnn(x.unsqueeze(0))
            y = head(out[:, -1, :])[0]
            if skip is not None:  # linear skip path on the normalised target channel
                y = y + skip(x[:, 0].unsqueeze(0))[0]
            y = y * scale + anchor
        ours = [p["forecast"] for p in expected["series"][s]["forecasts"]]
        ours_scaled = [(v - t_sc["center"]) / t_sc["scale"] for v in ours]
        for k in range(config["horizon"]):
            worst_scaled = max(worst_scaled, abs(float(y[k]) - ours_scaled[k]))
            worst_units = max(worst_units, abs(float(y[k]) * t_sc["scale"] + t_sc["center"] - ours[k]))
    print(f"{len(history)} series x {config['horizon']} steps: max |torch - forecast| = {worst_scaled:.2e} "
          f"(scaled units), {worst_units:.2e} (original units)")
    ok = worst_scaled <= 1e-5
    print("OK" if ok else "NOT OK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
