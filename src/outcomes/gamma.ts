// The regularized incomplete gamma function and its inverse, for exact Poisson limits.
//
// ln Γ: Lanczos approximation, g = 7, n = 9 (Lanczos C. SIAM J Numer Anal 1964;1:86-96; the
// coefficients as tabulated by Godfrey and in Numerical Recipes), relative error ~1e-15.
// P(a, x): the series for x < a + 1, the continued fraction for Q = 1 − P otherwise, evaluated
// with the modified Lentz method (Press WH, et al. Numerical Recipes, 3rd ed., §6.2).
// P⁻¹(a, p): Newton's method on P(a, x) − p with its exact derivative x^(a−1)·e^(−x)/Γ(a),
// kept inside a bracket that bisection shrinks whenever a Newton step would leave it, so it
// always converges (to 1e-12 relative). Every loop has a limit and fails loudly when it is reached.

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const RELATIVE_EPSILON = 1e-15;
const TINY = 1e-300;
const ITERATIONS_MAX = 10_000;

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0] as number;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i += 1) {
    sum += (LANCZOS_COEFFICIENTS[i] as number) / (z + i);
  }
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** e^(−x)·x^a/Γ(a): the common prefactor of the series and the continued fraction. */
function prefactor(a: number, x: number): number {
  return Math.exp(a * Math.log(x) - x - lnGamma(a));
}

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= ITERATIONS_MAX; n += 1) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * RELATIVE_EPSILON) return sum * prefactor(a, x);
  }
  throw new RangeError(`incomplete gamma series did not converge for a = ${a}, x = ${x}`);
}

function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= ITERATIONS_MAX; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < RELATIVE_EPSILON) return h * prefactor(a, x);
  }
  throw new RangeError(`incomplete gamma fraction did not converge for a = ${a}, x = ${x}`);
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`P(a, x) needs a > 0, x >= 0: a=${a}, x=${x}`);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** dP/dx = x^(a−1)·e^(−x)/Γ(a). */
function gammaDensity(a: number, x: number): number {
  return Math.exp((a - 1) * Math.log(x) - x - lnGamma(a));
}

/**
 * A starting point: the leading term of the series, P(a, x) ≈ x^a/Γ(a + 1), solved for x. It
 * is accurate in the lower tail, where bisection on a linear scale would be slowest.
 */
function initialGuess(a: number, p: number): number {
  return Math.exp((Math.log(p) + lnGamma(a + 1)) / a);
}

/** The x ≥ 0 with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (P⁻¹(a, 1) = ∞). */
export function inverseRegularizedGammaP(a: number, p: number): number {
  if (!(a > 0) || !(p >= 0 && p <= 1)) {
    throw new RangeError(`P⁻¹(a, p) needs a > 0 and 0 <= p <= 1: a=${a}, p=${p}`);
  }
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let low = 0;
  let high = Math.max(1, 2 * a);
  for (let i = 0; regularizedGammaP(a, high) < p; i += 1) {
    if (i > 2000) throw new RangeError(`P⁻¹(a, p): no bracket for a=${a}, p=${p}`);
    low = high;
    high *= 2;
  }
  const guess = initialGuess(a, p);
  let x = guess > low && guess < high ? guess : (low + high) / 2;
  for (let i = 0; i < 1000; i += 1) {
    const error = regularizedGammaP(a, x) - p;
    if (error === 0) return x;
    if (error < 0) low = x;
    else high = x;
    let next = x - error / gammaDensity(a, x);
    // Outside the bracket: bisect, geometrically while the bracket spans orders of magnitude.
    if (!(next > low && next < high)) next = low > 0 ? Math.sqrt(low * high) : high / 16;
    // 1e-12 relative: P itself is only good to ~1e-15, and dP/dx·x/P can reach 1/a, so a
    // tighter stop would chase rounding noise.
    if (Math.abs(next - x) <= 1e-12 * x || high - low <= 1e-15 * high) return next;
    x = next;
  }
  throw new RangeError(`P⁻¹(a, p) did not converge for a = ${a}, p = ${p}`);
}
