// The right-hand side of the UVA/Padova 2008 model (Dalla Man, Rizza, Cobelli, IEEE TBME
// 54(10):1740–1749, 2007; Kovatchev et al., J Diabetes Sci Technol 3(1):44–55, 2009), in
// simglucose's parameter names, with the conventions stated in uvaPadova.ts.
//
// It is built once per patient as a closure over the patient's constants: this is the hot loop
// (four calls per 1-minute RK4 step), and V8 runs a closure over local constants about three
// times faster than the same arithmetic spread over class methods reading `this.p.…`
// (bench/uvaPadova.bench.ts). No allocation per call.
import type { ModelInputs } from './model.ts';
import { ketoneDerivative, type KetoneParameters } from './ketones.ts';
import { releaseChainDerivative, type Formulation } from '../insulin/formulations.ts';
import type { UvaPadovaParameters } from './uvaPadovaParameters.ts';
import { eatingDerivative, MG_PER_G } from './uvaPadovaEating.ts';
import { UVA_STATE as S } from './uvaPadovaState.ts';
import { tissueUptakeVmax } from './uvaPadovaSteadyState.ts';

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

/**
 * Isc1 → Isc2 → plasma for one depot (the subcutaneous insulin model of Kovatchev 2009); writes
 * d/dt and returns the flow into plasma, pmol/kg/min. The flow uses the same terms the depot
 * loses, so depot + absorbed changes only by the inflow (mass balance).
 */
function chainDerivative(
  x: Float64Array,
  out: Float64Array,
  chain: SubcutaneousChain,
  inflowPmolPerKgPerMinute: number,
): number {
  const isc1 = x[chain.isc1]!;
  const isc2 = x[chain.isc2]!;
  out[chain.isc1] = floorAtZero(isc1, inflowPmolPerKgPerMinute - (chain.ka1 + chain.kd) * isc1);
  out[chain.isc2] = floorAtZero(isc2, chain.kd * isc1 - chain.ka2 * isc2);
  return chain.ka1 * isc1 + chain.ka2 * isc2;
}

/** Both depots; returns the insulin flow into plasma, pmol/kg/min. */
function depotsDerivative(
  setup: DerivativeSetup,
  x: Float64Array,
  infusionPmolPerKgPerMinute: number,
  out: Float64Array,
): number {
  const { rapid, basal } = setup;
  const rapidInflow = releaseChainDerivative(
    rapid.formulation,
    x,
    rapid.releaseOffset,
    infusionPmolPerKgPerMinute,
    out,
  );
  let absorbed = chainDerivative(x, out, rapid.chain, rapidInflow);
  if (basal !== null) {
    const basalInflow = releaseChainDerivative(basal.formulation, x, basal.releaseOffset, 0, out);
    absorbed += chainDerivative(x, out, basal.chain, basalInflow);
  }
  out[ABSORBED_INSULIN] = absorbed;
  return absorbed;
}

export type UvaPadovaDerivative = (
  t: number,
  x: Float64Array,
  inputs: ModelInputs,
  out: Float64Array,
) => void;

export function makeUvaPadovaDerivative(setup: DerivativeSetup): UvaPadovaDerivative {
  const { BW, f, kabs, kmax, kmin, b, d, kp1, kp2, kp3, ke1, ke2, Fsnc, k1, k2 } = setup.parameters;
  const { Vm0, Vmx, Km0, Ib, m1, m2, m4, m30, Vi, p2u, ki, ksc } = setup.parameters;
  const { ketones, pmolPerKgPerUnit, milliunitsPerPmol } = setup;
  return (_t, x, inputs, out) => {
    // Eating, stomach and gut (Dalla Man 2007); Ra·BW = f·kabs·qgut, mg/min.
    const eat = eatingDerivative(x, out) + inputs.carbsGramsPerMinute * MG_PER_G;
    const qsto1 = x[QSTO1]!;
    const qsto2 = x[QSTO2]!;
    const qgut = x[QGUT]!;
    const dbar = x[DBAR]!;
    let kempt = kmax;
    if (dbar > 0) {
      const qsto = qsto1 + qsto2;
      const alpha = 5 / (2 * dbar * (1 - b));
      const beta = 5 / (2 * dbar * d);
      kempt =
        kmin +
        ((kmax - kmin) / 2) *
          (Math.tanh(alpha * (qsto - b * dbar)) - Math.tanh(beta * (qsto - d * dbar)) + 2);
    }
    out[QSTO1] = floorAtZero(qsto1, eat - kmax * qsto1);
    out[QSTO2] = floorAtZero(qsto2, kmax * qsto1 - kempt * qsto2);
    out[QGUT] = floorAtZero(qgut, kempt * qsto2 - kabs * qgut);
    const raMgPerMinute = f * kabs * qgut;
    out[ABSORBED_GLUCOSE] = raMgPerMinute;

    // Subcutaneous depots, plasma and liver insulin, insulin action (Dalla Man 2007).
    const infusion = inputs.rapidInsulinUnitsPerMinute * pmolPerKgPerUnit;
    const absorbed = depotsDerivative(setup, x, infusion, out);
    const ip = x[IP]!;
    const il = x[IL]!;
    out[IP] = floorAtZero(ip, -(m2 + m4) * ip + m1 * il + absorbed);
    out[IL] = floorAtZero(il, -(m1 + m30) * il + m2 * ip);
    const insulin = ip / Vi;
    const remoteInsulin = x[REMOTE_INSULIN]!;
    out[REMOTE_INSULIN] = p2u * (insulin - remoteInsulin);
    out[I1] = -ki * (x[I1]! - insulin);
    out[XL] = -ki * (x[XL]! - x[I1]!);

    // Plasma and tissue glucose (Dalla Man 2007), subcutaneous glucose (Kovatchev 2009).
    const gp = x[GP]!;
    const gt = x[GT]!;
    const egp = kp1 - kp2 * gp - kp3 * x[XL]!;
    const renal = gp > ke2 ? ke1 * (gp - ke2) : 0;
    const plasmaGlucoseRate =
      (egp > 0 ? egp : 0) + raMgPerMinute / BW - Fsnc - renal - k1 * gp + k2 * gt;
    out[GP] = floorAtZero(gp, plasmaGlucoseRate);
    const vm = tissueUptakeVmax(Vm0, Vmx, remoteInsulin - Ib);
    out[GT] = floorAtZero(gt, -(vm * gt) / (Km0 + gt) + k1 * gp - k2 * gt);
    const gs = x[GS]!;
    out[GS] = floorAtZero(gs, ksc * (gp - gs));

    ketoneDerivative(insulin * milliunitsPerPmol, x, KETONES, ketones, out);
  };
}
