// A glucose series as the outcome functions take it: values in mg/dL at a regular interval,
// NaN for a missing reading. Anything else that is not a positive finite number is a bug
// upstream (a glucose of 0 or −5 mg/dL does not exist) and is refused with its index.
import { z } from 'zod';

/** The sampling interval of a series, minutes (a day at most). */
export const intervalMinutesSchema = z.number().positive().max(1440);

/** Throws a RangeError naming the first value that is neither NaN nor a positive finite number. */
export function checkGlucoseSeries(values: ArrayLike<number>, label: string): void {
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    if (!(Number.isFinite(value) && value > 0)) {
      throw new RangeError(
        `${label}: values[${i}] = ${value}: glucose must be a positive finite number in mg/dL ` +
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
