import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../sim/index.ts';
import { parseScenario } from '../sim/scenario.ts';
import { renderScenarioSection, scenarioRows } from './scenarioSection.ts';

test('a scenario reads as one row per field, a list of records as a row per record', () => {
  const rows = new Map(scenarioRows(parseScenario({ behaviour: { forgetBolusProbability: 0.3 } })));
  assert.equal(rows.get('behaviour.forgetBolusProbability'), '0.3');
  assert.equal(rows.get('behaviour.checkTimes'), '22:30');
  assert.equal(rows.get('patient.index'), '0');
  assert.equal(rows.get('faults'), 'none');
  assert.equal(rows.get('pump'), 'none set');
  assert.equal(
    rows.get('meals.meals[0]'),
    'time 07:30, carbsGrams 45, timeSdMinutes 20, carbsCv 0.15, probability 1, slowShare 0, ' +
      'slowOverMinutes 180, slowFatGrams 60',
  );
  assert.deepEqual(scenarioRows({ a: [{ b: { c: 1 } }] }), [['a[0]', 'b {"c":1}']]);
});

test('the result carries the scenario as run, and the report shows each field of it', () => {
  const input = { durationDays: 1, seed: 9, behaviour: { carbCountingCv: 0.35 } };
  const result = simulate(input);
  assert.deepEqual(result.scenario, parseScenario(input));
  const html = renderScenarioSection(result);
  assert.match(html, /<code>behaviour\.carbCountingCv<\/code><\/td><td>0\.35</);
  assert.match(html, /<code>seed<\/code><\/td><td>9</);
  const rows = html.split('<tr>').length - 2;
  assert.equal(rows, scenarioRows(result.scenario).length);
  assert.match(html, new RegExp(`Show the ${rows} fields`));
});
