// Steady states of the UVA/Padova 2008 model without meals (Dalla Man 2007, Kovatchev 2009).
//
// At a constant subcutaneous infusion u (pmol/kg/min) every insulin state settles in closed
// form: the depot passes u on to plasma, and the two plasma/liver equations give
//   Ip = u / [(m2 + m4) − m1·m2/(m1 + m30)],   Il = m2·Ip/(m1 + m30),   I = Ip/Vi,
//   I1 = XL = I,   X = I − Ib.
// Glucose then solves two equations in Gp and Gt. For a given Gp, the tissue equation
//   0 = −Vm·Gt/(Km0 + Gt) + k1·Gp − k2·Gt
// is a quadratic in Gt with one positive root, and the plasma balance
//   F(Gp) = EGP(Gp) − Fsnc − E(Gp) − [k1·Gp − k2·Gt(Gp)]
// is strictly decreasing in Gp (EGP falls, renal excretion and tissue uptake rise), so its root
// is unique and bisection finds it. The same balance, read as a function of insulin at a fixed
// Gp, is decreasing in insulin (EGP falls, uptake rises): `insulinForPlasmaGlucose` bisects it.
import type { UvaPadovaParameters } from './uvaPadovaParameters.ts';

/**
 * Maximal tissue uptake Vm0 + Vmx·X, floored at zero. Dalla Man 2007 writes no floor, and
 * simglucose has none; without it, when insulin falls well below basal (X < −Vm0/Vmx, reached
 * by 20 of simglucose's 30 patients at zero insulin) "uptake" turns negative and tissue would
 * release glucose. A pump interruption is exactly that regime, so we floor it: zero uptake is
 * the physical limit. Near basal the floor is never active and the model equals simglucose's.
 */
export function tissueUptakeVmax(vm0: number, vmx: number, insulinAction: number): number {
  const vm = vm0 + vmx * insulinAction;
  return vm > 0 ? vm : 0;
}

/** Positive root Gt (mg/kg) of 0 = −Vm·Gt/(Km0 + Gt) + k1·Gp − k2·Gt. */
export function tissueGlucoseAtEquilibrium(p: UvaPadovaParameters, gp: number, vm: number): number {
  // k2·Gt² + (k2·Km0 + Vm − k1·Gp)·Gt − k1·Gp·Km0 = 0; roots of opposite sign since the
  // constant term is negative. The second form avoids cancellation when B > 0.
  const a = p.k2;
  const b = p.k2 * p.Km0 + vm - p.k1 * gp;
  const c = p.k1 * gp * p.Km0;
  const root = Math.sqrt(b * b + 4 * a * c);
  return b > 0 ? (2 * c) / (b + root) : (root - b) / (2 * a);
}

/** dGp/dt (mg/kg/min) at plasma glucose Gp with Gt at its equilibrium, insulin I (pmol/L). */
export function plasmaGlucoseBalance(
  p: UvaPadovaParameters,
  gp: number,
  insulinPmolPerL: number,
): number {
  const egp = p.kp1 - p.kp2 * gp - p.kp3 * insulinPmolPerL;
  const renal = gp > p.ke2 ? p.ke1 * (gp - p.ke2) : 0;
  const vm = tissueUptakeVmax(p.Vm0, p.Vmx, insulinPmolPerL - p.Ib);
  const gt = tissueGlucoseAtEquilibrium(p, gp, vm);
  return (egp > 0 ? egp : 0) - p.Fsnc - renal - (p.k1 * gp - p.k2 * gt);
}

/** Ratio u / I at steady state: pmol/kg/min of infusion per pmol/L of plasma insulin. */
export function infusionPerPlasmaInsulin(p: UvaPadovaParameters): number {
  return p.Vi * (p.m2 + p.m4 - (p.m1 * p.m2) / (p.m1 + p.m30));
}

const BISECTION_ITERATIONS = 200;
/** Largest plasma glucose mass searched for a steady state, mg/kg (Vg ≈ 2 dL/kg: ~5000 mg/dL). */
const PLASMA_GLUCOSE_SEARCH_MAX_MG_PER_KG = 10_000;

/** Root of a decreasing function on [low, high] (f(low) ≥ 0 ≥ f(high)), to machine precision. */
function bisectDecreasing(f: (value: number) => number, low: number, high: number): number {
  let lo = low;
  let hi = high;
  for (let i = 0; i < BISECTION_ITERATIONS && hi - lo > 0; i += 1) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Steady plasma glucose mass Gp (mg/kg) at constant plasma insulin (pmol/L), or throws a
 * RangeError when glucose would fall to zero (insulin too high for EGP to cover Fsnc) or
 * exceed the search range.
 */
export function steadyPlasmaGlucose(p: UvaPadovaParameters, insulinPmolPerL: number): number {
  const balance = (gp: number): number => plasmaGlucoseBalance(p, gp, insulinPmolPerL);
  if (balance(0) <= 0) {
    throw new RangeError(
      `UVA/Padova steady state: at plasma insulin ${insulinPmolPerL.toFixed(1)} pmol/L ` +
        'glucose production cannot cover insulin-independent uptake: no steady state above zero',
    );
  }
  if (balance(PLASMA_GLUCOSE_SEARCH_MAX_MG_PER_KG) >= 0) {
    throw new RangeError(
      `UVA/Padova steady state: at plasma insulin ${insulinPmolPerL.toFixed(1)} pmol/L ` +
        `glucose exceeds ${PLASMA_GLUCOSE_SEARCH_MAX_MG_PER_KG} mg/kg: no steady state`,
    );
  }
  return bisectDecreasing(balance, 0, PLASMA_GLUCOSE_SEARCH_MAX_MG_PER_KG);
}

/**
 * Plasma insulin (pmol/L) that holds plasma glucose mass `gp` (mg/kg) at steady state, searched
 * in [0, maxInsulinPmolPerL]; throws a RangeError when the target is outside what that range can
 * hold (`describeTarget` names the target in the caller's terms).
 */
export function insulinForPlasmaGlucose(options: {
  parameters: UvaPadovaParameters;
  gp: number;
  maxInsulinPmolPerL: number;
  describeTarget: string;
}): number {
  const { parameters: p, gp, maxInsulinPmolPerL, describeTarget } = options;
  const balance = (insulin: number): number => plasmaGlucoseBalance(p, gp, insulin);
  if (balance(0) < 0) {
    throw new RangeError(
      `${describeTarget} is above what this patient reaches even with no insulin at all`,
    );
  }
  if (balance(maxInsulinPmolPerL) > 0) {
    throw new RangeError(`${describeTarget} is below what the largest basal searched can hold`);
  }
  return bisectDecreasing(balance, 0, maxInsulinPmolPerL);
}
