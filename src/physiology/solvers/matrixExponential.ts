// Small dense matrices (row-major Float64Array, n × n, n ≤ ~20): the exact discretisation of a
// linear ODE over a step, exp(A·h), by scaling and squaring with a Taylor series (Moler & Van
// Loan, "Nineteen dubious ways to compute the exponential of a matrix, twenty-five years later",
// SIAM Review 45:3–49, 2003, method 3): additions and multiplications only, the same on every
// machine. For the MPC's internal model and the exact-linear integrator (exactLinearRk4.ts).
// Called once per set of model parameters, never per step, so clarity wins over speed here.

/** Largest Taylor order used: with ‖A·h/2^s‖ ≤ 0.5 the remainder is below 1e-16. */
const TAYLOR_ORDER = 14;
/** Squarings are capped ("put a limit on everything"): ‖A·h‖ would have to exceed 2^40. */
const SQUARINGS_MAX = 40;

/** c = a · b for n × n matrices (c must not alias a or b). */
export function multiplyInto(a: Float64Array, b: Float64Array, c: Float64Array, n: number): void {
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      let sum = 0;
      for (let k = 0; k < n; k += 1) {
        // A model's compartment matrices are mostly zeros; a zero term adds nothing.
        const aik = a[i * n + k]!;
        if (aik !== 0) sum += aik * b[k * n + j]!;
      }
      c[i * n + j] = sum;
    }
  }
}

function infinityNorm(a: Float64Array, n: number): number {
  let norm = 0;
  for (let i = 0; i < n; i += 1) {
    let row = 0;
    for (let j = 0; j < n; j += 1) row += Math.abs(a[i * n + j]!);
    norm = Math.max(norm, row);
  }
  return norm;
}

/** exp(A·h) of an n × n matrix A (row-major), as a new matrix. */
export function expm(a: Float64Array, n: number, h: number): Float64Array {
  const norm = infinityNorm(a, n) * Math.abs(h);
  let squarings = 0;
  while (norm / 2 ** squarings > 0.5 && squarings < SQUARINGS_MAX) squarings += 1;
  const scale = h / 2 ** squarings;
  // Taylor series of exp(A·scale), Horner-free: term_k = term_{k−1}·A·scale / k.
  const result = new Float64Array(n * n);
  const term = new Float64Array(n * n);
  const next = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    result[i * n + i] = 1;
    term[i * n + i] = 1;
  }
  const scaled = a.map((v) => v * scale);
  for (let k = 1; k <= TAYLOR_ORDER; k += 1) {
    multiplyInto(term, scaled, next, n);
    for (let i = 0; i < n * n; i += 1) {
      term[i] = next[i]! / k;
      result[i] = result[i]! + term[i]!;
    }
  }
  for (let s = 0; s < squarings; s += 1) {
    multiplyInto(result, result, next, n);
    result.set(next);
  }
  return result;
}
