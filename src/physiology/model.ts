// The patient-model interface every virtual patient implements (Hovorka 2004, UVA/Padova 2008).
// The run loop, solvers and tests see only this: no code outside a model branches on its kind.
//
// Conventions shared by all models:
// - Time is in minutes; one state vector is a Float64Array of `stateNames.length` values.
// - Continuous inputs (`ModelInputs`) are held constant over a solver step.
// - Impulses (an insulin dose reaching the subcutaneous depot, the start of a meal) enter
//   between steps through `applyInsulinDose` / `applyMeal`, which change the state in place.
// - Observations are in the project's units: glucose in mg/dL, plasma insulin in mU/L,
//   3-hydroxybutyrate (BOHB) in mmol/L.

import { rk4 } from './solvers/rk4.ts';
import type { Integrator } from './solvers/types.ts';

/** Where a subcutaneous insulin dose goes: the pump's rapid insulin or an injected basal insulin. */
export type InsulinDepot = 'rapid' | 'basal';

/** Inputs held constant over one step. */
export interface ModelInputs {
  /** Continuous subcutaneous insulin infusion into the rapid depot, U/min. */
  rapidInsulinUnitsPerMinute: number;
  /** Carbohydrate being eaten, g/min (models with an explicit eating phase use it). */
  carbsGramsPerMinute: number;
}

export interface Observations {
  plasmaGlucoseMgdl: number;
  interstitialGlucoseMgdl: number;
  plasmaInsulinMilliunitsPerL: number;
  bohbMmolL: number;
}

/** Accumulated flows, for mass-balance checks (each model exposes these as states). */
export interface Totals {
  /** Glucose that has appeared in plasma from the gut, g. */
  absorbedGlucoseGrams: number;
  /** Insulin that has left the subcutaneous depots for plasma, U. */
  absorbedInsulinUnits: number;
}

export interface PatientModel {
  /** The model family, e.g. 'hovorka2004' or 'uva-padova2008'. */
  readonly kind: string;
  /** A name for this patient, e.g. 'adult#001'. */
  readonly name: string;
  readonly bodyWeightKg: number;
  /** Fraction of eaten carbohydrate that reaches plasma (Hovorka AG, UVA/Padova f). */
  readonly carbBioavailability: number;
  /** Named state: `stateNames[i]` is the meaning and unit of `x[i]`. */
  readonly stateNames: readonly string[];

  /** dx/dt at time t (minutes) for state x and inputs; written into `out`, no allocation. */
  derivative(t: number, x: Float64Array, inputs: ModelInputs, out: Float64Array): void;
  /** Keeps the state physical after a step (e.g. clamps compartments at zero). */
  project?(x: Float64Array): void;

  /** An insulin dose (units) arriving in a subcutaneous depot. */
  applyInsulinDose(x: Float64Array, depot: InsulinDepot, doseUnits: number): void;
  /** A meal of `carbsGrams` that starts now. */
  applyMeal(x: Float64Array, carbsGrams: number): void;
  /**
   * The fat of a fat-rich meal eaten now, which makes insulin act less for hours after it
   * (fatResistance.ts). A model without the effect (UVA/Padova) has no such method; a Hovorka
   * model takes it when built with `mealFat`.
   */
  applyMealFat?(x: Float64Array, fatGrams: number): void;

  plasmaGlucoseMgdl(x: Float64Array): number;
  interstitialGlucoseMgdl(x: Float64Array): number;
  plasmaInsulinMilliunitsPerL(x: Float64Array): number;
  bohbMmolL(x: Float64Array): number;
  totals(x: Float64Array): Totals;

  /**
   * The integrator the model is best stepped with, new for each caller (it keeps work arrays);
   * without one, RK4 (`modelIntegrator`).
   */
  integrator?(): Integrator;

  /** The steady state at a constant rapid-insulin basal rate with no meal. */
  steadyState(basalUnitsPerHour: number): Float64Array;
  /**
   * The basal rate (U/h) that holds plasma glucose at `glucoseMgdl` without meals: in steady
   * state with the body as it is at model time `atMinutes` (a dawn rise, say), or outside any
   * daily rhythm when it is not given.
   */
  basalForGlucose(glucoseMgdl: number, atMinutes?: number): number;
}

/** The model's own integrator, or 1-minute RK4 for a model that names none. */
export function modelIntegrator(model: PatientModel): Integrator {
  return model.integrator?.() ?? rk4();
}

export function observe(model: PatientModel, x: Float64Array): Observations {
  return {
    plasmaGlucoseMgdl: model.plasmaGlucoseMgdl(x),
    interstitialGlucoseMgdl: model.interstitialGlucoseMgdl(x),
    plasmaInsulinMilliunitsPerL: model.plasmaInsulinMilliunitsPerL(x),
    bohbMmolL: model.bohbMmolL(x),
  };
}
