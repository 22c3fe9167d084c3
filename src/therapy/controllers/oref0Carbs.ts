// Carbohydrate on board from the announced carbs, with a linear absorption model: each entry is
// absorbed at a constant rate over `absorptionMinutes`. This is the floor oref0 puts under its
// deviation-based absorption (lib/meal/total.js: carbs never absorb slower than
// min_5m_carbimpact, 8 mg/dL per 5 min, i.e. a constant rate) and the model AndroidAPS falls
// back on (its "maximum absorption time"); faster absorption seen in the glucose enters the
// predictions through the current carb impact (oref0Predictions.ts), not through COB, so COB
// needs no memory of past deviations and the controller stays stateless.
import type { AnnouncedCarbs } from './types.ts';

export interface CarbsOnBoard {
  /** Grams not yet absorbed. */
  readonly cobGrams: number;
  /** Grams announced in entries still absorbing (oref0's meal_data.carbs). */
  readonly carbsGrams: number;
  /** Minutes since the most recent entry still absorbing (Infinity if none). */
  readonly lastCarbAgeMinutes: number;
}

export function carbsOnBoard(
  entries: readonly AnnouncedCarbs[],
  nowMinutes: number,
  absorptionMinutes: number,
): CarbsOnBoard {
  let cobGrams = 0;
  let carbsGrams = 0;
  let lastCarbAgeMinutes = Infinity;
  for (const entry of entries) {
    const ageMinutes = nowMinutes - entry.atMinutes;
    // Entries in the future, past their absorption, or not a positive finite amount: none on board.
    if (!(ageMinutes >= 0 && ageMinutes < absorptionMinutes)) continue;
    if (!(entry.carbsGrams > 0 && Number.isFinite(entry.carbsGrams))) continue;
    cobGrams += entry.carbsGrams * (1 - ageMinutes / absorptionMinutes);
    carbsGrams += entry.carbsGrams;
    lastCarbAgeMinutes = Math.min(lastCarbAgeMinutes, ageMinutes);
  }
  return { cobGrams, carbsGrams, lastCarbAgeMinutes };
}
