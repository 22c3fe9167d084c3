// The methods of a cohort in plain sentences: every definition its outcomes rest on, so a
// report states how each number was made.
import { definitionTexts, eventDefinitions } from '../sim/clinicalEvents.ts';
import { COST_ITEMS } from './cost.ts';
import { DAYS_PER_PATIENT_YEAR, segmentsOf } from './patientRun.ts';
import { SEGMENT_DAYS_MAX, type CohortSpec } from './spec.ts';
import { FASTING_FLOOR_MGDL } from '../sim/basalTitration.ts';
import { BASAL_LEAD_MINUTES } from '../sim/pumpSettings.ts';
import { POST_MEAL_MINUTES } from '../sim/summarise.ts';
import { round } from '../units/index.ts';
import { DELIVERY_FAULT_KINDS, HBA1C_WINDOW_DAYS } from './yearOutcomes.ts';

export function cohortMethods(spec: CohortSpec): string[] {
  const { size, source, mix, dawnPhenomenon: dawn } = spec.population;
  const days = spec.duration.days;
  const { technicalCauseWindowHours, ...outcomes } = spec.outcomes;
  const definitions = definitionTexts(eventDefinitions(outcomes));
  const describe = (id: string) => definitions.find((d) => d.id === id)?.description ?? id;
  return [
    source === 'generated'
      ? `${size} virtual adults were drawn from the Hovorka 2004 population distributions, patient p from its own seed derived from the master seed ${spec.seed} and p, so any patient can be rerun alone.`
      : `The first ${size} adults of the built-in population of 100 were simulated.`,
    ...(mix === undefined
      ? []
      : [
          `Behaviour groups (${mix.map((g) => `${g.name} ${round(g.share * 100, 1)} %`).join(', ')}) were assigned by a seeded shuffle of the patients split by cumulative share; where an arm and a group set the same behaviour, the arm's value was used.`,
        ]),
    ...(dawn === undefined
      ? []
      : [
          `A dawn phenomenon was given to ${round(dawn.share * 100, 1)} % of the patients (a seeded shuffle split by that share): insulin resistance rising from ${dawn.onset} to a peak at ${dawn.peak} and back by ${dawn.end}, with the steady insulin need at the peak ${dawn.peakIncreasePercent} % above the rest of the day. Their pumps were programmed by the hour, each rate raised ${BASAL_LEAD_MINUTES / 60} h ahead of the need it meets; their long-acting dose was titrated by the waking glucose as every patient's on injections.`,
        ]),
    ...(spec.arms.some((arm) => arm.therapy.kind === 'mdi')
      ? [
          `On injections the long-acting dose was titrated as clinics titrate it: to the patient's target on waking, lowered wherever a day without meals would fall below ${FASTING_FLOOR_MGDL} mg/dL (the floor of the ADA's preprandial target), within half to twice the steady basal need.`,
        ]
      : []),
    `Each patient was followed for ${days} days (${round(days / DAYS_PER_PATIENT_YEAR, 2)} patient-years of ${DAYS_PER_PATIENT_YEAR} days) in each of the ${spec.arms.length} arms, simulated minute by minute as ${segmentsOf(days).length} consecutive segment(s) of at most ${SEGMENT_DAYS_MAX} days (one year of follow-up each).`,
    'Each segment starts from the patient at steady state on their basal insulin, with a new infusion set and a full reservoir; nothing (glucose, insulin on board, site wear, faults in progress) carries over from one segment to the next.',
    'Segment k of patient p has the same scenario seed in every arm, so the arms are paired comparisons of the same patients with the same seeded meals, behaviour and faults.',
    `The HbA1c of a year is the ADAG estimated A1c, (mean glucose mg/dL + 46.7) / 28.7 (Nathan DM, et al. Diabetes Care 2008;31:1473-1478), from the mean plasma glucose of the year's last ${HBA1C_WINDOW_DAYS} days (of the whole year when it is shorter).`,
    `A patient's HbA1c is the mean of their yearly values over the years with a full ${HBA1C_WINDOW_DAYS}-day window (over all years when none has one); an arm's HbA1c is the mean ± sample SD over its patients, also given year by year.`,
    'Time in ranges (< 54, < 70, 70–180, > 180, > 250 mg/dL) is the share of 5-minute plasma glucose values in each range over the whole follow-up of a patient, averaged over patients; mean glucose and insulin per day likewise.',
    `${describe('severe-hypo')}.`,
    `${describe('ketoacidosis')}.`,
    `A ketoacidosis has a technical cause when it starts while a delivery fault (${DELIVERY_FAULT_KINDS.join(', ')}) is acting or within ${technicalCauseWindowHours} h after it ended; the technical share is technical ketoacidoses over all ketoacidoses.`,
    'Site infections arise with a hazard that rises with the age of the infusion set; a set share of them become abscesses needing medical or surgical treatment (arm site settings).',
    `Rates are events per patient-year (${DAYS_PER_PATIENT_YEAR} days) over all patients of an arm, with exact Poisson (Garwood) 95 % confidence intervals.`,
    `Post-meal glucose is plasma glucose ${POST_MEAL_MINUTES / 60} h after each meal start, meals only (not carbohydrate taken against a low); a patient's value is the mean over their meals, an arm's the mean ± SD over patients.`,
    faultSentence(spec),
    `Cost per patient-year (EUR) is activity-based: ${COST_ITEMS.map((item) => `${item.id} (${item.driver})`).join('; ')}; consultations follow each arm's schedule (${spec.arms.map((a) => `${a.id}: ${a.followUp}`).join(', ')}).`,
    "The default prices are assumptions calibrated so that a default adult pump patient-year in routine follow-up (set change every 72 h, four glucose tests a day, no CGM) costs about 3,045 €, the Liège series' figure; CGM sensors, ketone strips and pen needles are outside that calibration. An arm's cost is the mean over its patients.",
  ];
}

function faultSentence(spec: CohortSpec): string {
  const describe = (faults: CohortSpec['faults']) =>
    faults.length === 0
      ? 'none'
      : faults
          .map((f) =>
            f.at === undefined
              ? `${f.kind} at ${f.ratePerPatientYear} per patient-year`
              : `${f.kind} at ${JSON.stringify(f.at)}`,
          )
          .join(', ');
  const perArm = spec.arms
    .filter((a) => a.faults !== undefined)
    .map((a) => `${a.id}: ${describe(a.faults ?? [])}`);
  return `Faults beyond site infections: ${describe(spec.faults)}${perArm.length > 0 ? ` (replaced in ${perArm.join('; ')})` : ''}.`;
}
