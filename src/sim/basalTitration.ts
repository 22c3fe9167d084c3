// The long-acting dose of injection therapy, titrated as clinics titrate it: raised until the
// fasting glucose on waking reaches the patient's target, and lowered whenever a day without
// meals (a basal test) falls below the floor of the preprandial target, 80 mg/dL (ADA Standards of
// Care: preprandial 80–130 mg/dL). A long-acting insulin does not act evenly over its day
// (glargine's plasma insulin swings about 20 % around its mean; NPH peaks 4–8 h after each
// injection), and glucose answers its troughs and peaks, so the steady basal need given by pen
// leaves lows at the peak of action that the titration takes away, at the price of higher glucose
// in the troughs. A dawn phenomenon puts the waking glucose on its rise: the titration raises the
// dose for it until the night reaches the floor, and the waking glucose stays above the target
// where the floor binds (the early-night lows and late-night highs of clinical.md, indication 3,
// that the pump's hourly rates avoid).
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

/** What a fasting day on a long-acting dose shows. */
export interface FastingDay {
  /** Plasma glucose on waking, mg/dL. */
  readonly wakingMgdl: number;
  /** The lowest plasma glucose of the last day, mg/dL. */
  readonly lowestMgdl: number;
}

/** Fasting days simulated: the long-acting depot and glucose settle by the last one. */
const TITRATION_DAYS = 4;
/** The titrated dose is sought between these multiples of the steady need. */
const SEARCHED_TIMES_NEED = { least: 0.5, most: 2 } as const;
/** No glucose of a fasting day below this: the floor of the ADA's preprandial target, mg/dL. */
export const FASTING_FLOOR_MGDL = 80;

/**
 * The waking glucose and the lowest glucose of the last of TITRATION_DAYS fasting days on
 * `dailyUnits` of the regimen's long-acting insulin (the model's basal depot), starting settled on
 * the same daily amount as a rapid basal. The waking reading is taken on the last day.
 */
export function fastingDay(
  model: PatientModel,
  regimen: BasalRegimen,
  dailyUnits: number,
): FastingDay {
  const x = model.steadyState(dailyUnits / 24);
  const solver = modelIntegrator(model);
  const stats = emptyStats();
  const noInputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const lastDay = (TITRATION_DAYS - 1) * MINUTES_PER_DAY;
  const waking =
    lastDay +
    ((regimen.wakeMinuteOfDay - regimen.startMinuteOfDay + MINUTES_PER_DAY) % MINUTES_PER_DAY);
  let wakingMgdl = Number.NaN;
  let lowestMgdl = Infinity;
  for (let t = 0; t < TITRATION_DAYS * MINUTES_PER_DAY; t += 1) {
    const clock = (regimen.startMinuteOfDay + t) % MINUTES_PER_DAY;
    for (const injection of regimen.injections) {
      if (injection.minuteOfDay === clock) {
        model.applyInsulinDose(x, 'basal', dailyUnits * injection.share);
      }
    }
    if (t >= lastDay) {
      const glucose = model.plasmaGlucoseMgdl(x);
      if (t === waking) wakingMgdl = glucose;
      if (glucose < lowestMgdl) lowestMgdl = glucose;
    }
    solver.advance(model, x, t, t + 1, noInputs, stats);
  }
  return { wakingMgdl, lowestMgdl };
}

/**
 * Doses found so far, by model and question: a cohort runs the same patient year after year, and
 * the search (two root searches of a few fasting days a try) costs more than a simulated
 * fortnight. A pure function of its inputs.
 */
const titrated = new WeakMap<PatientModel, Map<string, number>>();

/**
 * The daily long-acting dose (U): the one whose fasting glucose on waking is `wakingTargetMgdl`,
 * or less where that dose takes a fasting day below FASTING_FLOOR_MGDL, within half to twice the
 * steady need `needUnits`.
 */
export function titratedDailyBasal(
  model: PatientModel,
  regimen: BasalRegimen,
  wakingTargetMgdl: number,
  needUnits: number,
): number {
  let byQuestion = titrated.get(model);
  if (byQuestion === undefined) {
    byQuestion = new Map();
    titrated.set(model, byQuestion);
  }
  const key = JSON.stringify([regimen, wakingTargetMgdl, needUnits]);
  let units = byQuestion.get(key);
  if (units === undefined) {
    const day = (dose: number) => fastingDay(model, regimen, dose);
    const least = needUnits * SEARCHED_TIMES_NEED.least;
    const most = needUnits * SEARCHED_TIMES_NEED.most;
    // Both readings fall as the dose grows: the dose tests' root search for each.
    const toTarget = boundedRoot((dose) => day(dose).wakingMgdl - wakingTargetMgdl, least, most);
    const toFloor = boundedRoot((dose) => day(dose).lowestMgdl - FASTING_FLOOR_MGDL, least, most);
    units = Math.min(toTarget, toFloor);
    byQuestion.set(key, units);
  }
  return units;
}

/**
 * The dose in [least, most] at which `excess` (falling as the dose grows) reaches zero; `least`
 * when it is below zero already there, `most` when it is still above zero there.
 */
function boundedRoot(excess: (units: number) => number, least: number, most: number): number {
  return doseWhereExcessEnds(excess, most, least) ?? (excess(least) <= 0 ? least : most);
}
