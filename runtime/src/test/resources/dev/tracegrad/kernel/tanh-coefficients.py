"""ArithmeticTanh's constants: the coefficients of its odd polynomial, tanh a = a + a^3 P(a^2) for
|a| < 0.3, and of the first guess at the reciprocal 1/(1 + e) it takes above.

They are tanh's Taylor coefficients, 2^(2n) (2^(2n) - 1) B_(2n) / (2n)! for the power a^(2n-1),
from the Bernoulli numbers B_(2n) (mpmath, exact rationals), rounded to the nearest double and
printed as Java hexadecimal literals, from a^3 (T3) to a^25 (T25). The series converges for
|a| < pi/2; at a = 0.3 the terms left out (a^27 and beyond) change tanh by under 0.002 ulp,
which this script also prints.

The first guess at 1/d for d = 1 + e in [1, 1.55] (e = e^-2a <= e^-0.6 = 0.549) is the quadratic
y0(d) = R0 + R1 d + R2 d^2 whose relative error 1 - d y0(d), a cubic that is 1 at d = 0, is a
multiple of the Chebyshev polynomial T3 over the interval: it equioscillates, at most 0.0026, and
three Newton steps take it below 1e-20. Exact rationals (sympy), rounded to the nearest doubles.

Run: python3 tanh-coefficients.py
"""
from fractions import Fraction

import sympy as sp

from mpmath import mp, mpf, bernfrac, tanh

mp.dps = 60
THRESHOLD = mpf("0.3")
LAST_POWER = 25


def coefficient(n):
    """The coefficient of a^(2n-1), exactly."""
    p, q = bernfrac(2 * n)
    b = Fraction(int(p), int(q))
    factorial = 1
    for k in range(2, 2 * n + 1):
        factorial *= k
    return Fraction(2 ** (2 * n) * (2 ** (2 * n) - 1)) * b / factorial


coefficients = {2 * n - 1: coefficient(n) for n in range(1, (LAST_POWER + 1) // 2 + 1)}
assert coefficients[1] == 1 and coefficients[3] == Fraction(-1, 3) and coefficients[5] == Fraction(2, 15)
for power in range(3, LAST_POWER + 1, 2):
    c = coefficients[power]
    print(f"    static final double T{power} = {float(c).hex()}; // {c}")

kept = sum(mpf(c.numerator) / c.denominator * THRESHOLD ** power for power, c in coefficients.items())
print("truncation at 0.3, in units of 2^-53 relative:", float(abs(kept - tanh(THRESHOLD)) / tanh(THRESHOLD) * 2 ** 53))

d = sp.symbols("d")
low, high = sp.Integer(1), sp.Rational(155, 100)
middle, half = (low + high) / 2, (high - low) / 2
t3 = lambda u: 4 * u**3 - 3 * u
multiple = 1 / t3((0 - middle) / half)
guess = sp.expand(sp.cancel((1 - sp.expand(multiple * t3((d - middle) / half))) / d))
for i, c in enumerate(sp.Poly(guess, d).all_coeffs()[::-1]):
    print(f"    static final double R{i} = {float(c).hex()}; // {c}")
print("first guess's largest relative error on [1, 1.55]:", float(abs(multiple)))
