// A glucose series as the outcome functions take it: values in mg/dL at a regular interval,
// NaN for a missing reading. Plasma glucose can reach 0 (the UVA/Padova model's brain uptake is
// constant, so an untreated low empties plasma); a negative or infinite value is a bug upstream
// and is refused with its index.
import { z } from 'zod';

/** The sampling interval of a series, minutes (a day at most). */
export const intervalMinutesSchema = z.number().positive().max(1440);

/** Throws a RangeError naming the first value that is neither NaN nor a finite number ≥ 0. */
export function checkGlucoseSeries(values: ArrayLike<number>, label: string): void {
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(
        `${label}: values[${i}] = ${value}: glucose must be a finite number ≥ 0 in mg/dL ` +
          '(or NaN for a missing reading)',
      );
    }
  }
}

/** The number of readings that are not NaN. */
export function countPresent(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i += 1) if (!Number.isNaN(values[i])) count += 1;
  return count;
}
