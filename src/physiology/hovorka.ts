// The Hovorka 2004 virtual patient (Hovorka R. et al., Physiol Meas 25:905–920, 2004), the
// default PatientModel of OpenCSII. Equations: docs/physiology.md §1; insulin formulations:
// src/insulin/formulations.ts; ketones: ./ketones.ts.
//
// State (Float64Array, names in `stateNames`):
//   core        Q1, Q2 (mmol), x1, x2 (/min), x3 (–), I (mU/L), D1, D2 (mmol), Gi (mmol/L),
//               absorbed glucose (mmol) and absorbed insulin (mU), for mass balance;
//   rapid depot the rapid formulation's release compartments (mU), then S1, S2 (mU);
//   basal depot only when `basalInsulin` is given: its release compartments, S1, S2 (mU);
//   ketones     KETONE_STATE_NAMES;
//   meal fat    only when `mealFat` is set, last: the two compartments of a fat-rich meal's fat
//               (g, MEAL_FAT_STATE_NAMES, fatResistance.ts).
// Each depot has its own S1 → S2 chain with the patient's tmaxI times the formulation's
// absorptionTimeScale; both S2 outflows enter plasma insulin. An optional dawn phenomenon scales
// insulin's actions x1, x2, x3 by time of day where they act (dawnPhenomenon.ts), and the fat of
// a fat-rich meal scales them for hours after it (fatResistance.ts).
import type { InsulinDepot, ModelInputs, PatientModel, Totals } from './model.ts';
import type { Formulation, FormulationName } from '../insulin/formulations.ts';
import {
  addToReleaseChain,
  formulation,
  releaseChain,
  releaseChainFlowAt,
  releaseChainSteadyState,
  releaseCompartmentCount,
  type ReleaseChain,
} from '../insulin/formulations.ts';
import {
  actionFactorAt,
  actionFactorTable,
  resistanceForNeedIncrease,
  type DawnPhenomenon,
} from './dawnPhenomenon.ts';
import { FAT_TRANSIT_PER_MINUTE, fatActionFactor } from './fatResistance.ts';
import type { KetoneParameters } from './ketones.ts';
import {
  bohbOf,
  KETONE_BOHB,
  KETONE_DEFAULTS,
  KETONE_STATE_NAMES,
  ketoneDerivativeAt,
  ketoneParametersForBasalInsulin,
  ketoneSteadyState,
  prepareKetones,
  type PreparedKetones,
} from './ketones.ts';
import {
  COUNTER_REGULATION_GAIN,
  counterRegulation,
  egpMultiplier,
  type CounterRegulation,
} from './counterRegulation.ts';
import type { HovorkaParameters } from './hovorkaParameters.ts';
import { parseHovorkaParameters } from './hovorkaParameters.ts';
import {
  F01_SATURATION_MMOLL,
  insulinForGlucoseMilliunitsPerL,
  RENAL_CLEARANCE_PER_MINUTE,
  RENAL_THRESHOLD_MMOLL,
  scaleHovorka,
  steadyGlucoseMmolL,
  type EgpMultiplier,
} from './hovorkaSteadyState.ts';
import { exactLinearRk4, type SplitSystem } from './solvers/exactLinearRk4.ts';
import {
  clampNegativeToZero,
  stageComponent,
  type DerivativeAt,
  type Integrator,
} from './solvers/types.ts';
import {
  grams,
  gramsToGlucoseMmol,
  mgdl,
  mgdlToMmolL,
  MINUTES_PER_HOUR,
  mmolL,
  mmolLToMgdl,
  units,
  unitsToMilliunits,
} from '../units/index.ts';

export interface HovorkaPatientOptions {
  readonly name: string;
  readonly parameters: HovorkaParameters;
  /** Formulation in the rapid depot (pump, boluses). Default 'rapid-analog'. */
  readonly rapidInsulin?: FormulationName;
  /** Formulation in the basal depot (injected long-acting). Default: no basal depot. */
  readonly basalInsulin?: FormulationName;
  /** Default: scaled to this patient's basal insulin at 120 mg/dL (see `defaultKetones`). */
  readonly ketones?: KetoneParameters;
  /** Gain of insulin-deficiency counter-regulation (counterRegulation.ts); 0 = Hovorka 2004 as published. */
  readonly counterRegulationGain?: number;
  /**
   * A dawn phenomenon (dawnPhenomenon.ts), with the local clock minute at model time 0.
   * Default: none (Hovorka 2004 as published has no rhythm).
   */
  readonly dawn?: { readonly phenomenon: DawnPhenomenon; readonly startMinuteOfDay: number };
  /**
   * Whether the model takes the fat of fat-rich meals (`applyMealFat`): two more states and a
   * slower step, so only a run that feeds fat builds them. Default false.
   */
  readonly mealFat?: boolean;
}

/** A Hovorka patient: a PatientModel that also shows its (checked) parameters. */
export interface HovorkaModel
  extends PatientModel, Omit<SplitSystem<ModelInputs>, 'derivative' | 'derivativeAt' | 'project'> {
  /** Exact-linear RK4 (solvers/exactLinearRk4.ts): the integrator the simulation steps it with. */
  integrator(): Integrator;
  readonly kind: 'hovorka2004';
  readonly parameters: HovorkaParameters;
  applyMealFat(x: Float64Array, fatGrams: number): void;
  /** dx/dt at the stage point x + h·k, bit for bit `derivative` there (`OdeSystem.derivativeAt`). */
  readonly derivativeAt: DerivativeAt<ModelInputs>;
}

/** Indices of the core states. */
export const HOVORKA_CORE_STATES = {
  Q1: 0,
  Q2: 1,
  x1: 2,
  x2: 3,
  x3: 4,
  I: 5,
  D1: 6,
  D2: 7,
  Gi: 8,
  absorbedGlucose: 9,
  absorbedInsulin: 10,
} as const;
const CORE_NAMES = [
  'Q1Mmol',
  'Q2Mmol',
  'x1PerMinute',
  'x2PerMinute',
  'x3',
  'IMilliunitsPerL',
  'D1Mmol',
  'D2Mmol',
  'GiMmolL',
  'absorbedGlucoseMmol',
  'absorbedInsulinMilliunits',
];
/** The meal-fat compartments, last when the model has them. */
export const MEAL_FAT_STATE_NAMES = ['fat1Grams', 'fat2Grams'] as const;
const { Q1, Q2, x1: X1, x2: X2, x3: X3, I, D1, D2, Gi } = HOVORKA_CORE_STATES;
const ABSORBED_GLUCOSE = HOVORKA_CORE_STATES.absorbedGlucose;
const ABSORBED_INSULIN = HOVORKA_CORE_STATES.absorbedInsulin;

const MILLIUNITS_PER_UNIT: number = unitsToMilliunits(units(1));
const GLUCOSE_MMOL_PER_GRAM: number = gramsToGlucoseMmol(grams(1));
// Module-level copies of imported constants: V8 folds a module's own `const` numbers into the
// derivative, whereas it re-reads (and re-checks) an imported binding on every evaluation.
const F01_SATURATION = F01_SATURATION_MMOLL;
const RENAL_THRESHOLD = RENAL_THRESHOLD_MMOLL;
const RENAL_CLEARANCE = RENAL_CLEARANCE_PER_MINUTE;
/** Largest basal rate `steadyState` accepts, U/h ("put a limit on everything"). */
export const STEADY_BASAL_UNITS_PER_HOUR_MAX = 50;

/** One subcutaneous depot: a release chain, then S1 → S2 into plasma. */
interface Depot {
  readonly formulation: Formulation;
  /** The release compartments, from the depot's first state (= s1 when there is none). */
  readonly release: ReleaseChain;
  readonly s1: number;
  readonly s2: number;
  /** 1 / (tmaxI · absorptionTimeScale), /min. */
  readonly absorptionRatePerMinute: number;
}

function makeDepot(f: Formulation, offset: number, tmaxIMinutes: number): Depot {
  const s1 = offset + releaseCompartmentCount(f);
  return {
    formulation: f,
    release: releaseChain(f, offset),
    s1,
    s2: s1 + 1,
    absorptionRatePerMinute: 1 / (tmaxIMinutes * f.absorptionTimeScale),
  };
}

function depotNames(prefix: string, depot: Depot): string[] {
  const names: string[] = [];
  for (let i = 0; i < releaseCompartmentCount(depot.formulation); i += 1) {
    names.push(`${prefix}Release${i + 1}Milliunits`);
  }
  names.push(`${prefix === 'rapid' ? '' : prefix}S1Milliunits`);
  names.push(`${prefix === 'rapid' ? '' : prefix}S2Milliunits`);
  return names;
}

/** Glucose of the ketone calibration's basal state (ketones.ts: nominal patient at 120 mg/dL). */
const KETONE_REFERENCE_GLUCOSE_MGDL = 120;

/**
 * Ketone parameters scaled to the plasma insulin that holds this patient at 120 mg/dL, so that
 * every patient has the calibrated basal BOHB on their own basal (ketones.ts,
 * `ketoneParametersForBasalInsulin`). For the nominal patient this equals KETONE_DEFAULTS.
 * A patient who stays below 120 mg/dL without insulin (no basal need) keeps the defaults.
 */
function defaultKetones(p: HovorkaParameters): KetoneParameters {
  const basal = referenceBasalInsulin(p);
  return basal === null ? KETONE_DEFAULTS : ketoneParametersForBasalInsulin(basal);
}

/** Plasma insulin that holds this patient at 120 mg/dL; null if no insulin is needed for it. */
function referenceBasalInsulin(p: HovorkaParameters): number | null {
  const reference = mgdlToMmolL(mgdl(KETONE_REFERENCE_GLUCOSE_MGDL));
  if (steadyGlucoseMmolL(p, 0) <= reference) return null;
  return insulinForGlucoseMilliunitsPerL(p, reference);
}

function checkedFormulation(field: string, name: string, depot: InsulinDepot): Formulation {
  const f = formulation(name);
  if (f.depot !== depot) {
    throw new RangeError(`${field}: '${name}' is a ${f.depot} formulation, expected ${depot}`);
  }
  return f;
}

class HovorkaPatient implements HovorkaModel {
  readonly kind = 'hovorka2004';
  readonly name: string;
  readonly bodyWeightKg: number;
  readonly carbBioavailability: number;
  readonly stateNames: readonly string[];
  readonly parameters: HovorkaParameters;
  // The fields below are `declare`d and assigned exactly once by the constructor. A plain
  // declaration would, under ES2022 class-field semantics, first define each as `undefined`;
  // V8 would then keep these numbers as generic boxed values that the derivative type-checks
  // on every read, instead of as plain double fields.
  declare private readonly rapid: Depot;
  declare private readonly basal: Depot | undefined;
  declare private readonly ketoneOffset: number;
  declare private readonly ketones: PreparedKetones;
  // Working-unit constants and rate products, computed once: the derivative runs four times
  // a simulated minute and reads only these own fields (no unit conversion, no nested object).
  declare private readonly ka1: number;
  declare private readonly ka2: number;
  declare private readonly ka3: number;
  declare private readonly ka1Sit: number;
  declare private readonly ka2Sid: number;
  declare private readonly ka3Sie: number;
  declare private readonly ke: number;
  declare private readonly k12: number;
  declare private readonly mealMmolPerGram: number;
  declare private readonly vgL: number;
  declare private readonly inverseVgPerL: number;
  declare private readonly inverseViPerL: number;
  declare private readonly f01MmolPerMinute: number;
  declare private readonly egp0MmolPerMinute: number;
  declare private readonly mealRatePerMinute: number;
  declare private readonly inverseTauPerMinute: number;
  declare private readonly counterRegulation: CounterRegulation;
  /** The counter-regulation factor at steady plasma insulin, for the steady-state solvers. */
  declare private readonly steadyEgpMultiplier: EgpMultiplier;
  /** Insulin's action factor by clock minute for a dawn phenomenon, or null for none. */
  declare private readonly actionFactors: Float64Array | null;
  /** The clock minute at model time 0, where `actionFactors` is read from. */
  declare private readonly startMinuteOfDay: number;
  /** Index of the first meal-fat compartment (the second follows), or -1 without them. */
  declare private readonly fatOffset: number;
  /** The stage point the nonlinear rates read (scratch, one state vector). */
  declare private readonly stage: Float64Array;
  private builtIntegrator: Integrator | undefined;
  /** Glucose in plasma and tissue, interstitial glucose and BOHB; the rest is linear. */
  declare readonly nonlinearStates: readonly number[];
  declare readonly linearStatesReadByNonlinear: readonly number[];
  readonly inputCount = 2;

  constructor(options: HovorkaPatientOptions) {
    const p = parseHovorkaParameters(options.parameters);
    this.name = options.name;
    this.parameters = p;
    this.bodyWeightKg = p.bodyWeightKg;
    this.carbBioavailability = p.ag;
    const rapidName = options.rapidInsulin ?? 'rapid-analog';
    this.rapid = makeDepot(
      checkedFormulation('rapidInsulin', rapidName, 'rapid'),
      CORE_NAMES.length,
      p.tmaxIMinutes,
    );
    const names = [...CORE_NAMES, ...depotNames('rapid', this.rapid)];
    if (options.basalInsulin !== undefined) {
      const f = checkedFormulation('basalInsulin', options.basalInsulin, 'basal');
      this.basal = makeDepot(f, names.length, p.tmaxIMinutes);
      names.push(...depotNames('basal', this.basal));
    } else {
      this.basal = undefined;
    }
    this.ketoneOffset = names.length;
    names.push(...KETONE_STATE_NAMES);
    this.fatOffset = options.mealFat === true ? names.length : -1;
    if (this.fatOffset >= 0) names.push(...MEAL_FAT_STATE_NAMES);
    this.stateNames = names;
    this.ketones = prepareKetones(options.ketones ?? defaultKetones(p));
    this.ka1 = p.ka1;
    this.ka2 = p.ka2;
    this.ka3 = p.ka3;
    this.ka1Sit = p.ka1 * p.sit;
    this.ka2Sid = p.ka2 * p.sid;
    this.ka3Sie = p.ka3 * p.sie;
    this.ke = p.ke;
    this.k12 = p.k12;
    this.mealMmolPerGram = GLUCOSE_MMOL_PER_GRAM * p.ag;
    const scaled = scaleHovorka(p);
    this.vgL = scaled.vgL;
    this.inverseVgPerL = 1 / scaled.vgL;
    this.inverseViPerL = 1 / scaled.viL;
    this.f01MmolPerMinute = scaled.f01MmolPerMinute;
    this.egp0MmolPerMinute = scaled.egp0MmolPerMinute;
    this.mealRatePerMinute = 1 / p.tmaxGMinutes;
    this.inverseTauPerMinute = 1 / p.interstitialTauMinutes;
    const basalInsulin = referenceBasalInsulin(p);
    const gain = options.counterRegulationGain ?? COUNTER_REGULATION_GAIN;
    this.counterRegulation = counterRegulation({
      gain: basalInsulin === null ? 0 : gain,
      basalInsulinMilliunitsPerL: basalInsulin ?? 1,
    });
    const cr = this.counterRegulation;
    this.steadyEgpMultiplier = (insulin) => egpMultiplier(cr, insulin);
    this.startMinuteOfDay = options.dawn?.startMinuteOfDay ?? 0;
    this.actionFactors =
      options.dawn === undefined ? null : this.dawnActionFactors(options.dawn.phenomenon);
    this.stage = new Float64Array(names.length);
    this.nonlinearStates = [Q1, Q2, Gi, this.ketoneOffset + KETONE_BOHB];
    const watched = [X1, X2, X3, D2, this.ketoneOffset];
    if (this.fatOffset >= 0) watched.push(this.fatOffset + 1);
    this.linearStatesReadByNonlinear = watched;
  }

  /**
   * Steps the linear compartments exactly and glucose and ketones by RK4 (exactLinearRk4.ts).
   * Built once per model: it holds only coefficients and scratch, and building it (reading the
   * structure, a matrix exponential) costs as much as a few simulated hours.
   */
  integrator(): Integrator {
    this.builtIntegrator ??= exactLinearRk4(this);
    return this.builtIntegrator;
  }

  inputVector(inputs: ModelInputs, out: Float64Array): void {
    out[0] = inputs.rapidInsulinUnitsPerMinute;
    out[1] = inputs.carbsGramsPerMinute;
  }

  inputsOf(vector: Float64Array): ModelInputs {
    return { rapidInsulinUnitsPerMinute: vector[0]!, carbsGramsPerMinute: vector[1]! };
  }

  derivative(t: number, x: Float64Array, inputs: ModelInputs, out: Float64Array): void {
    // At the stage point x + 0·x, which is x itself for every finite state (stageComponent).
    this.derivativeAt(t, x, 0, x, inputs, out);
  }

  /**
   * dx/dt at the stage point x + h·k (`OdeSystem.derivativeAt`, solvers/types.ts), for RK4 and
   * the other generic solvers: the linear compartments here, glucose and ketones through the
   * rates the model's own integrator steps (`nonlinearRates`), so each equation is written once.
   */
  derivativeAt(
    t: number,
    x: Float64Array,
    h: number,
    k: Float64Array,
    inputs: ModelInputs,
    out: Float64Array,
  ): void {
    const insulin = stageComponent(x, h, k, I);
    const infusion = inputs.rapidInsulinUnitsPerMinute * MILLIUNITS_PER_UNIT;
    let appearance = depotDerivativeAt(this.rapid, x, h, k, infusion, out);
    if (this.basal !== undefined) appearance += depotDerivativeAt(this.basal, x, h, k, 0, out);
    out[I] = appearance * this.inverseViPerL - this.ke * insulin;
    out[ABSORBED_INSULIN] = appearance;

    const x1 = stageComponent(x, h, k, X1);
    const x2 = stageComponent(x, h, k, X2);
    const x3 = stageComponent(x, h, k, X3);
    const d1 = stageComponent(x, h, k, D1);
    const d2 = stageComponent(x, h, k, D2);
    out[X1] = this.ka1Sit * insulin - this.ka1 * x1;
    out[X2] = this.ka2Sid * insulin - this.ka2 * x2;
    out[X3] = this.ka3Sie * insulin - this.ka3 * x3;
    out[D1] = inputs.carbsGramsPerMinute * this.mealMmolPerGram - d1 * this.mealRatePerMinute;
    out[D2] = (d1 - d2) * this.mealRatePerMinute;
    out[ABSORBED_GLUCOSE] = d2 * this.mealRatePerMinute;
    // The nonlinear rates read the stage point from one vector: the form the exact-linear
    // integrator steps them in.
    const s = this.stage;
    const ketones = this.ketoneOffset;
    s[Q1] = stageComponent(x, h, k, Q1);
    s[Q2] = stageComponent(x, h, k, Q2);
    s[X1] = x1;
    s[X2] = x2;
    s[X3] = x3;
    s[D2] = d2;
    s[Gi] = stageComponent(x, h, k, Gi);
    const fat = this.fatOffset;
    if (fat >= 0) {
      const fat1 = stageComponent(x, h, k, fat);
      const fat2 = stageComponent(x, h, k, fat + 1);
      out[fat] = -FAT_TRANSIT_PER_MINUTE * fat1;
      out[fat + 1] = FAT_TRANSIT_PER_MINUTE * (fat1 - fat2);
      s[fat + 1] = fat2;
    }
    s[ketones] = stageComponent(x, h, k, ketones);
    s[ketones + KETONE_BOHB] = stageComponent(x, h, k, ketones + KETONE_BOHB);
    this.ratesAt(t, insulin, s, out);
  }

  nonlinearRates(t: number, s: Float64Array, out: Float64Array): void {
    // Plasma insulin enters only the rate of the insulin acting on ketogenesis, which is linear
    // and not read here.
    this.ratesAt(t, 0, s, out);
  }

  /**
   * The rates of Q1, Q2, Gi and the ketone block at the state s, into out at their indices.
   * `insulin` (plasma insulin at s) serves only the ketone block's linear Xk rate.
   */
  private ratesAt(t: number, insulin: number, s: Float64Array, out: Float64Array): void {
    ketoneDerivativeAt(insulin, this.ketones, s, 0, s, this.ketoneOffset, out);
    const q1 = s[Q1]!;
    const q2 = s[Q2]!;
    // Insulin's actions where they act: scaled down through a dawn phenomenon's resistance and a
    // fat-rich meal's (1 exactly without either, so the published model's arithmetic is kept).
    // The fat's part is a call of its own: written out here, it made the step of a model without
    // fat about a tenth slower in side-by-side runs (this function grew past what V8 inlines).
    const action =
      this.fatOffset < 0 ? this.actionFactorAtMinute(t) : this.actionFactorWithFat(t, s);
    const x1 = s[X1]! * action;
    const x2 = s[X2]! * action;
    const x3 = s[X3]! * action;
    const gi = s[Gi]!;
    const glucose = q1 * this.inverseVgPerL;
    const f01c =
      glucose >= F01_SATURATION
        ? this.f01MmolPerMinute
        : (this.f01MmolPerMinute * glucose) / F01_SATURATION;
    const renal =
      glucose >= RENAL_THRESHOLD ? RENAL_CLEARANCE * (glucose - RENAL_THRESHOLD) * this.vgL : 0;
    const egp =
      x3 < 1
        ? this.egp0MmolPerMinute *
          (1 - x3) *
          egpMultiplier(this.counterRegulation, s[this.ketoneOffset]!)
        : 0;
    const gutAppearance = s[D2]! * this.mealRatePerMinute;
    // F01c/(VG·G)·Q1 of the paper is F01c itself: written so, it stays finite at G = 0.
    out[Q1] = egp + gutAppearance + this.k12 * q2 - f01c - renal - x1 * q1;
    out[Q2] = x1 * q1 - (this.k12 + x2) * q2;
    out[Gi] = (glucose - gi) * this.inverseTauPerMinute;
  }

  project(x: Float64Array, hasNegative = true): void {
    // Every state is an amount, a concentration or an action ≥ 0; RK4 can undershoot zero by
    // rounding when a compartment empties. The solver tells us when it saw no negative value.
    if (hasNegative) clampNegativeToZero(x);
  }

  applyInsulinDose(x: Float64Array, depot: InsulinDepot, doseUnits: number): void {
    if (!(doseUnits >= 0 && Number.isFinite(doseUnits))) {
      throw new RangeError(`doseUnits: ${doseUnits}, allowed: a finite number ≥ 0`);
    }
    const target = depot === 'rapid' ? this.rapid : this.basal;
    if (target === undefined) {
      throw new RangeError(
        `depot: 'basal' — patient ${this.name} has no basal depot (create it with basalInsulin)`,
      );
    }
    const milliunits = doseUnits * MILLIUNITS_PER_UNIT;
    const direct = addToReleaseChain(target.formulation, x, target.release.offset, milliunits);
    x[target.s1] = x[target.s1]! + direct;
  }

  applyMeal(x: Float64Array, carbsGrams: number): void {
    if (!(carbsGrams >= 0 && Number.isFinite(carbsGrams))) {
      throw new RangeError(`carbsGrams: ${carbsGrams}, allowed: a finite number ≥ 0`);
    }
    x[D1] = x[D1]! + this.carbBioavailability * gramsToGlucoseMmol(grams(carbsGrams));
  }

  applyMealFat(x: Float64Array, fatGrams: number): void {
    if (this.fatOffset < 0) throw new Error(`${this.name}: built without meal fat (mealFat)`);
    if (!(fatGrams >= 0 && Number.isFinite(fatGrams))) {
      throw new RangeError(`fatGrams: ${fatGrams}, allowed: a finite number ≥ 0`);
    }
    x[this.fatOffset] = x[this.fatOffset]! + fatGrams;
  }

  plasmaGlucoseMgdl(x: Float64Array): number {
    return mmolLToMgdl(mmolL(x[Q1]! * this.inverseVgPerL));
  }

  interstitialGlucoseMgdl(x: Float64Array): number {
    return mmolLToMgdl(mmolL(x[Gi]!));
  }

  plasmaInsulinMilliunitsPerL(x: Float64Array): number {
    return x[I]!;
  }

  bohbMmolL(x: Float64Array): number {
    return bohbOf(x, this.ketoneOffset);
  }

  totals(x: Float64Array): Totals {
    return {
      absorbedGlucoseGrams: x[ABSORBED_GLUCOSE]! / GLUCOSE_MMOL_PER_GRAM,
      absorbedInsulinUnits: x[ABSORBED_INSULIN]! / MILLIUNITS_PER_UNIT,
    };
  }

  /** The steady state at model time 0 (with the dawn rise there is then, if any). */
  steadyState(basalUnitsPerHour: number): Float64Array {
    if (!(basalUnitsPerHour >= 0 && basalUnitsPerHour <= STEADY_BASAL_UNITS_PER_HOUR_MAX)) {
      throw new RangeError(
        `basalUnitsPerHour: ${basalUnitsPerHour}, allowed [0, ${STEADY_BASAL_UNITS_PER_HOUR_MAX}]`,
      );
    }
    const p = this.parameters;
    const action = this.actionFactorAtMinute(0);
    const x = new Float64Array(this.stateNames.length);
    const infusion = (basalUnitsPerHour * MILLIUNITS_PER_UNIT) / MINUTES_PER_HOUR; // mU/min
    const rapid = this.rapid;
    releaseChainSteadyState(rapid.formulation, infusion, x, rapid.release.offset);
    x[rapid.s1] = infusion / rapid.absorptionRatePerMinute;
    x[rapid.s2] = infusion / rapid.absorptionRatePerMinute;
    const insulin = (infusion * this.inverseViPerL) / p.ke;
    const glucose = steadyGlucoseMmolL(
      this.withActionFactor(action),
      insulin,
      this.steadyEgpMultiplier,
    );
    x[I] = insulin;
    x[X1] = p.sit * insulin;
    x[X2] = p.sid * insulin;
    x[X3] = p.sie * insulin;
    x[Q1] = glucose * this.vgL;
    x[Q2] = (action * x[X1]! * x[Q1]!) / (p.k12 + action * x[X2]!);
    x[Gi] = glucose;
    ketoneSteadyState(insulin, this.ketones, x, this.ketoneOffset);
    return x;
  }

  basalForGlucose(glucoseMgdl: number, atMinutes?: number): number {
    const action = atMinutes === undefined ? 1 : this.actionFactorAtMinute(atMinutes);
    return this.steadyBasal(mgdlToMmolL(mgdl(glucoseMgdl)), action);
  }

  /** The basal rate (U/h) that holds `glucoseMmolL` with insulin's actions scaled by `action`. */
  private steadyBasal(glucoseMmolL: number, action: number): number {
    const insulin = insulinForGlucoseMilliunitsPerL(
      this.withActionFactor(action),
      glucoseMmolL,
      this.steadyEgpMultiplier,
    );
    const milliunitsPerMinute = (insulin * this.parameters.ke) / this.inverseViPerL;
    return (milliunitsPerMinute * MINUTES_PER_HOUR) / MILLIUNITS_PER_UNIT;
  }

  /** The parameters with the sensitivities to insulin scaled: what a steady state sees. */
  private withActionFactor(action: number): HovorkaParameters {
    const p = this.parameters;
    return action === 1
      ? p
      : { ...p, sit: p.sit * action, sid: p.sid * action, sie: p.sie * action };
  }

  /** Insulin's action factor at model time t and stage s of a model with meal fat. */
  private actionFactorWithFat(t: number, s: Float64Array): number {
    return this.actionFactorAtMinute(t) * fatActionFactor(s[this.fatOffset + 1]!);
  }

  /** Insulin's action factor at model time t: 1 without a dawn phenomenon. */
  private actionFactorAtMinute(t: number): number {
    const table = this.actionFactors;
    return table === null ? 1 : actionFactorAt(table, this.startMinuteOfDay, t);
  }

  /**
   * The dawn rise's action factors, the resistance's amplitude set so the steady need at the
   * ketone reference glucose (120 mg/dL) rises by `peakIncreasePercent` at the peak. A patient who
   * needs no insulin there has no rise to meet: the published model.
   */
  private dawnActionFactors(dawn: DawnPhenomenon): Float64Array | null {
    if (dawn.peakIncreasePercent === 0 || referenceBasalInsulin(this.parameters) === null)
      return null;
    const reference = mgdlToMmolL(mgdl(KETONE_REFERENCE_GLUCOSE_MGDL));
    const amplitude = resistanceForNeedIncrease(
      (action) => this.steadyBasal(reference, action),
      dawn.peakIncreasePercent / 100,
    );
    return actionFactorTable(dawn, amplitude);
  }
}

/**
 * d/dt of one depot (release chain, S1, S2) at the stage point x + h·k; returns its outflow
 * into plasma, mU/min.
 */
function depotDerivativeAt(
  depot: Depot,
  x: Float64Array,
  h: number,
  k: Float64Array,
  inflow: number,
  out: Float64Array,
): number {
  // No release compartment (the rapid analog): the inflow passes through, without the call.
  const released =
    depot.release.count === 0 ? inflow : releaseChainFlowAt(depot.release, x, h, k, inflow, out);
  const s1Outflow = stageComponent(x, h, k, depot.s1) * depot.absorptionRatePerMinute;
  const s2Outflow = stageComponent(x, h, k, depot.s2) * depot.absorptionRatePerMinute;
  out[depot.s1] = released - s1Outflow;
  out[depot.s2] = s1Outflow - s2Outflow;
  return s2Outflow;
}

/** A Hovorka 2004 patient; parameters are checked (RangeError naming field, value, range). */
export function createHovorkaPatient(options: HovorkaPatientOptions): HovorkaModel {
  return new HovorkaPatient(options);
}
