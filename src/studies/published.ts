// The Liège retrospective series, as clinical.md reports it: 95 type 1 patients, mean follow-up
// about 5 years on a pump after injections. Rates are recomputed from the counts over the
// series' patient-years, taken as 95 × 5 = 475 (the review gives only "about 5 years").
import { incidence } from '../outcomes/incidence.ts';

export const LIEGE_SERIES = {
  patients: 95,
  followUpYears: 5,
  /** HbA1c %, mean ± SD, before the pump (on injections) and on the pump. */
  hba1cBefore: { mean: 8.6, sd: 1.3 },
  hba1cOnPump: { mean: 8.3, sd: 1.1 },
  severeHypoglycaemia: { events: 97, patients: 30, reportedRate: 0.2 },
  ketoacidosis: { events: 28, patients: 19, technical: 11, reportedRate: 0.05 },
  abscesses: { events: 20, patients: 13 },
} as const;

export const LIEGE_PATIENT_YEARS = LIEGE_SERIES.patients * LIEGE_SERIES.followUpYears;

/** A published count as a rate with its exact Poisson interval over the series' patient-years. */
export function liegeRate(events: number) {
  return incidence(events, LIEGE_PATIENT_YEARS);
}
