// From the per-minute recording to the result a diabetes team reads: consensus metrics on plasma
// glucose and on CGM, clinical events with their definitions, daily totals, AGP percentiles, the
// 5-minute trace and the log.
import { agp, glucoseMetrics, glucoseRanges, type GlucoseMetrics } from '../outcomes/index.ts';
import { minutesOfClock, round } from '../units/index.ts';
import { definitionTexts, eventDefinitions, findClinicalEvents } from './clinicalEvents.ts';
import type { ResolvedPatient } from './patient.ts';
import { Recorder } from './recorder.ts';
import type { DaySummary, GlucoseSummary, LogEntry, SimulationResult, Trace } from './result.ts';
import type { Scenario } from './scenario.ts';

/** The trace's and the 5-minute series' interval: the recorder's row. */
const SAMPLE_MINUTES = Recorder.ROW_MINUTES;
const AGP_BIN_MINUTES = 15;
/** Post-meal glucose is read 2 hours after the meal's start, as clinics measure it. */
export const POST_MEAL_MINUTES = 120;

export interface SummaryInput {
  readonly scenario: Scenario;
  readonly patient: ResolvedPatient;
  readonly recorder: Recorder;
  readonly log: readonly LogEntry[];
  readonly therapy: SimulationResult['therapy'];
  readonly faults: SimulationResult['faults'];
  readonly detectorAlerts: SimulationResult['detectorAlerts'];
  /** Counted by the run; CGM days are set here from the sensor and the duration. */
  readonly usage: SimulationResult['usage'];
  /** 'summary' leaves the trace and the AGP empty. */
  readonly detail: 'full' | 'summary';
}

export function summarise(input: SummaryInput): SimulationResult {
  const { scenario, patient, recorder } = input;
  const days = scenario.durationDays;
  const plasma5 = everyFifth(recorder.plasmaGlucoseMgdl);
  const cgm5 = recorder.cgmGlucoseMgdl;
  const hasCgm = scenario.sensor.kind === 'cgm';
  const definitions = eventDefinitions(scenario.outcomes);
  const events = findClinicalEvents(
    { plasmaPerMinute: recorder.plasmaGlucoseMgdl, plasma5, bohbPerMinute: recorder.bohbMmolL },
    definitions,
  );
  const eventCounts: Record<string, number> = {};
  for (const text of definitionTexts(definitions)) eventCounts[text.id] = 0;
  for (const e of events) eventCounts[e.definitionId] = (eventCounts[e.definitionId] ?? 0) + 1;
  const basal = sum(recorder.basalUnits);
  const bolus = sum(recorder.bolusUnits);
  const startMinuteOfDay = minutesOfClock(scenario.start.time);
  const agpSource = hasCgm ? cgm5 : plasma5;
  const full = input.detail === 'full';
  const profile = full
    ? agp(agpSource, {
        intervalMinutes: SAMPLE_MINUTES,
        startMinuteOfDay,
        binMinutes: AGP_BIN_MINUTES,
      })
    : { days: 0, fewerThan14Days: true, bins: [] };
  return {
    schemaVersion: 1,
    name: scenario.name,
    seed: scenario.seed,
    durationDays: days,
    startLocal: localIso(scenario.start),
    utcOffsetMinutes: scenario.start.utcOffsetMinutes,
    patient: {
      name: patient.name,
      model: patient.modelKind,
      bodyWeightKg: round(patient.clinical.bodyWeightKg, 1),
      basalUnitsPerHour: round(patient.clinical.basalUnitsPerHour, 3),
      carbRatioGramsPerUnit: round(patient.clinical.carbRatioGramsPerUnit, 1),
      correctionFactorMgdlPerUnit: round(patient.clinical.correctionFactorMgdlPerUnit, 1),
      totalDailyDoseUnits: round(patient.clinical.totalDailyDoseUnits, 1),
      // As the scenario gave it, its defaults filled in.
      dawnPhenomenon:
        scenario.patient.source === 'simglucose' ? null : (scenario.patient.dawnPhenomenon ?? null),
    },
    therapy: input.therapy,
    summary: {
      plasma: glucoseSummary(glucoseMetrics(plasma5, { intervalMinutes: SAMPLE_MINUTES })),
      cgm: hasCgm
        ? glucoseSummary(glucoseMetrics(cgm5, { intervalMinutes: SAMPLE_MINUTES }))
        : null,
      insulinUnitsPerDay: {
        total: round((basal + bolus) / days, 2),
        basal: round(basal / days, 2),
        bolus: round(bolus / days, 2),
      },
      carbsGramsPerDay: round(sum(recorder.carbsGrams) / days, 1),
      ...postMeal(recorder),
      eventCounts,
    },
    definitions: definitionTexts(definitions),
    events: events.map((e) => ({
      ...e,
      extremeValue: round(e.extremeValue, e.unit === 'mmol/L' ? 2 : 1),
    })),
    days: daySummaries({ scenario, recorder, plasma5, events }),
    agp: {
      source: hasCgm ? 'cgm' : 'plasma',
      binMinutes: AGP_BIN_MINUTES,
      days: profile.days,
      fewerThan14Days: profile.fewerThan14Days,
      bins: profile.bins.map((b) => ({
        startMinuteOfDay: b.startMinuteOfDay,
        p5: round(b.p5, 1),
        p25: round(b.p25, 1),
        p50: round(b.p50, 1),
        p75: round(b.p75, 1),
        p95: round(b.p95, 1),
      })),
    },
    faults: { ...input.faults, lostUnits: round(input.faults.lostUnits, 3) },
    detectorAlerts: input.detectorAlerts,
    usage: { ...input.usage, cgmDays: scenario.sensor.kind === 'cgm' ? days : 0 },
    trace: trace(recorder, full ? recorder.minutes : 0),
    log: input.log,
    scenario,
  };
}

/** Plasma glucose POST_MEAL_MINUTES after the start of each meal: its mean (null: no meal). */
function postMeal(recorder: Recorder): {
  postMealPlasmaMgdl: number | null;
  postMealCount: number;
} {
  let total = 0;
  let count = 0;
  for (const start of recorder.mealStartMinutes) {
    const at = start + POST_MEAL_MINUTES;
    if (at >= recorder.minutes) continue;
    total += recorder.plasmaGlucoseMgdl[at]!;
    count += 1;
  }
  return { postMealPlasmaMgdl: count > 0 ? round(total / count, 1) : null, postMealCount: count };
}

/** Values at minutes 0, 5, 10, …: the 5-minute series of a CGM's cadence. */
function everyFifth(perMinute: Float64Array): Float64Array {
  const out = new Float64Array(Math.ceil(perMinute.length / SAMPLE_MINUTES));
  for (let i = 0; i < out.length; i += 1) out[i] = perMinute[i * SAMPLE_MINUTES] ?? Number.NaN;
  return out;
}

function glucoseSummary(m: GlucoseMetrics): GlucoseSummary {
  const t = m.timeInRangesPercent;
  return {
    readingCount: m.readingCount,
    coveragePercent: round(m.coveragePercent, 1),
    meanMgdl: round(m.meanMgdl, 1),
    sdMgdl: round(m.sdMgdl, 1),
    cvPercent: round(m.cvPercent, 1),
    gmiPercent: round(m.gmiPercent, 2),
    ea1cPercent: round(m.ea1cPercent, 2),
    timeInRangesPercent: {
      veryLow: round(t.tbrLevel2, 2),
      low: round(t.tbr, 2),
      inRange: round(t.tir, 2),
      high: round(t.tar, 2),
      veryHigh: round(t.tarLevel2, 2),
      tight: round(t.titr, 2),
      pregnancy: round(t.tirPregnancy, 2),
    },
    lbgi: round(m.lbgi, 2),
    hbgi: round(m.hbgi, 2),
  };
}

function daySummaries(input: {
  scenario: Scenario;
  recorder: Recorder;
  plasma5: Float64Array;
  events: readonly { definitionId: string; startMinutes: number }[];
}): DaySummary[] {
  const { scenario, recorder, plasma5, events } = input;
  const perDay = 1440 / SAMPLE_MINUTES;
  const hypos = new Array<number>(scenario.durationDays).fill(0);
  const hypers = new Array<number>(scenario.durationDays).fill(0);
  for (const e of events) {
    const day = Math.floor(e.startMinutes / 1440);
    if (e.definitionId === 'hypo-level1') hypos[day] = (hypos[day] ?? 0) + 1;
    if (e.definitionId === 'hyper-level2') hypers[day] = (hypers[day] ?? 0) + 1;
  }
  const result: DaySummary[] = [];
  for (let day = 0; day < scenario.durationDays; day += 1) {
    const from = day * perDay;
    const to = from + perDay;
    const m = glucoseRanges(plasma5.subarray(from, to));
    result.push({
      day: day + 1,
      date: addDays(scenario.start.date, day),
      meanGlucoseMgdl: round(m.meanMgdl, 1),
      timeInRangePercent: round(m.timeInRangesPercent.tir, 1),
      timeBelow70Percent: round(m.timeInRangesPercent.tbr, 1),
      timeBelow54Percent: round(m.timeInRangesPercent.tbrLevel2, 1),
      timeAbove180Percent: round(m.timeInRangesPercent.tar, 1),
      timeAbove250Percent: round(m.timeInRangesPercent.tarLevel2, 1),
      basalUnits: round(sum(recorder.basalUnits, from, to), 2),
      bolusUnits: round(sum(recorder.bolusUnits, from, to), 2),
      carbsGrams: round(sum(recorder.carbsGrams, from, to), 0),
      hypoEvents: hypos[day] ?? 0,
      hyperEvents: hypers[day] ?? 0,
    });
  }
  return result;
}

/**
 * The 5-minute trace of the first `minutes`; insulin and carbs summed over the five minutes
 * starting at each row. Each column is allocated at its final length: grown by `push`, the nine
 * columns of a long run would allocate and copy about three times their size.
 */
function trace(recorder: Recorder, minutes: number): Trace {
  const rows = Math.ceil(minutes / SAMPLE_MINUTES);
  const column = <T>(): T[] => new Array<T>(rows);
  const t: Trace = {
    intervalMinutes: SAMPLE_MINUTES,
    minutes: column(),
    plasmaGlucoseMgdl: column(),
    cgmGlucoseMgdl: column(),
    plasmaInsulinMilliunitsPerL: column(),
    bohbMmolL: column(),
    iobUnits: column(),
    basalUnits: column(),
    bolusUnits: column(),
    carbsGrams: column(),
  };
  for (let row = 0; row < rows; row += 1) {
    const m = row * SAMPLE_MINUTES;
    const cgm = recorder.cgmGlucoseMgdl[row] ?? Number.NaN;
    t.minutes[row] = m;
    t.plasmaGlucoseMgdl[row] = round(recorder.plasmaGlucoseMgdl[m] ?? 0, 1);
    t.cgmGlucoseMgdl[row] = Number.isNaN(cgm) ? null : cgm;
    t.plasmaInsulinMilliunitsPerL[row] = round(recorder.plasmaInsulinMilliunitsPerL[row] ?? 0, 2);
    t.bohbMmolL[row] = round(recorder.bohbMmolL[m] ?? 0, 3);
    t.iobUnits[row] = round(recorder.iobUnits[row] ?? 0, 3);
    t.basalUnits[row] = round(recorder.basalUnits[row]!, 3);
    t.bolusUnits[row] = round(recorder.bolusUnits[row]!, 3);
    t.carbsGrams[row] = round(recorder.carbsGrams[row]!, 1);
  }
  return t;
}

/** The sum of values[from..to) (the whole array by default), left to right. */
function sum(values: Float64Array, from = 0, to = values.length): number {
  let total = 0;
  const end = Math.min(to, values.length);
  for (let i = from; i < end; i += 1) total += values[i]!;
  return total;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function localIso(start: Scenario['start']): string {
  const offset = start.utcOffsetMinutes;
  const sign = offset < 0 ? '-' : '+';
  const h = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const m = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${start.date}T${start.time}:00${sign}${h}:${m}`;
}
