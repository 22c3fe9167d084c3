import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAdultPopulation } from '../physiology/population.ts';
import { roundBasal } from '../sim/pumpSettings.ts';
import { armPumpSettingsProblems } from './armPumpSettings.ts';
import { cohortPatientJob } from './farm/cohortPatientJob.ts';
import { prepareFarm } from './farm/farm.ts';
import { CohortError, parseCohort } from './spec.ts';

/** Below the pump's default basal (0.8 U/h) and some patients', above others'. */
const MAX_BASAL = 0.7;

function cohort(arms: object[]) {
  return {
    name: 'overrides',
    seed: 5,
    population: { size: 100, source: 'default-adult' },
    duration: { days: 7 },
    arms,
  };
}

const tooLowMaximum = { id: 'pump', pump: { maxBasalUnitsPerHour: MAX_BASAL } };

test("a maximum basal below some patients' basal is refused, naming the first, and counted", () => {
  const basals = defaultAdultPopulation().patients.map((p) =>
    roundBasal(p.clinical.basalUnitsPerHour),
  );
  // The pump compares whole milliunits an hour (0.025 × 28 is a hair above 0.7 as a double).
  const above = (basal: number) => Math.round(basal * 1000) > MAX_BASAL * 1000;
  const misfits = basals.flatMap((basal, index) => (above(basal) ? [index] : []));
  assert.ok(misfits.length > 1 && misfits.length < basals.length, 'some patients fit, some not');
  const first = misfits[0]!;
  // parseCohort checks the overrides apart from any patient: the maximum is a valid one.
  const spec = parseCohort(cohort([{ id: 'mdi', therapy: { kind: 'mdi' } }, tooLowMaximum]));
  const problems = armPumpSettingsProblems(spec);
  assert.equal(problems.length, 1);
  const line = problems[0]!;
  assert.ok(line.startsWith(`arms.1.pump does not fit patient ${first + 1} (`), line);
  assert.ok(line.includes(`basal ${basals[first]} U/h`), line);
  assert.ok(line.includes(`0–${MAX_BASAL} U/h (the maximum basal)`), line);
  assert.ok(line.endsWith(`, and ${misfits.length - 1} other patients`), line);
});

test('overrides that fit every patient, and the same overrides on injections, pass', () => {
  const fitting = { id: 'pump', pump: { maxBasalUnitsPerHour: 20, maxBolusUnits: 25 } };
  const onPens = { ...tooLowMaximum, id: 'mdi', therapy: { kind: 'mdi' } };
  assert.deepEqual(armPumpSettingsProblems(parseCohort(cohort([fitting, onPens]))), []);
});

test('a cohort run is refused before it starts when an arm does not fit a patient', () => {
  assert.throws(
    () => prepareFarm(cohortPatientJob, cohort([tooLowMaximum])),
    (error: unknown) =>
      error instanceof CohortError && /arms\.0\.pump does not fit patient/.test(error.message),
  );
});
