import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { incidence } from './incidence.ts';

const close = (actual: number, expected: number, tolerance: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);

test('exact 95 % Poisson limits match published values', () => {
  // Garwood limits for k events (e.g. Ulm 1990, Am J Epidemiol 131:373, Table 1):
  // k = 0: [0, 3.689] (upper = −ln 0.025); 1: [0.0253, 5.572]; 2: [0.242, 7.225];
  // 5: [1.624, 11.668]; 10: [4.795, 18.390]; 100: [81.36, 121.63].
  const table: Array<[number, number, number]> = [
    [0, 0, 3.6889],
    [1, 0.0253, 5.5716],
    [2, 0.2422, 7.2247],
    [5, 1.6235, 11.6683],
    [10, 4.7954, 18.3904],
    [100, 81.364, 121.627],
  ];
  for (const [k, lower, upper] of table) {
    const rate = incidence(k, 1);
    close(rate.lowerPerPatientYear, lower, 1e-3 * Math.max(1, lower / 10), `lower(${k})`);
    close(rate.upperPerPatientYear, upper, 1e-3 * Math.max(1, upper / 10), `upper(${k})`);
  }
  close(incidence(0, 1).upperPerPatientYear, -Math.log(0.025), 1e-9, 'upper(0) = −ln 0.025');
});

test('rates scale with patient-years: 10 events in 20 patient-years', () => {
  const rate = incidence(10, 20);
  assert.equal(rate.ratePerPatientYear, 0.5);
  close(rate.lowerPerPatientYear, 4.7954 / 20, 1e-4, 'lower');
  close(rate.upperPerPatientYear, 18.3904 / 20, 1e-4, 'upper');
  assert.equal(rate.confidenceLevel, 0.95);
  assert.equal(rate.method, 'exact Poisson (Garwood)');
});

test('the interval holds the rate and narrows at a lower confidence level', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 5000 }),
      fc.double({ min: 0.01, max: 1e5, noNaN: true }),
      (count, patientYears) => {
        const r95 = incidence(count, patientYears);
        const r90 = incidence(count, patientYears, { confidenceLevel: 0.9 });
        assert.ok(r95.lowerPerPatientYear <= r95.ratePerPatientYear);
        assert.ok(r95.ratePerPatientYear < r95.upperPerPatientYear);
        assert.ok(r90.lowerPerPatientYear >= r95.lowerPerPatientYear);
        assert.ok(r90.upperPerPatientYear < r95.upperPerPatientYear);
      },
    ),
    { numRuns: 200 },
  );
});

test('bad arguments are refused with the field and the value', () => {
  assert.throws(() => incidence(-1, 1), /count = -1/);
  assert.throws(() => incidence(1.5, 1), /count = 1\.5/);
  assert.throws(() => incidence(1, 0), /patientYears = 0/);
  assert.throws(() => incidence(1, 1, { confidenceLevel: 1 }), /confidenceLevel = 1/);
});
