// Parameters of the Hovorka 2004 model (Cambridge): nominal values and the boundary check.
// Source: Hovorka R. et al., Physiol Meas 25:905–920 (2004), Table 1 and text; see
// docs/physiology.md §1. Names follow the paper; every unit is stated beside the field.
import { z } from 'zod';

export interface HovorkaParameters {
  /** Body weight, kg. */
  readonly bodyWeightKg: number;
  /** Deactivation rate of insulin action on glucose transport/distribution (x1), /min. */
  readonly ka1: number;
  /** Deactivation rate of insulin action on glucose disposal (x2), /min. */
  readonly ka2: number;
  /** Deactivation rate of insulin action on endogenous glucose production (x3), /min. */
  readonly ka3: number;
  /** Insulin sensitivity of transport/distribution SIT, /min per mU/L. */
  readonly sit: number;
  /** Insulin sensitivity of disposal SID, /min per mU/L. */
  readonly sid: number;
  /** Insulin sensitivity of endogenous glucose production SIE, per mU/L. */
  readonly sie: number;
  /** Insulin elimination rate from plasma, /min. */
  readonly ke: number;
  /** Insulin distribution volume, L/kg. */
  readonly viLPerKg: number;
  /** Glucose distribution volume, L/kg. */
  readonly vgLPerKg: number;
  /** Transfer rate from the non-accessible to the accessible glucose compartment, /min. */
  readonly k12: number;
  /** Insulin-independent glucose flux F01, mmol/kg/min. */
  readonly f01MmolPerKgMin: number;
  /** Endogenous glucose production extrapolated to zero insulin EGP0, mmol/kg/min. */
  readonly egp0MmolPerKgMin: number;
  /** Time to maximum absorption of subcutaneous rapid-acting insulin tmaxI, min. */
  readonly tmaxIMinutes: number;
  /** Time to maximum appearance of meal glucose tmaxG, min. */
  readonly tmaxGMinutes: number;
  /** Carbohydrate bioavailability AG (dimensionless). */
  readonly ag: number;
  /** Time constant of the plasma → interstitial glucose lag τ, min. */
  readonly interstitialTauMinutes: number;
}

/**
 * Interstitial lag τ = 10 min. Hovorka 2004 has no interstitial compartment; Wilinska 2010 adds
 * a first-order lag (docs/physiology.md §1: τ about 5–15 min). 10 min is the median of the
 * UVA/Padova 2008 virtual patients' ksc (0.050–0.152 /min, median ≈ 0.09 /min, i.e. τ ≈ 11 min;
 * simglucose vpatient_params.csv), within the 5–15 min range above.
 */
export const INTERSTITIAL_TAU_MINUTES_NOMINAL = 10;

/** Nominal 70-kg patient of Hovorka 2004 (tmaxI 55 min is for lispro). */
export const HOVORKA_NOMINAL: HovorkaParameters = {
  bodyWeightKg: 70,
  ka1: 0.006,
  ka2: 0.06,
  ka3: 0.03,
  sit: 51.2e-4,
  sid: 8.2e-4,
  sie: 520e-4,
  ke: 0.138,
  viLPerKg: 0.12,
  vgLPerKg: 0.16,
  k12: 0.066,
  f01MmolPerKgMin: 0.0097,
  egp0MmolPerKgMin: 0.0161,
  tmaxIMinutes: 55,
  tmaxGMinutes: 40,
  ag: 0.8,
  interstitialTauMinutes: INTERSTITIAL_TAU_MINUTES_NOMINAL,
};

/**
 * Accepted range of each parameter: wide physiological plausibility (several times the
 * published population spread of Wilinska 2010), and time constants long enough for the
 * 1-minute RK4 step to stay stable. Population rules (resampling, rejection) are the
 * generator's business, not this check's.
 */
export const HOVORKA_PARAMETER_BOUNDS: Readonly<
  Record<keyof HovorkaParameters, readonly [number, number]>
> = {
  bodyWeightKg: [20, 250],
  ka1: [1e-4, 0.5],
  ka2: [1e-4, 0.5],
  ka3: [1e-4, 0.5],
  sit: [1e-6, 0.05],
  sid: [1e-7, 0.05],
  sie: [1e-5, 0.5],
  ke: [0.01, 1],
  viLPerKg: [0.02, 0.5],
  vgLPerKg: [0.05, 0.5],
  k12: [1e-3, 0.5],
  f01MmolPerKgMin: [0, 0.05],
  egp0MmolPerKgMin: [1e-3, 0.08],
  tmaxIMinutes: [10, 240],
  tmaxGMinutes: [10, 240],
  ag: [0.3, 1.5],
  interstitialTauMinutes: [1, 60],
};

function boundedNumber(field: keyof HovorkaParameters) {
  const [low, high] = HOVORKA_PARAMETER_BOUNDS[field];
  return z
    .number({ error: (issue) => `${field}: ${String(issue.input)} is not a number` })
    .refine((value) => value >= low && value <= high, {
      error: (issue) => `${field}: ${String(issue.input)}, allowed [${low}, ${high}]`,
    });
}

export const hovorkaParametersSchema = z.strictObject({
  bodyWeightKg: boundedNumber('bodyWeightKg'),
  ka1: boundedNumber('ka1'),
  ka2: boundedNumber('ka2'),
  ka3: boundedNumber('ka3'),
  sit: boundedNumber('sit'),
  sid: boundedNumber('sid'),
  sie: boundedNumber('sie'),
  ke: boundedNumber('ke'),
  viLPerKg: boundedNumber('viLPerKg'),
  vgLPerKg: boundedNumber('vgLPerKg'),
  k12: boundedNumber('k12'),
  f01MmolPerKgMin: boundedNumber('f01MmolPerKgMin'),
  egp0MmolPerKgMin: boundedNumber('egp0MmolPerKgMin'),
  tmaxIMinutes: boundedNumber('tmaxIMinutes'),
  tmaxGMinutes: boundedNumber('tmaxGMinutes'),
  ag: boundedNumber('ag'),
  interstitialTauMinutes: boundedNumber('interstitialTauMinutes'),
});

/** Parses Hovorka parameters; throws a RangeError naming every bad field, value and range. */
export function parseHovorkaParameters(input: unknown): HovorkaParameters {
  const result = hovorkaParametersSchema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) =>
    issue.path.length > 0 && !issue.message.startsWith(String(issue.path[0]))
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message,
  );
  throw new RangeError(`Hovorka parameters: ${messages.join('; ')}`);
}
