import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScenario } from '../sim/scenario.ts';
import { applyOverrides, parseOverride } from './scenarioOverrides.ts';

const segment = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}$/);
const path = fc.array(segment, { minLength: 1, maxLength: 4 });

test('PATH=VALUE reads the path by its dots and the value as JSON, else as text', () => {
  fc.assert(
    fc.property(path, fc.jsonValue(), (parts, value) => {
      const parsed = parseOverride(`${parts.join('.')}=${JSON.stringify(value)}`);
      assert.deepEqual(parsed.path, parts);
      assert.deepEqual(parsed.value, JSON.parse(JSON.stringify(value)));
    }),
  );
  assert.deepEqual(parseOverride('therapy.kind=mdi'), { path: ['therapy', 'kind'], value: 'mdi' });
  assert.deepEqual(parseOverride('start.date=2026-03-01').value, '2026-03-01');
  assert.deepEqual(parseOverride('name=a=b').value, 'a=b');
});

test('an assignment without a path is refused, saying what is expected', () => {
  for (const text of ['seed', '=7', 'patient..index=3', '.seed=1', 'seed.=1']) {
    assert.throws(() => parseOverride(text), /--set .*: expected PATH=VALUE/);
  }
});

test('an override sets its field, keeps every other and never changes its input', () => {
  const scenario = fc.dictionary(segment, fc.jsonValue(), { maxKeys: 5 });
  fc.assert(
    fc.property(scenario, path, fc.jsonValue(), (input, parts, value) => {
      const before = JSON.stringify(input);
      let result: unknown;
      try {
        result = applyOverrides(input, [{ path: parts, value }]);
      } catch (error) {
        // Only a path through a value without fields is refused.
        assert.match((error as Error).message, /not an object with fields/);
        return;
      } finally {
        assert.equal(JSON.stringify(input), before);
      }
      let read: unknown = result;
      for (const part of parts) read = (read as Record<string, unknown>)[part];
      assert.deepEqual(read, value);
      const [first] = parts;
      for (const key of Object.keys(input).filter((k) => k !== first)) {
        assert.deepEqual((result as Record<string, unknown>)[key], input[key]);
      }
    }),
  );
});

test('missing objects on the path are created; an array is entered by index', () => {
  const input = { meals: { kind: 'daily', meals: [{ time: '07:30' }, { time: '12:30' }] } };
  assert.deepEqual(
    applyOverrides(input, [
      parseOverride('meals.meals.1.carbsGrams=60'),
      parseOverride('patient.index=12'),
    ]),
    {
      meals: { kind: 'daily', meals: [{ time: '07:30' }, { time: '12:30', carbsGrams: 60 }] },
      patient: { index: 12 },
    },
  );
  assert.throws(
    () => applyOverrides({ seed: 3 }, [parseOverride('seed.value=1')]),
    /--set seed\.value: seed is 3, not an object with fields/,
  );
});

test('a path reaches into the defaults where the input has none, and only there', () => {
  const defaultsOf = (input: unknown) => parseScenario(input);
  const preset = Object.freeze({ name: 'p', therapy: Object.freeze({ kind: 'pump' }) });
  const set = (text: string) => applyOverrides(preset, [parseOverride(text)], defaultsOf);
  const slow = parseScenario(set('meals.meals.3.slowShare=0.3'));
  const defaults = parseScenario(preset);
  assert.deepEqual(slow.meals.meals.slice(0, 3), defaults.meals.meals.slice(0, 3));
  assert.deepEqual(slow.meals.meals[3], { ...defaults.meals.meals[3], slowShare: 0.3 });
  // A field whose default is none is created, as without defaults.
  const dawn = parseScenario(set('patient.dawnPhenomenon.peakIncreasePercent=30'));
  assert.equal(dawn.patient.source === 'population' && dawn.patient.dawnPhenomenon?.peak, '06:40');
  // What the input has is kept: the defaults fill only what is missing.
  assert.deepEqual(set('therapy.kind=mdi'), { name: 'p', therapy: { kind: 'mdi' } });
  // Without defaults (or for an invalid scenario) a missing list is an object, as before.
  assert.deepEqual(applyOverrides({}, [parseOverride('meals.meals.3.slowShare=0.3')]), {
    meals: { meals: { 3: { slowShare: 0.3 } } },
  });
});

test('another kind or source starts the object afresh; the same one keeps its fields', () => {
  const preset = Object.freeze({
    therapy: Object.freeze({ kind: 'mdi', basalInsulin: 'nph', penStepUnits: 0.5 }),
    sensor: Object.freeze({ kind: 'cgm', dropoutProbability: 0.01 }),
  });
  const set = (...texts: string[]) => applyOverrides(preset, texts.map(parseOverride));
  assert.deepEqual(set('therapy.kind=pump'), { ...preset, therapy: { kind: 'pump' } });
  assert.deepEqual(set('sensor.kind=none'), { ...preset, sensor: { kind: 'none' } });
  assert.deepEqual(set('therapy.kind=mdi'), preset);
  // Fields set after the new kind stay with it.
  assert.deepEqual(set('sensor.kind=none', 'sensor.kind=cgm', 'sensor.dropoutMeanMinutes=60'), {
    ...preset,
    sensor: { kind: 'cgm', dropoutMeanMinutes: 60 },
  });
  // The presets switch as users would switch them.
  assert.equal(parseScenario(set('therapy.kind=pump')).therapy.kind, 'pump');
  assert.equal(parseScenario(set('sensor.kind=none', 'therapy.kind=pump')).sensor.kind, 'none');
});
