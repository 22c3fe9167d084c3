// The tables of the interruption experiment, from its data (./interruptionData.ts). Cells are
// display strings; units are in the column headers.
import { formatNumber } from '../report/format.ts';
import { mmolL, mmolLToMgdl } from '../units/index.ts';
import type { ExperimentTable } from './types.ts';
import type { ArmData, InterruptionData, PumpInsulin } from './interruptionData.ts';
import { PUMP_INSULINS } from './interruptionData.ts';
import { LIEGE_PUMP_STOP } from './interruptionPublished.ts';
import {
  KETOACIDOSIS_BOHB_MMOLL,
  KETOACIDOSIS_GLUCOSE_MGDL,
  KETOSIS_BOHB_MMOLL,
} from './interruptionSimulation.ts';
import type { PairedComparison, Quantiles, ThresholdName } from './interruptionSummary.ts';
import { THRESHOLD_NAMES } from './interruptionSummary.ts';

const L = LIEGE_PUMP_STOP;
const f = formatNumber;

/** "a–b", or "a to b" when a bound is negative (a dash between negatives misreads). */
function span(low: number, high: number, digits: number): string {
  const separator = low < 0 || high < 0 ? ' to ' : '–';
  return `${f(low, digits)}${separator}${f(high, digits)}`;
}

/** median (IQR) [5–95 %]. */
export function quantileCell(q: Quantiles | null, digits: number, withTails = true): string {
  if (q === null) return '–';
  const core = `${f(q.p50, digits)} (${span(q.p25, q.p75, digits)})`;
  return withTails ? `${core} [${span(q.p5, q.p95, digits)}]` : core;
}

/** The clock time `hour` hours after the 23:00 stop, e.g. "02:00". */
export function clockAt(hour: number): string {
  const clock = (L.stopClockHour + hour) % 24;
  return `${String(clock).padStart(2, '0')}:00`;
}

function pumpState(hour: number, stopHours: number): string {
  if (hour === 0) return 'stopped';
  if (hour < stopHours) return 'off';
  return hour === stopHours ? 'basal resumed' : 'basal';
}

/** The Liège figure at `hour` of the stop (all patients on regular insulin). */
export function liegeAt(hour: number): string {
  const glucoseMgdl = (v: number) => f(mmolLToMgdl(mmolL(v)), 0);
  const g = L.glucoseAt6hMmolL;
  const b = L.bohbAt6hMmolL;
  const i = L.freeInsulinAt6hMilliunitsPerL;
  if (hour === 0) return `BOHB ≈ ${f(L.bohbBeforeMmolL, 1)} mmol/L before`;
  if (hour === L.bohbLinearRiseFromHour) return 'BOHB rises linearly from 1 h (≈ 0.2 mmol/L/h)';
  if (hour === L.deficiencySignificantFromHour) return 'insulin deficiency significant after 2 h';
  if (hour === L.glucoseSignificantRiseFromHour) return 'glucose rise significant from 3 h';
  if (hour === L.stopDurationHours) {
    return (
      `glucose ${f(g.mean, 1)} ± ${f(g.sd, 1)} mmol/L (${glucoseMgdl(g.mean)} ± ` +
      `${glucoseMgdl(g.sd)} mg/dL); BOHB ${f(b.mean, 2)} ± ${f(b.sd, 2)}; free insulin ` +
      `${f(i.mean, 0)} ± ${f(i.sd, 0)} mU/L (major deficiency)`
    );
  }
  return '';
}

function stopHoursOf(data: InterruptionData): number {
  return data.plan.stopDurationMinutes / 60;
}

export function typicalHourlyTable(data: InterruptionData, arm: ArmData): ExperimentTable {
  const stopHours = stopHoursOf(data);
  const t = data.typical;
  return {
    title: `Typical patient (HOVORKA_NOMINAL), ${arm.label} in the pump: 6-h stop from 23:00, then basal`,
    columns: [
      'Hour',
      'Clock',
      'Pump',
      'Glucose mmol/L',
      'Glucose mg/dL',
      'BOHB mmol/L',
      'Insulin % of basal',
      'Insulin mU/L',
      `Liège (n = ${L.patients}, regular insulin)`,
    ],
    rows: arm.typical.hourly.map((s) => [
      String(s.hour),
      clockAt(s.hour),
      pumpState(s.hour, stopHours),
      f(s.glucoseMmolL, 1),
      f(s.glucoseMgdl, 0),
      f(s.bohbMmolL, 2),
      f(s.insulinPercentOfBasal, 0),
      f(s.insulinMilliunitsPerL, 2),
      liegeAt(s.hour),
    ]),
    note:
      `Basal ${f(t.basalUnitsPerHour, 3)} U/h holds ${t.targetGlucoseMgdl} mg/dL; basal plasma ` +
      `insulin ${f(t.basalInsulinMilliunitsPerL, 2)} mU/L (= 100 %). Insulin absorbed from the ` +
      `depot after the stop: ${f(arm.typical.depotInsulinAtStopUnits, 2)} U.`,
  };
}

export function populationHourlyTable(data: InterruptionData, arm: ArmData): ExperimentTable {
  const stopHours = stopHoursOf(data);
  return {
    title:
      `Population (${data.population.size} adults), ${arm.label} in the pump: ` +
      'median (IQR) [5–95 %]',
    columns: [
      'Hour',
      'Clock',
      'Pump',
      'Glucose mmol/L',
      'Glucose mg/dL, median (IQR)',
      'BOHB mmol/L',
      'Insulin % of basal',
      `Liège (n = ${L.patients}, regular insulin)`,
    ],
    rows: arm.population.hourly.map((s) => [
      String(s.hour),
      clockAt(s.hour),
      pumpState(s.hour, stopHours),
      quantileCell(s.glucoseMmolL, 1),
      quantileCell(s.glucoseMgdl, 0, false),
      quantileCell(s.bohbMmolL, 2),
      quantileCell(s.insulinPercentOfBasal, 0),
      liegeAt(s.hour),
    ]),
  };
}

/** The states at 2 h (deficiency significant) and 6 h (major), per arm. */
export function keyStatesTable(data: InterruptionData): ExperimentTable {
  const hours = [L.deficiencySignificantFromHour, L.deficiencyMajorByHour];
  const rows: string[][] = [];
  for (const insulin of PUMP_INSULINS) {
    const arm = data.arms[insulin];
    for (const hour of hours) {
      const t = arm.typical.hourly[hour]!;
      const p = arm.population.hourly[hour]!;
      rows.push([
        arm.label,
        `${hour} h (${clockAt(hour)})`,
        `${f(t.glucoseMmolL, 1)} (${f(t.glucoseMgdl, 0)} mg/dL)`,
        f(t.bohbMmolL, 2),
        f(t.insulinPercentOfBasal, 0),
        quantileCell(p.glucoseMmolL, 1, false),
        quantileCell(p.bohbMmolL, 2, false),
        quantileCell(p.insulinPercentOfBasal, 0, false),
        liegeAt(hour),
      ]);
    }
  }
  return {
    title: 'The 2-hour and 6-hour states of the stop',
    columns: [
      'Pump insulin',
      'Time',
      'Typical glucose mmol/L',
      'Typical BOHB mmol/L',
      'Typical insulin % of basal',
      'Population glucose mmol/L, median (IQR)',
      'Population BOHB mmol/L, median (IQR)',
      'Population insulin % of basal, median (IQR)',
      'Liège',
    ],
    rows,
  };
}

export const THRESHOLD_LABELS: Readonly<Record<ThresholdName, string>> = {
  bohbKetosis: `BOHB ≥ ${f(KETOSIS_BOHB_MMOLL, 1)} mmol/L`,
  bohbKetoacidosis: `BOHB ≥ ${f(KETOACIDOSIS_BOHB_MMOLL, 1)} mmol/L`,
  ketoacidosis:
    `Ketoacidosis threshold (BOHB ≥ ${f(KETOACIDOSIS_BOHB_MMOLL, 1)} mmol/L and glucose ≥ ` +
    `${KETOACIDOSIS_GLUCOSE_MGDL} mg/dL)`,
};

/** Pickup 1982 (9-h stop, fasting; physiology.md §4), beside the never-resumed course. */
function pickupAt(hour: number): string {
  if (hour === L.stopDurationHours) return 'Liège at 6 h: glucose 17.4 ± 1.9, BOHB 1.29 ± 0.14';
  if (hour === 9)
    return 'Pickup 1982 at 9 h: glucose plateau near 10 mmol/L; BOHB rising, no plateau';
  return '';
}

/** The never-resumed course at a few hours, typical patient and population. */
export function unresumedTable(data: InterruptionData): ExperimentTable {
  const rows: string[][] = [];
  for (const insulin of PUMP_INSULINS) {
    const arm = data.arms[insulin];
    arm.population.unresumed.forEach((p, k) => {
      const t = arm.typical.unresumed[k]!;
      rows.push([
        arm.label,
        `${p.hour} h (${clockAt(p.hour)})`,
        `${f(t.glucoseMmolL, 1)} (${f(t.glucoseMgdl, 0)} mg/dL)`,
        f(t.bohbMmolL, 2),
        quantileCell(p.glucoseMmolL, 1),
        quantileCell(p.bohbMmolL, 2),
        pickupAt(p.hour),
      ]);
    });
  }
  return {
    title: 'If the pump is never resumed: glucose and BOHB',
    columns: [
      'Pump insulin',
      'Time',
      'Typical glucose mmol/L',
      'Typical BOHB mmol/L',
      'Population glucose mmol/L, median (IQR) [5–95 %]',
      'Population BOHB mmol/L, median (IQR) [5–95 %]',
      'Published',
    ],
    rows,
    note:
      'The model has no acidosis, dehydration or fall in kidney function: beyond 9 h these ' +
      'values are extrapolations.',
  };
}

function hoursCell(hours: number | null): string {
  return hours === null ? 'not reached' : `${f(hours, 1)} h`;
}

/** Time to ketosis and to the ketoacidosis threshold if the pump is never resumed. */
export function thresholdTable(data: InterruptionData): ExperimentTable {
  const n = data.population.size;
  const rows: string[][] = [];
  for (const insulin of PUMP_INSULINS) {
    const arm = data.arms[insulin];
    for (const name of THRESHOLD_NAMES) {
      const s = arm.population.thresholds[name];
      rows.push([
        arm.label,
        THRESHOLD_LABELS[name],
        hoursCell(arm.typical.thresholdHours[name]),
        `${s.reachedWithinHours['6']} / ${n}`,
        `${s.reachedWithinHours['12']} / ${n}`,
        `${s.reachedWithinHours['24']} / ${n}`,
        quantileCell(s.hours, 1),
      ]);
    }
  }
  return {
    title: `If the pump is never resumed: time from the stop to each threshold (followed ${data.plan.unresumedHorizonMinutes / 60} h)`,
    columns: [
      'Pump insulin',
      'Threshold',
      'Typical patient',
      'Patients within 6 h',
      'Within 12 h',
      'Within 24 h',
      'Hours, median (IQR) [5–95 %] of those reaching it',
    ],
    rows,
  };
}

function comparisonRow(c: PairedComparison, n: number): string[] {
  return [
    `${c.label}, ${c.unit}`,
    quantileCell(c.regular, c.digits, false),
    quantileCell(c.analog, c.digits, false),
    quantileCell(c.difference, c.digits, false),
    `${c.analogWorse} / ${c.pairs}${c.pairs === n ? '' : ` (of ${n})`} (${c.worse})`,
  ];
}

export function comparisonTable(data: InterruptionData): ExperimentTable {
  const n = data.population.size;
  return {
    title: 'Regular human insulin vs rapid analog in the pump, patient by patient (population)',
    columns: [
      'Figure',
      'Regular, median (IQR)',
      'Rapid analog, median (IQR)',
      'Analog − regular, median (IQR)',
      'Patients worse on the analog',
    ],
    rows: data.comparison.map((c) => comparisonRow(c, n)),
    note:
      'Same patients, same basal rate, same stop; only the formulation in the pump differs. ' +
      'Resumption is the basal rate alone, no correction bolus.',
  };
}

export function interruptionTables(data: InterruptionData): ExperimentTable[] {
  const perArm = (make: (d: InterruptionData, a: ArmData) => ExperimentTable) =>
    PUMP_INSULINS.map((insulin: PumpInsulin) => make(data, data.arms[insulin]));
  return [
    ...perArm(typicalHourlyTable),
    ...perArm(populationHourlyTable),
    keyStatesTable(data),
    unresumedTable(data),
    thresholdTable(data),
    comparisonTable(data),
  ];
}
