// The UVA/Padova 2008 virtual patient (Dalla Man, Rizza, Cobelli, IEEE TBME 54(10):1740–1749,
// 2007; Kovatchev et al., J Diabetes Sci Technol 3(1):44–55, 2009) behind `PatientModel`, with
// simglucose's parameter names (docs/physiology.md §2). Our code; simglucose
// (github.com/jxx123/simglucose, simglucose/patient/t1dpatient.py) was read for its conventions.
//
// Conventions (each one a choice; the reason follows it):
// - Units as in the paper: stomach and gut in mg, glucose masses in mg/kg, insulin masses in
//   pmol/kg, insulin concentrations in pmol/L, time in minutes. The pump's U/min becomes
//   pmol/kg/min through units/ (6000 pmol/U) and the body weight, in one place: simglucose's
//   pump applies its 0.05 U increment to a value already in pmol; here a dose is in U until
//   `pmolPerKgPerUnit` turns it into the model's unit.
// - Eating and Dbar follow simglucose exactly at 1-minute steps (5 g/min; Dbar = stomach content
//   at the meal's start + carbohydrate eaten of it so far, in mg): see uvaPadovaEating.ts for
//   how the grams left to eat are held between steps. Meals go through `applyMeal`: the run loop
//   knows "a meal starts now" for every model, and asking it to feed g/min to this model and not
//   to another would make it branch on the model's kind. `inputs.carbsGramsPerMinute` is still
//   honoured, added to the solid stomach as Hovorka's model adds it to its gut, for a caller
//   that drives eating itself; it is not part of a meal (Dbar does not count it). Give each
//   carbohydrate through one of the two, never both.
// - Non-negativity: an amount (stomach, gut, glucose and insulin masses, depots, meal left) at
//   or below zero has its derivative floored at zero, so a state at zero does not go negative
//   (simglucose freezes a state once negative; ours stops it at zero), and `project` clamps
//   any round-off below zero after a step. Every state is then ≥ 0: x[6] holds X + Ib (remote
//   insulin) rather than X, which is negative below basal (uvaPadovaState.ts).
// - Tissue uptake Vm0 + Vmx·X is floored at zero (see `tissueUptakeVmax`): an addition to
//   simglucose that only acts far below basal insulin (pump interruption).
// - Observations: plasma glucose Gp/Vg and sensor-side glucose Gs/Vg in mg/dL; plasma insulin
//   Ip/Vi in pmol/L converted to mU/L; BOHB from the ketone block driven by that insulin.
// - The right-hand side is in uvaPadovaDerivative.ts, the eating phase in uvaPadovaEating.ts,
//   the state layout in uvaPadovaState.ts, the steady states in uvaPadovaSteadyState.ts.
// - Formulations (src/insulin/formulations.ts): the rapid depot's formulation scales the
//   patient's kd, ka1, ka2 and may put a release chain in front of Isc1; an injected basal
//   formulation gets its own release chain and its own copy of the Isc1 → Isc2 chain.
import type { InsulinDepot, ModelInputs, PatientModel, Totals } from './model.ts';
import {
  bohbOf,
  ketoneParametersForBasalInsulin,
  ketoneSteadyState,
  type KetoneParameters,
} from './ketones.ts';
import {
  addToReleaseChain,
  formulation,
  type Formulation,
  type FormulationName,
} from '../insulin/formulations.ts';
import { MINUTES_PER_HOUR, unitsToMilliunits, unitsToPmol, units } from '../units/index.ts';
import { parseUvaPadovaParameters, type UvaPadovaParameters } from './uvaPadovaParameters.ts';
import { EATING_GRID_MINUTES, MG_PER_G, scheduleEating, startMeal } from './uvaPadovaEating.ts';
import {
  makeUvaPadovaDerivative,
  type SubcutaneousChain,
  type UvaPadovaDerivativeAt,
} from './uvaPadovaDerivative.ts';
import {
  UVA_CORE_STATE_COUNT,
  UVA_STATE as S,
  uvaPadovaLayout,
  type UvaPadovaLayout,
} from './uvaPadovaState.ts';
import {
  infusionPerPlasmaInsulin,
  insulinForPlasmaGlucose,
  steadyPlasmaGlucose,
  tissueGlucoseAtEquilibrium,
  tissueUptakeVmax,
} from './uvaPadovaSteadyState.ts';
import { clampNegativeToZero } from './solvers/types.ts';

export const UVA_PADOVA_KIND = 'uva-padova2008';

/** mU/L per pmol/L of insulin: 1000 mU/U over 6000 pmol/U (units/). */
const MILLIUNITS_PER_PMOL = unitsToMilliunits(units(1)) / unitsToPmol(units(1));

/** Largest dose or meal accepted in one call (a limit on everything, not physiology). */
const DOSE_UNITS_MAX = 1000;
const MEAL_GRAMS_MAX = 2000;
/** Highest basal rate searched by `basalForGlucose`, U/h (MiniMed pumps' maximum, 35 U/h). */
export const BASAL_SEARCH_MAX_UNITS_PER_HOUR = 35;
/**
 * Glucose targets `basalForGlucose` accepts, mg/dL: the range a CGM reports (physiology.md §5).
 * Outside it the model has formal steady states (glucose near zero once insulin stops EGP) that
 * no one should set a basal for.
 */
export const GLUCOSE_TARGET_MIN_MGDL = 40;
export const GLUCOSE_TARGET_MAX_MGDL = 400;

export interface UvaPadovaPatientOptions {
  readonly name: string;
  readonly parameters: UvaPadovaParameters;
  /** Formulation in the rapid depot (pump infusion and boluses). Default 'rapid-analog'. */
  readonly rapidInsulin?: FormulationName;
  /** Formulation of injected basal insulin ('glargine', 'nph'); none: no basal depot. */
  readonly basalInsulin?: FormulationName;
  /**
   * Ketone model parameters. Default: `ketoneParametersForBasalInsulin` at this patient's basal
   * plasma insulin Ib (in mU/L), so BOHB sits at its basal level on the u2ss basal.
   */
  readonly ketones?: KetoneParameters;
}

function subcutaneousChain(
  p: UvaPadovaParameters,
  f: Formulation,
  at: { isc1: number; isc2: number },
): SubcutaneousChain {
  const scale = f.absorptionTimeScale;
  return { ...at, kd: p.kd / scale, ka1: p.ka1 / scale, ka2: p.ka2 / scale };
}

function formulationFor(name: FormulationName, depot: InsulinDepot, option: string): Formulation {
  const f = formulation(name);
  if (f.depot !== depot) {
    throw new RangeError(
      `${option}: ${name} is a formulation for the ${f.depot} depot, not the ${depot} depot`,
    );
  }
  return f;
}

/** A UVA/Padova patient: a `PatientModel` that also exposes its parameters. */
export interface UvaPadovaPatientModel extends PatientModel {
  readonly parameters: UvaPadovaParameters;
  /** dx/dt at the stage point x + h·k, bit for bit `derivative` there (`OdeSystem.derivativeAt`). */
  readonly derivativeAt: UvaPadovaDerivativeAt;
  /**
   * Our state vector for a simglucose state (x0_1…x0_13, e.g. a file's initial state): the same
   * 13 values in the same order except x[6] = X + Ib; not eating, Dbar = the stomach content (as
   * simglucose's reset), ketones at their steady state for the plasma insulin, totals zero.
   */
  stateFromSimglucose(simglucoseState: readonly number[]): Float64Array;
}

/** Builds a UVA/Padova patient; validates the parameters (RangeError naming each bad one). */
export function createUvaPadovaPatient(options: UvaPadovaPatientOptions): UvaPadovaPatientModel {
  const p = parseUvaPadovaParameters(options.parameters, options.name);
  const rapid = formulationFor(options.rapidInsulin ?? 'rapid-analog', 'rapid', 'rapidInsulin');
  const basal =
    options.basalInsulin === undefined
      ? null
      : formulationFor(options.basalInsulin, 'basal', 'basalInsulin');
  const layout = uvaPadovaLayout(rapid, basal);
  const model = new UvaPadovaPatient({
    name: options.name,
    parameters: p,
    rapid,
    basal,
    layout,
    ketones: options.ketones ?? ketoneParametersForBasalInsulin(p.Ib * MILLIUNITS_PER_PMOL),
  });
  return model;
}

interface PatientSetup {
  readonly name: string;
  readonly parameters: UvaPadovaParameters;
  readonly rapid: Formulation;
  readonly basal: Formulation | null;
  readonly layout: UvaPadovaLayout;
  readonly ketones: KetoneParameters;
}

function assertAmount(value: number, max: number, what: string): void {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(`${what} = ${value}: must be a finite number in [0, ${max}]`);
  }
}

class UvaPadovaPatient implements UvaPadovaPatientModel {
  readonly kind = UVA_PADOVA_KIND;
  readonly name: string;
  readonly bodyWeightKg: number;
  readonly carbBioavailability: number;
  readonly stateNames: readonly string[];

  readonly parameters: UvaPadovaParameters;
  private readonly layout: UvaPadovaLayout;
  private readonly rapid: Formulation;
  private readonly basal: Formulation | null;
  private readonly rapidChain: SubcutaneousChain;
  private readonly ketoneParameters: KetoneParameters;
  /**
   * dx/dt at the stage point x + h·k (`OdeSystem.derivativeAt`, solvers/types.ts): a closure
   * over this patient's constants (uvaPadovaDerivative.ts). RK4 calls it for its inner stages.
   */
  readonly derivativeAt: UvaPadovaDerivativeAt;
  /** pmol/kg in the model per U of insulin (6000 pmol/U over body weight). */
  private readonly pmolPerKgPerUnit: number;

  constructor(setup: PatientSetup) {
    const p = setup.parameters;
    this.name = setup.name;
    this.parameters = p;
    this.bodyWeightKg = p.BW;
    this.carbBioavailability = p.f;
    this.layout = setup.layout;
    this.stateNames = setup.layout.stateNames;
    this.rapid = setup.rapid;
    this.basal = setup.basal;
    this.rapidChain = subcutaneousChain(p, setup.rapid, { isc1: S.isc1, isc2: S.isc2 });
    const basalLayout = setup.layout.basal;
    const basalDepot =
      setup.basal === null || basalLayout === null
        ? null
        : {
            formulation: setup.basal,
            releaseOffset: basalLayout.releaseOffset,
            chain: subcutaneousChain(p, setup.basal, basalLayout),
          };
    this.ketoneParameters = setup.ketones;
    this.pmolPerKgPerUnit = unitsToPmol(units(1)) / p.BW;
    this.derivativeAt = makeUvaPadovaDerivative({
      parameters: p,
      rapid: {
        formulation: setup.rapid,
        releaseOffset: setup.layout.rapidReleaseOffset,
        chain: this.rapidChain,
      },
      basal: basalDepot,
      ketones: setup.ketones,
      pmolPerKgPerUnit: this.pmolPerKgPerUnit,
      milliunitsPerPmol: MILLIUNITS_PER_PMOL,
    });
  }

  derivative(t: number, x: Float64Array, inputs: ModelInputs, out: Float64Array): void {
    // At the stage point x + 0·x, which is x itself for every finite state (stageComponent).
    this.derivativeAt(t, x, 0, x, inputs, out);
  }

  project(x: Float64Array, hasNegative = true): void {
    // Every state is an amount, a concentration, a rate or a clock ≥ 0 (x[6] is X + Ib): clamp
    // round-off below zero (a pass the solver lets us skip when it saw none), then set the
    // eating rate and Dbar for the next step.
    if (hasNegative) clampNegativeToZero(x);
    scheduleEating(x);
  }

  applyInsulinDose(x: Float64Array, depot: InsulinDepot, doseUnits: number): void {
    assertAmount(doseUnits, DOSE_UNITS_MAX, `${this.name}: insulin dose (U)`);
    const amount = doseUnits * this.pmolPerKgPerUnit;
    if (depot === 'rapid') {
      x[S.isc1]! += addToReleaseChain(this.rapid, x, this.layout.rapidReleaseOffset, amount);
      return;
    }
    const basal = this.layout.basal;
    if (basal === null || this.basal === null) {
      throw new RangeError(
        `${this.name}: a basal-depot dose needs a basal formulation (option basalInsulin)`,
      );
    }
    x[basal.isc1]! += addToReleaseChain(this.basal, x, basal.releaseOffset, amount);
  }

  applyMeal(x: Float64Array, carbsGrams: number): void {
    assertAmount(carbsGrams, MEAL_GRAMS_MAX, `${this.name}: meal (g)`);
    if (carbsGrams === 0) return;
    startMeal(x, carbsGrams * MG_PER_G);
  }

  plasmaGlucoseMgdl(x: Float64Array): number {
    return x[S.gp]! / this.parameters.Vg;
  }

  interstitialGlucoseMgdl(x: Float64Array): number {
    return x[S.gs]! / this.parameters.Vg;
  }

  plasmaInsulinMilliunitsPerL(x: Float64Array): number {
    return (x[S.ip]! / this.parameters.Vi) * MILLIUNITS_PER_PMOL;
  }

  bohbMmolL(x: Float64Array): number {
    return bohbOf(x, S.ketones);
  }

  totals(x: Float64Array): Totals {
    return {
      absorbedGlucoseGrams: x[S.absorbedGlucose]! / MG_PER_G,
      absorbedInsulinUnits: x[S.absorbedInsulin]! / this.pmolPerKgPerUnit,
    };
  }

  steadyState(basalUnitsPerHour: number): Float64Array {
    assertAmount(
      basalUnitsPerHour,
      BASAL_SEARCH_MAX_UNITS_PER_HOUR,
      `${this.name}: steady-state basal (U/h)`,
    );
    const p = this.parameters;
    const infusion = (basalUnitsPerHour / MINUTES_PER_HOUR) * this.pmolPerKgPerUnit;
    const x = new Float64Array(this.layout.size);
    this.steadyDepot(x, infusion);
    const insulin = infusion / infusionPerPlasmaInsulin(p);
    x[S.ip] = insulin * p.Vi;
    x[S.il] = (p.m2 * x[S.ip]!) / (p.m1 + p.m30);
    x[S.remoteInsulin] = insulin;
    x[S.i1] = insulin;
    x[S.xl] = insulin;
    const gp = steadyPlasmaGlucose(p, insulin);
    x[S.gp] = gp;
    x[S.gt] = tissueGlucoseAtEquilibrium(p, gp, tissueUptakeVmax(p.Vm0, p.Vmx, insulin - p.Ib));
    x[S.gs] = gp;
    // Not eating (any value ≥ the 1-minute eating grid means the last meal is over).
    x[S.minutesSinceEating] = EATING_GRID_MINUTES;
    ketoneSteadyState(insulin * MILLIUNITS_PER_PMOL, this.ketoneParameters, x, S.ketones);
    return x;
  }

  /** Rapid depot at a constant infusion (pmol/kg/min): release chain, then Isc1 and Isc2. */
  private steadyDepot(x: Float64Array, infusion: number): void {
    const fractions = this.rapid.releaseDoseFractions;
    let cumulative = 0;
    for (let i = 0; i < fractions.length; i += 1) {
      // Compartment i passes on all that entered it or upstream: τ·(Σ fractions up to i)·u.
      cumulative += fractions[i]!;
      x[this.layout.rapidReleaseOffset + i] =
        this.rapid.releaseTimeConstantMinutes * cumulative * infusion;
    }
    const chain = this.rapidChain;
    x[S.isc1] = infusion / (chain.ka1 + chain.kd);
    x[S.isc2] = (chain.kd * x[S.isc1]!) / chain.ka2;
  }

  stateFromSimglucose(simglucoseState: readonly number[]): Float64Array {
    const p = this.parameters;
    if (
      simglucoseState.length !== UVA_CORE_STATE_COUNT ||
      !simglucoseState.every((value) => Number.isFinite(value))
    ) {
      throw new RangeError(
        `${this.name}: a simglucose state has ${UVA_CORE_STATE_COUNT} finite values, got ` +
          JSON.stringify(simglucoseState),
      );
    }
    const x = new Float64Array(this.layout.size);
    for (let i = 0; i < UVA_CORE_STATE_COUNT; i += 1) x[i] = simglucoseState[i]!;
    x[S.remoteInsulin] = simglucoseState[S.remoteInsulin]! + p.Ib;
    if (x.some((value) => value < 0)) {
      throw new RangeError(`${this.name}: simglucose state has a negative amount (or X < −Ib)`);
    }
    x[S.stomachAtMealStart] = x[S.qsto1]! + x[S.qsto2]!;
    x[S.dbar] = x[S.stomachAtMealStart]!;
    x[S.minutesSinceEating] = EATING_GRID_MINUTES;
    const insulinMilliunitsPerL = (x[S.ip]! / p.Vi) * MILLIUNITS_PER_PMOL;
    ketoneSteadyState(insulinMilliunitsPerL, this.ketoneParameters, x, S.ketones);
    return x;
  }

  basalForGlucose(glucoseMgdl: number): number {
    const p = this.parameters;
    if (!(glucoseMgdl >= GLUCOSE_TARGET_MIN_MGDL && glucoseMgdl <= GLUCOSE_TARGET_MAX_MGDL)) {
      throw new RangeError(
        `${this.name}: glucose target ${glucoseMgdl} mg/dL must be in ` +
          `[${GLUCOSE_TARGET_MIN_MGDL}, ${GLUCOSE_TARGET_MAX_MGDL}] mg/dL`,
      );
    }
    const perInsulin = infusionPerPlasmaInsulin(p);
    const maxInfusion =
      (BASAL_SEARCH_MAX_UNITS_PER_HOUR / MINUTES_PER_HOUR) * this.pmolPerKgPerUnit;
    const insulin = insulinForPlasmaGlucose({
      parameters: p,
      gp: glucoseMgdl * p.Vg,
      maxInsulinPmolPerL: maxInfusion / perInsulin,
      describeTarget:
        `${this.name}: steady glucose ${glucoseMgdl} mg/dL (basal searched in ` +
        `[0, ${BASAL_SEARCH_MAX_UNITS_PER_HOUR}] U/h)`,
    });
    return ((insulin * perInsulin) / this.pmolPerKgPerUnit) * MINUTES_PER_HOUR;
  }
}
