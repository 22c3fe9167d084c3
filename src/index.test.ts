import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as opencsii from './index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  main: string;
  types: string;
  exports: { '.': { types: string; default: string } };
};

/** The source a built path comes from: dist/x.js and dist/x.d.ts are built from src/x.ts. */
function sourceOf(built: string): string {
  return built.replace(/^\.?\/?dist\//, 'src/').replace(/(\.d)?\.ts$|\.js$/, '.ts');
}

test("the package's entry points are built from a source that exists", () => {
  const entries = [
    manifest.main,
    manifest.types,
    manifest.exports['.'].default,
    manifest.exports['.'].types,
  ];
  for (const entry of entries) {
    assert.equal(sourceOf(entry), 'src/index.ts', entry);
    assert.ok(existsSync(`${root}${sourceOf(entry)}`), entry);
  }
});

test('the entry offers what the architecture lists: simulate, cohorts, the engine, models, metrics', () => {
  for (const name of [
    'simulate',
    'parseScenario',
    'runCohort',
    'PumpEngine',
    'recommendBolus',
    'virtualPatientModel',
    'defaultAdultPopulation',
    'createUvaPadovaPatient',
    'createCgm',
    'glucoseMetrics',
    'agp',
    'createController',
    'renderSimulationReport',
  ]) {
    assert.equal(typeof (opencsii as Record<string, unknown>)[name], 'function', name);
  }
});

test('a day simulated through the entry gives a summary', () => {
  const result = opencsii.simulate({ name: 'entry', durationDays: 1, therapy: { kind: 'pump' } });
  assert.equal(result.durationDays, 1);
  assert.ok(result.summary.plasma.meanMgdl > 70 && result.summary.plasma.meanMgdl < 250);
});
