#!/usr/bin/env python3
"""Reference values for nudgekit/experiments statistics, computed with SciPy.

Offline tool: the tests read the committed JSON it writes and never run Python (CI has no SciPy).
Regenerate after changing the grid:

    python3 scripts/reference/statistics-reference.py > test/experiments/fixtures/statistics-reference.json

Needs python3 with numpy and scipy (written against scipy 1.17), and mpmath for the few
high-precision tail values (`precisionTails`) where float64 references are themselves off by ~1e-8. Every number is a float64 printed
with repr, so the JSON round-trips exactly.
"""
import json
import math
import sys

import mpmath
import numpy as np
import scipy
from scipy import integrate, special, stats


def f(value):
    """JSON cannot hold inf/nan; the grids avoid them, so fail loudly if one slips in."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite reference value {value}")
    return value


def log_gamma():
    xs = [1e-8, 1e-3, 0.1, 0.5, 0.9, 1.0, 1.5, 2.0, 2.5, 3.7, 5.5, 9.99, 10.0, 10.01, 12.5, 55.5, 171.5, 1e3, 12345.678, 1e5, 1e6, 1e10]
    return [[x, f(special.gammaln(x))] for x in xs]


def incomplete_gamma():
    rows = []
    for a in [0.5, 1.0, 2.5, 10.0, 55.0, 100.0, 1e3, 1e4, 5e5]:
        s = math.sqrt(a)
        for x in sorted({1e-6 * a, 0.1 * a, max(a - 5 * s, 1e-3), max(a - s, 1e-3), a, a + 1, a + s, a + 5 * s, a + 10 * s, 2 * a + 20}):
            rows.append([a, x, f(special.gammainc(a, x)), f(special.gammaincc(a, x))])
    return rows


def incomplete_beta():
    rows = []
    pairs = [(0.5, 0.5), (1, 1), (2, 5), (5, 2), (0.1, 3), (10, 0.5), (100, 0.5), (30, 70), (1e3, 9e3),
             (1e5, 1e5), (1e5, 5e4), (3e4, 2), (20001, 80001), (5e5, 0.5)]
    for a, b in pairs:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        xs = {1e-10, 1e-4, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-6}
        for k in [-8, -3, -1, 0, 1, 3, 8]:
            x = mean + k * sd
            if 0 < x < 1:
                xs.add(x)
        for x in sorted(xs):
            rows.append([x, a, b, f(stats.beta.cdf(x, a, b)), f(stats.beta.sf(x, a, b))])
    return rows


def normal():
    zs = [-38.0, -30.0, -20.0, -10.0, -7.034483825, -5.0, -3.0, -1.959963984540054, -1.0, -0.5, -1e-8, 0.0,
          0.3, 1.0, 1.6448536269514722, 1.959963984540054, 2.5758293035489, 4.0, 6.0, 8.0, 9.0]
    return [[z, f(stats.norm.cdf(z)), f(stats.norm.sf(z))] for z in zs]


def normal_quantile():
    ps = [1e-300, 1e-100, 1e-20, 1e-12, 1e-8, 1e-6, 1e-3, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.4, 0.5,
          0.6, 0.8, 0.9, 0.925, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10, 1 - 1e-15]
    return [[p, f(stats.norm.ppf(p))] for p in ps]


def chi_square():
    rows = []
    for df in [1, 2, 3, 4, 10, 30, 100, 1e3, 1e4, 1e6]:
        for p in [1e-12, 1e-8, 1e-4, 0.001, 0.01, 0.05, 0.5, 0.9, 0.999999]:
            x = stats.chi2.isf(p, df)
            rows.append([f(x), df, f(stats.chi2.cdf(x, df)), f(stats.chi2.sf(x, df))])
        rows.append([0.001, df, f(stats.chi2.cdf(0.001, df)), f(stats.chi2.sf(0.001, df))])
    return rows


def student_t():
    rows = []
    for df in [1, 1.5, 2, 3, 5, 10, 29.7, 100, 1e3, 1e4, 1e6]:
        for p in [1e-12, 1e-8, 1e-4, 0.001, 0.025, 0.1, 0.3, 0.5]:
            t = stats.t.isf(p, df)
            for value in ([t, -t] if t != 0 else [0.0]):
                rows.append([f(value), df, f(stats.t.cdf(value, df)), f(stats.t.sf(value, df))])
    return rows


def student_t_quantile():
    rows = []
    for df in [1, 1.5, 2, 3, 5, 10, 29.7, 100, 1e3, 1e4, 1e6]:
        for p in [1e-12, 1e-6, 0.001, 0.025, 0.05, 0.3, 0.6, 0.9, 0.975, 0.995, 0.9995]:
            rows.append([p, df, f(stats.t.ppf(p, df))])
    return rows


def chance_to_beat(control, treatment, prior):
    """P(p_B > p_A) = ∫ f_B(x) F_A(x) dx by adaptive quadrature over B's support."""
    a_a = prior[0] + control[1]
    b_a = prior[1] + control[0] - control[1]
    a_b = prior[0] + treatment[1]
    b_b = prior[1] + treatment[0] - treatment[1]
    low = stats.beta.ppf(1e-17, a_b, b_b)
    high = stats.beta.isf(1e-17, a_b, b_b)
    breaks = sorted({x for x in [stats.beta.mean(a_a, b_a), stats.beta.mean(a_b, b_b)] if low < x < high})
    value, error = integrate.quad(lambda x: stats.beta.pdf(x, a_b, b_b) * stats.beta.cdf(x, a_a, b_a),
                                  low, high, points=breaks or None, limit=2000, epsabs=1e-14, epsrel=1e-13)
    if error > 1e-9:
        raise ValueError(f"quadrature error {error} for {control} {treatment} {prior}")
    return f(value)


def chance_cases():
    cases = [
        ((0, 0), (0, 0), (1, 1)),
        ((10, 0), (10, 10), (1, 1)),
        ((100, 10), (100, 15), (1, 1)),
        ((1000, 100), (1000, 130), (1, 1)),
        ((1000, 130), (1000, 100), (1, 1)),
        ((5000, 250), (4800, 290), (1, 1)),
        ((200000, 30000), (10000, 1600), (1, 1)),
        ((50000, 20000), (50000, 20300), (1, 1)),
        ((1000000, 50000), (1000000, 51000), (1, 1)),
        ((20, 3), (25, 7), (0.5, 0.5)),
        ((3, 0), (4, 4), (0.5, 0.5)),
        ((1000000, 100000), (1000, 110), (0.5, 0.5)),
        ((400, 37), (420, 45), (2.5, 7.5)),
    ]
    return [{"control": {"users": c[0], "conversions": c[1]}, "treatment": {"users": t[0], "conversions": t[1]},
             "prior": {"alpha": p[0], "beta": p[1]}, "value": chance_to_beat(c, t, p)} for c, t, p in cases]


def conversion_lift_cases():
    rows = []
    for control, treatment, confidence in [((1000, 100), (1000, 130), 0.95), ((5000, 250), (4800, 290), 0.9),
                                           ((20000, 3000), (20000, 2800), 0.99), ((12, 3), (15, 9), 0.95)]:
        n1, c1 = control
        n2, c2 = treatment
        p1, p2 = c1 / n1, c2 / n2
        # Pearson's chi-square on the 2×2 table without continuity correction is the pooled z-test squared.
        chi2, p_value, _, _ = stats.chi2_contingency([[c1, n1 - c1], [c2, n2 - c2]], correction=False)
        pooled = (c1 + c2) / (n1 + n2)
        z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        assert abs(z * z - chi2) < 1e-9 * max(1, chi2)
        margin = stats.norm.ppf(1 - (1 - confidence) / 2) * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        rows.append({"control": {"users": n1, "conversions": c1}, "treatment": {"users": n2, "conversions": c2},
                     "confidence": confidence, "z": f(z), "pValue": f(p_value),
                     "confidenceInterval": [f(p2 - p1 - margin), f(p2 - p1 + margin)]})
    return rows


def welch_cases():
    rows = []
    for control, treatment, confidence in [((500, 12.5, 40.0), (520, 14.1, 55.0), 0.95), ((30, 3.2, 1.5), (12, 2.1, 4.0), 0.9),
                                           ((100000, 1.02, 9.5), (100000, 1.05, 10.1), 0.99), ((3, 10.0, 2.0), (4, 7.0, 9.0), 0.95)]:
        (n1, m1, v1), (n2, m2, v2) = control, treatment
        result = stats.ttest_ind_from_stats(m2, math.sqrt(v2), n2, m1, math.sqrt(v1), n1, equal_var=False)
        e1, e2 = v1 / n1, v2 / n2
        df = (e1 + e2) ** 2 / (e1 ** 2 / (n1 - 1) + e2 ** 2 / (n2 - 1))
        margin = stats.t.ppf(1 - (1 - confidence) / 2, df) * math.sqrt(e1 + e2)
        rows.append({"control": {"users": n1, "mean": m1, "variance": v1}, "treatment": {"users": n2, "mean": m2, "variance": v2},
                     "confidence": confidence, "t": f(result.statistic), "degreesOfFreedom": f(df), "pValue": f(result.pvalue),
                     "confidenceInterval": [f(m2 - m1 - margin), f(m2 - m1 + margin)]})
    return rows


def srm_cases():
    rows = []
    for observed, weights in [([5000, 5000], [1, 1]), ([5100, 4900], [1, 1]), ([50000, 48500], [1, 1]),
                              ([1000, 2050, 980], [1, 2, 1]), ([821, 3090, 1010, 1100], [0.15, 0.55, 0.15, 0.15]),
                              ([100000, 96000], [1, 1])]:
        expected = np.array(weights, dtype=float) / sum(weights) * sum(observed)
        result = stats.chisquare(observed, expected)
        rows.append({"observed": observed, "expectedWeights": weights, "chiSquare": f(result.statistic), "pValue": f(result.pvalue),
                     "expected": [f(x) for x in expected]})
    return rows


def evan_miller_n(baseline, delta, alpha, power, two_sided):
    """Evan Miller's sample-size formula: null variance at the baseline, alternative variance at both rates."""
    z_alpha = stats.norm.ppf(1 - alpha / 2 if two_sided else 1 - alpha)
    z_beta = stats.norm.ppf(power)
    sd_null = math.sqrt(2 * baseline * (1 - baseline))
    sd_alt = math.sqrt(baseline * (1 - baseline) + (baseline + delta) * (1 - baseline - delta))
    return ((z_alpha * sd_null + z_beta * sd_alt) / delta) ** 2


def power_of(baseline, delta, alpha, n, two_sided):
    z_alpha = stats.norm.ppf(1 - alpha / 2 if two_sided else 1 - alpha)
    sd_null = math.sqrt(2 * baseline * (1 - baseline))
    sd_alt = math.sqrt(baseline * (1 - baseline) + (baseline + delta) * (1 - baseline - delta))
    shift = abs(delta) * math.sqrt(n)
    value = stats.norm.cdf((shift - z_alpha * sd_null) / sd_alt)
    if two_sided:
        value += stats.norm.cdf((-shift - z_alpha * sd_null) / sd_alt)
    return value


def sample_size_cases():
    rows = []
    for baseline, effect, effect_type, alpha, power, two_sided in [
        (0.2, 0.05, "relative", 0.05, 0.8, True),  # Evan Miller's calculator: 20 % baseline, 5 % relative MDE
        (0.1, 0.02, "absolute", 0.05, 0.8, True),
        (0.03, 0.1, "relative", 0.05, 0.9, True),
        (0.5, -0.04, "absolute", 0.01, 0.8, False),
        (0.012, 0.25, "relative", 0.1, 0.95, True),
    ]:
        delta = baseline * effect if effect_type == "relative" else effect
        exact = evan_miller_n(baseline, delta, alpha, power, two_sided)
        rows.append({"options": {"baselineRate": baseline, "minimumDetectableEffect": effect, "effectType": effect_type,
                                 "alpha": alpha, "power": power, "twoSided": two_sided},
                     "exact": f(exact), "perVariant": math.ceil(exact)})
    return rows


def power_cases():
    rows = []
    for baseline, effect, effect_type, alpha, n, two_sided in [
        (0.2, 0.05, "relative", 0.05, 25000, True), (0.2, 0.05, "relative", 0.05, 1000, True),
        (0.1, 0.02, "absolute", 0.05, 3000, True), (0.5, -0.04, "absolute", 0.01, 2000, False),
        (0.03, 0.1, "relative", 0.05, 100, True),
    ]:
        delta = baseline * effect if effect_type == "relative" else effect
        rows.append({"options": {"baselineRate": baseline, "minimumDetectableEffect": effect, "effectType": effect_type,
                                 "alpha": alpha, "twoSided": two_sided, "perVariant": n},
                     "power": f(power_of(baseline, delta, alpha, n, two_sided))})
    return rows


def beta_survival_integer(x, a, b):
    """1 − I_x(a, b) = P(Binomial(a + b − 1, x) ≤ a − 1) for whole a, b: a finite sum, exact at any precision."""
    n = a + b - 1
    term = (1 - x) ** n
    total = term
    for j in range(1, a):
        term *= (n - j + 1) / mpmath.mpf(j) * x / (1 - x)
        total += term
    return total


def precision_tails():
    """A few extreme tails at 40 significant digits, to pin relative accuracy where SciPy's own error shows."""
    mpmath.mp.dps = 40
    rows = []

    def add(kind, args, value):
        rows.append({"function": kind, "args": args, "value": f(value)})

    add("regularizedIncompleteGammaP", [500000.0, 496464.46609406726], mpmath.gammainc(500000, 0, mpmath.mpf(496464.46609406726), regularized=True))
    add("chiSquareCdf", [993292.0337421458, 1000000.0], mpmath.gammainc(500000, 0, mpmath.mpf(993292.0337421458) / 2, regularized=True))
    add("chiSquareSurvival", [200.0, 10.0], mpmath.gammainc(5, mpmath.mpf(100), mpmath.inf, regularized=True))
    add("normalCdf", [-38.0], mpmath.ncdf(-38))
    add("normalSurvival", [30.0], mpmath.ncdf(-30))
    add("betaCdf", [1e-10, 30.0, 70.0], mpmath.betainc(30, 70, 0, mpmath.mpf(1e-10), regularized=True))
    add("betaSurvival", [0.51, 20000.0, 20000.0], beta_survival_integer(mpmath.mpf(0.51), 20000, 20000))
    for t, df in [(1e6, 1.5), (40.0, 3.0), (8.0, 1000.0)]:
        x = df / (df + mpmath.mpf(t) ** 2)
        add("studentTSurvival", [t, df], mpmath.betainc(mpmath.mpf(df) / 2, mpmath.mpf(0.5), 0, x, regularized=True) / 2)
    return rows


def main():
    reference = {
        "generator": "scripts/reference/statistics-reference.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "logGamma": log_gamma(),
        "incompleteGamma": incomplete_gamma(),
        "beta": incomplete_beta(),
        "normal": normal(),
        "normalQuantile": normal_quantile(),
        "chiSquare": chi_square(),
        "studentT": student_t(),
        "studentTQuantile": student_t_quantile(),
        "precisionTails": precision_tails(),
        "chanceToBeatControl": chance_cases(),
        "conversionLift": conversion_lift_cases(),
        "welchTTest": welch_cases(),
        "sampleRatioMismatch": srm_cases(),
        "sampleSize": sample_size_cases(),
        "power": power_cases(),
    }
    json.dump(reference, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
