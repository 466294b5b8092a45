#!/usr/bin/env python3
"""Reference values for nudgekit's Wilson and Newcombe intervals, computed with statsmodels.

Offline tool: the tests read the committed JSON it writes and never run Python (CI has no
statsmodels). Regenerate after changing the grid:

    python3 scripts/reference/interval-reference.py > test/experiments/fixtures/interval-reference.json

Needs python3 with statsmodels (written against statsmodels 0.13.5, Debian's python3-statsmodels).
Every number is a float64 printed with repr, so the JSON round-trips exactly.
"""
import json
import math

import statsmodels
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

CONFIDENCES = [0.8, 0.9, 0.95, 0.99, 0.999]
# (conversions, users): small counts, rates at and near 0 and 1, large samples.
COUNTS = [(0, 1), (1, 1), (0, 5), (1, 5), (5, 5), (0, 20), (3, 20), (19, 20), (1, 100), (50, 100), (99, 100), (7, 1_000), (120, 1_000), (1, 100_000), (4_321, 100_000), (999_999, 1_000_000), (123_456, 10_000_000)]


def f(value):
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite reference value {value}")
    return value


def wilson():
    rows = []
    for confidence in CONFIDENCES:
        for x, n in COUNTS:
            lower, upper = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
            rows.append({"conversions": x, "users": n, "confidence": confidence, "lower": f(lower), "upper": f(upper)})
    return rows


def newcombe():
    rows = []
    pairs = [(a, b) for a in COUNTS for b in COUNTS if a != b][::7]  # a spread of pairs, both orders
    for confidence in CONFIDENCES:
        for (x1, n1), (x2, n2) in pairs:
            lower, upper = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - confidence)
            rows.append({"treatment": [x1, n1], "control": [x2, n2], "confidence": confidence, "lower": f(lower), "upper": f(upper)})
    return rows


def relative_lift():
    """The log-ratio (delta method) interval of p1 / p2, minus 1: defined when both arms converted."""
    rows = []
    pairs = [(a, b) for a in COUNTS for b in COUNTS if a != b and a[0] > 0 and b[0] > 0][::4]
    for confidence in CONFIDENCES:
        for (x1, n1), (x2, n2) in pairs:
            lower, upper = confint_proportions_2indep(x1, n1, x2, n2, method="log", compare="ratio", alpha=1 - confidence)
            rows.append({"treatment": [x1, n1], "control": [x2, n2], "confidence": confidence, "lower": f(lower - 1), "upper": f(upper - 1)})
    return rows


print(json.dumps({"statsmodels": statsmodels.__version__, "wilson": wilson(), "newcombe": newcombe(), "relativeLift": relative_lift()}, indent=1))
