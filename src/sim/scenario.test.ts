import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario, ScenarioError } from './scenario.ts';

test('an empty scenario takes the documented defaults', () => {
  const s = parseScenario({});
  assert.equal(s.durationDays, 14);
  assert.deepEqual(s.patient, { source: 'population', index: 0 });
  assert.equal(s.therapy.kind, 'pump');
  assert.equal(s.insulin, 'rapid-analog');
  assert.equal(s.sensor.kind, 'cgm');
  assert.equal(s.behaviour.forgetBolusProbability, 0.05);
  assert.equal(s.behaviour.carbCountingCv, 0.2);
  assert.equal(s.outcomes.ketoacidosisBohbMmolL, 3);
  assert.equal(s.meals.kind, 'daily');
  assert.equal(s.meals.meals.length, 4);
});

const refusals: [string, unknown, RegExp][] = [
  ['duration', { durationDays: 0 }, /durationDays = 0: 1–366 days/],
  [
    'patient index',
    { patient: { source: 'population', index: 300 } },
    /patient\.index = 300: integer 0–99/,
  ],
  [
    'meal time',
    { meals: { kind: 'daily', meals: [{ time: '25:00', carbsGrams: 10 }] } },
    /meals\.meals\.0\.time = "25:00": a time of day HH:MM/,
  ],
  [
    'meal size',
    { meals: { kind: 'daily', meals: [{ time: '08:00', carbsGrams: 400 }] } },
    /meals\.meals\.0\.carbsGrams = 400: 0–250 g/,
  ],
  ['unknown field', { bogus: true }, /Unrecognized key: "bogus"/],
  [
    'behaviour',
    { behaviour: { forgetBolusProbability: 2 } },
    /behaviour\.forgetBolusProbability = 2: 0–1/,
  ],
  ['therapy', { therapy: { kind: 'magic' } }, /therapy\.kind/],
  [
    'faults slot',
    { faults: [{ kind: 'occlusion' }] },
    /faults = \[\{"kind":"occlusion"\}\]: no faults are supported yet/,
  ],
  ['seed', { seed: 1.5 }, /seed = 1\.5: integer/],
];

for (const [what, input, message] of refusals) {
  test(`a scenario with a bad ${what} is refused naming the path, the value and what is allowed`, () => {
    assert.throws(
      () => parseScenario(input),
      (error: unknown) => {
        assert.ok(error instanceof ScenarioError);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}
