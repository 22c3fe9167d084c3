// Virtual population generator: Hovorka 2004 adults drawn from the published distributions
// (./populationDistributions.ts), kept only when their insulin needs look like a person with type 1
// diabetes, each with the settings a clinician would program (./populationClinical.ts).
//
// Reproducibility: candidate k of master seed S is drawn from `new Rng(deriveSeed(S, k))`, so a
// population is a function of its options, and any patient can be redrawn alone from the `seed`
// it carries (`drawCandidate`). Patients are the accepted candidates in candidate order.
//
// Rejection rules, checked in this order (the first that fails names the rejection):
//   1. 'no-basal-for-target'  without insulin the patient settles at or below the target glucose
//                              (no basal can hold the target: not insulin-deficient);
//   2. 'basal-out-of-range'   steady-state basal for the target outside `basalUnitsPerHour`
//                              (default 0.3–3 U/h, docs/physiology.md §1);
//   3. 'carb-ratio-not-found' the meal test needs more than 1 U per 2 g (or no insulin at all);
//   4. 'tdd-out-of-range'     total daily dose outside `totalDailyDoseUnitsPerKg`
//                              (default 0.3–1.2 U/kg/day, docs/physiology.md §1);
//   5. 'correction-factor-not-found' the correction test finds no factor a pump takes: glucose
//                              comes back to the target on basal alone or nearly (above 400
//                              mg/dL per U), or stays high after the most it gives.
import type { KetoneParameters } from './ketones.ts';
import { ketoneParametersForBasalInsulin } from './ketones.ts';
import type { PatientModel } from './model.ts';
import type { HovorkaParameters } from './hovorkaParameters.ts';
import type { FormulationName } from '../insulin/formulations.ts';
import { createHovorkaPatient, type HovorkaPatientOptions } from './hovorka.ts';
import { steadyGlucoseMmolL } from './hovorkaSteadyState.ts';
import { drawHovorkaParameters } from './populationDistributions.ts';
import {
  CARB_RATIO_WATCH_MINUTES,
  CARB_RATIO_TEST_MEAL_GRAMS,
  carbRatioByMealTest,
  correctionFactorByTest,
  CORRECTION_TEST_AFTER_MEAL_MINUTES,
  CORRECTION_TEST_WATCH_MINUTES,
  totalDailyDoseUnits,
} from './populationClinical.ts';
import type { PopulationOptions, PopulationOptionsInput } from './populationOptions.ts';
import { parsePopulationOptions } from './populationOptions.ts';
import { deriveSeed, Rng } from '../random/rng.ts';
import { mgdl, mgdlToMmolL } from '../units/index.ts';

export type { PopulationOptions, PopulationOptionsInput } from './populationOptions.ts';
export { POPULATION_OPTION_LIMITS } from './populationOptions.ts';

export interface ClinicalSettings {
  readonly bodyWeightKg: number;
  /** One basal rate all day (the model has no circadian variation), U/h. */
  readonly basalUnitsPerHour: number;
  readonly carbRatioGramsPerUnit: number;
  readonly correctionFactorMgdlPerUnit: number;
  readonly totalDailyDoseUnits: number;
  readonly targetGlucoseMgdl: number;
}

/** The rule behind each clinical setting, in words (the same for every patient of a population). */
export interface ClinicalRules {
  readonly bodyWeight: string;
  readonly basal: string;
  readonly carbRatio: string;
  readonly correctionFactor: string;
  readonly totalDailyDose: string;
  readonly target: string;
}

export interface VirtualPatient {
  /** Unique across populations: prefix, master seed and index. */
  readonly id: string;
  /** Short display name, e.g. 'adult#001'. */
  readonly name: string;
  /** Seed of this patient's draw: `drawCandidate(seed, options)` redraws it alone. */
  readonly seed: number;
  readonly parameters: HovorkaParameters;
  /** Plasma insulin at the basal steady state, mU/L. */
  readonly basalPlasmaInsulinMilliunitsPerL: number;
  /** Ketone parameters scaled to this patient's basal insulin (BOHB 0.1 mmol/L on basal). */
  readonly ketones: KetoneParameters;
  readonly clinical: ClinicalSettings;
  readonly rules: ClinicalRules;
}

export type RejectionReason =
  | 'no-basal-for-target'
  | 'basal-out-of-range'
  | 'carb-ratio-not-found'
  | 'tdd-out-of-range'
  | 'correction-factor-not-found';

export const REJECTION_REASONS: readonly RejectionReason[] = [
  'no-basal-for-target',
  'basal-out-of-range',
  'carb-ratio-not-found',
  'tdd-out-of-range',
  'correction-factor-not-found',
];

export interface Population {
  /** The options after validation, defaults filled in. */
  readonly options: PopulationOptions;
  readonly patients: readonly VirtualPatient[];
  readonly candidatesDrawn: number;
  readonly rejections: Readonly<Record<RejectionReason, number>>;
  readonly rules: ClinicalRules;
}

/** 100 adults, built in: the default cohort of OpenCSII. */
export const DEFAULT_ADULT_POPULATION: PopulationOptionsInput = {
  seed: 20040905,
  count: 100,
  namePrefix: 'adult',
};

export function rulesFor(options: PopulationOptions): ClinicalRules {
  const w = options.bodyWeightKg;
  return {
    bodyWeight: `drawn uniformly in [${w.min}, ${w.max}] kg (Boiroux et al., after Wilinska 2010)`,
    basal:
      `model steady state: the constant basal (U/h) that holds plasma glucose at ` +
      `${options.targetGlucoseMgdl} mg/dL without meals (PatientModel.basalForGlucose)`,
    carbRatio:
      `model meal test: ${CARB_RATIO_TEST_MEAL_GRAMS} g at the basal steady state with a ` +
      `rapid-analog bolus at the meal; carb ratio = ${CARB_RATIO_TEST_MEAL_GRAMS} g / the largest ` +
      `bolus after which plasma glucose comes back to its pre-meal value and no lower within ` +
      `${CARB_RATIO_WATCH_MINUTES / 60} h`,
    correctionFactor:
      `model correction test: the ${CARB_RATIO_TEST_MEAL_GRAMS} g test meal without a bolus, then ` +
      `${CORRECTION_TEST_AFTER_MEAL_MINUTES / 60} h later a rapid-analog correction; correction ` +
      `factor = (glucose then − ${options.targetGlucoseMgdl} mg/dL) / the largest correction after ` +
      `which plasma glucose comes down to ${options.targetGlucoseMgdl} mg/dL and no lower within ` +
      `${CORRECTION_TEST_WATCH_MINUTES / 60} h`,
    totalDailyDose:
      `24 h × basal + daily carbohydrate (${options.dailyCarbsGramsPerKg} g/kg × body weight) ` +
      `/ carb ratio`,
    target: `fasting plasma glucose target ${options.targetGlucoseMgdl} mg/dL`,
  };
}

export type CandidateResult =
  | { readonly accepted: true; readonly patient: Omit<VirtualPatient, 'id' | 'name' | 'rules'> }
  | { readonly accepted: false; readonly reason: RejectionReason };

function within(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return value >= range.min && value <= range.max;
}

/** Draws the candidate of `seed` and applies the rejection rules (header) in order. */
export function drawCandidate(seed: number, options: PopulationOptions): CandidateResult {
  const parameters = drawHovorkaParameters(new Rng(seed), options.bodyWeightKg);
  const targetMmolL = mgdlToMmolL(mgdl(options.targetGlucoseMgdl));
  if (!(steadyGlucoseMmolL(parameters, 0) > targetMmolL)) {
    return { accepted: false, reason: 'no-basal-for-target' };
  }
  const model = createHovorkaPatient({ name: `candidate-${seed}`, parameters });
  const basalUnitsPerHour = model.basalForGlucose(options.targetGlucoseMgdl);
  if (!within(basalUnitsPerHour, options.basalUnitsPerHour)) {
    return { accepted: false, reason: 'basal-out-of-range' };
  }
  const carbRatioGramsPerUnit = carbRatioByMealTest(model, { basalUnitsPerHour });
  if (carbRatioGramsPerUnit === null) return { accepted: false, reason: 'carb-ratio-not-found' };
  const bodyWeightKg = parameters.bodyWeightKg;
  const tddUnits = totalDailyDoseUnits({
    basalUnitsPerHour,
    dailyCarbsGrams: options.dailyCarbsGramsPerKg * bodyWeightKg,
    carbRatioGramsPerUnit,
  });
  if (!within(tddUnits / bodyWeightKg, options.totalDailyDoseUnitsPerKg)) {
    return { accepted: false, reason: 'tdd-out-of-range' };
  }
  const correctionFactorMgdlPerUnit = correctionFactorByTest(model, {
    basalUnitsPerHour,
    targetMgdl: options.targetGlucoseMgdl,
  });
  if (correctionFactorMgdlPerUnit === null) {
    return { accepted: false, reason: 'correction-factor-not-found' };
  }
  const basalInsulin = model.plasmaInsulinMilliunitsPerL(model.steadyState(basalUnitsPerHour));
  return {
    accepted: true,
    patient: {
      seed,
      parameters,
      basalPlasmaInsulinMilliunitsPerL: basalInsulin,
      ketones: ketoneParametersForBasalInsulin(basalInsulin),
      clinical: {
        bodyWeightKg,
        basalUnitsPerHour,
        carbRatioGramsPerUnit,
        correctionFactorMgdlPerUnit,
        totalDailyDoseUnits: tddUnits,
        targetGlucoseMgdl: options.targetGlucoseMgdl,
      },
    },
  };
}

function emptyRejections(): Record<RejectionReason, number> {
  return {
    'no-basal-for-target': 0,
    'basal-out-of-range': 0,
    'carb-ratio-not-found': 0,
    'tdd-out-of-range': 0,
    'correction-factor-not-found': 0,
  };
}

/**
 * Draws `count` patients for `seed`. Throws a RangeError naming the field, value and allowed range
 * for bad options, and when `maxCandidates` draws do not yield `count` patients.
 */
export function generatePopulation(input: PopulationOptionsInput): Population {
  const options = parsePopulationOptions(input);
  const rules = rulesFor(options);
  const rejections = emptyRejections();
  const patients: VirtualPatient[] = [];
  const digits = Math.max(3, String(options.count).length);
  let candidate = 0;
  while (patients.length < options.count) {
    if (candidate >= options.maxCandidates) {
      throw new RangeError(
        `population: ${patients.length} of ${options.count} patients accepted after ` +
          `maxCandidates = ${options.maxCandidates} candidates (rejections: ` +
          `${JSON.stringify(rejections)}); widen the bounds or raise maxCandidates`,
      );
    }
    const result = drawCandidate(deriveSeed(options.seed, candidate), options);
    candidate += 1;
    if (!result.accepted) {
      rejections[result.reason] += 1;
      continue;
    }
    const number = String(patients.length + 1).padStart(digits, '0');
    patients.push({
      id: `${options.namePrefix}-s${options.seed}-${number}`,
      name: `${options.namePrefix}#${number}`,
      ...result.patient,
      rules,
    });
  }
  return { options, patients, candidatesDrawn: candidate, rejections, rules };
}

/** The built-in population of 100 adults (DEFAULT_ADULT_POPULATION). */
export function defaultAdultPopulation(): Population {
  return generatePopulation(DEFAULT_ADULT_POPULATION);
}

/**
 * The PatientModel of a virtual patient (rapid analog in the pump unless told otherwise). The basal
 * setting holds for any pump formulation: at steady state plasma insulin depends only on the rate.
 */
export function virtualPatientModel(
  patient: VirtualPatient,
  insulins: {
    readonly rapidInsulin?: FormulationName;
    readonly basalInsulin?: FormulationName;
    readonly dawn?: NonNullable<HovorkaPatientOptions['dawn']>;
    readonly mealFat?: boolean;
  } = {},
): PatientModel {
  return createHovorkaPatient({
    name: patient.name,
    parameters: patient.parameters,
    ketones: patient.ketones,
    ...insulins,
  });
}
