// The right-hand side of the UVA/Padova 2008 model (Dalla Man, Rizza, Cobelli, IEEE TBME
// 54(10):1740–1749, 2007; Kovatchev et al., J Diabetes Sci Technol 3(1):44–55, 2009), in
// simglucose's parameter names, with the conventions stated in uvaPadova.ts.
//
// It is built once per patient as a closure over the patient's constants: this is the hot loop
// (four calls per 1-minute RK4 step). With a single patient V8 folds a closure's constants into
// its code; with several it reads each from the closure without a property lookup. It is written
// at the solver's stage point x + h·k (`OdeSystem.derivativeAt`, solvers/types.ts), so RK4 never
// forms a stage vector; `derivative` is the same function at h = 0, k = x. No allocation per call.
import type { ModelInputs } from './model.ts';
import { ketoneDerivativeAt, prepareKetones, type KetoneParameters } from './ketones.ts';
import {
  releaseChain,
  releaseChainFlowAt,
  type Formulation,
  type ReleaseChain,
} from '../insulin/formulations.ts';
import type { UvaPadovaParameters } from './uvaPadovaParameters.ts';
import { eatingDerivativeAt, MG_PER_G } from './uvaPadovaEating.ts';
import { UVA_STATE as S } from './uvaPadovaState.ts';
import { tissueUptakeVmax } from './uvaPadovaSteadyState.ts';
import { stageComponent, type DerivativeAt } from './solvers/types.ts';

// State indices as module constants (V8 folds them; fields of an imported object it re-reads).
const {
  qsto1: QSTO1,
  qsto2: QSTO2,
  qgut: QGUT,
  gp: GP,
  gt: GT,
  ip: IP,
  remoteInsulin: REMOTE_INSULIN,
  i1: I1,
  xl: XL,
  il: IL,
  gs: GS,
  dbar: DBAR,
  absorbedGlucose: ABSORBED_GLUCOSE,
  absorbedInsulin: ABSORBED_INSULIN,
  ketones: KETONES,
} = S;

/** One depot's Isc1 → Isc2 chain: where it lives in x and its rates (/min). */
export interface SubcutaneousChain {
  readonly isc1: number;
  readonly isc2: number;
  readonly kd: number;
  readonly ka1: number;
  readonly ka2: number;
}

/** A depot: an optional release chain (formulations.ts) in front of its Isc1 → Isc2 chain. */
export interface Depot {
  readonly formulation: Formulation;
  readonly releaseOffset: number;
  readonly chain: SubcutaneousChain;
}

export interface DerivativeSetup {
  readonly parameters: UvaPadovaParameters;
  readonly rapid: Depot;
  readonly basal: Depot | null;
  readonly ketones: KetoneParameters;
  /** pmol/kg of insulin per U for this patient (6000 pmol/U over body weight). */
  readonly pmolPerKgPerUnit: number;
  /** mU/L per pmol/L of insulin. */
  readonly milliunitsPerPmol: number;
}

/** A derivative that cannot take an amount at or below zero further down. */
export function floorAtZero(amount: number, derivative: number): number {
  return amount <= 0 && derivative < 0 ? 0 : derivative;
}

/** A depot as the derivative reads it: its release chain placed in the state, then Isc1 → Isc2. */
interface PreparedDepot {
  readonly release: ReleaseChain;
  readonly chain: SubcutaneousChain;
}

function prepareDepot(depot: Depot): PreparedDepot {
  return { release: releaseChain(depot.formulation, depot.releaseOffset), chain: depot.chain };
}

/**
 * One depot at the stage point x + h·k: release chain, then Isc1 → Isc2 → plasma (the
 * subcutaneous insulin model of Kovatchev 2009). Writes d/dt and returns the flow into plasma,
 * pmol/kg/min; the flow uses the same terms the depot loses, so depot + absorbed changes only by
 * the inflow (mass balance).
 */
function depotDerivativeAt(
  depot: PreparedDepot,
  x: Float64Array,
  h: number,
  k: Float64Array,
  inflowPmolPerKgPerMinute: number,
  out: Float64Array,
): number {
  // No release compartment (the rapid analog): the inflow passes through, without the call.
  const released =
    depot.release.count === 0
      ? inflowPmolPerKgPerMinute
      : releaseChainFlowAt(depot.release, x, h, k, inflowPmolPerKgPerMinute, out);
  const { isc1: at1, isc2: at2, kd, ka1, ka2 } = depot.chain;
  const isc1 = stageComponent(x, h, k, at1);
  const isc2 = stageComponent(x, h, k, at2);
  out[at1] = floorAtZero(isc1, released - (ka1 + kd) * isc1);
  out[at2] = floorAtZero(isc2, kd * isc1 - ka2 * isc2);
  return ka1 * isc1 + ka2 * isc2;
}

/** dx/dt at the stage point x + h·k (`OdeSystem.derivativeAt`). */
export type UvaPadovaDerivativeAt = DerivativeAt<ModelInputs>;

/**
 * The constants the right-hand side reads, with the products, sums and reciprocals that do not
 * depend on the state formed once per patient instead of on every call. Regrouping is exact
 * (the same operations in the same order); a reciprocal turns a division into a multiplication,
 * which can differ from it in the last bit.
 */
interface UvaRates {
  readonly kabs: number;
  /** f·kabs: Ra·BW = f·kabs·qgut, /min. */
  readonly fKabs: number;
  /** 1/BW, /kg. */
  readonly inverseBodyWeight: number;
  readonly kmax: number;
  readonly kmin: number;
  /** (kmax − kmin)/2, the amplitude of the gastric-emptying curve, /min. */
  readonly kemptHalfRange: number;
  readonly b: number;
  readonly d: number;
  readonly oneMinusB: number;
  readonly kp1: number;
  readonly kp2: number;
  readonly kp3: number;
  readonly ke1: number;
  readonly ke2: number;
  readonly Fsnc: number;
  readonly k1: number;
  readonly k2: number;
  readonly Vm0: number;
  readonly Vmx: number;
  readonly Km0: number;
  readonly Ib: number;
  readonly m1: number;
  readonly m2: number;
  /** −(m2 + m4), /min. */
  readonly negM2PlusM4: number;
  /** −(m1 + m30), /min. */
  readonly negM1PlusM30: number;
  /** 1/Vi, kg/L. */
  readonly inverseVi: number;
  readonly p2u: number;
  /** −ki, /min. */
  readonly negKi: number;
  readonly ksc: number;
}

function uvaRates(p: UvaPadovaParameters): UvaRates {
  return {
    kabs: p.kabs,
    fKabs: p.f * p.kabs,
    inverseBodyWeight: 1 / p.BW,
    kmax: p.kmax,
    kmin: p.kmin,
    kemptHalfRange: (p.kmax - p.kmin) / 2,
    b: p.b,
    d: p.d,
    oneMinusB: 1 - p.b,
    kp1: p.kp1,
    kp2: p.kp2,
    kp3: p.kp3,
    ke1: p.ke1,
    ke2: p.ke2,
    Fsnc: p.Fsnc,
    k1: p.k1,
    k2: p.k2,
    Vm0: p.Vm0,
    Vmx: p.Vmx,
    Km0: p.Km0,
    Ib: p.Ib,
    m1: p.m1,
    m2: p.m2,
    negM2PlusM4: -(p.m2 + p.m4),
    negM1PlusM30: -(p.m1 + p.m30),
    inverseVi: 1 / p.Vi,
    p2u: p.p2u,
    negKi: -p.ki,
    ksc: p.ksc,
  };
}

export function makeUvaPadovaDerivative(setup: DerivativeSetup): UvaPadovaDerivativeAt {
  // Closure constants rather than reads of an object: with one patient V8 folds them into code.
  const rates = uvaRates(setup.parameters);
  const { kabs, fKabs, inverseBodyWeight, kmax, kmin, kemptHalfRange, b, d, oneMinusB } = rates;
  const { kp1, kp2, kp3, ke1, ke2, Fsnc, k1, k2, Vm0, Vmx, Km0, Ib, m1, m2 } = rates;
  const { negM2PlusM4, negM1PlusM30, inverseVi, p2u, negKi, ksc } = rates;
  const { pmolPerKgPerUnit, milliunitsPerPmol } = setup;
  const ketones = prepareKetones(setup.ketones);
  const rapid = prepareDepot(setup.rapid);
  const basal = setup.basal === null ? null : prepareDepot(setup.basal);
  const uvaPadovaDerivativeAt: UvaPadovaDerivativeAt = (_t, x, h, k, inputs, out) => {
    // Each state is read at the stage point as x[i] + h·k[i] (`stageComponent` written out: V8
    // inlines a function's helpers only up to a budget, which this one would exhaust).
    // Eating, stomach and gut (Dalla Man 2007); Ra·BW = f·kabs·qgut, mg/min.
    const qsto1 = x[QSTO1]! + h * k[QSTO1]!;
    const qsto2 = x[QSTO2]! + h * k[QSTO2]!;
    const dbar = x[DBAR]! + h * k[DBAR]!;
    let kempt = kmax;
    if (dbar > 0) {
      const qsto = qsto1 + qsto2;
      const alpha = 5 / (2 * dbar * oneMinusB);
      const beta = 5 / (2 * dbar * d);
      kempt =
        kmin +
        kemptHalfRange *
          (Math.tanh(alpha * (qsto - b * dbar)) - Math.tanh(beta * (qsto - d * dbar)) + 2);
    }
    const eat = eatingDerivativeAt(x, h, k, out) + inputs.carbsGramsPerMinute * MG_PER_G;
    const qgut = x[QGUT]! + h * k[QGUT]!;
    out[QSTO1] = floorAtZero(qsto1, eat - kmax * qsto1);
    out[QSTO2] = floorAtZero(qsto2, kmax * qsto1 - kempt * qsto2);
    out[QGUT] = floorAtZero(qgut, kempt * qsto2 - kabs * qgut);
    const raMgPerMinute = fKabs * qgut;
    out[ABSORBED_GLUCOSE] = raMgPerMinute;

    // Subcutaneous depots, plasma and liver insulin, insulin action (Dalla Man 2007).
    const infusion = inputs.rapidInsulinUnitsPerMinute * pmolPerKgPerUnit;
    let absorbed = depotDerivativeAt(rapid, x, h, k, infusion, out);
    if (basal !== null) absorbed += depotDerivativeAt(basal, x, h, k, 0, out);
    out[ABSORBED_INSULIN] = absorbed;
    const ip = x[IP]! + h * k[IP]!;
    const il = x[IL]! + h * k[IL]!;
    out[IP] = floorAtZero(ip, negM2PlusM4 * ip + m1 * il + absorbed);
    out[IL] = floorAtZero(il, negM1PlusM30 * il + m2 * ip);
    const insulin = ip * inverseVi;
    const remoteInsulin = x[REMOTE_INSULIN]! + h * k[REMOTE_INSULIN]!;
    const i1 = x[I1]! + h * k[I1]!;
    const xl = x[XL]! + h * k[XL]!;
    out[REMOTE_INSULIN] = p2u * (insulin - remoteInsulin);
    out[I1] = negKi * (i1 - insulin);
    out[XL] = negKi * (xl - i1);
    ketoneDerivativeAt(insulin * milliunitsPerPmol, ketones, x, h, k, KETONES, out);

    // Plasma and tissue glucose (Dalla Man 2007), subcutaneous glucose (Kovatchev 2009).
    const gp = x[GP]! + h * k[GP]!;
    const gt = x[GT]! + h * k[GT]!;
    const gs = x[GS]! + h * k[GS]!;
    const egp = kp1 - kp2 * gp - kp3 * xl;
    const renal = gp > ke2 ? ke1 * (gp - ke2) : 0;
    const plasmaGlucoseRate =
      (egp > 0 ? egp : 0) + raMgPerMinute * inverseBodyWeight - Fsnc - renal - k1 * gp + k2 * gt;
    out[GP] = floorAtZero(gp, plasmaGlucoseRate);
    const vm = tissueUptakeVmax(Vm0, Vmx, remoteInsulin - Ib);
    out[GT] = floorAtZero(gt, -(vm * gt) / (Km0 + gt) + k1 * gp - k2 * gt);
    out[GS] = floorAtZero(gs, ksc * (gp - gs));
  };
  return uvaPadovaDerivativeAt;
}
