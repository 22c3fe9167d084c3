// The 95 % confidence interval of a mean from its sample SD and count, by the normal approximation
// (mean ± 1.96·SD/√n), as trial reports give it for outcomes over many patients.

/** z of a two-sided 95 % interval. */
const Z95 = 1.959964;

/** Half-width of the 95 % interval of a mean; NaN when it cannot be estimated (n < 2, no SD). */
export function meanHalfWidth95(sd: number | null, n: number): number {
  return sd === null || !(n >= 2) ? Number.NaN : (Z95 * sd) / Math.sqrt(n);
}
