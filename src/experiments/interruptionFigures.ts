// The figures of the interruption experiment: glucose and BOHB per pump insulin (population median
// and 5–95 % band with the typical patient, the Liège 6-h figures as references), plasma insulin,
// and BOHB if the pump is never resumed.
import type { ExperimentFigure } from './types.ts';
import type { InterruptionRun, PumpInsulin } from './interruptionData.ts';
import { PUMP_INSULINS } from './interruptionData.ts';
import { FORMULATIONS } from '../insulin/formulations.ts';
import { mgdl, mgdlToMmolL, MINUTES_PER_HOUR } from '../units/index.ts';
import { LIEGE_PUMP_STOP } from './interruptionPublished.ts';
import {
  KETOACIDOSIS_BOHB_MMOLL,
  KETOACIDOSIS_GLUCOSE_MGDL,
  KETOSIS_BOHB_MMOLL,
} from './interruptionSimulation.ts';
import type { CourseName, Measure } from './interruptionSummary.ts';
import { courseSeries, populationBands } from './interruptionSummary.ts';

const L = LIEGE_PUMP_STOP;
const SHORT_LABELS: Readonly<Record<PumpInsulin, string>> = {
  regular: 'Regular',
  'rapid-analog': 'Rapid analog',
};
const TYPICAL_NOTE = 'Typical patient: HOVORKA_NOMINAL (70 kg).';
type Series = ExperimentFigure['series'][number];

function hoursAxis(run: InterruptionRun, course: CourseName): number[] {
  const samples = run.typical.traces.regular[course].glucoseMgdl.length;
  const x: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    x.push((i * run.plan.sampleIntervalMinutes) / MINUTES_PER_HOUR);
  }
  return x;
}

function armSeries(
  run: InterruptionRun,
  insulin: PumpInsulin,
  view: { course: CourseName; measure: Measure; bands: boolean; prefix: string },
): Series[] {
  const bands = populationBands(run.population.traces[insulin], view.course, view.measure);
  const typical = courseSeries(run.typical.traces[insulin], view.course, view.measure);
  const series: Series[] = [{ name: `${view.prefix}population median`, y: bands.p50 }];
  if (view.bands) {
    series.push({ name: `${view.prefix}population 5th percentile`, y: bands.p5, dashed: true });
    series.push({ name: `${view.prefix}population 95th percentile`, y: bands.p95, dashed: true });
  }
  series.push({ name: `${view.prefix}typical patient`, y: typical });
  return series;
}

const liegeGlucose = {
  label: `Liège at 6 h: ${L.glucoseAt6hMmolL.mean} ± ${L.glucoseAt6hMmolL.sd} mmol/L (regular insulin)`,
  y: L.glucoseAt6hMmolL.mean,
};
const liegeBohb = {
  label: `Liège at 6 h: ${L.bohbAt6hMmolL.mean} ± ${L.bohbAt6hMmolL.sd} mmol/L (regular insulin)`,
  y: L.bohbAt6hMmolL.mean,
};
const ketoacidosisBohb = {
  label: `Ketoacidosis: BOHB ≥ ${KETOACIDOSIS_BOHB_MMOLL.toFixed(1)} mmol/L`,
  y: KETOACIDOSIS_BOHB_MMOLL,
};
const ketoacidosisGlucose = {
  label: `Ketoacidosis also needs glucose ≥ ${KETOACIDOSIS_GLUCOSE_MGDL} mg/dL`,
  y: mgdlToMmolL(mgdl(KETOACIDOSIS_GLUCOSE_MGDL)),
};

function perArmFigures(run: InterruptionRun, insulin: PumpInsulin): ExperimentFigure[] {
  const label = FORMULATIONS[insulin].label;
  const x = hoursAxis(run, 'resumed');
  const view = { course: 'resumed', bands: true, prefix: '' } as const;
  const resumedNote =
    `Pump stopped at 0 h (23:00), basal resumed at ${run.plan.stopDurationMinutes / 60} h ` +
    `(05:00) without a correction bolus; ${run.population.size} patients. ${TYPICAL_NOTE}`;
  return [
    {
      title: `Glucose during and after a 6-h pump stop: ${label}`,
      xLabel: 'Hours from the stop (23:00)',
      yLabel: 'Plasma glucose, mmol/L',
      x,
      series: armSeries(run, insulin, { ...view, measure: 'glucoseMmolL' }),
      references: [liegeGlucose, ketoacidosisGlucose],
      note: resumedNote,
    },
    {
      title: `3-hydroxybutyrate (BOHB) during and after a 6-h pump stop: ${label}`,
      xLabel: 'Hours from the stop (23:00)',
      yLabel: 'BOHB, mmol/L',
      x,
      series: armSeries(run, insulin, { ...view, measure: 'bohbMmolL' }),
      references: [liegeBohb, ketoacidosisBohb],
      note: resumedNote,
    },
  ];
}

function bothArms(run: InterruptionRun, course: CourseName, measure: Measure): Series[] {
  return PUMP_INSULINS.flatMap((insulin) =>
    armSeries(run, insulin, {
      course,
      measure,
      bands: false,
      prefix: `${SHORT_LABELS[insulin]}: `,
    }),
  );
}

export function interruptionFigures(run: InterruptionRun): ExperimentFigure[] {
  const horizonHours = run.plan.unresumedHorizonMinutes / MINUTES_PER_HOUR;
  return [
    ...PUMP_INSULINS.flatMap((insulin) => perArmFigures(run, insulin)),
    {
      title: 'Plasma insulin after the stop, both pump insulins',
      xLabel: 'Hours from the stop (23:00)',
      yLabel: 'Plasma insulin, % of basal',
      x: hoursAxis(run, 'resumed'),
      series: bothArms(run, 'resumed', 'insulinPercentOfBasal'),
      references: [{ label: 'Basal steady state', y: 100 }],
      note:
        'Basal resumed at 6 h. The Liège free insulin at 6 h was 6 ± 2 mU/L (absolute). ' +
        TYPICAL_NOTE,
    },
    {
      title: `BOHB if the pump is never resumed (${horizonHours} h), both pump insulins`,
      xLabel: 'Hours from the stop (23:00)',
      yLabel: 'BOHB, mmol/L',
      x: hoursAxis(run, 'unresumed'),
      series: bothArms(run, 'unresumed', 'bohbMmolL'),
      references: [
        { label: `Ketosis: BOHB ${KETOSIS_BOHB_MMOLL.toFixed(1)} mmol/L`, y: KETOSIS_BOHB_MMOLL },
        ketoacidosisBohb,
      ],
      note:
        'Beyond the 9 h of the longest published stop (Pickup 1982) this is an extrapolation. ' +
        TYPICAL_NOTE,
    },
  ];
}
