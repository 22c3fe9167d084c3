// Event rates per patient-year with an exact Poisson confidence interval.
//
// For k events in T patient-years, the exact (Garwood 1936) two-sided interval at level
// 1 − α is [χ²(α/2; 2k)/2, χ²(1 − α/2; 2k + 2)/2] / T, with the lower limit 0 when k = 0.
// Since χ²(q; 2a)/2 = P⁻¹(a, q) (the gamma quantile), no chi-square code is needed
// (Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;28:437-442;
// Ulm K. Am J Epidemiol 1990;131(2):373-375 for the chi-square form and tables).
import { z } from 'zod';
import { inverseRegularizedGammaP } from './gamma.ts';
import { parseOptions } from '../validation/parseOptions.ts';

const incidenceSchema = z
  .object({
    count: z.number().int().min(0).max(1e9),
    patientYears: z.number().positive().max(1e9),
    confidenceLevel: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();

export interface IncidenceRate {
  readonly count: number;
  readonly patientYears: number;
  readonly ratePerPatientYear: number;
  readonly lowerPerPatientYear: number;
  readonly upperPerPatientYear: number;
  readonly confidenceLevel: number;
  readonly method: 'exact Poisson (Garwood)';
}

export interface IncidenceOptions {
  /** Two-sided confidence level, default 0.95. */
  readonly confidenceLevel?: number;
}

/** The rate of `count` events over `patientYears`, with its exact Poisson interval. */
export function incidence(
  count: number,
  patientYears: number,
  options: IncidenceOptions = {},
): IncidenceRate {
  const parsed = parseOptions(
    incidenceSchema,
    { count, patientYears, ...options },
    'incidence arguments',
  );
  const alpha = 1 - parsed.confidenceLevel;
  const lowerCount = count === 0 ? 0 : inverseRegularizedGammaP(count, alpha / 2);
  const upperCount = inverseRegularizedGammaP(count + 1, 1 - alpha / 2);
  return {
    count,
    patientYears,
    ratePerPatientYear: count / patientYears,
    lowerPerPatientYear: lowerCount / patientYears,
    upperPerPatientYear: upperCount / patientYears,
    confidenceLevel: parsed.confidenceLevel,
    method: 'exact Poisson (Garwood)',
  };
}
