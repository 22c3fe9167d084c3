// Zod number schemas that state their allowed range and unit, so a refusal reads
// "maxBolusUnits = 80: 0.1–75 U". Shared by every part that parses user input.
import { z } from 'zod';

/** A finite number in [min, max] (inclusive), with the unit used in the message. */
export function ranged(min: number, max: number, unit: string) {
  const allowed = `${min}–${max} ${unit}`.trim();
  return z
    .number({ error: allowed })
    .finite({ error: allowed })
    .min(min, allowed)
    .max(max, allowed);
}

/** An integer in [min, max]. */
export function rangedInt(min: number, max: number, unit: string) {
  const allowed = `integer ${min}–${max} ${unit}`.trim();
  return z.number({ error: allowed }).int(allowed).min(min, allowed).max(max, allowed);
}
