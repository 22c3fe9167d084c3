import { noUsage } from '../sim/result.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { incidence } from '../outcomes/incidence.ts';
import { COST_ITEMS, type CostItemId } from './cost.ts';
import type { PatientSummary } from './patientRun.ts';
import { meanSd, reduceCohort } from './reduce.ts';
import { cohortTasks, parseCohort, taskOf, type CohortSpec } from './spec.ts';
import type { YearSummary } from './yearOutcomes.ts';

const spec = parseCohort({
  name: 'synthetic',
  seed: 1,
  population: { size: 5 },
  duration: { days: 400 },
  arms: [{ id: 'analog' }, { id: 'regular', insulin: 'regular', label: 'Regular human insulin' }],
});

interface Draw {
  readonly hba1c: [number, number];
  readonly counts: [number, number, number, number, number];
  readonly tir: number;
  readonly costEur: number;
}

const draw: fc.Arbitrary<Draw> = fc.record({
  hba1c: fc.tuple(
    fc.double({ min: 5, max: 12, noNaN: true }),
    fc.double({ min: 5, max: 12, noNaN: true }),
  ),
  counts: fc.tuple(fc.nat(5), fc.nat(3), fc.nat(3), fc.nat(2), fc.nat(2)),
  tir: fc.double({ min: 0, max: 100, noNaN: true }),
  costEur: fc.double({ min: 1000, max: 6000, noNaN: true }),
});

function year(index: number, days: number, d: Draw): YearSummary {
  const [severeHypos, ketoacidoses, technical, siteInfections, abscesses] = d.counts;
  const hba1c = d.hba1c[index] ?? 7;
  return {
    year: index + 1,
    days,
    seed: index,
    meanGlucoseMgdl: hba1c * 28.7 - 46.7,
    meanGlucoseLast90DaysMgdl: hba1c * 28.7 - 46.7,
    hba1cWindowDays: Math.min(90, days),
    hba1cPercent: hba1c,
    tbrLevel2Percent: 0,
    tbrPercent: 1,
    tirPercent: d.tir,
    tarPercent: 99 - d.tir,
    tarLevel2Percent: 0,
    severeHypos,
    ketoacidoses,
    technicalKetoacidoses: Math.min(technical, ketoacidoses),
    siteInfections,
    abscesses: Math.min(abscesses, siteInfections),
    meanPostMealGlucoseMgdl: 160 + index,
    postMealCount: days * 3,
    insulinUnitsPerDay: 40,
  };
}

/** A summary shaped like runCohortPatient's, with drawn values. */
function summary(s: CohortSpec, taskIndex: number, d: Draw): PatientSummary {
  const task = taskOf(s, taskIndex);
  const items = Object.fromEntries(COST_ITEMS.map(({ id }) => [id, d.costEur / COST_ITEMS.length]));
  return {
    task: { taskIndex, ...task },
    armId: s.arms[task.armIndex]?.id ?? '',
    patient: {
      name: `p${task.patientIndex}`,
      seed: 1,
      populationIndex: null,
      bodyWeightKg: 70,
      totalDailyDoseUnits: 40,
      dawnPhenomenon: false,
    },
    group: null,
    days: 400,
    patientYears: 400 / 365.25,
    years: [year(0, 365, d), year(1, 35, d)],
    hba1cPercent: d.hba1c[0],
    usage: noUsage(),
    cost: {
      eurPerPatientYear: d.costEur,
      itemsEurPerPatientYear: items as Record<CostItemId, number>,
    },
  };
}

const cohortDraws = fc.array(draw, { minLength: cohortTasks(spec), maxLength: cohortTasks(spec) });

test('the outcomes do not depend on the order the summaries arrive in', () => {
  fc.assert(
    fc.property(
      cohortDraws.chain((draws) =>
        fc.tuple(
          fc.constant(draws),
          fc.shuffledSubarray(
            draws.map((_, i) => i),
            { minLength: draws.length },
          ),
        ),
      ),
      ([draws, order]) => {
        const summaries = draws.map((d, i) => summary(spec, i, d));
        const shuffled = order.map((i) => summaries[i] as PatientSummary);
        assert.deepEqual(reduceCohort(spec, shuffled), reduceCohort(spec, summaries));
      },
    ),
    { numRuns: 50 },
  );
});

test('event rates are incidence() of the arm’s summed counts over its patient-years', () => {
  fc.assert(
    fc.property(cohortDraws, (draws) => {
      const summaries = draws.map((d, i) => summary(spec, i, d));
      const outcomes = reduceCohort(spec, summaries);
      spec.arms.forEach((_, armIndex) => {
        const arm = outcomes.arms[armIndex];
        const mine = summaries.filter((s) => s.task.armIndex === armIndex);
        const patientYears = mine.length * (400 / 365.25);
        const count = (field: keyof YearSummary) =>
          mine.reduce((n, s) => n + s.years.reduce((m, y) => m + (y[field] as number), 0), 0);
        assert.deepEqual(arm?.severeHypoglycaemia, incidence(count('severeHypos'), patientYears));
        assert.deepEqual(arm?.ketoacidosis, incidence(count('ketoacidoses'), patientYears));
        assert.deepEqual(
          arm?.technicalKetoacidosis,
          incidence(count('technicalKetoacidoses'), patientYears),
        );
        assert.deepEqual(arm?.abscesses, incidence(count('abscesses'), patientYears));
        assert.deepEqual(arm?.siteInfections, incidence(count('siteInfections'), patientYears));
        const k = count('ketoacidoses');
        assert.equal(
          arm?.technicalShareOfKetoacidoses,
          k === 0 ? null : count('technicalKetoacidoses') / k,
        );
      });
    }),
    { numRuns: 30 },
  );
});

test('HbA1c is the mean ± sample SD of the patients’ values, overall and year by year', () => {
  const values = [
    [7, 8],
    [8, 9],
    [9, 10],
    [7.5, 8],
    [8.5, 9],
  ];
  const base: Draw = { hba1c: [7, 7], counts: [0, 0, 0, 0, 0], tir: 70, costEur: 3000 };
  const summaries = Array.from({ length: cohortTasks(spec) }, (_, i) => {
    const p = Math.floor(i / 2);
    return summary(spec, i, { ...base, hba1c: values[p] as [number, number] });
  });
  const arm = reduceCohort(spec, summaries).arms[0];
  // Year 1: 7, 8, 9, 7.5, 8.5 → mean 8, SD √(2.5 / 4) = 0.790569.
  assert.deepEqual(arm?.hba1cPercent, { mean: 8, sd: 0.790569, n: 5 });
  assert.deepEqual(arm?.hba1cPercentByYear[1], { year: 2, mean: 8.8, sd: 0.83666, n: 5 });
  assert.equal(arm?.label, 'analog');
  assert.equal(reduceCohort(spec, summaries).arms[1]?.label, 'Regular human insulin');
  assert.equal(arm?.cost.eurPerPatientYear.mean, 3000);
  assert.equal(arm?.timeInRangesPercent.from70To180, 70);
});

test('a mean of one value has no SD; of none, no mean', () => {
  assert.deepEqual(meanSd([4]), { mean: 4, sd: null, n: 1 });
  assert.deepEqual(meanSd([]), { mean: null, sd: null, n: 0 });
});

test('summaries that are missing, doubled or of another cohort are refused', () => {
  const d: Draw = { hba1c: [7, 7], counts: [0, 0, 0, 0, 0], tir: 70, costEur: 3000 };
  const all = Array.from({ length: cohortTasks(spec) }, (_, i) => summary(spec, i, d));
  assert.throws(() => reduceCohort(spec, all.slice(1)), /1 of 10 tasks have no summary/);
  assert.throws(() => reduceCohort(spec, [...all, all[3] as PatientSummary]), /task 3 has two/);
  const foreign = { ...all[0], armId: 'closed-loop' } as PatientSummary;
  assert.throws(() => reduceCohort(spec, [foreign, ...all.slice(1)]), /not of this cohort/);
  const partial = reduceCohort(spec, all.slice(0, 4), { allowMissing: true });
  assert.equal(partial.complete, false);
  assert.deepEqual(
    partial.arms.map((a) => a.patients),
    [2, 2],
  );
});
