// Calibration of the formulations: a 5 U subcutaneous dose in the typical (nominal) Hovorka
// patient, against the ranges of docs/physiology.md §3. Prints the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FormulationName } from './formulations.ts';
import {
  addToReleaseChain,
  doseProfileFigures,
  FORMULATION_NAMES,
  FORMULATIONS,
  formulation,
  releaseChainDerivative,
  releaseChainSteadyState,
} from './formulations.ts';
import { createHovorkaPatient } from '../physiology/hovorka.ts';
import { HOVORKA_NOMINAL } from '../physiology/hovorkaParameters.ts';
import { emptyStats, rk4 } from '../physiology/solvers/index.ts';

const DOSE_UNITS = 5;
const HORIZON_MINUTES = 48 * 60;

interface Profile {
  timesMinutes: Float64Array;
  plasmaInsulinAboveBaseline: Float64Array;
  absorbedFraction: Float64Array;
}

/** A 5 U dose at t = 0 from the insulin-free steady state: plasma insulin is all from the dose. */
function doseProfile(name: FormulationName): Profile {
  const f = FORMULATIONS[name];
  const model = createHovorkaPatient({
    name: `nominal ${name}`,
    parameters: HOVORKA_NOMINAL,
    ...(f.depot === 'rapid' ? { rapidInsulin: name } : { basalInsulin: name }),
  });
  const x = model.steadyState(0);
  model.applyInsulinDose(x, f.depot, DOSE_UNITS);
  const profile: Profile = {
    timesMinutes: new Float64Array(HORIZON_MINUTES),
    plasmaInsulinAboveBaseline: new Float64Array(HORIZON_MINUTES),
    absorbedFraction: new Float64Array(HORIZON_MINUTES),
  };
  const solver = rk4();
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  for (let minute = 0; minute < HORIZON_MINUTES; minute += 1) {
    assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
    profile.timesMinutes[minute] = minute + 1;
    profile.plasmaInsulinAboveBaseline[minute] = model.plasmaInsulinMilliunitsPerL(x);
    profile.absorbedFraction[minute] = model.totals(x).absorbedInsulinUnits / DOSE_UNITS;
  }
  return profile;
}

const hours = (minutes: number): string => `${(minutes / 60).toFixed(2)} h`;

for (const name of FORMULATION_NAMES) {
  test(`formulation ${name}: 5 U in the typical Hovorka patient meets docs/physiology.md §3`, () => {
    const f = FORMULATIONS[name];
    const profile = doseProfile(name);
    const figures = doseProfileFigures(profile);
    console.log(
      `${name}: time to peak plasma insulin ${hours(figures.timeToPeakMinutes)}, ` +
        `duration (95 % absorbed) ${hours(figures.durationMinutes)}`,
    );
    if (f.publishedPeak !== null) {
      const { lowMinutes, highMinutes } = f.publishedPeak;
      assert.ok(
        figures.timeToPeakMinutes >= lowMinutes && figures.timeToPeakMinutes <= highMinutes,
        `peak at ${figures.timeToPeakMinutes} min, published ${lowMinutes}–${highMinutes}`,
      );
    }
    const { lowMinutes, highMinutes } = f.publishedDuration;
    assert.ok(
      figures.durationMinutes >= lowMinutes && figures.durationMinutes <= highMinutes,
      `duration ${figures.durationMinutes} min, published ${lowMinutes}–${highMinutes}`,
    );
  });
}

test('formulation glargine: near-flat (≥ 50 % of its maximum from 2 h to 20 h, onset 1–2 h)', () => {
  const profile = doseProfile('glargine');
  let maximum = 0;
  for (const value of profile.plasmaInsulinAboveBaseline) maximum = Math.max(maximum, value);
  const at = (minute: number): number => profile.plasmaInsulinAboveBaseline[minute - 1]! / maximum;
  let onsetMinutes = Number.NaN;
  for (let minute = 1; minute <= HORIZON_MINUTES && Number.isNaN(onsetMinutes); minute += 1) {
    if (at(minute) >= 0.5) onsetMinutes = minute;
  }
  let lowest = 1;
  for (let minute = 120; minute <= 20 * 60; minute += 1) lowest = Math.min(lowest, at(minute));
  console.log(
    `glargine: half of maximum at ${hours(onsetMinutes)}, lowest 2–20 h ${(100 * lowest).toFixed(0)} % ` +
      `of maximum, at 24 h ${(100 * at(24 * 60)).toFixed(0)} %`,
  );
  assert.ok(onsetMinutes >= 60 && onsetMinutes <= 120, `onset ${onsetMinutes} min`);
  assert.ok(lowest >= 0.5, `falls to ${lowest} of its maximum between 2 h and 20 h`);
});

test('formulations: rapid analog is fastest, then regular, then NPH (ordering of §3)', () => {
  const peaks = (['rapid-analog', 'regular', 'nph'] as const).map(
    (name) => doseProfileFigures(doseProfile(name)).timeToPeakMinutes,
  );
  assert.ok(peaks[0]! < peaks[1]! && peaks[1]! < peaks[2]!, `peaks ${peaks}`);
});

test('formulations: release fractions sum to 1 and depots match their use', () => {
  for (const name of FORMULATION_NAMES) {
    const f = formulation(name);
    assert.equal(f.name, name);
    const sum = f.releaseDoseFractions.reduce((total, v) => total + v, 0);
    if (f.releaseDoseFractions.length > 0) assert.ok(Math.abs(sum - 1) < 1e-12, `${name}: ${sum}`);
    assert.ok(f.absorptionTimeScale > 0);
  }
  assert.equal(formulation('glargine').depot, 'basal');
  assert.equal(formulation('regular').depot, 'rapid');
  assert.throws(() => formulation('detemir'), /unknown name "detemir", allowed: rapid-analog/);
});

test('formulations: the release chain conserves the amount it is given (property)', () => {
  // d/dt of the chain contents + outflow = inflow, at any state: nothing is created or lost.
  const state = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), {
    minLength: 8,
    maxLength: 8,
  });
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMULATION_NAMES),
      state,
      fc.double({ min: 0, max: 100, noNaN: true }),
      (name, values, inflow) => {
        const f = formulation(name);
        const x = Float64Array.from(values);
        const out = new Float64Array(8);
        const outflow = releaseChainDerivative(f, x, 1, inflow, out);
        let change = 0;
        for (let i = 0; i < f.releaseDoseFractions.length; i += 1) change += out[1 + i]!;
        assert.ok(Math.abs(change + outflow - inflow) <= 1e-9 * (1 + inflow + outflow));
      },
    ),
    { seed: 7 },
  );
});

test('formulations: steady state of the chain is a fixed point, doses are fully placed', () => {
  for (const name of FORMULATION_NAMES) {
    const f = formulation(name);
    const x = new Float64Array(10);
    releaseChainSteadyState(f, 2.5, x, 2);
    const out = new Float64Array(10);
    const outflow = releaseChainDerivative(f, x, 2, 2.5, out);
    assert.ok(Math.abs(outflow - 2.5) < 1e-12, `${name}: outflow ${outflow}`);
    for (const value of out) assert.ok(Math.abs(value) < 1e-9);
    const dose = new Float64Array(10);
    const direct = addToReleaseChain(f, dose, 2, 7);
    const placed = dose.reduce((total, v) => total + v, 0) + direct;
    assert.ok(Math.abs(placed - 7) < 1e-12);
  }
});
