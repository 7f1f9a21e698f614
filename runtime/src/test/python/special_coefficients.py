#!/usr/bin/env python3
"""Prints the series coefficients that dev.tracegrad.kernel.Gamma embeds, to 21 digits.

    python3 runtime/src/test/python/special_coefficients.py

Needs mpmath (Debian: apt-get install python3-mpmath). Not part of the build: the printed
constants are pasted into Gamma.java, and this script says where each comes from.

- LOG_GAMMA_AT_2: ln Γ(2 + z) = (1 − γ) z + Σ_{k≥2} (−1)^k (ζ(k) − 1)/k z^k, |z| < 2; entry j is
  the coefficient of z^(j+1).
- DIGAMMA_AT_2: ψ(2 + z), the derivative of that series; entry j is the coefficient of z^j.
- DIGAMMA_AT_ROOT: ψ(x₀ + t) = Σ_{k≥1} ψ^(k)(x₀)/k! t^k about the positive root x₀ of ψ,
  |t| < x₀; entry j is the coefficient of t^(j+1). ψ^(k)(x₀)/k! = (−1)^(k+1) ζ(k + 1, x₀).
- The root x₀ itself, as a double and the double nearest to the remainder.
"""
from mpmath import mp, mpf, zeta, euler, digamma, findroot, nstr

mp.dps = 60
TERMS_AT_2 = 30
TERMS_AT_ROOT = 26


def java(name, values):
    print(f"    private static final double[] {name} = {{")
    items = [nstr(v, 21, min_fixed=0, max_fixed=0) for v in values]
    for i in range(0, len(items), 3):
        last = i + 3 >= len(items)
        print("        " + ", ".join(items[i:i + 3]) + ("" if last else ","))
    print("    };")


log_gamma = [1 - euler] + [(-1) ** k * (zeta(k) - 1) / k for k in range(2, TERMS_AT_2 + 1)]
java("LOG_GAMMA_AT_2", log_gamma)
digamma_2 = [1 - euler] + [(-1) ** k * (zeta(k) - 1) for k in range(2, TERMS_AT_2 + 1)]
java("DIGAMMA_AT_2", digamma_2)
x0 = findroot(digamma, mpf("1.4616"))
java("DIGAMMA_AT_ROOT", [(-1) ** (k + 1) * zeta(k + 1, x0) for k in range(1, TERMS_AT_ROOT + 1)])
hi = float(x0)
lo = float(x0 - mpf(hi))
print(f"    private static final double DIGAMMA_ROOT_HI = {hi!r};")
print(f"    private static final double DIGAMMA_ROOT_LO = {lo!r};")
print(f"    // x0 = {nstr(x0, 50)}")
