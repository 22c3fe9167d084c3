// The long-acting dose of injection therapy, titrated as clinics titrate it: by the fasting glucose
// on waking. A dawn phenomenon puts the waking glucose on its rise, so titration raises the dose
// above the day's need: more insulin all night for the waking glucose the patient would have
// without the rise (the early-night lows and late-night highs of clinical.md, indication 3, that
// the pump's hourly rates avoid). The run (run.ts) asks for the dose that brings the waking
// glucose back to where the day's steady need puts it without the rise.
import { modelIntegrator, type PatientModel } from '../physiology/model.ts';
import { doseWhereExcessEnds } from '../physiology/populationClinical.ts';
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
/** The titrated dose is sought between these multiples of the steady need. */
const SEARCHED_TIMES_NEED = { least: 0.5, most: 2 } as const;

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
 * the search (6–11 ms) costs about as much as a simulated fortnight. A pure function of its inputs.
 */
const titrated = new WeakMap<PatientModel, Map<string, number>>();

/** The daily long-acting dose (U) whose fasting glucose on waking is `targetMgdl`. */
export function fastingTitratedDailyBasal(
  model: PatientModel,
  regimen: BasalRegimen,
  targetMgdl: number,
  needUnits: number,
): number {
  let byQuestion = titrated.get(model);
  if (byQuestion === undefined) {
    byQuestion = new Map();
    titrated.set(model, byQuestion);
  }
  const key = JSON.stringify([regimen, targetMgdl, needUnits]);
  let units = byQuestion.get(key);
  if (units === undefined) {
    // Waking glucose falls as the dose grows: the dose tests' root search, between half and twice
    // the steady need (the need itself when the target lies outside).
    const excess = (dose: number) => fastingGlucoseOnWaking(model, regimen, dose) - targetMgdl;
    const { least, most } = SEARCHED_TIMES_NEED;
    units = doseWhereExcessEnds(excess, needUnits * most, needUnits * least) ?? needUnits;
    byQuestion.set(key, units);
  }
  return units;
}
