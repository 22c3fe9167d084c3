// The published figures of the Liège 6-hour pump stop, as given in docs/physiology.md §4 and
// docs/clinical.md: Krzentowski G., Scheen A., Castillo M., Luyckx A.S., Lefèbvre P., "A 6-hour
// nocturnal interruption of a continuous subcutaneous insulin infusion: 1. Metabolic and hormonal
// consequences", Diabetologia. Eight C-peptide-negative patients on regular insulin, pumps stopped
// 23:00–05:00, fasting.
//
// The "±" figures are read as mean ± SD, as the docs give them. Were they SEM (n = 8), the SD
// would be √8 ≈ 2.8 times wider, so a "mean ± 2 SD" check with these values is the stricter one.

export interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

export const LIEGE_PUMP_STOP = {
  source:
    'Krzentowski, Scheen, Castillo, Luyckx, Lefèbvre, Diabetologia: 6-h nocturnal interruption ' +
    'of CSII (n = 8, C-peptide negative, regular insulin, pump stopped 23:00–05:00, fasting)',
  patients: 8,
  /** Clock time of the stop, hours (23:00). */
  stopClockHour: 23,
  stopDurationHours: 6,
  glucoseAt6hMmolL: { mean: 17.4, sd: 1.9 } satisfies MeanSd,
  /** Glucose rose significantly from this hour of the stop. */
  glucoseSignificantRiseFromHour: 3,
  /** BOHB before the stop, mmol/L ("about 0.1"). */
  bohbBeforeMmolL: 0.1,
  /** BOHB rose linearly from this hour (about 0.2 mmol/L per hour). */
  bohbLinearRiseFromHour: 1,
  bohbAt6hMmolL: { mean: 1.29, sd: 0.14 } satisfies MeanSd,
  /** Free insulin at 6 h, mU/L (absolute; the pre-stop level is not in our reference docs). */
  freeInsulinAt6hMilliunitsPerL: { mean: 6, sd: 2 } satisfies MeanSd,
  /** Insulin deficiency: significant after 2 h, major by 6 h (clinical.md, the pump). */
  deficiencySignificantFromHour: 2,
  deficiencyMajorByHour: 6,
} as const;

/** mean − 2 SD … mean + 2 SD. */
export function twoSdBand(figure: MeanSd): { readonly low: number; readonly high: number } {
  return { low: figure.mean - 2 * figure.sd, high: figure.mean + 2 * figure.sd };
}
