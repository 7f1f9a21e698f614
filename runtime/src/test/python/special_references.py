#!/usr/bin/env python3
"""Reference values for dev.tracegrad.kernel.Normal and Gamma, computed with mpmath at 60 digits.

    python3 runtime/src/test/python/special_references.py \
        > runtime/src/test/resources/dev/tracegrad/kernel/special-functions.csv

Needs mpmath (Debian: apt-get install python3-mpmath). Not part of the build: SpecialFunctionsTest
reads the checked-in CSV. Each row is function,x,value; x is printed so that it parses to the
double the reference was computed at (mpmath takes the double exactly), the value to 25 digits.
The points cover both tails, the joins between the approximations (either side of each), the
zeros (ln Γ at 1 and 2, ψ at 1.4616...), large arguments and |x| = 1e3 for log Φ, plus a fixed
pseudo-random spread.
"""
import random

from mpmath import mp, mpf, ncdf, npdf, log, log1p, loggamma, digamma, psi, findroot, nstr

mp.dps = 60


def below(x):
    import math
    return math.nextafter(x, -math.inf)


def above(x):
    import math
    return math.nextafter(x, math.inf)


def log_phi(x):
    x = mpf(x)
    return log1p(-ncdf(-x)) if x > 0 else log(ncdf(x))


def mills(x):  # φ/Φ
    x = mpf(x)
    return npdf(x) / ncdf(x)


def mills_derivative(x):
    mp.dps = 120  # x + r cancels: about 2 log10|x| digits far below 0
    r = mills(x)
    value = -r * (mpf(x) + r)
    mp.dps = 60
    return value


rng = random.Random(20261205)
joins = [0.66291, 5.656854249492380195206754896838]
normal_points = [0.0, 1e-300, -1e-17, 1e-8, -0.1, 0.25, -0.5, 0.6, 1.0, -1.0, 1.5, -2.0, 2.5, -3.0,
                 3.5, -4.0, 4.5, -5.0, 6.0, -6.0, -7.5, 7.5, 8.0, 8.3, -10.0, -12.5, -15.0, -20.0,
                 -25.0, -30.0, -33.3, -35.0, -37.0, -37.5, 10.0, 20.0, 37.0]
for j in joins:
    normal_points += [below(j), j, above(j), -below(j), -j, -above(j)]
normal_points += [rng.uniform(-8, 8) for _ in range(30)] + [-rng.uniform(8, 37.5) for _ in range(15)]

log_normal_points = normal_points + [-38.5, -40.0, -50.0, -100.0, -250.0, -500.0, -999.0, -1000.0,
                                     -1e4, -1e6, -1e10, 20.0, 38.0, 40.0]
mills_points = log_normal_points + [-1e3, -1e5, -123.456, -60.0, 30.0, below(-20.0), -20.0, above(-20.0),
                                   -3.5, -4.25, -4.5, -5.25, -5.5, -16.0, -18.0]

root = findroot(digamma, mpf("1.4616"))
gamma_points = [1e-300, 1e-20, 1e-8, 1e-3, 0.1, 0.25, 0.4999, 0.5, 0.75, below(1.0), 1.0, above(1.0),
                1.0 + 2 ** -30, 1.0 - 2 ** -30, 1.001, 0.999, 1.25, 1.4, float(root), 1.46, 1.47, 1.5,
                below(1.5), 1.75, 1.9, below(2.0), 2.0, above(2.0), 2.0 + 2 ** -30, 2.0 - 2 ** -30,
                2.001, 1.999, 2.25, below(2.5), 2.5, 2.75, 3.0, 3.5, 4.0, 5.5, 7.25, below(10.0), 10.0,
                above(10.0), 12.5, 20.0, 33.0, 100.0, 1e3, 12345.678, 1e6, 1e10, 1e15, 1e20, 1e100,
                1e300]
gamma_points += [rng.uniform(0, 3) for _ in range(25)] + [rng.uniform(3, 12) for _ in range(15)] \
    + [10 ** rng.uniform(-5, 5) for _ in range(10)]
digamma_points = gamma_points + [float(root) + d for d in (1e-15, -1e-15, 1e-10, -1e-10, 1e-6, -3e-6)] \
    + [below(1.25), 1.25, below(1.75)]

rows = [("normCdf", x, ncdf(x)) for x in normal_points]
rows += [("normPdf", x, npdf(x)) for x in normal_points]
rows += [("logNormCdf", x, log_phi(x)) for x in log_normal_points]
rows += [("logNormCdfDerivative", x, mills(x)) for x in mills_points]
rows += [("logNormCdfSecondDerivative", x, mills_derivative(x)) for x in mills_points]
rows += [("logGamma", x, loggamma(x)) for x in gamma_points]
rows += [("digamma", x, digamma(x)) for x in digamma_points]
rows += [("trigamma", x, psi(1, x)) for x in gamma_points]

print("function,x,value")
seen = set()
for name, x, value in rows:
    if (name, float(x)) in seen:
        continue
    seen.add((name, float(x)))
    print(f"{name},{float(x)!r},{nstr(value, 25, min_fixed=0, max_fixed=0)}")
