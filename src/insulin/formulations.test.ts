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

test('formulation glargine: once daily, plasma insulin fluctuates no more than published', () => {
  // PF24, the mean absolute deviation of plasma insulin around its 24-h mean: 14.2 % after one
  // dose and 20 % at steady state in ambulatory type 1 patients ("Fluctuation of serum basal
  // insulin levels following single and multiple dosing of insulin glargine", Diabetes Technol
  // Ther 8(2):237–243, 2006). An even chain of 6 × 220 min gave 23 %, its peak 4.7 h after the
  // evening dose: lows night after night on injections.
  const model = createHovorkaPatient({
    name: 'nominal glargine',
    parameters: HOVORKA_NOMINAL,
    basalInsulin: 'glargine',
  });
  const x = model.steadyState(0);
  const solver = rk4();
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const days = 6;
  const lastDay: number[] = [];
  for (let minute = 0; minute < days * 1440; minute += 1) {
    if (minute % 1440 === 0) model.applyInsulinDose(x, 'basal', 20);
    assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
    if (minute >= (days - 1) * 1440) lastDay.push(model.plasmaInsulinMilliunitsPerL(x));
  }
  const mean = lastDay.reduce((total, v) => total + v, 0) / lastDay.length;
  const deviation = lastDay.reduce((total, v) => total + Math.abs(v - mean), 0) / lastDay.length;
  const pf24 = (100 * deviation) / mean;
  console.log(`glargine once daily: PF24 ${pf24.toFixed(1)} % (published 14.2–20 %)`);
  assert.ok(pf24 <= 20, `PF24 ${pf24} %`);
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
  const size =
    1 + Math.max(...FORMULATION_NAMES.map((name) => formulation(name).releaseDoseFractions.length));
  const state = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), {
    minLength: size,
    maxLength: size,
  });
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMULATION_NAMES),
      state,
      fc.double({ min: 0, max: 100, noNaN: true }),
      (name, values, inflow) => {
        const f = formulation(name);
        const x = Float64Array.from(values);
        const out = new Float64Array(size);
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
