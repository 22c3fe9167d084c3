import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inverseRegularizedGammaP, lnGamma, regularizedGammaP } from './gamma.ts';

const close = (actual: number, expected: number, relative: number, label: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)),
    `${label}: ${actual} vs ${expected}`,
  );

test('ln Γ: factorials, Γ(1/2) = √π, Γ(0.1)', () => {
  let factorial = 1;
  for (let n = 1; n <= 25; n += 1) {
    close(lnGamma(n), Math.log(factorial), 1e-13, `lnΓ(${n})`);
    factorial *= n;
  }
  close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'lnΓ(1/2)');
  close(lnGamma(0.1), Math.log(9.513507698668732), 1e-13, 'lnΓ(0.1)'); // Γ(0.1) (tables)
});

test('P(k, x) for integer k equals the Poisson tail 1 − Σ_{j<k} e^(−x)·x^j/j!', () => {
  for (const k of [1, 2, 3, 5, 10, 20, 50]) {
    for (const x of [0.01, 0.5, 1, 3, 7.5, 10, 25, 60, 120]) {
      let term = Math.exp(-x);
      let cumulative = 0;
      for (let j = 0; j < k; j += 1) {
        cumulative += term;
        term *= x / (j + 1);
      }
      close(regularizedGammaP(k, x), 1 - cumulative, 1e-12, `P(${k}, ${x})`);
    }
  }
});

test('P(1/2, x) = erf(√x): erf(1) and erf(2) from tables', () => {
  close(regularizedGammaP(0.5, 1), 0.8427007929497149, 1e-13, 'erf(1)');
  close(regularizedGammaP(0.5, 4), 0.9953222650189527, 1e-13, 'erf(2)');
});

test('P⁻¹ inverts P over a wide range of a and p', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.05, max: 2000, noNaN: true }),
      fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
      (a, p) => {
        const x = inverseRegularizedGammaP(a, p);
        close(regularizedGammaP(a, x), p, 1e-10, `P(${a}, P⁻¹(${a}, ${p}))`);
      },
    ),
  );
  assert.equal(inverseRegularizedGammaP(3, 0), 0);
  assert.equal(inverseRegularizedGammaP(3, 1), Infinity);
});

test('chi-square quantiles from tables: χ²(q; ν) = 2·P⁻¹(ν/2, q)', () => {
  const chiSquare = (q: number, nu: number) => 2 * inverseRegularizedGammaP(nu / 2, q);
  close(chiSquare(0.95, 1), 3.841459, 1e-6, 'χ²(0.95; 1)');
  close(chiSquare(0.975, 2), 7.377759, 1e-6, 'χ²(0.975; 2)');
  close(chiSquare(0.025, 20), 9.590777, 1e-6, 'χ²(0.025; 20)');
  close(chiSquare(0.975, 22), 36.78071, 1e-6, 'χ²(0.975; 22)');
  close(chiSquare(0.5, 10), 9.341818, 1e-6, 'χ²(0.5; 10)');
});

test('bad arguments are refused', () => {
  assert.throws(() => lnGamma(0), /x > 0/);
  assert.throws(() => regularizedGammaP(-1, 1), /a > 0/);
  assert.throws(() => inverseRegularizedGammaP(1, 1.5), /0 <= p <= 1/);
});
