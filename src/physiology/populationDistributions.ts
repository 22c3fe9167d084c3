// Distributions of the Hovorka 2004 parameters across adults with type 1 diabetes, and the
// physiological bounds each draw is resampled within (docs/physiology.md §1).
//
// Distributions: Boiroux et al. (DTU), after Hovorka 2004 Table 1 and Wilinska et al., J Diabetes
// Sci Technol 4(1):132–144 (2010). Parameters are drawn independently (no correlations are
// published with these distributions), in the fixed order of `PARAMETER_DRAWS`, so a seed always
// gives the same patient.
//
// Bound rule: the published mean ± 2.5 SD, except where that interval reaches values that are not
// physiological (a rate or a sensitivity ≤ 0); there a floor is stated with its reason. A draw
// outside its bounds is redrawn (truncated distribution), at most DRAWS_PER_PARAMETER_MAX times.
import type { Rng } from '../random/rng.ts';
import type { HovorkaParameters } from './hovorkaParameters.ts';
import { HOVORKA_NOMINAL } from './hovorkaParameters.ts';

/** A published distribution of one quantity and the interval it is resampled within. */
export interface ParameterDraw {
  /** The Hovorka parameter set from the draw. */
  readonly parameter: Exclude<
    keyof HovorkaParameters,
    'bodyWeightKg' | 'tmaxGMinutes' | 'interstitialTauMinutes'
  >;
  /** What is drawn: the parameter itself, or a transform of it (see `toParameter`). */
  readonly drawn: string;
  readonly distribution:
    | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
    | { readonly kind: 'uniform'; readonly low: number; readonly high: number };
  /** Bounds of the drawn quantity (before `toParameter`). */
  readonly bounds: readonly [number, number];
  readonly boundsReason: string;
  /** Drawn quantity → parameter value (identity unless the published form is a transform). */
  readonly toParameter: (drawn: number) => number;
}

/** Redraw limit per parameter ("put a limit on everything"); the bounds keep ≥ 30 % of draws. */
export const DRAWS_PER_PARAMETER_MAX = 1000;

const identity = (value: number): number => value;
const MEAN_2_5_SD = 'mean ± 2.5 SD';

function normal(mean: number, sd: number) {
  return { kind: 'normal', mean, sd } as const;
}

function meanPlusMinus(mean: number, sd: number): readonly [number, number] {
  return [mean - 2.5 * sd, mean + 2.5 * sd];
}

export const PARAMETER_DRAWS: readonly ParameterDraw[] = [
  {
    parameter: 'egp0MmolPerKgMin',
    drawn: 'EGP0, mmol/kg/min',
    distribution: normal(0.0161, 0.0039),
    bounds: meanPlusMinus(0.0161, 0.0039),
    boundsReason: MEAN_2_5_SD,
    toParameter: identity,
  },
  {
    parameter: 'f01MmolPerKgMin',
    drawn: 'F01, mmol/kg/min',
    distribution: normal(0.0097, 0.0022),
    bounds: meanPlusMinus(0.0097, 0.0022),
    boundsReason: MEAN_2_5_SD,
    toParameter: identity,
  },
  {
    parameter: 'k12',
    drawn: 'k12, /min',
    distribution: normal(0.0649, 0.0282),
    bounds: [0.02, 0.0649 + 2.5 * 0.0282],
    boundsReason: 'floor 0.02 /min: slower exchange would make Q2 a near-dead store (> 50 min)',
    toParameter: identity,
  },
  {
    parameter: 'ka1',
    drawn: 'ka1, /min',
    distribution: normal(0.0055, 0.0056),
    bounds: [0.002, 0.0055 + 2.5 * 0.0056],
    boundsReason: 'floor 0.002 /min: insulin action on transport decays within ~8 h (τ ≤ 500 min)',
    toParameter: identity,
  },
  {
    parameter: 'ka2',
    drawn: 'ka2, /min',
    distribution: normal(0.0683, 0.0507),
    bounds: [0.01, 0.0683 + 2.5 * 0.0507],
    boundsReason: 'floor 0.01 /min: action on disposal decays within ~2 h (τ ≤ 100 min)',
    toParameter: identity,
  },
  {
    parameter: 'ka3',
    drawn: 'ka3, /min',
    distribution: normal(0.0304, 0.0235),
    bounds: [0.005, 0.0304 + 2.5 * 0.0235],
    boundsReason: 'floor 0.005 /min: action on EGP decays within ~3 h (τ ≤ 200 min)',
    toParameter: identity,
  },
  {
    parameter: 'sit',
    drawn: 'SIT, /min per mU/L',
    distribution: normal(51.2e-4, 32.09e-4),
    bounds: [10e-4, 51.2e-4 + 2.5 * 32.09e-4],
    boundsReason: 'floor 10e-4: a fifth of the nominal sensitivity (no patient is insulin-blind)',
    toParameter: identity,
  },
  {
    parameter: 'sid',
    drawn: 'SID, /min per mU/L',
    distribution: normal(8.2e-4, 7.84e-4),
    bounds: [1e-4, 8.2e-4 + 2.5 * 7.84e-4],
    boundsReason: 'floor 1e-4: an eighth of the nominal sensitivity',
    toParameter: identity,
  },
  {
    parameter: 'sie',
    drawn: 'SIE, per mU/L',
    distribution: normal(520e-4, 306.2e-4),
    bounds: [100e-4, 520e-4 + 2.5 * 306.2e-4],
    boundsReason: 'floor 100e-4: EGP still half-suppressed at 50 mU/L',
    toParameter: identity,
  },
  {
    parameter: 'ke',
    drawn: 'ke, /min',
    distribution: normal(0.14, 0.035),
    bounds: meanPlusMinus(0.14, 0.035),
    boundsReason: MEAN_2_5_SD,
    toParameter: identity,
  },
  {
    parameter: 'viLPerKg',
    drawn: 'VI, L/kg',
    distribution: normal(0.12, 0.012),
    bounds: meanPlusMinus(0.12, 0.012),
    boundsReason: MEAN_2_5_SD,
    toParameter: identity,
  },
  {
    // Hovorka 2004 Table 1 gives exp(VG) ~ N(1.16, 0.23) (VG in L/kg; nominal e^0.16 ≈ 1.17).
    parameter: 'vgLPerKg',
    drawn: 'exp(VG), VG in L/kg',
    distribution: normal(1.16, 0.23),
    bounds: [Math.exp(0.1), Math.exp(0.25)],
    boundsReason: 'VG within 0.10–0.25 L/kg (glucose space; the ±2.5 SD tails give VG ≤ 0)',
    toParameter: (drawn) => Math.log(drawn),
  },
  {
    parameter: 'tmaxIMinutes',
    drawn: '1/tmaxI, /min',
    distribution: normal(0.018, 0.0045),
    bounds: meanPlusMinus(0.018, 0.0045),
    boundsReason: `${MEAN_2_5_SD} (tmaxI 34–133 min)`,
    toParameter: (drawn) => 1 / drawn,
  },
  {
    parameter: 'ag',
    drawn: 'AG (dimensionless)',
    distribution: { kind: 'uniform', low: 0.7, high: 1.2 },
    bounds: [0.7, 1],
    boundsReason: 'AG is the fraction of carbohydrate reaching plasma: at most 1',
    toParameter: identity,
  },
];

function drawOnce(rng: Rng, d: ParameterDraw['distribution']): number {
  return d.kind === 'normal' ? rng.gaussian(d.mean, d.sd) : rng.between(d.low, d.high);
}

/** One draw of `spec`, redrawn until inside its bounds; returns the parameter value. */
export function drawParameter(rng: Rng, spec: ParameterDraw): number {
  const [low, high] = spec.bounds;
  for (let attempt = 0; attempt < DRAWS_PER_PARAMETER_MAX; attempt += 1) {
    const drawn = drawOnce(rng, spec.distribution);
    if (drawn >= low && drawn <= high) return spec.toParameter(drawn);
  }
  throw new RangeError(
    `population: ${spec.drawn} fell outside [${low}, ${high}] in ${DRAWS_PER_PARAMETER_MAX} draws`,
  );
}

/**
 * A Hovorka parameter set drawn from the population distributions. Body weight is uniform on
 * `bodyWeightKg` (Boiroux: U(65, 95) kg for adults); tmaxG and the interstitial lag have no
 * published spread and stay at their nominal values.
 */
export function drawHovorkaParameters(
  rng: Rng,
  bodyWeightKg: { readonly min: number; readonly max: number },
): HovorkaParameters {
  const drawn: Partial<Record<ParameterDraw['parameter'], number>> = {};
  const weight = rng.between(bodyWeightKg.min, bodyWeightKg.max);
  for (const spec of PARAMETER_DRAWS) drawn[spec.parameter] = drawParameter(rng, spec);
  return { ...HOVORKA_NOMINAL, ...drawn, bodyWeightKg: weight };
}
