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
    'fault time',
    { durationDays: 3, faults: [{ kind: 'dislodgement', at: { day: 5, time: '23:00' } }] },
    /faults\.0\.at = \{"day":5,"time":"23:00"\}: within the run, 0–4319 minutes from the start \(day 1–3\)/,
  ],
  [
    'fault rate',
    { faults: [{ kind: 'occlusion', ratePerPatientYear: -1 }] },
    /faults\.0\.ratePerPatientYear = -1: 0–365 per patient-year/,
  ],
  [
    'fault magnitude',
    { faults: [{ kind: 'occlusion', at: { minutes: 10 }, magnitude: 2 }] },
    /faults\.0\.magnitude = 2: 0–1/,
  ],
  [
    'fault kind',
    { faults: [{ kind: 'gremlins', at: { minutes: 10 } }] },
    /faults\.0\.kind = "gremlins"/,
  ],
  [
    'fault with both a time and a rate',
    { faults: [{ kind: 'dislodgement', at: { minutes: 10 }, ratePerPatientYear: 1 }] },
    /give either at \(a time\) or ratePerPatientYear \(a rate\), not both/,
  ],
  ['seed', { seed: 1.5 }, /seed = 1\.5: integer/],
  [
    "slow meal's fat",
    {
      meals: {
        kind: 'list',
        meals: [{ atMinutes: 0, carbsGrams: 50, slow: true, slowFatGrams: 200 }],
      },
    },
    /meals\.meals\.0\.slowFatGrams = 200: 0–150 g/,
  ],
  [
    "dual wave's extra",
    { behaviour: { dualWaveExtraPercent: 150 } },
    /behaviour\.dualWaveExtraPercent = 150: 0–100 %/,
  ],
  [
    'patient without its source',
    { patient: { index: 3 } },
    /patient\.source is missing: .*'population' \| 'generated' \| 'simglucose'/,
  ],
  [
    'listed meal without its time',
    { meals: { kind: 'list', meals: [{ carbsGrams: 30 }] } },
    /meals\.meals\.0\.atMinutes is missing: /,
  ],
  [
    'sensor for a closed loop',
    { therapy: { kind: 'closed-loop' }, sensor: { kind: 'none' } },
    /sensor\.kind = "none": "cgm" for a closed loop/,
  ],
  // A union's discriminator names its own value, not the object it sits in.
  ['therapy kind', { therapy: { kind: 'x' } }, /therapy\.kind = "x": .*'pump' \| 'mdi'/],
  ['meal plan kind', { meals: { kind: 'weekly' } }, /meals\.kind = "weekly": .*'daily' \| 'list'/],
  [
    'listed meal',
    { meals: { kind: 'list', meals: [{ atMinutes: 60, carbsGrams: 300 }] } },
    /meals\.meals\.0\.carbsGrams = 300: 0–250 g/,
  ],
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
