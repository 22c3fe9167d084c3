// The insulin resistance that dietary fat brings: a meal rich in fat needs more insulin than its
// carbohydrate alone, hours after it is eaten (free fatty acids impair insulin's action).
//
// Published figures it is drawn from:
// - Bell KJ et al., Diabetes Care 43:59–66 (2020), adults on pumps, 45 g carbohydrate with 0, 20,
//   40 or 60 g fat: with the same dual-wave dose, more fat lowered glucose over 0–2 h and raised
//   it over 2–5 h; glycaemic control took +6 % insulin for 20 and 40 g fat and +21 % for 60 g
//   (as a dual wave 49/51 % over 105 min).
// - Wolpert HA et al., Diabetes Care 36:810–816 (2013), closed loop for 18 h after a dinner with
//   60 g against 10 g fat: 12.6 against 9.0 U, and more hyperglycaemia despite it.
//
// The model carries the effect as resistance, as the dawn phenomenon (dawnPhenomenon.ts): every
// action of insulin is divided by 1 + c·F2, where F2 is the second of two linear compartments
// that the meal's fat (grams) enters and passes through at rate k (F1' = −k·F1, F2' = k·(F1 − F2)):
// a rise from nothing, a peak 1/k after the meal, a tail over the night. The peak time follows
// Bell (the extra need falls after 2 h); c is set so that, for the typical patient, Bell's
// 60 g fat meal given +21 % insulin as 49/51 % over 105 min leaves the same 5-hour incremental
// glucose area as the fat-free meal with its plain dose (a test checks it).

/** Rate through the two fat compartments, /min: the resistance peaks 3 h after the meal. */
export const FAT_TRANSIT_PER_MINUTE = 1 / 180;
/** Resistance per gram of fat in the second compartment (1 + c·F2 divides insulin's action). */
export const FAT_RESISTANCE_PER_GRAM = 0.019;

/** Insulin's action factor for the fat in the second compartment, grams. */
export function fatActionFactor(fatGrams: number): number {
  return 1 / (1 + FAT_RESISTANCE_PER_GRAM * fatGrams);
}
