// A finger-stick blood glucose meter meeting ISO 15197:2013.
//
// ISO 15197:2013 §6.3.3: at least 95 % of results within ±15 mg/dL of the reference below
// 100 mg/dL and within ±15 % at or above 100 mg/dL. A meter that only just passes is a poor
// model of the meters people use, so the error is normal with its SD chosen so that a
// fraction `bandCoverage` (default 97.5 %, a good current meter) falls inside the band:
// SD = 15 mg/dL / z below 100 mg/dL and CV = 15 % / z at or above, with z = Φ⁻¹((1 + c)/2).
// The SD is then continuous at 100 mg/dL (15/z mg/dL on both sides). The result is rounded to
// integer mg/dL and shown within the meter's range, 20–600 mg/dL (e.g. Contour Next,
// OneTouch Verio); beyond it the meter shows LO / HI, modelled as the limit value and a status.
// Not modelled: the standard's second criterion (99 % in consensus error grid zones A and B),
// which a normal error of this size meets by a wide margin, and haematocrit or strip-lot bias
// (use `bias`).
import { z } from 'zod';
import type { Rng } from '../random/rng.ts';
import { mgdl, type MgPerDl } from '../units/index.ts';
import { parseOptions } from '../validation/parseOptions.ts';

/** ISO 15197:2013 accuracy band: absolute below the threshold, relative at or above it. */
export const ISO_15197_2013 = {
  thresholdMgdl: 100,
  absoluteLimitMgdl: 15,
  relativeLimit: 0.15,
  requiredFraction: 0.95,
} as const;

/** Φ⁻¹(0.9875): the two-sided 97.5 % normal quantile (tables: 2.2414027). */
const Z_TWO_SIDED_97_5 = 2.2414027;

export const meterOptionsSchema = z
  .object({
    /** SD of the error below 100 mg/dL, mg/dL. Default 15/2.2414 = 6.69 (97.5 % in band). */
    lowSdMgdl: z
      .number()
      .positive()
      .max(50)
      .default(ISO_15197_2013.absoluteLimitMgdl / Z_TWO_SIDED_97_5),
    /** Coefficient of variation at or above 100 mg/dL. Default 0.15/2.2414 = 6.69 %. */
    highCv: z
      .number()
      .positive()
      .max(0.5)
      .default(ISO_15197_2013.relativeLimit / Z_TWO_SIDED_97_5),
    /** Systematic relative bias (e.g. 0.05 reads 5 % high), for fault scenarios. */
    bias: z.number().min(-0.5).max(0.5).default(0),
    lowMgdl: z.number().int().min(0).max(100).default(20),
    highMgdl: z.number().int().min(200).max(2000).default(600),
  })
  .strict();

export type MeterOptionsInput = z.input<typeof meterOptionsSchema>;
export type MeterOptions = z.output<typeof meterOptionsSchema>;

export interface MeterReading {
  /** 'low' / 'high': the meter shows LO / HI and the value is the range limit. */
  readonly status: 'ok' | 'low' | 'high';
  /** Integer mg/dL within the meter's range. */
  readonly glucoseMgdl: MgPerDl;
}

export interface Meter {
  readonly options: MeterOptions;
  /** One finger-stick reading of a capillary blood glucose `bloodGlucoseMgdl`. */
  measure(bloodGlucoseMgdl: number): MeterReading;
}

/** A meter from options (validated; see meterOptionsSchema) and a seeded generator. */
export function createMeter(options: MeterOptionsInput, rng: Rng): Meter {
  const parsed = parseOptions(meterOptionsSchema, options, 'meter options');
  return {
    options: parsed,
    measure(bloodGlucoseMgdl: number): MeterReading {
      if (!(Number.isFinite(bloodGlucoseMgdl) && bloodGlucoseMgdl >= 0)) {
        throw new RangeError(
          `bloodGlucoseMgdl must be a finite number >= 0, got ${bloodGlucoseMgdl}`,
        );
      }
      const sdMgdl =
        bloodGlucoseMgdl < ISO_15197_2013.thresholdMgdl
          ? parsed.lowSdMgdl
          : parsed.highCv * bloodGlucoseMgdl;
      const value = bloodGlucoseMgdl * (1 + parsed.bias) + sdMgdl * rng.normal();
      const rounded = Math.round(value);
      if (rounded < parsed.lowMgdl) return { status: 'low', glucoseMgdl: mgdl(parsed.lowMgdl) };
      if (rounded > parsed.highMgdl) return { status: 'high', glucoseMgdl: mgdl(parsed.highMgdl) };
      return { status: 'ok', glucoseMgdl: mgdl(rounded) };
    },
  };
}
