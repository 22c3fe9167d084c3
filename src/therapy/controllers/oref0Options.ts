// Options of the oref0 controller, parsed with zod: an error names the field, the value given
// and the allowed range. Defaults are oref0's own where it has one; the others were tuned on the
// default adult population in the controllers' test loop (testLoop.ts), preferring
// the safer value where time in range barely differed (with CGM noise on, the more aggressive
// settings raised time below 70 mg/dL for about one point of time in range).
import { z } from 'zod';
import { parseOptions } from '../../validation/parseOptions.ts';
import { ranged } from '../../validation/numbers.ts';

export const oref0OptionsSchema = z.strictObject({
  /** Super micro-boluses (oref1): a share of insulinReq as an automatic bolus when safe. */
  smb: z.boolean().default(true),
  /** The unannounced-meal prediction (oref1's UAM curve). */
  uam: z.boolean().default(true),
  /** Announced carbs absorb linearly over this time (oref0's remainingCATime: 3 h minimum). */
  carbAbsorptionMinutes: ranged(60, 480, 'min').default(180),
  /**
   * The UAM curve fades the current 30-minute deviation to 0 over at most this time (oref1:
   * the DIA; tuned: 90 min; 150–240 min gave +1 point of TIR unannounced, more lows with noise).
   */
  uamDecayMinutes: ranged(15, 240, 'min').default(90),
  /** Share of insulinReq given as one SMB (oref0 0.7: half). */
  smbShareOfInsulinReq: ranged(0.05, 1, '').default(0.5),
  /**
   * No SMB unless every used prediction stays at or above this glucose (and above the suspend
   * threshold) over the whole horizon.
   */
  smbMinGuardMgdl: ranged(60, 180, 'mg/dL').default(80),
  /**
   * SMB without carbs on board only above this glucose (oref0's enableSMB_high_bg, whose
   * target defaults to 110; tuned: 120 beat 140 and 180 by 0.5–2 points of TIR unannounced).
   */
  smbWithoutCarbsAboveMgdl: ranged(100, 400, 'mg/dL').default(120),
  /** No SMB while glucose rises more than this share of itself in 5 minutes (oref0: 20 %). */
  smbMaxDeltaFraction: ranged(0.05, 1, '').default(0.2),
  /**
   * While micro-bolusing, zero the basal if insulin alone would take glucose below this
   * (default: the target, as oref1; 0 never zeroes it).
   */
  smbZeroTempBelowMgdl: ranged(0, 200, 'mg/dL').optional(),
  /** SMBs are whole multiples of this (a pump's bolus step). */
  bolusIncrementUnits: ranged(0.001, 0.5, 'U').default(0.05),
});

export type Oref0OptionsInput = z.input<typeof oref0OptionsSchema>;
export type Oref0Options = z.output<typeof oref0OptionsSchema>;

/** Validates options; throws a RangeError naming every bad field, its value and the range. */
export function parseOref0Options(input: unknown): Oref0Options {
  return parseOptions(oref0OptionsSchema, input ?? {}, 'oref0 options');
}
