#!/usr/bin/env python3
"""Open a model file written by `forecast`'s ModelFiles writer with safetensors + PyTorch.

Run by hand (not by CI):  python3 scripts/check_model_file_torch.py [model file]

For any model file (e.g. one written by `forecast fit`): `safetensors.torch.load_file` opens it,
the format keys are there, the SHA-256 of the data section matches `tensors_sha256`, and an
`encoder.*` LSTM/GRU/RNN state dict loads into the matching torch module.

Checks, in addition, for the tiny fixture written by Tests/ModelFilesTests/TinyFixtureTests.swift:
- `safetensors.torch.load_file` opens it; names, shapes and dtypes are as written;
- every value equals k + i/100 - 0.5*(i % 3) computed in float32 (k = tensor index, i = flat index);
- the metadata (format keys, config JSON) reads back, and the SHA-256 of the data section matches;
- `torch.nn.LSTM(1, 2).load_state_dict` accepts the recurrent weights.
"""
import hashlib
import json
import struct
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file

path = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/models/tiny.safetensors"


def check_any(path):
    """Container checks that hold for every file the ModelFiles writer produces."""
    tensors = load_file(path)
    with safe_open(path, framework="pt") as f:
        meta = f.metadata()
    assert meta["format"] == "forecast-model" and meta["format_version"] == "1", meta
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert hashlib.sha256(raw[8 + n:]).hexdigest() == meta["tensors_sha256"], "checksum"
    header = json.loads(raw[8:8 + n])
    end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
    assert 8 + n + end == len(raw), "trailing bytes"
    return tensors, meta


def load_recurrent(tensors, prefix):
    """Loads `prefix.weight_ih_l0`-style weights into torch.nn.LSTM/GRU/RNN, by gate count."""
    sub = {k[len(prefix) + 1:]: v for k, v in tensors.items() if k.startswith(prefix + ".")}
    if not sub:
        return None
    hidden = sub["weight_hh_l0"].shape[1]
    gates = sub["weight_ih_l0"].shape[0] // hidden
    layers = 1 + max(int(k.split("_l")[1].split("_")[0]) for k in sub if "_l" in k)
    bidirectional = any(k.endswith("_reverse") for k in sub)
    cls = {4: torch.nn.LSTM, 3: torch.nn.GRU, 1: torch.nn.RNN}[gates]
    module = cls(sub["weight_ih_l0"].shape[1], hidden, num_layers=layers, bidirectional=bidirectional)
    module.load_state_dict(sub)
    return module


if not path.endswith("tiny.safetensors"):
    tensors, meta = check_any(path)
    module = load_recurrent(tensors, "encoder")
    print(f"OK: {path}: {len(tensors)} tensors {sorted(tensors)}; metadata {sorted(meta)}; encoder -> {module}")
    sys.exit(0)

expected = [
    ("lstm.weight_ih_l0", [8, 1]), ("lstm.weight_hh_l0", [8, 2]), ("lstm.bias_ih_l0", [8]),
    ("lstm.bias_hh_l0", [8]), ("head.weight", [3, 2]), ("head.bias", [3]),
]

tensors, meta = check_any(path)
assert sorted(tensors) == sorted(n for n, _ in expected), sorted(tensors)
for k, (name, shape) in enumerate(expected):
    t = tensors[name]
    assert list(t.shape) == shape and t.dtype == torch.float32, (name, t.shape, t.dtype)
    i = np.arange(int(np.prod(shape)), dtype=np.float32)
    # Same float32 operations in the same order as the Swift fixture: k + i/100 - 0.5*(i%3).
    want = (np.float32(k) + i / np.float32(100)) - np.float32(0.5) * (i % 3).astype(np.float32)
    got = t.flatten().numpy()
    assert np.array_equal(got, want), (name, got, want)

assert json.loads(meta["config"]) == {"cell": "lstm", "hidden": 2, "horizon": 3, "inputs": 1}

lstm = torch.nn.LSTM(1, 2)
lstm.load_state_dict({k.removeprefix("lstm."): v for k, v in tensors.items() if k.startswith("lstm.")})
head = torch.nn.Linear(2, 3)
head.load_state_dict({k.removeprefix("head."): v for k, v in tensors.items() if k.startswith("head.")})
out, _ = lstm(torch.zeros(4, 1, 1))
print(f"OK: {path}: {len(tensors)} tensors, metadata {sorted(meta)}, LSTM output shape {tuple(head(out).shape)}")
