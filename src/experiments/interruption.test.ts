// The interruption experiment against the Liège 6-hour pump stop (Krzentowski et al.,
// Diabetologia; docs/physiology.md §4), run on the first 8 patients of the default population to
// stay fast (the typical patient does not depend on the population size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InterruptionData } from './interruption.ts';
import { interruptionExperiment, parseInterruptionOptions } from './interruption.ts';
import { EXPERIMENTS } from './index.ts';
import { LIEGE_PUMP_STOP, twoSdBand } from './interruptionPublished.ts';
import { LIEGE_PLAN, simulatePumpStop } from './interruptionSimulation.ts';
import { quantilesOf } from './interruptionSummary.ts';
import { createHovorkaPatient } from '../physiology/hovorka.ts';
import { HOVORKA_NOMINAL } from '../physiology/hovorkaParameters.ts';
import { modelIntegrator } from '../physiology/model.ts';
import { rk4 } from '../physiology/solvers/rk4.ts';
import { emptyStats } from '../physiology/solvers/types.ts';
import { MINUTES_PER_HOUR } from '../units/index.ts';

const POPULATION_SIZE = 8;
const progress: number[] = [];
const result = interruptionExperiment({ populationSize: POPULATION_SIZE }).run({
  onProgress: (fraction) => progress.push(fraction),
});
const data = result.data as InterruptionData;
const regular = data.arms.regular;
const analog = data.arms['rapid-analog'];
const samplesPerHour = MINUTES_PER_HOUR / data.plan.sampleIntervalMinutes;

function inBand(value: number, band: { low: number; high: number }): boolean {
  return value >= band.low && value <= band.high;
}

test('interruption: typical patient on regular insulin within Liège mean ± 2 SD at 6 h', () => {
  const sixHours = regular.typical.hourly[6]!;
  const glucose = twoSdBand(LIEGE_PUMP_STOP.glucoseAt6hMmolL);
  const bohb = twoSdBand(LIEGE_PUMP_STOP.bohbAt6hMmolL);
  assert.equal(sixHours.hour, 6);
  assert.ok(inBand(sixHours.glucoseMmolL, glucose), `glucose ${sixHours.glucoseMmolL} mmol/L`);
  assert.ok(inBand(sixHours.bohbMmolL, bohb), `BOHB ${sixHours.bohbMmolL} mmol/L`);
  // Liège: BOHB about 0.1 before the stop (normal fasting below 0.3 mmol/L).
  assert.ok(regular.typical.hourly[0]!.bohbMmolL < 0.3);
});

test('interruption: BOHB rises at every sample from 1 h to 6 h (typical patient, both insulins)', () => {
  for (const arm of [regular, analog]) {
    const curve = arm.typical.curves.bohbMmolL;
    for (let i = samplesPerHour + 1; i <= 6 * samplesPerHour; i += 1) {
      assert.ok(curve[i]! > curve[i - 1]!, `${arm.label}: BOHB not rising at sample ${i}`);
    }
  }
});

test('interruption: plasma insulin falls faster with the rapid analog', () => {
  for (const hour of [1, 2, 3, 4]) {
    const r = regular.typical.hourly[hour]!.insulinPercentOfBasal;
    const a = analog.typical.hourly[hour]!.insulinPercentOfBasal;
    assert.ok(a < r, `typical patient at ${hour} h: analog ${a} % vs regular ${r} %`);
  }
  const at2h = data.comparison.find((c) => c.key === 'insulinAt2h');
  assert.ok(at2h !== undefined);
  assert.equal(at2h.pairs, POPULATION_SIZE);
  assert.equal(at2h.analogWorse, POPULATION_SIZE, 'analog lower at 2 h in every patient');
  // Both arms start from the same basal steady state.
  assert.ok(Math.abs(regular.typical.hourly[0]!.insulinPercentOfBasal - 100) < 1e-9);
  assert.ok(Math.abs(analog.typical.hourly[0]!.insulinPercentOfBasal - 100) < 1e-9);
  // Liège (clinical.md): deficiency significant after 2 h, major by 6 h.
  assert.ok(regular.typical.hourly[2]!.insulinPercentOfBasal < 90);
  assert.ok(regular.typical.hourly[6]!.insulinPercentOfBasal < 25);
});

test('interruption: thresholds come in order and counts never fall with time', () => {
  for (const arm of [regular, analog]) {
    const t = arm.typical.thresholdHours;
    assert.ok(t.bohbKetosis !== null && t.bohbKetoacidosis !== null && t.ketoacidosis !== null);
    assert.ok(t.bohbKetosis < t.bohbKetoacidosis && t.bohbKetoacidosis <= t.ketoacidosis);
    for (const summary of Object.values(arm.population.thresholds)) {
      const w = summary.reachedWithinHours;
      assert.ok(w['6'] <= w['12'] && w['12'] <= w['24'] && w['24'] <= POPULATION_SIZE);
    }
  }
  assert.ok(
    analog.typical.thresholdHours.ketoacidosis! < regular.typical.thresholdHours.ketoacidosis!,
  );
});

test('interruption: the experiment is deterministic', () => {
  const again = interruptionExperiment({ populationSize: POPULATION_SIZE }).run({});
  assert.deepEqual(again.data, result.data);
  assert.deepEqual(again.tables, result.tables);
  assert.deepEqual(again.figures, result.figures);
  assert.deepEqual(again.notes, result.notes);
});

test('interruption: the typical course equals a plain minute-by-minute pump stop', () => {
  // An independent loop, as in src/physiology/ketones.calibration.test.ts: the fork at 6 h and
  // the resumption must not change the stop itself.
  const model = createHovorkaPatient({
    name: 'check',
    parameters: HOVORKA_NOMINAL,
    rapidInsulin: 'regular',
  });
  const x = model.steadyState(model.basalForGlucose(data.typical.targetGlucoseMgdl));
  const solver = modelIntegrator(model);
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  for (let minute = 0; minute < 6 * MINUTES_PER_HOUR; minute += 1) {
    assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
  }
  const sixHours = regular.typical.hourly[6]!;
  assert.ok(Math.abs(model.bohbMmolL(x) - sixHours.bohbMmolL) < 1e-12);
  assert.ok(Math.abs(model.plasmaGlucoseMgdl(x) - sixHours.glucoseMgdl) < 1e-9);
});

test('interruption: resuming the basal brings plasma insulin back toward basal', () => {
  const model = createHovorkaPatient({ name: 'check', parameters: HOVORKA_NOMINAL });
  const basal = model.basalForGlucose(120);
  const trace = simulatePumpStop({
    model,
    basalUnitsPerHour: basal,
    plan: LIEGE_PLAN,
    solver: rk4(),
    stats: emptyStats(),
  });
  const stopIndex = 6 * samplesPerHour;
  const end = trace.resumed.insulinMilliunitsPerL.length - 1;
  for (let i = 0; i <= stopIndex; i += 1) {
    assert.equal(trace.resumed.bohbMmolL[i], trace.unresumed.bohbMmolL[i]);
  }
  const basalInsulin = trace.basalInsulinMilliunitsPerL;
  assert.ok(trace.resumed.insulinMilliunitsPerL[end]! > 0.5 * basalInsulin);
  assert.ok(trace.resumed.insulinMilliunitsPerL[end]! <= basalInsulin * 1.0001);
  assert.ok(trace.unresumed.insulinMilliunitsPerL[end]! < 0.05 * basalInsulin);
  // Depot at the stop ≈ what a 2-compartment chain holds: 2·tmaxI minutes of basal (Hovorka).
  const expectedUnits = (basal * 2 * HOVORKA_NOMINAL.tmaxIMinutes) / MINUTES_PER_HOUR;
  assert.ok(Math.abs(trace.depotInsulinAtStopUnits - expectedUnits) < 1e-3 * expectedUnits);
});

test('interruption: tables and figures are well formed; progress reaches 1', () => {
  for (const table of result.tables) {
    assert.ok(table.rows.length > 0, table.title);
    for (const row of table.rows) assert.equal(row.length, table.columns.length, table.title);
  }
  assert.ok(result.figures.length >= 4);
  for (const figure of result.figures) {
    for (const series of figure.series)
      assert.equal(series.y.length, figure.x.length, figure.title);
  }
  assert.equal(progress.length, POPULATION_SIZE);
  assert.equal(progress[progress.length - 1], 1);
  assert.equal(data.population.size, POPULATION_SIZE);
  assert.equal(data.population.firstPatient, 'adult#001');
  assert.equal(EXPERIMENTS.interruption?.name, 'interruption');
});

test('interruption: options name the field, the value and the range', () => {
  assert.equal(parseInterruptionOptions({}).populationSize, 100);
  for (const bad of [0, 101, 2.5, Number.NaN]) {
    assert.throws(
      () => parseInterruptionOptions({ populationSize: bad }),
      (error: Error) => {
        return (
          error instanceof RangeError &&
          /populationSize: .*allowed an integer in \[1, 100\]/.test(error.message)
        );
      },
    );
  }
  assert.throws(() => parseInterruptionOptions({ patients: 3 }), RangeError);
});

test('interruption: quantiles (type 7) of a known sample', () => {
  const q = quantilesOf([5, 1, 4, 2, 3]);
  const expected = { p5: 1.2, p25: 2, p50: 3, p75: 4, p95: 4.8 };
  for (const [key, value] of Object.entries(expected)) {
    assert.ok(
      Math.abs(q[key as keyof typeof q] - value) < 1e-12,
      `${key}: ${q[key as keyof typeof q]}`,
    );
  }
});
