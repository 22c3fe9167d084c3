// Closed-form steady state of the Hovorka 2004 model without meals (docs/physiology.md §1).
//
// At a constant subcutaneous rate u (mU/min), every linear insulin compartment settles:
// plasma insulin I = u / (VI·ke), and the actions x1 = SIT·I, x2 = SID·I, x3 = SIE·I. Then
// dQ2/dt = 0 gives Q2 = x1·Q1 / (k12 + x2), and dQ1/dt = 0 becomes, with G = Q1/VG,
//   h(G) := F01c(G) + FR(G) + a·G = EGP0·max(0, 1 − x3),   a = VG·x1·x2 / (k12 + x2)  (L/min).
// h is continuous, piecewise linear (breaks at 4.5 and 9 mmol/L) and increasing, so G follows
// from one linear equation on the right segment: no iteration, no root-finder to bound.
// Conversely, for a target G the same balance is a quadratic in I with exactly one positive
// root (see `insulinForGlucoseMilliunitsPerL`).
import type { HovorkaParameters } from './hovorkaParameters.ts';

/** F01c is insulin-independent above this glucose and proportional to G below it, mmol/L. */
export const F01_SATURATION_MMOLL = 4.5;
/** Renal glucose excretion starts above this glucose, mmol/L (Hovorka 2004). */
export const RENAL_THRESHOLD_MMOLL = 9;
/** Renal clearance above the threshold, /min (FR = 0.003·(G − 9)·VG, Hovorka 2004). */
export const RENAL_CLEARANCE_PER_MINUTE = 0.003;

/** Per-patient constants in the model's working units (mmol, L, mU, min). */
export interface HovorkaScaled {
  readonly vgL: number;
  readonly viL: number;
  readonly f01MmolPerMinute: number;
  readonly egp0MmolPerMinute: number;
}

export function scaleHovorka(p: HovorkaParameters): HovorkaScaled {
  return {
    vgL: p.vgLPerKg * p.bodyWeightKg,
    viL: p.viLPerKg * p.bodyWeightKg,
    f01MmolPerMinute: p.f01MmolPerKgMin * p.bodyWeightKg,
    egp0MmolPerMinute: p.egp0MmolPerKgMin * p.bodyWeightKg,
  };
}

/** Insulin-independent uptake plus renal excretion at glucose G (mmol/L), mmol/min. */
export function glucoseOutflowMmolPerMinute(s: HovorkaScaled, glucoseMmolL: number): number {
  const f01c =
    glucoseMmolL >= F01_SATURATION_MMOLL
      ? s.f01MmolPerMinute
      : (s.f01MmolPerMinute * glucoseMmolL) / F01_SATURATION_MMOLL;
  const renal =
    glucoseMmolL >= RENAL_THRESHOLD_MMOLL
      ? RENAL_CLEARANCE_PER_MINUTE * (glucoseMmolL - RENAL_THRESHOLD_MMOLL) * s.vgL
      : 0;
  return f01c + renal;
}

/** A factor on EGP that depends on steady plasma insulin (counter-regulation); 1 by default. */
export type EgpMultiplier = (insulinMilliunitsPerL: number) => number;
const noMultiplier: EgpMultiplier = () => 1;

/** Steady plasma glucose (mmol/L) at constant plasma insulin (mU/L). */
export function steadyGlucoseMmolL(
  p: HovorkaParameters,
  insulinMilliunitsPerL: number,
  multiplier: EgpMultiplier = noMultiplier,
): number {
  const s = scaleHovorka(p);
  const x1 = p.sit * insulinMilliunitsPerL;
  const x2 = p.sid * insulinMilliunitsPerL;
  const a = (s.vgL * x1 * x2) / (p.k12 + x2);
  const egp =
    s.egp0MmolPerMinute *
    Math.max(0, 1 - p.sie * insulinMilliunitsPerL) *
    multiplier(insulinMilliunitsPerL);
  if (egp <= 0) return 0;
  const h = (g: number): number => glucoseOutflowMmolPerMinute(s, g) + a * g;
  if (egp < h(F01_SATURATION_MMOLL)) {
    return egp / (s.f01MmolPerMinute / F01_SATURATION_MMOLL + a);
  }
  if (egp < h(RENAL_THRESHOLD_MMOLL)) return (egp - s.f01MmolPerMinute) / a;
  const renalSlope = RENAL_CLEARANCE_PER_MINUTE * s.vgL;
  return (egp - s.f01MmolPerMinute + renalSlope * RENAL_THRESHOLD_MMOLL) / (renalSlope + a);
}

/**
 * Plasma insulin (mU/L) that holds glucose at `glucoseMmolL` in steady state. With
 * c = F01c(G) + FR(G) − EGP0 < 0, the balance times (k12 + SID·I) is
 *   (EGP0·SIE·SID + VG·G·SIT·SID)·I² + (c·SID + EGP0·SIE·k12)·I + c·k12 = 0,
 * whose roots have a negative product: exactly one is positive. Throws when the target is not
 * below the glucose the patient settles at without insulin (no basal can hold it there).
 */
export function insulinForGlucoseMilliunitsPerL(
  p: HovorkaParameters,
  glucoseMmolL: number,
  multiplier: EgpMultiplier = noMultiplier,
): number {
  const s = scaleHovorka(p);
  const c = glucoseOutflowMmolPerMinute(s, glucoseMmolL) - s.egp0MmolPerMinute * multiplier(0);
  if (!(glucoseMmolL > 0 && c < 0)) {
    const ceiling = steadyGlucoseMmolL(p, 0, multiplier);
    throw new RangeError(
      `glucose target ${glucoseMmolL} mmol/L: allowed (0, ${ceiling}) mmol/L, ` +
        'the steady glucose of this patient without insulin',
    );
  }
  const quadratic = quadraticRoot(p, glucoseMmolL);
  if (multiplier(quadratic) === 1) return quadratic;
  // Counter-regulation raises EGP below basal insulin, so more insulin than the published model's
  // root is needed. Steady glucose still falls as insulin rises: bracket the root above the
  // quadratic one by doubling, then bisect.
  let low = quadratic;
  let high = quadratic * 2;
  for (let i = 0; i < 60 && steadyGlucoseMmolL(p, high, multiplier) > glucoseMmolL; i += 1)
    high *= 2;
  for (let i = 0; i < 80; i += 1) {
    const mid = (low + high) / 2;
    if (steadyGlucoseMmolL(p, mid, multiplier) > glucoseMmolL) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** The insulin that holds `glucoseMmolL` without counter-regulation (the published model). */
function quadraticRoot(p: HovorkaParameters, glucoseMmolL: number): number {
  const s = scaleHovorka(p);
  const c = glucoseOutflowMmolPerMinute(s, glucoseMmolL) - s.egp0MmolPerMinute;
  const qa = s.egp0MmolPerMinute * p.sie * p.sid + s.vgL * glucoseMmolL * p.sit * p.sid;
  const qb = c * p.sid + s.egp0MmolPerMinute * p.sie * p.k12;
  const qc = c * p.k12;
  const root = Math.sqrt(qb * qb - 4 * qa * qc);
  // The form without cancellation for each sign of qb.
  return qb >= 0 ? (2 * qc) / (-qb - root) : (-qb + root) / (2 * qa);
}
