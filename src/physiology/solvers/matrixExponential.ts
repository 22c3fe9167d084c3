// e^(A·h) of a small dense matrix, for the exact propagation of a model's linear compartments
// over a step. Scaling and squaring of a Taylor series: only additions and multiplications, so
// the result is the same on every machine (no library exp or log).

/** Terms of the Taylor series; with ‖A·h‖₁ ≤ 1/2 the 18th term is below 1e-22. */
const TAYLOR_TERMS = 18;
/** Halvings allowed ("put a limit on everything"): covers ‖A·h‖₁ up to 2⁶⁰. */
const SQUARINGS_MAX = 60;

/** e^(A·h) for A an n×n matrix stored row by row; returns a new matrix in the same layout. */
export function matrixExponential(a: Float64Array, n: number, h: number): Float64Array {
  if (a.length !== n * n)
    throw new RangeError(`matrixExponential: ${a.length} entries, need ${n}²`);
  if (!Number.isFinite(h)) throw new RangeError(`matrixExponential h: ${h}, allowed: finite`);
  let squarings = 0;
  let scale = h;
  while (oneNorm(a, n) * Math.abs(scale) > 0.5 && squarings < SQUARINGS_MAX) {
    scale /= 2;
    squarings += 1;
  }
  let result = identity(n);
  let term = identity(n);
  for (let k = 1; k <= TAYLOR_TERMS; k += 1) {
    term = matrixProduct(term, a, n);
    const factor = scale / k;
    for (let i = 0; i < term.length; i += 1) term[i] = term[i]! * factor;
    for (let i = 0; i < term.length; i += 1) result[i] = result[i]! + term[i]!;
  }
  for (let s = 0; s < squarings; s += 1) result = matrixProduct(result, result, n);
  return result;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) m[i * n + i] = 1;
  return m;
}

/** P·Q for n×n matrices stored row by row. */
export function matrixProduct(p: Float64Array, q: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n);
  // Row by row, skipping zeros: a model's compartment matrices are mostly zeros.
  for (let i = 0; i < n; i += 1) {
    for (let l = 0; l < n; l += 1) {
      const pil = p[i * n + l]!;
      if (pil === 0) continue;
      for (let j = 0; j < n; j += 1) m[i * n + j] = m[i * n + j]! + pil * q[l * n + j]!;
    }
  }
  return m;
}

/** Largest column sum of absolute values. */
function oneNorm(a: Float64Array, n: number): number {
  let norm = 0;
  for (let j = 0; j < n; j += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += Math.abs(a[i * n + j]!);
    norm = Math.max(norm, sum);
  }
  return norm;
}
