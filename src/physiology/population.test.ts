import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Population, PopulationOptionsInput } from './population.ts';
import {
  DEFAULT_ADULT_POPULATION,
  defaultAdultPopulation,
  drawCandidate,
  generatePopulation,
  REJECTION_REASONS,
  virtualPatientModel,
} from './population.ts';
import { PARAMETER_DRAWS } from './populationDistributions.ts';
import { rk4 } from './solvers/rk4.ts';
import { emptyStats } from './solvers/types.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../units/index.ts';

const population: Population = defaultAdultPopulation();
const patients = population.patients;

test('population: the default is 100 adults with unique ids and names', () => {
  assert.equal(patients.length, 100);
  assert.equal(new Set(patients.map((p) => p.id)).size, 100);
  assert.equal(new Set(patients.map((p) => p.name)).size, 100);
  assert.equal(patients[0]!.name, 'adult#001');
  const rejected = REJECTION_REASONS.reduce((sum, r) => sum + population.rejections[r], 0);
  assert.equal(population.candidatesDrawn, patients.length + rejected);
});

test('population: every patient holds glucose within ±2 mg/dL for 24 h on its own basal', () => {
  const solver = rk4();
  const stats = emptyStats();
  let worstMgdl = 0;
  for (const patient of patients) {
    const model = virtualPatientModel(patient);
    const basal = patient.clinical.basalUnitsPerHour;
    const x = model.steadyState(basal);
    const startMgdl = model.plasmaGlucoseMgdl(x);
    assert.ok(Math.abs(startMgdl - patient.clinical.targetGlucoseMgdl) < 1e-6);
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      solver.advance(model, x, minute, minute + 1, inputs, stats);
      const drift = Math.abs(model.plasmaGlucoseMgdl(x) - startMgdl);
      if (drift > worstMgdl) worstMgdl = drift;
      assert.ok(drift <= 2, `${patient.name}: glucose drifted ${drift} mg/dL at minute ${minute}`);
    }
    assert.ok(
      Math.abs(model.bohbMmolL(x) - 0.1) < 1e-3,
      `${patient.name}: BOHB ${model.bohbMmolL(x)}`,
    );
  }
  console.log(`largest 24-h drift on basal over ${patients.length} patients: ${worstMgdl} mg/dL`);
});

test('population: the clinical rules hold for every patient', () => {
  const o = population.options;
  for (const p of patients) {
    const c = p.clinical;
    const where = `${p.name}: ${JSON.stringify(c)}`;
    assert.equal(c.bodyWeightKg, p.parameters.bodyWeightKg, where);
    assert.ok(c.bodyWeightKg >= 65 && c.bodyWeightKg <= 95, where);
    assert.ok(c.basalUnitsPerHour >= 0.3 && c.basalUnitsPerHour <= 3, where);
    const tddPerKg = c.totalDailyDoseUnits / c.bodyWeightKg;
    assert.ok(tddPerKg >= 0.3 && tddPerKg <= 1.2, where);
    const expectedTdd = 24 * c.basalUnitsPerHour + (2.5 * c.bodyWeightKg) / c.carbRatioGramsPerUnit;
    assert.ok(Math.abs(c.totalDailyDoseUnits - expectedTdd) < 1e-9, where);
    assert.ok(c.correctionFactorMgdlPerUnit >= 5 && c.correctionFactorMgdlPerUnit <= 400, where);
    assert.equal(c.targetGlucoseMgdl, o.targetGlucoseMgdl);
    assert.ok(c.carbRatioGramsPerUnit >= 2 && c.carbRatioGramsPerUnit < 200, where);
    const model = virtualPatientModel(p);
    assert.ok(
      Math.abs(model.basalForGlucose(c.targetGlucoseMgdl) - c.basalUnitsPerHour) < 1e-12,
      where,
    );
    for (const spec of PARAMETER_DRAWS) {
      const value = p.parameters[spec.parameter];
      const ends = spec.bounds.map(spec.toParameter);
      assert.ok(value >= Math.min(...ends) - 1e-15 && value <= Math.max(...ends) + 1e-15, where);
    }
  }
  const summary = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    const q = (f: number) => s[Math.round(f * (s.length - 1))]!.toFixed(2);
    return `${q(0)} / ${q(0.25)} / ${q(0.5)} / ${q(0.75)} / ${q(1)}`;
  };
  console.log(
    [
      `default population: ${population.candidatesDrawn} candidates, rejections ${JSON.stringify(population.rejections)}`,
      'min / 25th / median / 75th / max',
      `basal U/h          ${summary(patients.map((p) => p.clinical.basalUnitsPerHour))}`,
      `TDD U/kg/day       ${summary(patients.map((p) => p.clinical.totalDailyDoseUnits / p.clinical.bodyWeightKg))}`,
      `basal share of TDD ${summary(patients.map((p) => (24 * p.clinical.basalUnitsPerHour) / p.clinical.totalDailyDoseUnits))}`,
      `carb ratio g/U     ${summary(patients.map((p) => p.clinical.carbRatioGramsPerUnit))}`,
      `correction mg/dL/U ${summary(patients.map((p) => p.clinical.correctionFactorMgdlPerUnit))}`,
    ].join('\n'),
  );
});

test('population: after a 50 g meal and its bolus, glucose comes back to pre-meal and no lower', () => {
  // Over 12 h: a slow insulin still lowers glucose 8–10 h after the meal, and a carb ratio judged
  // at 5 h let glucose fall into the night.
  const solver = rk4();
  let slow = 0;
  for (const p of patients.slice(0, 20)) {
    const model = virtualPatientModel(p);
    const basal = p.clinical.basalUnitsPerHour;
    const x = model.steadyState(basal);
    const before = model.plasmaGlucoseMgdl(x);
    model.applyMeal(x, 50);
    model.applyInsulinDose(x, 'rapid', 50 / p.clinical.carbRatioGramsPerUnit);
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    let peak = before;
    let lowest = Infinity;
    let lowestAt = 0;
    for (let minute = 1; minute <= 720; minute += 1) {
      solver.advance(model, x, minute - 1, minute, inputs, emptyStats());
      const glucose = model.plasmaGlucoseMgdl(x);
      peak = Math.max(peak, glucose);
      if (minute >= 60 && glucose < lowest) [lowest, lowestAt] = [glucose, minute];
    }
    assert.ok(Math.abs(lowest - before) < 0.5, `${p.name}: lowest ${lowest} vs ${before}`);
    assert.ok(peak > before + 5, `${p.name}: the meal raised glucose by ${peak - before} mg/dL`);
    if (lowestAt > 300) slow += 1;
  }
  // The rule matters: for some patients the lowest glucose comes after the old 5-hour check.
  assert.ok(slow >= 2, `${slow} of 20 patients reach their lowest glucose after 5 h`);
});

test('population: a correction by the factor, 3 h after a meal without a bolus, lands at the target', () => {
  // The factor of the 1800 rule, used before, took 21 of the built-in 100 below 70 mg/dL here
  // (8 below 54): in the model, basal insulin alone brings high glucose part of the way down, and
  // a unit acts more or less than the rule assumes.
  const solver = rk4();
  let belowBy1800 = 0;
  const lowestAfterCorrection = (p: (typeof patients)[number], factorMgdlPerUnit: number) => {
    const model = virtualPatientModel(p);
    const basal = p.clinical.basalUnitsPerHour;
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    const x = model.steadyState(basal);
    model.applyMeal(x, 50);
    for (let minute = 0; minute < 180; minute += 1)
      solver.advance(model, x, minute, minute + 1, inputs, emptyStats());
    const high = model.plasmaGlucoseMgdl(x);
    model.applyInsulinDose(x, 'rapid', (high - p.clinical.targetGlucoseMgdl) / factorMgdlPerUnit);
    let lowest = Infinity;
    for (let minute = 180; minute < 180 + 480; minute += 1) {
      solver.advance(model, x, minute, minute + 1, inputs, emptyStats());
      lowest = Math.min(lowest, model.plasmaGlucoseMgdl(x));
    }
    return { high, lowest };
  };
  for (const p of patients.slice(0, 20)) {
    const { high, lowest } = lowestAfterCorrection(p, p.clinical.correctionFactorMgdlPerUnit);
    const target = p.clinical.targetGlucoseMgdl;
    assert.ok(high > target + 50, `${p.name}: ${high} mg/dL 3 h after the meal`);
    assert.ok(Math.abs(lowest - target) < 0.5, `${p.name}: lowest ${lowest} mg/dL`);
    if (lowestAfterCorrection(p, 1800 / p.clinical.totalDailyDoseUnits).lowest < 70)
      belowBy1800 += 1;
  }
  assert.ok(belowBy1800 >= 5, `${belowBy1800} of 20 below 70 mg/dL by the 1800 rule`);
});

test('population: the same seed gives the same people; a patient redraws alone from its seed', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 1, max: 3 }),
      (seed, count) => {
        const a = generatePopulation({ seed, count });
        const b = generatePopulation({ seed, count });
        assert.deepEqual(a, b);
        const last = a.patients[count - 1]!;
        const alone = drawCandidate(last.seed, a.options);
        assert.ok(alone.accepted);
        assert.deepEqual(alone.patient.parameters, last.parameters);
      },
    ),
    { numRuns: 8 },
  );
  const other = generatePopulation({ ...DEFAULT_ADULT_POPULATION, seed: 7, count: 3 });
  assert.notDeepEqual(other.patients[0]!.parameters, patients[0]!.parameters);
  // A larger cohort of the same seed starts with the same people.
  const firstThree = generatePopulation({ ...DEFAULT_ADULT_POPULATION, count: 3 });
  assert.deepEqual(
    firstThree.patients.map((p) => p.parameters),
    patients.slice(0, 3).map((p) => p.parameters),
  );
});

test('population: bad options are refused, naming the field, the value and the range', () => {
  const cases: [unknown, RegExp][] = [
    [{ seed: 1.5, count: 2 }, /seed: 1\.5, allowed an integer in \[0, 4294967295\]/],
    [{ seed: -1, count: 2 }, /seed: -1, allowed an integer in \[0, 4294967295\]/],
    [{ seed: 1, count: 0 }, /count: 0, allowed an integer in \[1, 10000\]/],
    [{ seed: 1, count: 10_001 }, /count: 10001, allowed an integer in \[1, 10000\]/],
    [{ seed: 1, count: '3' }, /count: "3" is not a number/],
    [
      { seed: 1, count: 2, bodyWeightKg: { min: 20, max: 80 } },
      /bodyWeightKg\.min: 20, allowed \[30, 200\]/,
    ],
    [{ seed: 1, count: 2, bodyWeightKg: { min: 90, max: 70 } }, /bodyWeightKg: min 90 > max 70/],
    [{ seed: 1, count: 2, targetGlucoseMgdl: 200 }, /targetGlucoseMgdl: 200, allowed \[90, 160\]/],
    [
      { seed: 1, count: 2, totalDailyDoseUnitsPerKg: { min: 0.3, max: 5 } },
      /totalDailyDoseUnitsPerKg\.max: 5, allowed \[0\.1, 3\]/,
    ],
    [
      { seed: 1, count: 2, basalUnitsPerHour: { min: 0, max: 3 } },
      /basalUnitsPerHour\.min: 0, allowed \[0\.05, 10\]/,
    ],
    [{ seed: 1, count: 2, dailyCarbsGramsPerKg: Number.NaN }, /dailyCarbsGramsPerKg: NaN/],
    [{ seed: 1, count: 2, namePrefix: 'a b' }, /namePrefix: "a b"/],
    [
      { seed: 1, count: 2, maxCandidates: 0 },
      /maxCandidates: 0, allowed an integer in \[1, 10000000\]/,
    ],
    [{ seed: 1, count: 2, colour: 'red' }, /colour/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => generatePopulation(options as PopulationOptionsInput),
      (error: Error) => error instanceof RangeError && message.test(error.message),
      JSON.stringify(options),
    );
  }
});

test('population: a candidate budget too small for the rules is reported, not looped on', () => {
  assert.throws(
    () =>
      generatePopulation({
        seed: 1,
        count: 5,
        maxCandidates: 5,
        totalDailyDoseUnitsPerKg: { min: 1.1, max: 1.2 },
      }),
    (error: Error) =>
      error instanceof RangeError &&
      /maxCandidates = 5/.test(error.message) &&
      /tdd-out-of-range/.test(error.message),
  );
});

test('population: narrower bounds are obeyed', () => {
  const narrow = generatePopulation({
    seed: 3,
    count: 4,
    bodyWeightKg: { min: 70, max: 71 },
    basalUnitsPerHour: { min: 0.5, max: 1 },
    targetGlucoseMgdl: 110,
  });
  for (const p of narrow.patients) {
    assert.ok(p.clinical.bodyWeightKg >= 70 && p.clinical.bodyWeightKg <= 71);
    assert.ok(p.clinical.basalUnitsPerHour >= 0.5 && p.clinical.basalUnitsPerHour <= 1);
    assert.equal(p.clinical.targetGlucoseMgdl, 110);
    const model = virtualPatientModel(p);
    assert.ok(
      Math.abs(model.plasmaGlucoseMgdl(model.steadyState(p.clinical.basalUnitsPerHour)) - 110) <
        1e-6,
    );
  }
  assert.match(narrow.rules.target, /110 mg\/dL/);
});
