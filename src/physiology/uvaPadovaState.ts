// State layout of the UVA/Padova 2008 model: which x[i] holds what, in which unit.
//
// x[0…12] are the 13 states of Dalla Man 2007 / Kovatchev 2009 in simglucose's order, so that
// a simglucose initial state (columns x0_1…x0_13) maps one to one. The extra states after them
// are ours: the eating phase, the cumulative flows for mass balance, the ketone block and the
// insulin formulations' release chains. A layout depends on the formulations chosen, so it is
// built once per patient and read through named offsets (never a bare number in the model).
import { KETONE_STATE_NAMES } from './ketones.ts';
import { releaseCompartmentCount, type Formulation } from '../insulin/formulations.ts';

/** Fixed offsets: the 13 model states, then eating, totals and the ketone block. */
export const UVA_STATE = {
  /** Stomach, solid phase (qsto1), mg. */
  qsto1: 0,
  /** Stomach, liquid phase (qsto2), mg. */
  qsto2: 1,
  /** Gut (qgut), mg. */
  qgut: 2,
  /** Plasma glucose mass (Gp), mg/kg. */
  gp: 3,
  /** Tissue glucose mass (Gt), mg/kg. */
  gt: 4,
  /** Plasma insulin mass (Ip), pmol/kg. */
  ip: 5,
  /**
   * Remote insulin X + Ib, pmol/L: insulin action on glucose utilisation held as an absolute
   * concentration. Dalla Man 2007 writes X relative to basal (dX/dt = −p2U·X + p2U·(I − Ib)),
   * which is negative below basal; X + Ib obeys d/dt = p2U·(I − (X + Ib)), is never negative
   * (like every other state, so one non-negativity rule covers the whole vector) and is X + Ib
   * in simglucose's x0_7 (see `uvaPadovaStateFromSimglucose`).
   */
  remoteInsulin: 6,
  /** Delayed insulin signal for the liver, first stage (I1), pmol/L. */
  i1: 7,
  /** Delayed insulin action on the liver (XL, "Id" in Dalla Man 2007), pmol/L. */
  xl: 8,
  /** Liver insulin mass (Il), pmol/kg. */
  il: 9,
  /** Subcutaneous insulin, first compartment of the rapid depot (Isc1), pmol/kg. */
  isc1: 10,
  /** Subcutaneous insulin, second compartment of the rapid depot (Isc2), pmol/kg. */
  isc2: 11,
  /** Subcutaneous (sensor-side) glucose mass (Gs), mg/kg. */
  gs: 12,
  /** Carbohydrate of the current meal still to be eaten, mg (integrated; uvaPadovaEating.ts). */
  mealLeftToEat: 13,
  /** Carbohydrate of the current meal in all, mg (held between steps). */
  mealTotal: 14,
  /** Stomach content (qsto1 + qsto2) when the current meal started, mg (held). */
  stomachAtMealStart: 15,
  /** Eating rate for the current step, mg/min (held; set between steps). */
  eatingRate: 16,
  /** Dbar, the amount the gastric-emptying curve is scaled to, mg (held; set between steps). */
  dbar: 17,
  /** Minutes since the patient last ate (integrated clock, stands still while eating). */
  minutesSinceEating: 18,
  /** Cumulative glucose that has appeared in plasma from the gut, mg (∫ f·kabs·qgut dt). */
  absorbedGlucose: 19,
  /** Cumulative insulin that has left the subcutaneous depots for plasma, pmol/kg. */
  absorbedInsulin: 20,
  /** First of the ketone states (see ketones.ts). */
  ketones: 21,
} as const;

/** Number of UVA/Padova states in simglucose's files (x0_1…x0_13). */
export const UVA_CORE_STATE_COUNT = 13;

const FIXED_STATE_NAMES: readonly string[] = [
  'qsto1Mg',
  'qsto2Mg',
  'qgutMg',
  'gpMgPerKg',
  'gtMgPerKg',
  'ipPmolPerKg',
  'remoteInsulinPmolPerL',
  'i1PmolPerL',
  'xlPmolPerL',
  'ilPmolPerKg',
  'isc1PmolPerKg',
  'isc2PmolPerKg',
  'gsMgPerKg',
  'mealLeftToEatMg',
  'mealTotalMg',
  'stomachAtMealStartMg',
  'eatingRateMgPerMinute',
  'dbarMg',
  'minutesSinceEating',
  'absorbedGlucoseMg',
  'absorbedInsulinPmolPerKg',
  ...KETONE_STATE_NAMES,
];

/** Offsets that depend on the insulin formulations of a patient. */
export interface UvaPadovaLayout {
  readonly size: number;
  readonly stateNames: readonly string[];
  /** First release compartment of the rapid depot's formulation (count may be 0). */
  readonly rapidReleaseOffset: number;
  readonly rapidReleaseCount: number;
  /** The injected-basal depot, or null when the patient has no basal formulation. */
  readonly basal: {
    readonly releaseOffset: number;
    readonly releaseCount: number;
    /** Its own copy of the patient's subcutaneous chain (Isc1, Isc2), pmol/kg. */
    readonly isc1: number;
    readonly isc2: number;
  } | null;
}

export function uvaPadovaLayout(rapid: Formulation, basal: Formulation | null): UvaPadovaLayout {
  const names = [...FIXED_STATE_NAMES];
  const rapidReleaseOffset = names.length;
  const rapidReleaseCount = releaseCompartmentCount(rapid);
  for (let i = 0; i < rapidReleaseCount; i += 1) names.push(`rapidRelease${i + 1}PmolPerKg`);
  let basalLayout: UvaPadovaLayout['basal'] = null;
  if (basal !== null) {
    const releaseOffset = names.length;
    const releaseCount = releaseCompartmentCount(basal);
    for (let i = 0; i < releaseCount; i += 1) names.push(`basalRelease${i + 1}PmolPerKg`);
    const isc1 = names.length;
    names.push('basalIsc1PmolPerKg', 'basalIsc2PmolPerKg');
    basalLayout = { releaseOffset, releaseCount, isc1, isc2: isc1 + 1 };
  }
  return {
    size: names.length,
    stateNames: names,
    rapidReleaseOffset,
    rapidReleaseCount,
    basal: basalLayout,
  };
}
