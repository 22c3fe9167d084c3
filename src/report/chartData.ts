// The data the page's charts draw, embedded as JSON. Values are rounded to what a chart can
// show (0.1 mg/dL, 0.001 U, 0.001 mmol/L) to keep the file small; rounding is deterministic.
// Basal is drawn as a rate: the mean over the hour ending at each row of the units delivered
// (U/h). A pump delivers whole pulses (e.g. 0.05 U), so per 5-minute row 0.8 U/h alternates
// between one and two pulses, i.e. 0.6 and 1.2 U/h; an hour holds 16 pulses and shows the rate
// to ±0.05 U/h. Zero boluses and zero carbohydrate become null so no bar is drawn.
import type { SimulationResult } from '../sim/result.ts';
import { GLUCOSE_RANGES } from '../outcomes/ranges.ts';
import { MGDL_PER_MMOLL, MINUTES_PER_HOUR } from '../units/index.ts';
import { DIARY_MARKS, diaryMarks, slowMealCarbs } from './diary.ts';
import type { EventKind } from './eventCatalogue.ts';
import type { LocalClock } from './localTime.ts';
import { CHART_COLOURS } from './palette.ts';

/**
 * Ketoacidosis threshold drawn on the BOHB chart: 3-hydroxybutyrate ≥ 3.0 mmol/L (Umpierrez GE,
 * et al. Hyperglycemic crises in adults with diabetes: a consensus report. Diabetes Care
 * 2024;47(8):1257-1275; physiology.md §4).
 */
export const KETOACIDOSIS_BOHB_MMOL_L = 3.0;

export interface ChartEvent {
  readonly startMinutes: number;
  readonly endMinutes: number;
  readonly lane: number;
  readonly colour: string;
  /** Events whose extreme value is a ketone concentration are also shaded on the BOHB chart. */
  readonly ketone: boolean;
}

export interface ReportChartData {
  readonly startLocalSeconds: number;
  readonly intervalMinutes: number;
  readonly trace: {
    readonly minutes: readonly number[];
    readonly plasmaMgdl: readonly (number | null)[];
    readonly cgmMgdl: readonly (number | null)[];
    readonly basalUnitsPerHour: readonly (number | null)[];
    readonly bolusUnits: readonly (number | null)[];
    /** Carbohydrate eaten other than slow meals, g. */
    readonly carbsGrams: readonly (number | null)[];
    /** Slow meals' carbohydrate (rich in fat and protein), g, at the row each began. */
    readonly slowCarbsGrams: readonly (number | null)[];
    readonly bohbMmolL: readonly (number | null)[];
  };
  readonly events: readonly ChartEvent[];
  /** The diary's marks along the bottom of the glucose chart, in their kind's colour. */
  readonly diaryMarks: readonly { readonly minutes: number; readonly colour: string }[];
  readonly laneCount: number;
  readonly agp: {
    readonly hours: readonly number[];
    readonly p5: readonly (number | null)[];
    readonly p25: readonly (number | null)[];
    readonly p50: readonly (number | null)[];
    readonly p75: readonly (number | null)[];
    readonly p95: readonly (number | null)[];
  };
  readonly thresholds: {
    readonly veryLowMgdl: number;
    readonly lowMgdl: number;
    readonly highMgdl: number;
    readonly veryHighMgdl: number;
    readonly ketoacidosisBohbMmolL: number;
    readonly mgdlPerMmolL: number;
  };
  readonly colours: typeof CHART_COLOURS;
}

/** Rounds to `decimals`; null for a missing or non-finite value (a gap in the chart). */
function rounded(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const scale = 10 ** decimals;
  const result = Math.round(value * scale) / scale;
  return Object.is(result, -0) ? 0 : result;
}

function column(values: readonly (number | null)[], decimals: number): (number | null)[] {
  return values.map((v) => rounded(v, decimals));
}

/** Like column, but 0 becomes null: bars only where something happened. */
function sparse(values: readonly number[], decimals: number): (number | null)[] {
  return values.map((v) => {
    const r = rounded(v, decimals);
    return r === 0 ? null : r;
  });
}

/** Basal window: one hour (see the note at the top). */
const BASAL_MEAN_WINDOW_MINUTES = 60;

/** U/h delivered over the window ending at each row (a shorter window at the start). */
function basalRateUnitsPerHour(basalUnits: readonly number[], intervalMinutes: number) {
  const rows = Math.max(1, Math.round(BASAL_MEAN_WINDOW_MINUTES / intervalMinutes));
  const rates: (number | null)[] = [];
  let windowUnits = 0;
  for (let i = 0; i < basalUnits.length; i += 1) {
    windowUnits += basalUnits[i] ?? 0;
    if (i >= rows) windowUnits -= basalUnits[i - rows] ?? 0;
    const hours = (Math.min(i + 1, rows) * intervalMinutes) / MINUTES_PER_HOUR;
    rates.push(rounded(windowUnits / hours, 3));
  }
  return rates;
}

/** The grams of slow meals in each row of the trace, from the log (none without one). */
function slowMealGrams(result: SimulationResult): number[] {
  const { intervalMinutes, minutes } = result.trace;
  const grams = new Array<number>(minutes.length).fill(0);
  for (const entry of result.log) {
    const carbs = slowMealCarbs(entry);
    const row = Math.floor(entry.atMinutes / intervalMinutes);
    if (carbs !== null && row >= 0 && row < grams.length) grams[row]! += carbs;
  }
  return grams;
}

function traceData(result: SimulationResult): ReportChartData['trace'] {
  const t = result.trace;
  const slow = slowMealGrams(result);
  return {
    minutes: t.minutes.map((m) => rounded(m, 3) ?? 0),
    plasmaMgdl: column(t.plasmaGlucoseMgdl, 1),
    cgmMgdl: column(t.cgmGlucoseMgdl, 1),
    basalUnitsPerHour: basalRateUnitsPerHour(t.basalUnits, t.intervalMinutes),
    bolusUnits: sparse(t.bolusUnits, 3),
    carbsGrams: sparse(
      t.carbsGrams.map((grams, row) => grams - (slow[row] ?? 0)),
      1,
    ),
    slowCarbsGrams: sparse(slow, 1),
    bohbMmolL: column(t.bohbMmolL, 3),
  };
}

/** AGP curves by hour of day, closed at 24:00 with the values of 00:00 (the day wraps). */
function agpData(result: SimulationResult): ReportChartData['agp'] {
  const bins = [...result.agp.bins].sort((a, b) => a.startMinuteOfDay - b.startMinuteOfDay);
  const closed = bins.length > 0 && bins[0] !== undefined ? [...bins, bins[0]] : bins;
  const hours = closed.map((b, i) =>
    i === bins.length ? 24 : (rounded(b.startMinuteOfDay / MINUTES_PER_HOUR, 4) ?? 0),
  );
  const curve = (pick: (b: (typeof bins)[number]) => number) =>
    closed.map((b) => rounded(pick(b), 1));
  return {
    hours,
    p5: curve((b) => b.p5),
    p25: curve((b) => b.p25),
    p50: curve((b) => b.p50),
    p75: curve((b) => b.p75),
    p95: curve((b) => b.p95),
  };
}

export interface ChartDataOptions {
  readonly result: SimulationResult;
  readonly clock: LocalClock;
  readonly kinds: ReadonlyMap<string, EventKind>;
}

export function buildChartData({ result, clock, kinds }: ChartDataOptions): ReportChartData {
  const events = result.events.map((event) => {
    const kind = kinds.get(event.definitionId);
    return {
      startMinutes: event.startMinutes,
      endMinutes: event.endMinutes,
      lane: kind?.lane ?? 0,
      colour: kind?.colour ?? CHART_COLOURS.axis,
      ketone: event.unit === 'mmol/L',
    };
  });
  return {
    startLocalSeconds: clock.startLocalSeconds,
    intervalMinutes: result.trace.intervalMinutes,
    trace: traceData(result),
    events,
    diaryMarks: diaryMarks(result.log).map((mark) => ({
      minutes: rounded(mark.atMinutes, 3) ?? 0,
      colour: DIARY_MARKS[mark.kind].colour,
    })),
    laneCount: kinds.size,
    agp: agpData(result),
    thresholds: {
      veryLowMgdl: GLUCOSE_RANGES.tbrLevel2.highMgdl,
      lowMgdl: GLUCOSE_RANGES.tir.lowMgdl,
      highMgdl: GLUCOSE_RANGES.tir.highMgdl,
      veryHighMgdl: GLUCOSE_RANGES.tarLevel2.lowMgdl,
      ketoacidosisBohbMmolL: KETOACIDOSIS_BOHB_MMOL_L,
      mgdlPerMmolL: MGDL_PER_MMOLL,
    },
    colours: CHART_COLOURS,
  };
}
