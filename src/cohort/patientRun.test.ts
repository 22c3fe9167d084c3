import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../sim/run.ts';
import {
  runCohortPatient,
  segmentScenario,
  segmentsOf,
  type PatientSummary,
} from './patientRun.ts';
import { patientSeed, segmentSeed } from './seeds.ts';
import { cohortTasks, parseCohort, taskOf, type CohortSpec } from './spec.ts';

const twoArms = parseCohort({
  name: 'analog versus regular',
  seed: 2026,
  population: { size: 2 },
  duration: { days: 7 },
  arms: [
    { id: 'analog', insulin: 'rapid-analog' },
    { id: 'regular', insulin: 'regular' },
  ],
});

function runAll(spec: CohortSpec): PatientSummary[] {
  return Array.from({ length: cohortTasks(spec) }, (_, i) =>
    runCohortPatient(spec, taskOf(spec, i)),
  );
}

test('the same spec gives identical summaries, also when the spec went through JSON', () => {
  const first = runAll(twoArms);
  const viaJson = parseCohort(JSON.parse(JSON.stringify(twoArms)));
  assert.deepEqual(viaJson, twoArms);
  assert.equal(JSON.stringify(runAll(viaJson)), JSON.stringify(first));
  for (const summary of first) {
    const size = JSON.stringify(summary).length;
    assert.ok(size < 4000, `a week's summary is small: ${size} characters`);
  }
});

test('arms are paired: the same patients, drawn from their own seeds, live the same days', () => {
  const summaries = runAll(twoArms);
  const byPatient = [0, 1].map((p) => summaries.filter((s) => s.task.patientIndex === p));
  for (const [p, [analog, regular]] of byPatient.entries()) {
    assert.ok(analog !== undefined && regular !== undefined);
    assert.deepEqual(analog.patient, regular.patient);
    assert.equal(analog.patient.seed, patientSeed(2026, p));
    assert.deepEqual(
      analog.years.map((y) => y.seed),
      [segmentSeed(2026, p, 0)],
    );
    assert.deepEqual(
      analog.years.map((y) => y.seed),
      regular.years.map((y) => y.seed),
    );
    // The arm's insulin changes the outcome, so the arm really is applied.
    assert.notEqual(analog.years[0]?.meanGlucoseMgdl, regular.years[0]?.meanGlucoseMgdl);
  }
  const [first, second] = byPatient.map((pair) => pair[0]);
  assert.notEqual(first?.patient.seed, second?.patient.seed);
  assert.notEqual(first?.years[0]?.seed, second?.years[0]?.seed);
});

test('a 400-day run is two segments, 365 and 35 days, counted as 400 days of follow-up', () => {
  assert.deepEqual(segmentsOf(400), [
    { index: 0, fromDay: 0, days: 365 },
    { index: 1, fromDay: 365, days: 35 },
  ]);
  assert.deepEqual(
    segmentsOf(730).map((s) => s.days),
    [365, 365],
  );
  assert.equal(segmentsOf(1).length, 1);
});

test('a year longer than 90 days gives HbA1c from the mean plasma glucose of its last 90 days', () => {
  const spec = parseCohort({
    name: 'two segments',
    seed: 9,
    population: { size: 1 },
    duration: { days: 400 },
    arms: [{ id: 'pump' }],
  });
  const summary = runCohortPatient(spec, { patientIndex: 0, armIndex: 0 });
  assert.equal(summary.years.length, 2);
  assert.deepEqual(
    summary.years.map((y) => [y.year, y.days, y.hba1cWindowDays]),
    [
      [1, 365, 90],
      [2, 35, 35],
    ],
  );
  assert.equal(summary.days, 400);
  assert.equal(summary.patientYears, 400 / 365.25);
  assert.equal(summary.usage.cgmDays, 400);
  assert.notEqual(summary.years[0]?.seed, summary.years[1]?.seed);

  // Year 1 again, alone: the mean of its last 90 days of plasma glucose, and ADAG's eA1c
  // (Nathan DM, et al. Diabetes Care 2008;31:1473-1478): eA1c % = (mean mg/dL + 46.7) / 28.7.
  const year1 = simulate(segmentScenario(spec, { patientIndex: 0, armIndex: 0 }, 0), {
    log: false,
  });
  const last90 = year1.trace.plasmaGlucoseMgdl.slice((365 - 90) * 288);
  assert.equal(last90.length, 90 * 288);
  const mean = last90.reduce((a, b) => a + b, 0) / last90.length;
  const y1 = summary.years[0];
  assert.ok(y1 !== undefined);
  assert.ok(
    Math.abs(y1.meanGlucoseLast90DaysMgdl - mean) < 0.051,
    `${y1.meanGlucoseLast90DaysMgdl}`,
  );
  assert.ok(Math.abs(y1.hba1cPercent - (mean + 46.7) / 28.7) < 0.001);
  assert.equal(y1.meanGlucoseMgdl, year1.summary.plasma.meanMgdl);
  // The 35-day second year has no full 90-day window: the patient's HbA1c is year 1's.
  assert.equal(summary.hba1cPercent, y1.hba1cPercent);
  // Supplies add up over the segments.
  const year2 = simulate(segmentScenario(spec, { patientIndex: 0, armIndex: 0 }, 1), {
    log: false,
  });
  for (const [item, used] of Object.entries(summary.usage)) {
    const key = item as keyof typeof summary.usage;
    assert.equal(used, year1.usage[key] + year2.usage[key], item);
  }
});

test('a scheduled fault acts in the segment it falls in, at its time there', () => {
  const spec = parseCohort({
    name: 'late fault',
    seed: 1,
    population: { size: 1 },
    duration: { days: 400 },
    arms: [{ id: 'pump' }],
    faults: [
      { kind: 'dislodgement', at: { day: 366, time: '08:00' } },
      { kind: 'occlusion', ratePerPatientYear: 2 },
    ],
  });
  const task = { patientIndex: 0, armIndex: 0 };
  assert.deepEqual(segmentScenario(spec, task, 0).faults, [
    { kind: 'occlusion', ratePerPatientYear: 2 },
  ]);
  assert.deepEqual(segmentScenario(spec, task, 1).faults, [
    { kind: 'dislodgement', at: { minutes: 480 } },
    { kind: 'occlusion', ratePerPatientYear: 2 },
  ]);
});

test('behaviour: the group sets it, the arm overrides it; the built-in population is used by index', () => {
  const spec = parseCohort({
    name: 'groups',
    seed: 3,
    population: {
      size: 4,
      source: 'default-adult',
      mix: [
        {
          name: 'forgetful',
          share: 1,
          behaviour: { forgetBolusProbability: 0.3, setChangeHours: 96 },
        },
      ],
    },
    duration: { days: 7 },
    arms: [{ id: 'pump', behaviour: { setChangeHours: 48 } }],
  });
  const scenario = segmentScenario(spec, { patientIndex: 2, armIndex: 0 }, 0);
  assert.deepEqual(scenario.behaviour, { forgetBolusProbability: 0.3, setChangeHours: 48 });
  assert.deepEqual(scenario.patient, { source: 'population', index: 2 });
});

test('a cohort dawn phenomenon: its share of patients have it, in every arm, with its rise', () => {
  const spec = parseCohort({
    name: 'dawn',
    seed: 5,
    population: { size: 4, dawnPhenomenon: { share: 0.5, peakIncreasePercent: 30 } },
    duration: { days: 1 },
    arms: [{ id: 'pump' }, { id: 'mdi', therapy: { kind: 'mdi', basalInsulin: 'glargine' } }],
  });
  const patients = [0, 1, 2, 3].map((p) =>
    segmentScenario(spec, { patientIndex: p, armIndex: 1 }, 0),
  );
  const withDawn = patients.filter((s) => s.patient !== undefined && 'dawnPhenomenon' in s.patient);
  assert.equal(withDawn.length, 2);
  for (const scenario of withDawn) {
    const patient = scenario.patient as { dawnPhenomenon?: object };
    assert.deepEqual(patient.dawnPhenomenon, {
      peakIncreasePercent: 30,
      onset: '02:40',
      peak: '06:40',
      end: '10:40',
    });
  }
  const summaries = runAll(spec);
  for (const summary of summaries) {
    const scenario = patients[summary.task.patientIndex]!;
    assert.equal(
      summary.patient.dawnPhenomenon,
      scenario.patient !== undefined && 'dawnPhenomenon' in scenario.patient,
    );
  }
});

test('a ketoacidosis during a scheduled dislodgement is counted as technical; none without it', () => {
  // A person who never checks glucose, has no CGM and changes the set weekly: a dislodged cannula
  // goes unnoticed and leaves no insulin at all.
  const neglectful = {
    sensor: { kind: 'none' },
    behaviour: { setChangeHours: 168, checkTimes: [], forgetBolusProbability: 1 },
  };
  const spec = parseCohort({
    name: 'dislodgement',
    seed: 77,
    population: { size: 1 },
    duration: { days: 7 },
    arms: [
      {
        id: 'dislodged',
        ...neglectful,
        faults: [{ kind: 'dislodgement', at: { day: 2, time: '12:00' } }],
      },
      { id: 'intact', ...neglectful },
    ],
    outcomes: { technicalCauseWindowHours: 0 },
  });
  const [dislodged, intact] = [0, 1].map(
    (armIndex) => runCohortPatient(spec, { patientIndex: 0, armIndex }).years[0],
  );
  assert.ok(dislodged !== undefined && intact !== undefined);
  assert.ok(dislodged.ketoacidoses >= 1, `ketoacidoses: ${dislodged.ketoacidoses}`);
  assert.equal(dislodged.technicalKetoacidoses, dislodged.ketoacidoses);
  assert.equal(intact.ketoacidoses, 0);
  assert.equal(intact.technicalKetoacidoses, 0);
});
