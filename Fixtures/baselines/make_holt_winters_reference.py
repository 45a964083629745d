"""Reference fits for HoltWintersModel, from statsmodels' ETSModel (run by hand, never by CI).

    pip install statsmodels numpy && python3 Fixtures/baselines/make_holt_winters_reference.py

Writes holt_winters_reference.json next to this script: for each synthetic series, the heuristic
initial states (recomputed here exactly as HoltWintersModel does), then statsmodels' ETS(A,Ad,A) /
ETS(A,N,A) fit with those states held fixed ('known'), so both sides optimise the same weights on
the same likelihood surface. A plain-Python filter recomputes the SSE at statsmodels' weights, which
checks that the equations (and the seasonal ordering) are the same on both sides.
"""
import json, math, pathlib
import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel


def heuristic(y, m, trend):
    cycles = min(len(y) // m, 4)
    means = [float(np.mean(y[j * m:(j + 1) * m])) for j in range(cycles)]
    slope = 0.0 if trend == "none" else (means[-1] - means[0]) / ((cycles - 1) * m)
    level = means[0] - slope * (m + 1) / 2
    seasons = [float(np.mean([y[j * m + i] - (means[j] + slope * (i - (m - 1) / 2)) for j in range(cycles)]))
               for i in range(m)]
    centre = sum(seasons) / m
    return level, slope, [s - centre for s in seasons]


def filter_sse(y, m, a, b, g, phi, l, bt, s):
    s = list(s); sse = 0.0
    for t, v in enumerate(y):
        season = s[t % m]
        e = v - (l + phi * bt + season)
        sse += e * e
        l, bt = l + phi * bt + a * e, phi * bt + b * e
        s[t % m] = season + g * e
    return sse


def case(name, y, m, trend):
    l0, b0, s0 = heuristic(y, m, trend)
    kw = dict(error="add", seasonal="add", seasonal_periods=m, initialization_method="known",
              initial_level=l0, initial_seasonal=s0)
    if trend == "none":
        model = ETSModel(y, trend=None, **kw)
    else:
        model = ETSModel(y, trend="add", damped_trend=(trend == "damped"), initial_trend=b0, **kw)
    fit = model.fit(disp=False, maxiter=5000)
    p = dict(zip(model.param_names, fit.params))
    a, b, g = p["smoothing_level"], p.get("smoothing_trend", 0.0), p["smoothing_seasonal"]
    phi = p.get("damping_trend", 1.0 if trend != "damped" else None)
    sse_check = filter_sse(y, m, a, b, g, phi, l0, b0 if trend != "none" else 0.0, s0)
    sse = float(np.sum(fit.resid ** 2))
    assert abs(sse_check - sse) <= 1e-8 * sse, (name, sse_check, sse)
    return dict(name=name, period=m, trend=trend, values=[float(v) for v in y],
                initialLevel=l0, initialTrend=b0, initialSeasonal=s0,
                alpha=a, beta=b, gamma=g, phi=phi, sse=sse, logLikelihood=float(fit.llf),
                forecast=[float(v) for v in fit.forecast(2 * m)])


rng = np.random.default_rng(20261122)
t = np.arange(96)
monthly = 100 + 0.8 * t - 0.004 * t ** 2 + 12 * np.sin(2 * np.pi * t / 12) + 5 * np.cos(4 * np.pi * t / 12) \
    + rng.normal(0, 2.5, t.size)
h = np.arange(24 * 12)
hourly = 50 + np.cumsum(rng.normal(0, 0.6, h.size)) + 8 * np.sin(2 * np.pi * h / 24) + rng.normal(0, 1.5, h.size)
cases = [case("monthly trend + season", monthly.round(3), 12, "damped"),
         case("hourly random-walk level + daily cycle", hourly.round(3), 24, "none")]
out = pathlib.Path(__file__).with_name("holt_winters_reference.json")
out.write_text(json.dumps({"generator": "statsmodels ETSModel, initialization 'known'", "cases": cases}, indent=1))
for c in cases:
    print(c["name"], {k: round(c[k], 5) for k in ("alpha", "beta", "gamma", "phi", "sse")})
