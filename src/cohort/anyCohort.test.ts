// Any valid cohort runs: random specifications (population sources, behaviour mixes, a dawn
// phenomenon, arms of every therapy with their own behaviour, sensors and faults, meal plans)
// reduce to outcomes for every arm that are finite where they must be, count each patient-year
// once, and are the same bytes twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  clock,
  fault,
  fieldsOf,
  meal,
  sensorFor,
  therapy,
} from '../../test/scenarioArbitraries.ts';
import { behaviourSchema } from '../therapy/behaviour.ts';
import { DAYS_PER_PATIENT_YEAR, runCohortPatient } from './patientRun.ts';
import { reduceCohort } from './reduce.ts';
import { cohortTasks, parseCohort, taskOf, type CohortSpecInput } from './spec.ts';

/** Shares for `count` groups that sum to 1 exactly (the last takes what is left). */
const shares = (count: number) =>
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: count, maxLength: count }).map((w) => {
    const total = w.reduce((sum, x) => sum + x, 0);
    const firsts = w.slice(0, -1).map((x) => x / total);
    return [...firsts, 1 - firsts.reduce((sum, x) => sum + x, 0)];
  });

const mix = fc
  .integer({ min: 1, max: 3 })
  .chain((count) =>
    fc
      .tuple(
        shares(count),
        fc.array(fieldsOf(behaviourSchema.shape), { minLength: count, maxLength: count }),
      )
      .map(([groupShares, behaviours]) =>
        groupShares.map((share, i) => ({ name: `group-${i}`, share, behaviour: behaviours[i]! })),
      ),
  );

const arm = fc.record(
  {
    therapy,
    insulin: fc.constantFrom('rapid-analog' as const, 'regular' as const),
    behaviour: fieldsOf(behaviourSchema.shape),
    cgm: fc.boolean(),
    faults: fc.array(fault, { maxLength: 2 }),
    followUp: fc.constantFrom('routine' as const, 'ideal' as const),
  },
  { requiredKeys: ['therapy', 'cgm'] },
);

const cohort: fc.Arbitrary<CohortSpecInput> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    size: fc.integer({ min: 1, max: 2 }),
    source: fc.constantFrom('generated' as const, 'default-adult' as const),
    mix: fc.option(mix, { nil: undefined }),
    dawnShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    days: fc.integer({ min: 1, max: 6 }),
    arms: fc.array(arm, { minLength: 1, maxLength: 3 }),
    meals: fc.array(meal, { maxLength: 4 }),
    checkTimes: fc.array(clock, { maxLength: 4 }),
    faults: fc.array(fault, { maxLength: 2 }),
  })
  .map((c) => ({
    name: 'any',
    seed: c.seed,
    population: {
      size: c.size,
      source: c.source,
      ...(c.mix === undefined ? {} : { mix: c.mix }),
      ...(c.dawnShare === undefined ? {} : { dawnPhenomenon: { share: c.dawnShare } }),
    },
    duration: { days: c.days },
    arms: c.arms.map(({ cgm, ...a }, i) => ({
      ...a,
      id: `arm-${i}`,
      behaviour: { ...a.behaviour, checkTimes: c.checkTimes },
      sensor: sensorFor(cgm, a.therapy.kind),
    })),
    meals: { kind: 'daily' as const, meals: c.meals },
    faults: c.faults,
  }));

test('any valid cohort reduces to outcomes for every arm, each patient-year once, the same bytes twice', () => {
  fc.assert(
    fc.property(cohort, (input) => {
      const spec = parseCohort(input);
      const run = () =>
        Array.from({ length: cohortTasks(spec) }, (_, i) =>
          runCohortPatient(spec, taskOf(spec, i)),
        );
      const summaries = run();
      const outcomes = reduceCohort(spec, summaries);
      assert.equal(outcomes.complete, true);
      assert.equal(outcomes.arms.length, spec.arms.length);
      const patientYears = (spec.population.size * spec.duration.days) / DAYS_PER_PATIENT_YEAR;
      for (const arm of outcomes.arms) {
        assert.ok(Math.abs(arm.patientYears - patientYears) < 1e-9, `${arm.patientYears} years`);
        const finite = [
          arm.hba1cPercent.mean,
          arm.meanGlucoseMgdl.mean,
          arm.insulinUnitsPerDay.mean,
          arm.cost.eurPerPatientYear.mean,
          ...Object.values(arm.timeInRangesPercent),
        ];
        for (const value of finite) assert.ok(Number.isFinite(value), `${arm.armId}: ${value}`);
        for (const rate of [arm.severeHypoglycaemia, arm.ketoacidosis, arm.abscesses]) {
          assert.ok(rate !== null && rate.ratePerPatientYear >= 0);
        }
      }
      assert.equal(JSON.stringify(run()), JSON.stringify(summaries));
    }),
    { numRuns: 25 },
  );
});
