// A capillary 3-hydroxybutyrate (BOHB) meter, e.g. Abbott Precision Xtra / FreeStyle Optium
// β-ketone strips: 0.1 mmol/L resolution, range 0.0–8.0 mmol/L ("HI" above 8.0).
//
// Error model: an ASSUMPTION. No ISO standard sets the accuracy of blood ketone meters.
// We mirror the structure of ISO 15197 for glucose: 95 % of results within ±0.1 mmol/L of the
// reference below 1.5 mmol/L and within ±10 % at or above 1.5 mmol/L. As for the glucose meter
// (meter.ts), the normal error is set so that 97.5 % fall inside (a good strip, not one that
// only just passes): SD = 0.1/2.2414 = 0.045 mmol/L below 1.5, CV = 10 %/2.2414 = 4.5 % at or
// above. The figures are not taken from a study; change them through the options when one
// calls for others. The SD steps from 0.045 to 0.067 mmol/L at 1.5 mmol/L, as the bands do.
import { z } from 'zod';
import type { Rng } from '../random/rng.ts';
import { mmolL, type MmolPerL } from '../units/index.ts';
import { parseOptions } from '../validation/parseOptions.ts';

/** Φ⁻¹(0.9875): the two-sided 97.5 % normal quantile (tables: 2.2414027). */
const Z_TWO_SIDED_97_5 = 2.2414027;
/** Display resolution, mmol/L. */
export const KETONE_RESOLUTION_MMOLL = 0.1;

export const ketoneMeterOptionsSchema = z
  .object({
    /** Below this BOHB the error is absolute, at or above it relative, mmol/L. */
    thresholdMmolL: z.number().positive().max(8).default(1.5),
    /** SD below the threshold, mmol/L. Default 0.1/2.2414 (97.5 % within ±0.1). */
    lowSdMmolL: z
      .number()
      .positive()
      .max(2)
      .default(0.1 / Z_TWO_SIDED_97_5),
    /** CV at or above the threshold. Default 0.10/2.2414 (97.5 % within ±10 %). */
    highCv: z
      .number()
      .positive()
      .max(0.5)
      .default(0.1 / Z_TWO_SIDED_97_5),
    highMmolL: z.number().positive().max(20).default(8),
  })
  .strict();

export type KetoneMeterOptionsInput = z.input<typeof ketoneMeterOptionsSchema>;
export type KetoneMeterOptions = z.output<typeof ketoneMeterOptionsSchema>;

export interface KetoneReading {
  /** 'high': the meter shows HI and the value is the range limit. */
  readonly status: 'ok' | 'high';
  /** BOHB in mmol/L, a multiple of 0.1 in [0, highMmolL]. */
  readonly bohbMmolL: MmolPerL;
}

export interface KetoneMeter {
  readonly options: KetoneMeterOptions;
  /** One capillary reading of a blood BOHB concentration `bohbMmolL`. */
  measure(bohbMmolL: number): KetoneReading;
}

/** Rounds to the 0.1 mmol/L display step (tenths counted as an integer to avoid 0.30000004). */
function toDisplay(valueMmolL: number): number {
  return Math.round(valueMmolL / KETONE_RESOLUTION_MMOLL) / 10;
}

/** A ketone meter from options (validated; see ketoneMeterOptionsSchema) and a generator. */
export function createKetoneMeter(options: KetoneMeterOptionsInput, rng: Rng): KetoneMeter {
  const parsed = parseOptions(ketoneMeterOptionsSchema, options, 'ketone meter options');
  return {
    options: parsed,
    measure(bohbMmolL: number): KetoneReading {
      if (!(Number.isFinite(bohbMmolL) && bohbMmolL >= 0)) {
        throw new RangeError(`bohbMmolL must be a finite number >= 0, got ${bohbMmolL}`);
      }
      const sdMmolL =
        bohbMmolL < parsed.thresholdMmolL ? parsed.lowSdMmolL : parsed.highCv * bohbMmolL;
      const shown = toDisplay(bohbMmolL + sdMmolL * rng.normal());
      if (shown > parsed.highMmolL) return { status: 'high', bohbMmolL: mmolL(parsed.highMmolL) };
      // A strip cannot read below zero: negative errors near 0 show 0.0.
      return { status: 'ok', bohbMmolL: mmolL(Math.max(0, shown)) };
    },
  };
}
