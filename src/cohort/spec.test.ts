import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScenario } from '../sim/scenario.ts';
import { CohortError, cohortTasks, parseCohort, taskIndexOf, taskOf } from './spec.ts';

const minimal = {
  name: 'two arms',
  seed: 42,
  population: { size: 3 },
  duration: { days: 14 },
  arms: [{ id: 'pump' }, { id: 'mdi', therapy: { kind: 'mdi' } }],
};

test("a minimal cohort takes the scenario's defaults for each arm and the documented ones", () => {
  const spec = parseCohort(minimal);
  const scenario = parseScenario({});
  assert.equal(spec.population.source, 'generated');
  assert.equal(spec.population.mix, undefined);
  assert.deepEqual(spec.duration, { days: 14 });
  const [pump, mdi] = spec.arms;
  assert.deepEqual(pump?.therapy, scenario.therapy);
  assert.equal(pump?.insulin, scenario.insulin);
  assert.deepEqual(pump?.sensor, scenario.sensor);
  assert.deepEqual(pump?.site, scenario.site);
  assert.deepEqual(pump?.behaviour, {}, 'behaviour overrides stay overrides');
  assert.equal(pump?.followUp, 'routine');
  assert.equal(mdi?.therapy.kind, 'mdi');
  assert.deepEqual(spec.meals, scenario.meals);
  assert.deepEqual(spec.faults, []);
  assert.deepEqual(spec.outcomes, { ...scenario.outcomes, technicalCauseWindowHours: 24 });
  assert.equal(spec.cost.currency, 'EUR');
});

test('a duration in years is 365 simulated days a year', () => {
  assert.deepEqual(parseCohort({ ...minimal, duration: { years: 3 } }).duration, { days: 1095 });
  assert.deepEqual(parseCohort({ ...minimal, duration: { years: 0.5 } }).duration, { days: 183 });
});

const refusals: [string, unknown, RegExp][] = [
  [
    'population size',
    { population: { size: 0 } },
    /population\.size = 0: integer 1–10000 patients/,
  ],
  [
    'default-adult size',
    { population: { size: 101, source: 'default-adult' } },
    /population\.size = 101: integer 1–100 patients for source 'default-adult'/,
  ],
  [
    'mix share sum',
    {
      population: {
        size: 10,
        mix: [
          { name: 'careful', share: 0.5 },
          { name: 'forgetful', share: 0.3 },
        ],
      },
    },
    /population\.mix = \[0\.5,0\.3\]: shares summing to 1/,
  ],
  [
    'mix behaviour',
    {
      population: {
        size: 10,
        mix: [{ name: 'all', share: 1, behaviour: { forgetBolusProbability: 1.5 } }],
      },
    },
    /population\.mix\.0\.behaviour\.forgetBolusProbability = 1\.5: 0–1/,
  ],
  ['duration', { duration: { days: 36_501 } }, /duration\.days = 36501: integer 1–36500 days/],
  [
    'duration shape',
    { duration: { weeks: 2 } },
    /duration = \{"weeks":2\}: \{ days: 1–36500 \} or/,
  ],
  ['arm count', { arms: [] }, /arms = \[\]: 1–8 arms/],
  [
    'arm count (too many)',
    { arms: Array.from({ length: 9 }, (_, i) => ({ id: `a${i}` })) },
    /arms = .*: 1–8 arms/,
  ],
  [
    'duplicate arm id',
    { arms: [{ id: 'a' }, { id: 'a' }] },
    /arms\.1\.id = "a": an id no other arm/,
  ],
  [
    'arm behaviour',
    { arms: [{ id: 'a', behaviour: { setChangeHours: 12 } }] },
    /arms\.0\.behaviour\.setChangeHours = 12: 24–168 h/,
  ],
  [
    'arm pump setting',
    { arms: [{ id: 'a', pump: { maxBolusUnits: 200 } }] },
    /arms\.0\.pump\.maxBolusUnits = 200: 0\.1–75 U/,
  ],
  ['arm insulin', { arms: [{ id: 'a', insulin: 'lispro-x' }] }, /arms\.0\.insulin = "lispro-x"/],
  [
    'arm sensor for a closed loop',
    {
      arms: [{ id: 'a' }, { id: 'b', therapy: { kind: 'closed-loop' }, sensor: { kind: 'none' } }],
    },
    /arms\.1\.sensor\.kind = "none": "cgm" for a closed loop/,
  ],
  [
    'fault rate',
    { faults: [{ kind: 'dislodgement', ratePerPatientYear: 400 }] },
    /faults\.0\.ratePerPatientYear = 400: 0–365 per patient-year/,
  ],
  [
    'fault after the end',
    { faults: [{ kind: 'dislodgement', at: { day: 15, time: '08:00' } }] },
    /faults\.0\.at = \{"day":15,"time":"08:00"\}: within the run, 0–20159 minutes/,
  ],
  [
    'technical-cause window',
    { outcomes: { technicalCauseWindowHours: 200 } },
    /outcomes\.technicalCauseWindowHours = 200: 0–168 h/,
  ],
  ['cost price', { cost: { infusionSetEur: -2 } }, /cost\.infusionSetEur = -2: 0–100000 EUR/],
  ['list meals', { meals: { kind: 'list', meals: [] } }, /meals = .*: a daily plan/],
  ['seed', { seed: 2 ** 32 }, /seed = 4294967296: integer 0–4294967295/],
  ['unknown field', { workers: 4 }, /Unrecognized key: "workers"/],
];

for (const [what, change, message] of refusals) {
  test(`a cohort with a bad ${what} is refused naming the path, the value and the range`, () => {
    assert.throws(
      () => parseCohort({ ...minimal, ...(change as object) }),
      (error: unknown) => {
        assert.ok(error instanceof CohortError);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

test('every problem of a cohort is listed, not only the first', () => {
  assert.throws(
    () => parseCohort({ ...minimal, seed: -1, population: { size: 0 } }),
    (error: unknown) => error instanceof CohortError && error.problems.length === 2,
  );
});

test('tasks number arms × patients; task i is patient ⌊i / arms⌋ in arm i mod arms', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 50 }), (arms, size) => {
      const spec = parseCohort({
        ...minimal,
        population: { size },
        arms: Array.from({ length: arms }, (_, i) => ({ id: `arm${i}` })),
      });
      assert.equal(cohortTasks(spec), arms * size);
      const seen = new Set<string>();
      for (let i = 0; i < cohortTasks(spec); i += 1) {
        const task = taskOf(spec, i);
        assert.deepEqual(task, { patientIndex: Math.floor(i / arms), armIndex: i % arms });
        assert.equal(taskIndexOf(spec, task), i);
        seen.add(`${task.patientIndex}/${task.armIndex}`);
      }
      assert.equal(seen.size, arms * size);
      assert.throws(() => taskOf(spec, arms * size), /taskIndex/);
    }),
    { numRuns: 30 },
  );
});
