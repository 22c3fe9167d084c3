// Parameters of the UVA/Padova 2008 patient model, named as in simglucose's
// `vpatient_params.csv` (Dalla Man, Rizza, Cobelli, IEEE TBME 54(10):1740–1749, 2007;
// Kovatchev et al., J Diabetes Sci Technol 3(1):44–55, 2009), and the bounds a parameter set
// must satisfy before a model is built from it.
//
// The bounds are plausibility limits, not population statistics: they refuse a value that is
// physically impossible (a negative rate, a fraction above 1) or an order of magnitude away from
// every published virtual patient (the 30 simglucose patients span, e.g., BW 23.7–111 kg,
// kabs 0.021–1.23 /min, u2ss 0.70–2.61 pmol/kg/min). A wider range lets a user bring other
// parameter sets; a value outside it is almost always a unit or column mix-up.
import { z } from 'zod';

export interface ParameterBound {
  readonly min: number;
  readonly max: number;
  /** True when `min` itself is not allowed (rates that divide or must be strictly positive). */
  readonly minExclusive: boolean;
  readonly unit: string;
  readonly meaning: string;
}

const positive = (max: number, unit: string, meaning: string): ParameterBound => ({
  min: 0,
  max,
  minExclusive: true,
  unit,
  meaning,
});
const nonNegative = (max: number, unit: string, meaning: string): ParameterBound => ({
  min: 0,
  max,
  minExclusive: false,
  unit,
  meaning,
});
const between = (min: number, max: number, unit: string, meaning: string): ParameterBound => ({
  min,
  max,
  minExclusive: false,
  unit,
  meaning,
});

/** Every parameter the model equations read, with its bound, unit and meaning. */
export const UVA_PADOVA_PARAMETER_BOUNDS = {
  BW: between(10, 250, 'kg', 'body weight'),
  Gb: between(50, 300, 'mg/dL', 'basal plasma glucose'),
  Ib: between(5, 1000, 'pmol/L', 'basal plasma insulin'),
  kabs: positive(10, '/min', 'intestinal absorption rate'),
  kmax: positive(1, '/min', 'maximal gastric emptying rate'),
  kmin: positive(1, '/min', 'minimal gastric emptying rate'),
  // b and d are fractions of the meal; α = 5/(2·Dbar·(1 − b)) and β = 5/(2·Dbar·d) divide by
  // 1 − b and d, so both ends are excluded (checked below).
  b: positive(0.999, '-', 'fraction of the meal where kempt falls to (kmax + kmin)/2'),
  d: positive(0.999, '-', 'fraction of the meal where kempt rises back to (kmax + kmin)/2'),
  f: positive(1, '-', 'fraction of intestinal glucose that appears in plasma'),
  Vg: positive(10, 'dL/kg', 'glucose distribution volume'),
  Vi: positive(1, 'L/kg', 'insulin distribution volume'),
  k1: positive(1, '/min', 'plasma → tissue glucose transfer rate'),
  k2: positive(1, '/min', 'tissue → plasma glucose transfer rate'),
  Vm0: nonNegative(100, 'mg/kg/min', 'insulin-independent maximal tissue uptake'),
  Vmx: nonNegative(1, 'mg/kg/min per pmol/L', 'insulin sensitivity of tissue uptake'),
  Km0: positive(5000, 'mg/kg', 'Michaelis–Menten constant of tissue uptake'),
  p2u: positive(1, '/min', 'rate of insulin action on glucose utilisation'),
  kp1: positive(50, 'mg/kg/min', 'extrapolated endogenous glucose production at zero glucose'),
  kp2: nonNegative(1, '/min', 'liver glucose effectiveness'),
  kp3: nonNegative(1, 'mg/kg/min per pmol/L', 'insulin action on the liver'),
  ki: positive(1, '/min', 'delay of insulin action on the liver'),
  Fsnc: nonNegative(10, 'mg/kg/min', 'insulin-independent glucose utilisation'),
  ke1: nonNegative(0.1, '/min', 'renal glomerular filtration rate'),
  ke2: nonNegative(1000, 'mg/kg', 'renal threshold of glucose'),
  m1: positive(2, '/min', 'liver → plasma insulin transfer rate'),
  m2: positive(2, '/min', 'plasma → liver insulin transfer rate'),
  m4: positive(2, '/min', 'peripheral insulin degradation rate'),
  m30: positive(2, '/min', 'hepatic insulin extraction rate'),
  kd: positive(1, '/min', 'subcutaneous insulin: compartment 1 → 2 rate'),
  ka1: positive(1, '/min', 'subcutaneous insulin: absorption rate from compartment 1'),
  ka2: positive(1, '/min', 'subcutaneous insulin: absorption rate from compartment 2'),
  ksc: positive(1, '/min', 'plasma → subcutaneous (sensor) glucose rate'),
  u2ss: positive(20, 'pmol/kg/min', 'steady-state insulin infusion that holds Gb'),
} as const satisfies Record<string, ParameterBound>;

export type UvaPadovaParameterName = keyof typeof UVA_PADOVA_PARAMETER_BOUNDS;

export const UVA_PADOVA_PARAMETER_NAMES = Object.keys(
  UVA_PADOVA_PARAMETER_BOUNDS,
) as readonly UvaPadovaParameterName[];

/** One patient's parameter set (simglucose names and units; see the bounds for each unit). */
export type UvaPadovaParameters = Readonly<Record<UvaPadovaParameterName, number>>;

/** The message a value outside its bound gets: names the allowed range and unit. */
export function describeBound(bound: ParameterBound): string {
  const low = bound.minExclusive ? `(${bound.min}` : `[${bound.min}`;
  return `must be a number in ${low}, ${bound.max}] ${bound.unit} (${bound.meaning})`;
}

/** A zod number schema for one bound (zod 4 numbers refuse NaN and ±Infinity). */
export function boundSchema(bound: ParameterBound): z.ZodNumber {
  const message = describeBound(bound);
  const number = z.number({ error: message });
  const low = bound.minExclusive
    ? number.gt(bound.min, { error: message })
    : number.gte(bound.min, { error: message });
  return low.lte(bound.max, { error: message });
}

function buildShape(): Record<UvaPadovaParameterName, z.ZodNumber> {
  const shape = {} as Record<UvaPadovaParameterName, z.ZodNumber>;
  for (const name of UVA_PADOVA_PARAMETER_NAMES) {
    shape[name] = boundSchema(UVA_PADOVA_PARAMETER_BOUNDS[name]);
  }
  return shape;
}

/**
 * Validates a parameter set: each value within its bound, and kmin ≤ kmax (gastric emptying
 * swings between the two, Dalla Man 2007 eq. 9).
 */
export const uvaPadovaParametersSchema = z.object(buildShape()).refine((p) => p.kmin <= p.kmax, {
  error: 'kmin must not exceed kmax (gastric emptying swings between kmin and kmax)',
  path: ['kmin'],
});

/** Parses a parameter set or throws a RangeError that names every offending parameter. */
export function parseUvaPadovaParameters(input: unknown, label: string): UvaPadovaParameters {
  const result = uvaPadovaParametersSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = (input as Record<string, unknown> | null)?.[name];
    return `${name} = ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new RangeError(`UVA/Padova parameters of ${label}: ${lines.join('; ')}`);
}
