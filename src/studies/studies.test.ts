import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cohortTasks,
  parseCohort,
  reduceCohort,
  runCohortPatient,
  taskOf,
} from '../cohort/index.ts';
import { incidence } from '../outcomes/incidence.ts';
import { formatNumber, formatOptional } from '../report/format.ts';
import { STUDIES, findStudy } from './index.ts';
import { LIEGE_PATIENT_YEARS } from './published.ts';

const quick = { patients: 2, years: 0.06 };

function runStudy(name: string) {
  const study = findStudy(name);
  assert.ok(study !== undefined, name);
  const spec = parseCohort(study.cohort(quick));
  const summaries = Array.from({ length: cohortTasks(spec) }, (_, i) =>
    runCohortPatient(spec, taskOf(spec, i)),
  );
  const outcomes = reduceCohort(spec, summaries);
  return { spec, outcomes, result: study.report({ outcomes, summaries, options: quick }) };
}

test('every study parses at its design size, and scales down for a quick look', () => {
  for (const study of STUDIES) {
    const design = parseCohort(study.cohort({}));
    assert.ok(design.population.size >= 95, `${study.name}: ${design.population.size} patients`);
    assert.ok(design.arms.length >= 2);
    const small = parseCohort(study.cohort(quick));
    assert.equal(small.population.size, 2);
    assert.equal(small.duration.days, Math.round(0.06 * 365));
  }
  assert.equal(parseCohort(findStudy('liege-retrospective')!.cohort({})).duration.days, 5 * 365);
});

test('liege-retrospective: injections then pump for the same people, beside the series', () => {
  const { outcomes, result } = runStudy('liege-retrospective');
  assert.equal(result.kind, 'study');
  assert.deepEqual(
    outcomes.arms.map((a) => a.armId),
    ['injections', 'pump'],
  );
  const side = result.tables.find((t) => t.title === 'Simulated beside the Liège series');
  assert.ok(side !== undefined);
  assert.deepEqual(side.rows[0]?.slice(2), ['8.6 ± 1.3']);
  assert.equal(side.rows[1]?.[1], outcomes.arms[1]!.hba1cPercent.mean!.toFixed(2));
  // Published rates are the series' counts over its patient-years, with exact intervals.
  const severe = result.forests?.find((f) => f.title === 'Severe hypoglycaemia');
  const published = severe?.rows.find((r) => r.published === true);
  const expected = incidence(97, LIEGE_PATIENT_YEARS);
  assert.equal(published?.estimate, expected.ratePerPatientYear);
  assert.equal(published?.upper, expected.upperPerPatientYear);
  assert.equal(result.forests?.length, 4);
  // The note on severe hypoglycaemia gives both arms' rates as the table prints them.
  const [injections, pump] = outcomes.arms.map((a) =>
    formatOptional(a.severeHypoglycaemia?.ratePerPatientYear ?? null, 3),
  );
  const note = result.notes.find((n) => n.startsWith('Severe hypoglycaemia:'));
  assert.ok(note?.includes(`${injections} per patient-year on injections and ${pump} on the pump`));
  assert.equal(side.rows.find((r) => r[0] === 'Severe hypoglycaemia per patient-year')?.[1], pump);
  // The note on ketoacidosis sets the simulated technical rate beside the series' (11 of 28).
  const onPump = outcomes.arms[1]!;
  const dka = result.notes.find((n) => n.startsWith('Ketoacidosis:'));
  const technical = formatOptional(onPump.technicalKetoacidosis?.ratePerPatientYear ?? null, 3);
  assert.ok(dka?.includes(`${technical} of it after a failure of delivery`), dka);
  const seriesTechnical = incidence(11, LIEGE_PATIENT_YEARS).ratePerPatientYear.toFixed(3);
  assert.ok(dka?.includes(`11 of its 28 with a technical cause (${seriesTechnical} per`), dka);
});

test('insulin-choice: analog and regular arms, and the pump stop on the same patients', () => {
  const { outcomes, result } = runStudy('insulin-choice');
  assert.deepEqual(
    outcomes.arms.map((a) => a.armId),
    ['analog', 'regular'],
  );
  const stops = (
    result.data as {
      pumpStops: { insulin: string; patients: number; bohbMmolL: { p50: number }[] }[];
    }
  ).pumpStops;
  assert.deepEqual(
    stops.map((s) => [s.insulin, s.patients]),
    [
      ['rapid-analog', 2],
      ['regular', 2],
    ],
  );
  // With no insulin coming, BOHB rises from 2 to 6 h with either insulin.
  for (const s of stops) assert.ok(s.bohbMmolL[2]!.p50 > s.bohbMmolL[0]!.p50, s.insulin);
  // The analog depot empties sooner: more BOHB at 2 h than with regular insulin.
  assert.ok(stops[0]!.bohbMmolL[0]!.p50 > stops[1]!.bohbMmolL[0]!.p50);
});

test('injections-vs-pump: the pump costs more, and the difference table reads the arms', () => {
  const { outcomes, result } = runStudy('injections-vs-pump');
  const [injections, pump] = outcomes.arms;
  assert.ok(pump!.cost.eurPerPatientYear.mean! > injections!.cost.eurPerPatientYear.mean!);
  const [hba1c, glucose, insulin] = result.tables[1]?.rows ?? [];
  assert.equal(
    hba1c?.[1],
    formatNumber(pump!.hba1cPercent.mean! - injections!.hba1cPercent.mean!, 2),
  );
  assert.equal(
    glucose?.[1],
    formatNumber(pump!.meanGlucoseMgdl.mean! - injections!.meanGlucoseMgdl.mean!, 0),
  );
  const injected = injections!.insulinUnitsPerDay.mean!;
  assert.equal(
    insulin?.[1],
    formatNumber((100 * (pump!.insulinUnitsPerDay.mean! - injected)) / injected, 0),
  );
  assert.match(hba1c?.[2] ?? '', /-0\.21 .*-0\.51 \(Pickup, Mattock & Kerry 2002/);
});
