import { noUsage } from '../sim/result.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_COST_MODEL, parseCostModel, patientYearCost, type CostUsage } from './cost.ts';
import { REFERENCE_PUMP_PATIENT_YEAR } from './costDefaults.ts';
import { runCohortPatient } from './patientRun.ts';
import { cohortTasks, parseCohort, taskOf } from './spec.ts';

// clinical.md, "Cost" (Liège series): routine adult follow-up 3,045 € per patient-year, ideal
// follow-up about 40 % more, 4,218 €.
const LIEGE_ROUTINE_EUR = 3045;
const LIEGE_IDEAL_EUR = 4218;

const within = (actual: number, expected: number, share: number, label: string) =>
  assert.ok(
    Math.abs(actual - expected) <= share * expected,
    `${label}: ${actual.toFixed(0)} € vs ${expected} € ± ${share * 100} %`,
  );

const reference = REFERENCE_PUMP_PATIENT_YEAR;

test('calibration: a default adult pump patient-year costs the Liège routine and ideal figures', () => {
  const routine = patientYearCost(DEFAULT_COST_MODEL, reference.usage, reference);
  within(routine.eurPerPatientYear, LIEGE_ROUTINE_EUR, 0.01, 'routine');
  const ideal = patientYearCost(DEFAULT_COST_MODEL, reference.usage, {
    ...reference,
    followUp: 'ideal',
  });
  within(ideal.eurPerPatientYear, LIEGE_IDEAL_EUR, 0.01, 'ideal');
  within(ideal.eurPerPatientYear / routine.eurPerPatientYear, 1.4, 0.02, 'ideal / routine');
});

test('a simulated default adult pump patient-year in routine follow-up costs 3,045 € ± 10 %', () => {
  // Three generated adults for 60 days each on the default pump without CGM (the series had
  // none). The person changes sets and tests glucose on schedule only: the calibration counts
  // planned activity, and unplanned set changes for high glucose or tests for a felt low are what
  // a cohort is run to find.
  const spec = parseCohort({
    name: 'cost check',
    seed: 2026,
    population: { size: 3 },
    duration: { days: 60 },
    arms: [
      {
        id: 'pump',
        sensor: { kind: 'none' },
        behaviour: {
          suspectDeliveryAboveMgdl: 500,
          ketoneCheckAboveMgdl: 500,
          hypoSymptomsBelowMgdl: 30,
        },
      },
    ],
  });
  const costs = Array.from(
    { length: cohortTasks(spec) },
    (_, i) => runCohortPatient(spec, taskOf(spec, i)).cost.eurPerPatientYear,
  );
  const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
  within(mean, LIEGE_ROUTINE_EUR, 0.1, `mean of ${costs.join(', ')}`);
});

const usage = fc.record({
  infusionSetChanges: fc.nat(400),
  reservoirFills: fc.nat(400),
  pumpReplacements: fc.nat(3),
  meterStrips: fc.nat(5000),
  ketoneStrips: fc.nat(200),
  penInjections: fc.nat(3000),
  cgmDays: fc.nat(730),
});
const drivers = fc.record({
  patientYears: fc.double({ min: 0.01, max: 5, noNaN: true }),
  pumpWorn: fc.boolean(),
  followUp: fc.constantFrom('routine' as const, 'ideal' as const),
});

test('the items add up to the total, and doubling usage and time leaves the yearly cost', () => {
  fc.assert(
    fc.property(usage, drivers, (u, d) => {
      const cost = patientYearCost(DEFAULT_COST_MODEL, u, d);
      const items = Object.values(cost.itemsEurPerPatientYear).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(items - cost.eurPerPatientYear) < 1e-9 * cost.eurPerPatientYear + 1e-9);
      const doubled = Object.fromEntries(
        Object.entries(u).map(([k, v]) => [k, 2 * v]),
      ) as unknown as CostUsage;
      const twice = patientYearCost(DEFAULT_COST_MODEL, doubled, {
        ...d,
        patientYears: 2 * d.patientYears,
      });
      assert.ok(Math.abs(twice.eurPerPatientYear - cost.eurPerPatientYear) < 1e-6);
    }),
  );
});

test('drivers: no pump on injections, sensors by days worn, visits by schedule', () => {
  const none: CostUsage = noUsage();
  const model = parseCostModel({ cgmSensor: { priceEur: 70, wearDays: 10 }, penNeedleEur: 0.2 });
  const mdi = patientYearCost(
    model,
    { ...none, penInjections: 1500, cgmDays: 365 },
    { patientYears: 1, pumpWorn: false, followUp: 'routine' },
  );
  assert.equal(mdi.itemsEurPerPatientYear.pump, 0);
  assert.equal(mdi.itemsEurPerPatientYear.penNeedles, 300);
  assert.equal(mdi.itemsEurPerPatientYear.cgmSensors, 36.5 * 70);
  assert.equal(mdi.itemsEurPerPatientYear.nurse, 4 * 50);
  const failed = patientYearCost(
    parseCostModel({ pump: { replacementPriceEur: 3000 } }),
    { ...none, pumpReplacements: 1 },
    { patientYears: 2, pumpWorn: true, followUp: 'ideal' },
  );
  assert.equal(failed.itemsEurPerPatientYear.pump, 4250 / 4 + 3000 / 2);
  assert.equal(failed.itemsEurPerPatientYear.nurse, 20 * 50);
});

test('a bad cost model is refused naming the field, the value and the range', () => {
  assert.throws(
    () => parseCostModel({ pump: { serviceLifeYears: 0 } }),
    /pump\.serviceLifeYears = 0: 0\.5–15 years/,
  );
  assert.throws(
    () => parseCostModel({ meterStripEur: 'cheap' }),
    /meterStripEur = "cheap": 0–100000 EUR/,
  );
  assert.throws(() => parseCostModel({ lancets: 1 }), /Unrecognized key: "lancets"/);
  assert.throws(
    () =>
      patientYearCost(DEFAULT_COST_MODEL, REFERENCE_PUMP_PATIENT_YEAR.usage, {
        ...reference,
        patientYears: 0,
      }),
    /patientYears = 0: a positive number/,
  );
});
