// The long-acting dose of injection therapy, titrated as clinics titrate it: by the fasting glucose
// on waking. A dawn phenomenon puts the waking glucose on its rise, so titration raises the dose
// above the day's need: more insulin all night for the waking glucose the patient would have
// without the rise (the early-night lows and late-night highs of clinical.md, indication 3, that
// the pump's hourly rates avoid). The run (run.ts) asks for the dose that brings the waking glucose back to
// where the day's steady need puts it without the rise.
import { modelIntegrator, type PatientModel } from '../physiology/model.ts';
import { emptyStats } from '../physiology/solvers/types.ts';
import { MINUTES_PER_DAY } from '../units/index.ts';

export interface BasalRegimen {
  /** Local clock minutes of the injections and the share of the daily dose at each. */
  readonly injections: readonly { readonly minuteOfDay: number; readonly share: number }[];
  /** Local clock minute of model time 0. */
  readonly startMinuteOfDay: number;
  /** Local clock minute the fasting glucose is measured: on waking. */
  readonly wakeMinuteOfDay: number;
}

/** Fasting days simulated before the reading: the long-acting depot and glucose settle by then. */
const TITRATION_DAYS = 4;
/** The dose is found to this precision (below any pen step), U/day. */
const DOSE_TOLERANCE_UNITS = 0.05;
const SECANT_STEPS_MAX = 20;

/**
 * Glucose on waking after TITRATION_DAYS fasting days on `dailyUnits` of the regimen's long-acting
 * insulin (the model's basal depot), starting settled on the same daily amount as a rapid basal.
 */
export function fastingGlucoseOnWaking(
  model: PatientModel,
  regimen: BasalRegimen,
  dailyUnits: number,
): number {
  const x = model.steadyState(dailyUnits / 24);
  const solver = modelIntegrator(model);
  const stats = emptyStats();
  const noInputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const reading =
    (TITRATION_DAYS - 1) * MINUTES_PER_DAY +
    ((regimen.wakeMinuteOfDay - regimen.startMinuteOfDay + MINUTES_PER_DAY) % MINUTES_PER_DAY);
  for (let t = 0; t < reading; t += 1) {
    const clock = (regimen.startMinuteOfDay + t) % MINUTES_PER_DAY;
    for (const injection of regimen.injections) {
      if (injection.minuteOfDay === clock) {
        model.applyInsulinDose(x, 'basal', dailyUnits * injection.share);
      }
    }
    solver.advance(model, x, t, t + 1, noInputs, stats);
  }
  return model.plasmaGlucoseMgdl(x);
}

/**
 * Doses found so far, by model and question: a cohort runs the same patient year after year, and
 * the search (about 4 ms) costs half a simulated fortnight. A pure function of its inputs.
 */
const titrated = new WeakMap<PatientModel, Map<string, number>>();

/**
 * The daily long-acting dose (U) whose fasting glucose on waking is `targetMgdl`, by the secant
 * method from `guessUnits` (waking glucose falls smoothly as the dose rises).
 */
export function fastingTitratedDailyBasal(
  model: PatientModel,
  regimen: BasalRegimen,
  targetMgdl: number,
  guessUnits: number,
): number {
  let byQuestion = titrated.get(model);
  if (byQuestion === undefined) {
    byQuestion = new Map();
    titrated.set(model, byQuestion);
  }
  const key = JSON.stringify([regimen, targetMgdl, guessUnits]);
  let units = byQuestion.get(key);
  if (units === undefined) {
    units = secantDose(model, regimen, targetMgdl, guessUnits);
    byQuestion.set(key, units);
  }
  return units;
}

function secantDose(
  model: PatientModel,
  regimen: BasalRegimen,
  targetMgdl: number,
  guessUnits: number,
): number {
  const miss = (units: number) => fastingGlucoseOnWaking(model, regimen, units) - targetMgdl;
  let a = guessUnits;
  let b = guessUnits * 1.1;
  let missA = miss(a);
  let missB = miss(b);
  for (let step = 0; step < SECANT_STEPS_MAX; step += 1) {
    if (Math.abs(b - a) < DOSE_TOLERANCE_UNITS || missB === missA) return b;
    const next = Math.max(guessUnits / 4, b - (missB * (b - a)) / (missB - missA));
    a = b;
    missA = missB;
    b = next;
    missB = miss(b);
  }
  return b;
}
