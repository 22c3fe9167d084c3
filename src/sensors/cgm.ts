// A continuous glucose monitor: what the therapy sees of the patient's interstitial glucose.
//
// reading = round(IG·(1 + gain drift) + offset drift + noise), with
// - IG the interstitial glucose the patient model supplies (the plasma→interstitium lag is the
//   model's business, not the sensor's);
// - noise: Breton & Kovatchev 2008 (cgmNoise.ts), in mg/dL;
// - drift: an optional slow calibration drift, linear in the time since the sensor started
//   (zero by default; kept for fault scenarios);
// - round to integer mg/dL, as CGMs display; then the display range: Dexcom G6/G7 and
//   Medtronic Guardian sensors show 40–400 mg/dL and "LOW" / "HIGH" beyond it (FreeStyle
//   Libre reads up to 500: set `range.highMgdl`). A reading below 40 has status 'low' and
//   value 40, above 400 status 'high' and value 400;
// - samples at startMinutes + k·periodMinutes (every 5 min by default);
// - optional dropouts: at each sample outside a dropout, a dropout starts with probability
//   `startProbabilityPerSample`; its length in samples is geometric with mean
//   meanDurationMinutes / periodMinutes. A dropped sample is returned with status 'dropout'
//   and no value, so the trace records the gap.
//
// Randomness: the noise and the dropouts draw from two forks of the Rng given (streams 1 and
// 2), so switching dropouts on does not change the noise a run sees.
import { z } from 'zod';
import type { Rng } from '../random/rng.ts';
import { mgdl, MINUTES_PER_DAY, type MgPerDl } from '../units/index.ts';
import { CgmNoise } from './cgmNoise.ts';
import { BRETON_2008_JOHNSON_SU, BRETON_2008_PACF } from './johnsonSu.ts';
import { parseOptions } from '../validation/parseOptions.ts';

const NOISE_STREAM = 1;
const DROPOUT_STREAM = 2;
/** A call this close before a sample time still takes the sample (float time steps). */
const SAMPLE_TIME_TOLERANCE_MINUTES = 1e-6;

const noiseSchema = z
  .object({
    enabled: z.boolean().default(true),
    pacf: z.number().min(0).lt(1).default(BRETON_2008_PACF),
    gamma: z.number().min(-10).max(10).default(BRETON_2008_JOHNSON_SU.gamma),
    lambda: z.number().positive().max(100).default(BRETON_2008_JOHNSON_SU.lambda),
    delta: z.number().positive().max(100).default(BRETON_2008_JOHNSON_SU.delta),
    xi: z.number().min(-100).max(100).default(BRETON_2008_JOHNSON_SU.xi),
    interpolation: z.enum(['cubic', 'linear']).default('cubic'),
  })
  .strict();

const rangeSchema = z
  .object({
    lowMgdl: z.number().int().min(0).max(100).default(40),
    highMgdl: z.number().int().min(200).max(1000).default(400),
  })
  .strict();

const dropoutSchema = z
  .object({
    startProbabilityPerSample: z.number().min(0).max(1).default(0),
    meanDurationMinutes: z.number().positive().max(10_080).default(30),
  })
  .strict();

const driftSchema = z
  .object({
    /** Multiplicative drift: the gain becomes 1 + gainPerDay·days since the sensor start. */
    gainPerDay: z.number().min(-0.5).max(0.5).default(0),
    /** Additive drift, mg/dL per day since the sensor start. */
    offsetMgdlPerDay: z.number().min(-100).max(100).default(0),
  })
  .strict();

export const cgmOptionsSchema = z
  .object({
    /** Minutes between samples (Dexcom G6/G7: 5). */
    periodMinutes: z.number().positive().max(60).default(5),
    /** Time of the first sample, minutes; also the origin of the drift. */
    startMinutes: z.number().min(0).default(0),
    noise: noiseSchema.prefault({}),
    range: rangeSchema.prefault({}),
    dropout: dropoutSchema.prefault({}),
    drift: driftSchema.prefault({}),
  })
  .strict()
  .refine((options) => options.dropout.meanDurationMinutes >= options.periodMinutes, {
    message: 'dropout.meanDurationMinutes must be at least periodMinutes (one sample)',
    path: ['dropout', 'meanDurationMinutes'],
  });

/** Options as given (every field optional, defaults above). */
export type CgmOptionsInput = z.input<typeof cgmOptionsSchema>;
/** Options after validation, every field present. */
export type CgmOptions = z.output<typeof cgmOptionsSchema>;

export type CgmStatus = 'ok' | 'low' | 'high' | 'dropout';

interface CgmSampleBase {
  /** The time of the call that produced the sample, minutes. */
  readonly timeMinutes: number;
  /** k: the sample is due at startMinutes + k·periodMinutes. */
  readonly sampleIndex: number;
}

export interface CgmValueReading extends CgmSampleBase {
  /** 'low' / 'high': the display shows LOW / HIGH and the value is the range limit. */
  readonly status: 'ok' | 'low' | 'high';
  /** Integer mg/dL within the display range. */
  readonly glucoseMgdl: MgPerDl;
  /** The sensor's value before rounding and range limits, for analysis only. */
  readonly rawGlucoseMgdl: number;
}

export interface CgmDropout extends CgmSampleBase {
  readonly status: 'dropout';
  readonly glucoseMgdl: null;
}

export type CgmReading = CgmValueReading | CgmDropout;

export interface Cgm {
  readonly options: CgmOptions;
  /**
   * Call with non-decreasing times. Returns null when no sample is due since the previous
   * call; otherwise the latest due sample (samples skipped over by a long step are lost, but
   * the noise and dropout processes still advance through them, so sample k is the same
   * whatever the caller's step).
   */
  sample(nowMinutes: number, interstitialGlucoseMgdl: number): CgmReading | null;
  /** The earliest time at which `sample` can return a sample: before it, a call returns null. */
  readonly nextDueMinutes: number;
}

class BretonCgm implements Cgm {
  private readonly noise: CgmNoise;
  private readonly dropoutRng: Rng;
  private readonly dropoutEndProbability: number;
  private nextSampleIndex = 0;
  /** Kept with `nextSampleIndex` (a plain field: the run loop reads it every minute). */
  nextDueMinutes = 0;
  private dropoutSamplesLeft = 0;
  private lastTimeMinutes = Number.NEGATIVE_INFINITY;

  constructor(
    readonly options: CgmOptions,
    rng: Rng,
  ) {
    this.noise = new CgmNoise(options.noise, rng.fork(NOISE_STREAM));
    this.dropoutRng = rng.fork(DROPOUT_STREAM);
    // A geometric length on {1, 2, …} with mean m samples ends after each sample w.p. 1/m.
    this.dropoutEndProbability = options.periodMinutes / options.dropout.meanDurationMinutes;
    this.setNextSampleIndex(0);
  }

  private setNextSampleIndex(index: number): void {
    const { periodMinutes, startMinutes } = this.options;
    this.nextSampleIndex = index;
    this.nextDueMinutes = startMinutes + index * periodMinutes - SAMPLE_TIME_TOLERANCE_MINUTES;
  }

  sample(nowMinutes: number, interstitialGlucoseMgdl: number): CgmReading | null {
    if (!(nowMinutes >= this.lastTimeMinutes)) {
      throw new RangeError(`CGM time went back: ${nowMinutes} min after ${this.lastTimeMinutes}`);
    }
    this.lastTimeMinutes = nowMinutes;
    const { periodMinutes, startMinutes } = this.options;
    const dueIndex = Math.floor(
      (nowMinutes - startMinutes + SAMPLE_TIME_TOLERANCE_MINUTES) / periodMinutes,
    );
    if (dueIndex < this.nextSampleIndex) return null;
    if (!(Number.isFinite(interstitialGlucoseMgdl) && interstitialGlucoseMgdl >= 0)) {
      throw new RangeError(
        `interstitialGlucoseMgdl must be a finite number >= 0, got ${interstitialGlucoseMgdl}`,
      );
    }
    let dropped = false;
    let noiseMgdl = 0;
    for (let k = this.nextSampleIndex; k <= dueIndex; k += 1) {
      dropped = this.stepDropout();
      noiseMgdl = this.options.noise.enabled ? this.noise.at(k * periodMinutes) : 0;
    }
    this.setNextSampleIndex(dueIndex + 1);
    if (dropped) {
      return {
        timeMinutes: nowMinutes,
        sampleIndex: dueIndex,
        status: 'dropout',
        glucoseMgdl: null,
      };
    }
    const rawGlucoseMgdl = this.drifted(interstitialGlucoseMgdl, nowMinutes) + noiseMgdl;
    const { lowMgdl, highMgdl } = this.options.range;
    const rounded = Math.round(rawGlucoseMgdl);
    // Beyond the display range the CGM shows LOW / HIGH: the value is the limit.
    const status = rounded < lowMgdl ? 'low' : rounded > highMgdl ? 'high' : 'ok';
    const shown = status === 'low' ? lowMgdl : status === 'high' ? highMgdl : rounded;
    return {
      timeMinutes: nowMinutes,
      sampleIndex: dueIndex,
      status,
      glucoseMgdl: mgdl(shown),
      rawGlucoseMgdl,
    };
  }

  /** Advances the dropout process by one sample; true when this sample is dropped. */
  private stepDropout(): boolean {
    if (this.dropoutSamplesLeft > 0) {
      this.dropoutSamplesLeft -= 1;
      return true;
    }
    if (!this.dropoutRng.chance(this.options.dropout.startProbabilityPerSample)) return false;
    this.dropoutSamplesLeft = this.geometricLength() - 1;
    return true;
  }

  /** A dropout length in samples, geometric on {1, 2, …} (inverse-CDF draw). */
  private geometricLength(): number {
    const q = this.dropoutEndProbability;
    if (q >= 1) return 1;
    const u = 1 - this.dropoutRng.uniform(); // in (0, 1]
    return 1 + Math.floor(Math.log(u) / Math.log(1 - q));
  }

  private drifted(glucoseMgdl: number, nowMinutes: number): number {
    const { gainPerDay, offsetMgdlPerDay } = this.options.drift;
    const days = (nowMinutes - this.options.startMinutes) / MINUTES_PER_DAY;
    return glucoseMgdl * (1 + gainPerDay * days) + offsetMgdlPerDay * days;
  }
}

/** A CGM from options (validated; see cgmOptionsSchema for defaults) and a seeded generator. */
export function createCgm(options: CgmOptionsInput, rng: Rng): Cgm {
  return new BretonCgm(parseOptions(cgmOptionsSchema, options, 'cgm options'), rng);
}
