// Experiment 'closed-loop': the default adult population lives 14 days with the open-loop pump
// and with each closed-loop controller, the same people, seeds and meals in every arm; outcomes
// per arm beside the pivotal trials' figures. Announced meals (hybrid loop: the person also
// boluses) are the main comparison; unannounced meals and a silent fault show what each
// controller does when the person does less, or the delivery fails.
import { meanSd } from '../cohort/reduce.ts';
import { meanHalfWidth95 } from '../outcomes/meanInterval.ts';
import { deriveSeed } from '../random/rng.ts';
import { simulate } from '../sim/run.ts';
import { CONTROLLER_NAMES } from '../therapy/controllers/index.ts';
import type { Experiment, ExperimentForest, ExperimentResult, ExperimentTable } from './types.ts';

export const CLOSED_LOOP_NAME = 'closed-loop';
/** The farm job that runs the experiment's runs on threads (closedLoopJob.ts). */
export const CLOSED_LOOP_JOB = 'closed-loop-run';
const MASTER_SEED = 20261124;

export interface ClosedLoopOptions {
  readonly patients: number;
  readonly days: number;
}

interface Arm {
  readonly label: string;
  readonly therapy: object;
  readonly extra?: object;
}

/** What one patient's run under one arm gives its arm (numbers only: it crosses threads). */
export interface PatientOutcome {
  readonly tir: number;
  readonly tbr70: number;
  readonly tbr54: number;
  readonly tar180: number;
  readonly cv: number;
  readonly gmi: number;
  readonly lbgi: number;
  readonly hbgi: number;
  readonly severeHypos: number;
  readonly ketoacidoses: number;
  readonly insulinPerDay: number;
}

/** An arm's outcomes: its patients' means (sums for the event counts). */
interface ArmOutcome extends PatientOutcome {
  readonly label: string;
  /** Half-width of the 95 % confidence interval of the mean time in range (normal approximation). */
  readonly tirHalfWidth95: number;
  /** Patients whose own time below 70 mg/dL was under 4 %. */
  readonly patientsTbrUnder4: number;
}

/** Time in range per arm with the 95 % interval of its mean, beside the pivotal trials' arms. */
function tirForest(outcomes: ReadonlyMap<string, ArmOutcome>): ExperimentForest {
  const simulated = allArms().flatMap((arm) => {
    const o = outcomes.get(arm.label);
    return o === undefined
      ? []
      : [
          {
            label: o.label,
            estimate: o.tir,
            lower: o.tir - o.tirHalfWidth95,
            upper: o.tir + o.tirHalfWidth95,
          },
        ];
  });
  const published = PIVOTAL.flatMap(({ trial, before, after }) => [
    {
      label: `${trial}: before`,
      estimate: before,
      lower: NaN,
      upper: NaN,
      published: true,
    },
    {
      label: `${trial}: with the loop`,
      estimate: after,
      lower: NaN,
      upper: NaN,
      published: true,
    },
  ]);
  return {
    title: 'Time in range 70–180 mg/dL per arm, and the pivotal trials',
    measure: 'time in range 70–180 mg/dL, % (mean over patients, 95 % CI)',
    rows: [...simulated, ...published],
    reference: { label: 'goal of 80 %', value: 80 },
    digits: 1,
    note: 'Trial figures are their published means (context, not validation: virtual patients are not trial participants).',
  };
}

/** Closed-loop pivotal trials, time in range before → with the loop (clinical.md). */
const PIVOTAL = [
  { trial: 'Control-IQ (Brown, NEJM 2019)', before: 61, after: 71 },
  { trial: 'Omnipod 5, adults (Brown, Diabetes Care 2021)', before: 64, after: 74 },
  { trial: 'MiniMed 780G (Carlson, DTT 2022)', before: 69, after: 75 },
] as const;

const closedLoop = (controller: string, mealAnnouncement = 'announced', userMealBolus = true) => ({
  kind: 'closed-loop',
  controller,
  mealAnnouncement,
  userMealBolus,
});

function arms(): { main: Arm[]; unannounced: Arm[]; fault: Arm[] } {
  const fault = { faults: [{ kind: 'dislodgement', ratePerPatientYear: 26 }] };
  return {
    main: [
      { label: 'open-loop pump', therapy: { kind: 'pump' } },
      ...CONTROLLER_NAMES.map((c) => ({ label: `${c}, announced meals`, therapy: closedLoop(c) })),
    ],
    unannounced: CONTROLLER_NAMES.map((c) => ({
      label: `${c}, unannounced meals`,
      therapy: closedLoop(c, 'unannounced', false),
    })),
    fault: [
      { label: 'open-loop pump, dislodgements', therapy: { kind: 'pump' }, extra: fault },
      ...CONTROLLER_NAMES.map((c) => ({
        label: `${c}, dislodgements`,
        therapy: closedLoop(c),
        extra: fault,
      })),
    ],
  };
}

export function closedLoopExperiment(
  options: ClosedLoopOptions = { patients: 100, days: 14 },
): Experiment {
  return {
    name: CLOSED_LOOP_NAME,
    title: 'Closed loop: the open-loop pump versus each controller',
    run: ({ onProgress }) => {
      const count = closedLoopRunCount(options);
      const outcomes: PatientOutcome[] = [];
      for (let index = 0; index < count; index += 1) {
        outcomes.push(closedLoopRun(options, index));
        onProgress?.((index + 1) / count);
      }
      return closedLoopResult(options, outcomes);
    },
    farm: { job: CLOSED_LOOP_JOB, spec: options },
  };
}

/** The experiment's runs: every patient under every arm, arm by arm. */
export function closedLoopRunCount(options: ClosedLoopOptions): number {
  return allArms().length * options.patients;
}

/** Run `index`: patient index mod patients under arm ⌊index / patients⌋. */
export function closedLoopRun(options: ClosedLoopOptions, index: number): PatientOutcome {
  const arm = allArms()[Math.floor(index / options.patients)];
  if (arm === undefined) throw new RangeError(`run ${index}: 0–${closedLoopRunCount(options) - 1}`);
  const patient = index % options.patients;
  const result = simulate(
    {
      patient: { source: 'population', index: patient },
      durationDays: options.days,
      seed: deriveSeed(MASTER_SEED, patient),
      therapy: arm.therapy,
      ...arm.extra,
    },
    // The outcomes read the summary only: no trace, AGP or log to build.
    { detail: 'summary' },
  );
  const s = result.summary;
  const t = (k: string) => s.plasma.timeInRangesPercent[k] ?? 0;
  return {
    tir: t('inRange'),
    tbr70: t('low'),
    tbr54: t('veryLow'),
    tar180: t('high'),
    cv: s.plasma.cvPercent,
    gmi: s.plasma.gmiPercent,
    lbgi: s.plasma.lbgi,
    hbgi: s.plasma.hbgi,
    severeHypos: s.eventCounts['severe-hypo'] ?? 0,
    ketoacidoses: s.eventCounts['ketoacidosis'] ?? 0,
    insulinPerDay: s.insulinUnitsPerDay.total,
  };
}

function allArms(): Arm[] {
  const groups = arms();
  return [...groups.main, ...groups.unannounced, ...groups.fault];
}

/** The experiment's result from every run's outcome, in run order. */
export function closedLoopResult(
  options: ClosedLoopOptions,
  runs: readonly PatientOutcome[],
): ExperimentResult {
  const groups = arms();
  const outcomes = new Map<string, ArmOutcome>();
  allArms().forEach((arm, a) => {
    const from = a * options.patients;
    outcomes.set(arm.label, summarise(arm.label, runs.slice(from, from + options.patients)));
  });
  const table = (title: string, list: Arm[]): ExperimentTable => ({
    title,
    columns: [
      'Arm',
      'TIR 70–180 %',
      '<70 %',
      '<54 %',
      '>180 %',
      'CV %',
      'GMI %',
      'LBGI',
      'HBGI',
      'Severe hypos',
      'Ketoacidoses',
      'Insulin U/day',
      'Patients <4 % below 70',
    ],
    rows: list.map((arm) => row(outcomes.get(arm.label))),
  });
  const best = [...groups.main.slice(1)]
    .map((a) => outcomes.get(a.label))
    .filter((o): o is ArmOutcome => o !== undefined)
    .sort((a, b) => b.tir - a.tir)[0];
  const goalMet = best !== undefined && best.tir >= 80 && best.tbr70 < 2 && best.severeHypos === 0;
  return {
    name: CLOSED_LOOP_NAME,
    title: 'Closed loop: the open-loop pump versus each controller',
    method: [
      `${options.patients} patients of the built-in adult population, ${options.days} days each; every arm uses the same patients, seeds, meals and behaviour (seeds derived from ${MASTER_SEED}).`,
      'Closed loop: the controller recommends at every 5-minute CGM reading; the safety supervisor enforces stale-data fall-back, low-glucose suspend, maximum basal (4 × programmed), maximum IOB (a third of the daily dose) and at most 5 % of the daily dose in automatic boluses per hour; the pump engine enforces its limits again.',
      'Announced meals: the person enters the carbs they count (±20 % error) and gives the calculator bolus (hybrid loop). Unannounced: no carbs, no bolus. Dislodgements: a silent fault at 26 per patient-year (one every two weeks on average).',
      'Outcomes on plasma glucose, pooled over patients (mean of per-patient percentages). Severe hypoglycaemia: < 40 mg/dL for 15 min; ketoacidosis: BOHB ≥ 3 mmol/L with glucose ≥ 200 mg/dL for 15 min.',
    ],
    tables: [
      table('Announced meals (hybrid loop)', groups.main),
      table('Unannounced meals', groups.unannounced),
      table('With silent dislodgements', groups.fault),
      {
        title: 'Pivotal trials, for context (time in range 70–180)',
        columns: ['Trial', 'Before', 'With the loop'],
        rows: PIVOTAL.map((p) => [p.trial, `${p.before} %`, `${p.after} %`]),
      },
    ],
    figures: [],
    forests: [tirForest(outcomes)],
    notes: [
      best === undefined
        ? 'No controller arm ran.'
        : `Best with announced meals: ${best.label}, time in range ${best.tir.toFixed(1)} %, below 70 ${best.tbr70.toFixed(2)} %, ${best.severeHypos} severe hypoglycaemia: the goal (≥ 80 %, < 2 %, none) is ${goalMet ? 'met' : 'not met'}.`,
      'Virtual patients are not trial participants: the comparison with the pivotal trials is context, not validation.',
    ],
    data: { options, outcomes: Object.fromEntries(outcomes), goalMet },
  };
}

function summarise(label: string, results: readonly PatientOutcome[]): ArmOutcome {
  const mean = (f: (r: PatientOutcome) => number) =>
    results.reduce((s, r) => s + f(r), 0) / Math.max(1, results.length);
  const sum = (f: (r: PatientOutcome) => number) => results.reduce((s, r) => s + f(r), 0);
  const tir = mean((r) => r.tir);
  return {
    label,
    tir,
    tirHalfWidth95: meanHalfWidth95(meanSd(results.map((r) => r.tir)).sd, results.length),
    tbr70: mean((r) => r.tbr70),
    tbr54: mean((r) => r.tbr54),
    tar180: mean((r) => r.tar180),
    cv: mean((r) => r.cv),
    gmi: mean((r) => r.gmi),
    lbgi: mean((r) => r.lbgi),
    hbgi: mean((r) => r.hbgi),
    severeHypos: sum((r) => r.severeHypos),
    ketoacidoses: sum((r) => r.ketoacidoses),
    insulinPerDay: mean((r) => r.insulinPerDay),
    patientsTbrUnder4: results.filter((r) => r.tbr70 < 4).length,
  };
}

function row(o: ArmOutcome | undefined): string[] {
  if (o === undefined) return ['–'];
  return [
    o.label,
    o.tir.toFixed(1),
    o.tbr70.toFixed(2),
    o.tbr54.toFixed(2),
    o.tar180.toFixed(1),
    o.cv.toFixed(1),
    o.gmi.toFixed(2),
    o.lbgi.toFixed(2),
    o.hbgi.toFixed(2),
    String(o.severeHypos),
    String(o.ketoacidoses),
    o.insulinPerDay.toFixed(1),
    String(o.patientsTbrUnder4),
  ];
}
