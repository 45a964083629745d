#!/usr/bin/env python3
"""Golden data for the Training module, written by PyTorch in float64 (run by hand, never by CI).

    python3 scripts/make_reference_training.py      # writes Fixtures/reference/training-*.json

training-losses.json     every loss's value and gradient (autograd) on fixed predictions/targets
training-schedules.json  learning rates of StepLR, CosineAnnealingLR, ReduceLROnPlateau over 30 epochs
training-optimisers.json parameter trajectories of a tiny linear regression y = x W^T + b trained by
                         Adam, Adam+L2, AdamW, SGD+momentum, SGD+Nesterov with gradient clipping and a
                         schedule; per step: loss, lr used, gradient norm before clipping, parameters after.
The Swift tests (Tests/TrainingTests) recompute all of it and compare to 1e-6 relative or better.
"""
import json
import math
import pathlib

import torch

torch.set_default_dtype(torch.float64)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "reference"
QUANTILES = [0.1, 0.5, 0.9]


def pinball(pred, target, quantiles):
    """Mean pinball loss; pred (N, Q), target (N)."""
    q = torch.tensor(quantiles)
    u = target.unsqueeze(1) - pred
    return torch.maximum(q * u, (q - 1) * u).mean()


def loss_fn(name):
    if name == "mse":
        return torch.nn.MSELoss()
    if name == "mae":
        return torch.nn.L1Loss()
    if name.startswith("huber"):
        return torch.nn.HuberLoss(delta=float(name.split(":")[1]))
    if name == "pinball":
        return lambda p, t: pinball(p, t, QUANTILES)
    raise ValueError(name)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def losses():
    g = torch.Generator().manual_seed(11)
    n = 7
    pred = torch.randn(n, 1, generator=g)
    target = torch.randn(n, 1, generator=g)
    qpred = torch.randn(n, len(QUANTILES), generator=g)
    qtarget = torch.randn(n, generator=g)
    cases = []
    for name in ["mse", "mae", "huber:1.0", "huber:0.3", "pinball"]:
        p, t = (qpred, qtarget) if name == "pinball" else (pred, target)
        p = p.clone().requires_grad_(True)
        value = loss_fn(name)(p, t)
        value.backward()
        cases.append({"loss": name, "predictions": flat(p), "targets": flat(t),
                      "value": value.item(), "gradient": flat(p.grad)})
    return {"quantiles": QUANTILES, "cases": cases}


def schedules():
    def run(make, metrics=None):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for e in range(30):
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[e])
            lrs.append(opt.param_groups[0]["lr"])
        return lrs

    metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.5, 0.5, 0.49999, 0.6, 0.7, 0.8, 0.3, 0.3, 0.3,
               0.3, 0.3, 0.3, 0.2, 0.25, 0.25, 0.25, 0.25, 0.25, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
    lr = torch.optim.lr_scheduler
    return {
        "base": 0.1,
        "step": {"step_size": 4, "gamma": 0.5, "lrs": run(lambda o: lr.StepLR(o, 4, 0.5))},
        "cosine": {"t_max": 7, "eta_min": 0.01, "lrs": run(lambda o: lr.CosineAnnealingLR(o, 7, 0.01))},
        "plateau": {"metrics": metrics, "factor": 0.5, "patience": 2, "threshold": 0.01, "cooldown": 1,
                    "min_lr": 0.004,
                    "lrs": run(lambda o: lr.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01,
                                                              cooldown=1, min_lr=0.004), metrics)},
        "plateau_max_abs": {"metrics": metrics, "factor": 0.3, "patience": 1, "threshold": 0.05,
                            "lrs": run(lambda o: lr.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1,
                                                                      threshold=0.05, threshold_mode="abs"),
                                       metrics)},
    }


SCENARIOS = [
    # name, optimiser, clipping, schedule, loss
    {"name": "adam_clipnorm_steplr", "optimizer": {"kind": "adam", "lr": 0.1},
     "clip": {"kind": "norm", "max": 0.5}, "schedule": {"kind": "step", "step_size": 3, "gamma": 0.5}, "loss": "mse"},
    {"name": "adam_l2_clipvalue_cosine", "optimizer": {"kind": "adam", "lr": 0.05, "weight_decay": 0.1},
     "clip": {"kind": "value", "max": 0.3}, "schedule": {"kind": "cosine", "t_max": 5, "eta_min": 0.01},
     "loss": "huber:0.5"},
    {"name": "adamw_clipnorm_cosine", "optimizer": {"kind": "adamw", "lr": 0.1, "weight_decay": 0.05},
     "clip": {"kind": "norm", "max": 1.0}, "schedule": {"kind": "cosine", "t_max": 6, "eta_min": 0.001},
     "loss": "mse"},
    {"name": "sgd_momentum_clipnorm_plateau", "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9},
     "clip": {"kind": "norm", "max": 1.0},
     "schedule": {"kind": "plateau", "factor": 0.5, "patience": 1, "threshold": 0.2}, "loss": "mse"},
    {"name": "sgd_nesterov_wd_pinball", "optimizer": {"kind": "sgd", "lr": 0.2, "momentum": 0.8,
                                                       "nesterov": True, "weight_decay": 0.01},
     "clip": {"kind": "norm", "max": 2.0}, "schedule": {"kind": "none"}, "loss": "pinball"},
    {"name": "adam_mae_noclip", "optimizer": {"kind": "adam", "lr": 0.03, "betas": [0.8, 0.99], "eps": 1e-6},
     "clip": {"kind": "none"}, "schedule": {"kind": "none"}, "loss": "mae"},
]


def optimisers():
    g = torch.Generator().manual_seed(5)
    n, d, o = 9, 3, len(QUANTILES)
    x = torch.randn(n, d, generator=g)
    y = torch.randn(n, o, generator=g)
    w0 = torch.randn(o, d, generator=g) * 0.5
    b0 = torch.randn(o, generator=g) * 0.5
    steps = 12
    results = []
    for sc in SCENARIOS:
        w = torch.nn.Parameter(w0.clone())
        b = torch.nn.Parameter(b0.clone())
        oc = sc["optimizer"]
        if oc["kind"] == "adam":
            opt = torch.optim.Adam([w, b], lr=oc["lr"], betas=tuple(oc.get("betas", (0.9, 0.999))),
                                   eps=oc.get("eps", 1e-8), weight_decay=oc.get("weight_decay", 0))
        elif oc["kind"] == "adamw":
            opt = torch.optim.AdamW([w, b], lr=oc["lr"], weight_decay=oc["weight_decay"])
        else:
            opt = torch.optim.SGD([w, b], lr=oc["lr"], momentum=oc["momentum"], nesterov=oc.get("nesterov", False),
                                  weight_decay=oc.get("weight_decay", 0))
        s = sc["schedule"]
        sched = {"step": lambda: torch.optim.lr_scheduler.StepLR(opt, s["step_size"], s["gamma"]),
                 "cosine": lambda: torch.optim.lr_scheduler.CosineAnnealingLR(opt, s["t_max"], s["eta_min"]),
                 "plateau": lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(
                     opt, factor=s["factor"], patience=s["patience"], threshold=s["threshold"]),
                 "none": lambda: None}[s["kind"]]()
        fn = loss_fn(sc["loss"])
        trajectory = []
        for _ in range(steps):
            opt.zero_grad()
            out = x @ w.T + b
            loss = fn(out, y[:, 0]) if sc["loss"] == "pinball" else fn(out, y)
            loss.backward()
            lr_used = opt.param_groups[0]["lr"]
            norm = math.sqrt(float((w.grad ** 2).sum() + (b.grad ** 2).sum()))
            if sc["clip"]["kind"] == "norm":
                torch.nn.utils.clip_grad_norm_([w, b], sc["clip"]["max"])
            elif sc["clip"]["kind"] == "value":
                torch.nn.utils.clip_grad_value_([w, b], sc["clip"]["max"])
            opt.step()
            if s["kind"] == "plateau":
                sched.step(loss.item())
            elif sched is not None:
                sched.step()
            trajectory.append({"loss": loss.item(), "lr": lr_used, "grad_norm": norm,
                               "parameters": flat(w) + flat(b)})
        results.append({**sc, "trajectory": trajectory})
    return {"inputs": flat(x), "targets": flat(y), "samples": n, "features": d, "outputs": o,
            "quantiles": QUANTILES, "initial_parameters": flat(w0) + flat(b0), "steps": steps,
            "scenarios": results}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"generator": "scripts/make_reference_training.py", "torch": torch.__version__, "dtype": "float64"}
    for name, make in [("losses", losses), ("schedules", schedules), ("optimisers", optimisers)]:
        path = OUT / f"training-{name}.json"
        path.write_text(json.dumps({"meta": meta, **make()}, indent=1) + "\n")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
