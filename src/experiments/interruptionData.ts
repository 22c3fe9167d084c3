// The numbers of the interruption experiment (ExperimentResult.data): built from the simulated
// traces, read by the tables, figures, notes and tests. Plain JSON (numbers, strings, null).
import type { FormulationName } from '../insulin/formulations.ts';
import { FORMULATIONS } from '../insulin/formulations.ts';
import { MINUTES_PER_HOUR } from '../units/index.ts';
import { LIEGE_PUMP_STOP, twoSdBand } from './interruptionPublished.ts';
import type { PumpStopPlan, PumpStopTrace } from './interruptionSimulation.ts';
import type {
  HourlyState,
  PairedComparison,
  PopulationHourlyState,
  Quantiles,
  ThresholdName,
  ThresholdSummary,
} from './interruptionSummary.ts';
import {
  comparisonMetrics,
  courseSeries,
  hourlyStates,
  pairedComparison,
  populationHourly,
  quantilesOf,
  sampleIndexAtHour,
  sampleOf,
  THRESHOLD_NAMES,
  thresholdSummary,
  UNRESUMED_REPORT_HOURS,
} from './interruptionSummary.ts';

/** The two insulins the Liège-type pump can hold (docs/clinical.md: one rapid insulin only). */
export type PumpInsulin = Extract<FormulationName, 'regular' | 'rapid-analog'>;
export const PUMP_INSULINS: readonly PumpInsulin[] = ['regular', 'rapid-analog'];

/** What the experiment simulated, before any statistics. */
export interface InterruptionRun {
  readonly plan: PumpStopPlan;
  readonly typical: {
    readonly name: string;
    readonly targetGlucoseMgdl: number;
    readonly traces: Readonly<Record<PumpInsulin, PumpStopTrace>>;
  };
  readonly population: {
    readonly seed: number;
    readonly size: number;
    readonly defaultSize: number;
    /** The patients' names, in the order of the traces. */
    readonly names: readonly string[];
    readonly traces: Readonly<Record<PumpInsulin, readonly PumpStopTrace[]>>;
  };
}

export interface TypicalArmData {
  readonly hourly: readonly HourlyState[];
  /** States of the never-resumed course at UNRESUMED_REPORT_HOURS. */
  readonly unresumed: readonly HourlyState[];
  /** Time to each threshold in the unresumed stop, hours (null: not within the horizon). */
  readonly thresholdHours: Readonly<Record<ThresholdName, number | null>>;
  readonly depotInsulinAtStopUnits: number;
  /** Every sample of the resumed course (plan.sampleIntervalMinutes apart, from the stop). */
  readonly curves: {
    readonly glucoseMmolL: readonly number[];
    readonly bohbMmolL: readonly number[];
    readonly insulinPercentOfBasal: readonly number[];
  };
}

export interface PopulationArmData {
  readonly hourly: readonly PopulationHourlyState[];
  /** The never-resumed course at UNRESUMED_REPORT_HOURS. */
  readonly unresumed: readonly PopulationHourlyState[];
  readonly thresholds: Readonly<Record<ThresholdName, ThresholdSummary>>;
  /** Patients whose value at the end of the stop lies in the Liège mean ± 2 SD. */
  readonly withinLiegeBandAtStopEnd: { readonly glucose: number; readonly bohb: number };
  /**
   * Patients who reached the ketoacidosis threshold at the very minute BOHB reached 3.0 mmol/L
   * (glucose was already ≥ 200 mg/dL): the glucose criterion did not delay it.
   */
  readonly ketoacidosisAtBohbThreshold: number;
}

export interface ArmData {
  readonly insulin: PumpInsulin;
  readonly label: string;
  readonly typical: TypicalArmData;
  readonly population: PopulationArmData;
}

export interface InterruptionData {
  readonly plan: PumpStopPlan;
  readonly published: typeof LIEGE_PUMP_STOP;
  readonly typical: {
    readonly name: string;
    readonly parameters: 'HOVORKA_NOMINAL';
    readonly targetGlucoseMgdl: number;
    readonly basalUnitsPerHour: number;
    readonly basalInsulinMilliunitsPerL: number;
  };
  readonly population: {
    readonly seed: number;
    readonly size: number;
    readonly defaultSize: number;
    readonly firstPatient: string | null;
    readonly lastPatient: string | null;
    readonly basalUnitsPerHour: Quantiles;
    readonly basalInsulinMilliunitsPerL: Quantiles;
  };
  readonly arms: Readonly<Record<PumpInsulin, ArmData>>;
  /** Regular insulin vs rapid analog, patient by patient. */
  readonly comparison: readonly PairedComparison[];
}

/** UNRESUMED_REPORT_HOURS within the plan's horizon. */
function unresumedHours(plan: PumpStopPlan): number[] {
  return UNRESUMED_REPORT_HOURS.filter((h) => h * MINUTES_PER_HOUR <= plan.unresumedHorizonMinutes);
}

function thresholdRecord<T>(make: (name: ThresholdName) => T): Record<ThresholdName, T> {
  const record = {} as Record<ThresholdName, T>;
  for (const name of THRESHOLD_NAMES) record[name] = make(name);
  return record;
}

function typicalArm(trace: PumpStopTrace, plan: PumpStopPlan): TypicalArmData {
  return {
    hourly: hourlyStates(trace, plan),
    unresumed: hourlyStates(trace, plan, 'unresumed', unresumedHours(plan)),
    thresholdHours: thresholdRecord((name) => {
      const minute = trace.unresumedThresholds[name];
      return minute === null ? null : minute / MINUTES_PER_HOUR;
    }),
    depotInsulinAtStopUnits: trace.depotInsulinAtStopUnits,
    curves: {
      glucoseMmolL: courseSeries(trace, 'resumed', 'glucoseMmolL'),
      bohbMmolL: courseSeries(trace, 'resumed', 'bohbMmolL'),
      insulinPercentOfBasal: courseSeries(trace, 'resumed', 'insulinPercentOfBasal'),
    },
  };
}

function withinLiegeBand(traces: readonly PumpStopTrace[], plan: PumpStopPlan) {
  const i = sampleIndexAtHour(plan, plan.stopDurationMinutes / MINUTES_PER_HOUR);
  const glucose = twoSdBand(LIEGE_PUMP_STOP.glucoseAt6hMmolL);
  const bohb = twoSdBand(LIEGE_PUMP_STOP.bohbAt6hMmolL);
  const inside = (value: number, band: { low: number; high: number }) =>
    value >= band.low && value <= band.high;
  let glucoseCount = 0;
  let bohbCount = 0;
  for (const trace of traces) {
    if (inside(sampleOf(trace, 'resumed', 'glucoseMmolL', i), glucose)) glucoseCount += 1;
    if (inside(sampleOf(trace, 'resumed', 'bohbMmolL', i), bohb)) bohbCount += 1;
  }
  return { glucose: glucoseCount, bohb: bohbCount };
}

function ketoacidosisAtBohbThreshold(traces: readonly PumpStopTrace[]): number {
  let count = 0;
  for (const { unresumedThresholds: t } of traces) {
    if (t.ketoacidosis !== null && t.ketoacidosis === t.bohbKetoacidosis) count += 1;
  }
  return count;
}

function arm(run: InterruptionRun, insulin: PumpInsulin): ArmData {
  const traces = run.population.traces[insulin];
  return {
    insulin,
    label: FORMULATIONS[insulin].label,
    typical: typicalArm(run.typical.traces[insulin], run.plan),
    population: {
      hourly: populationHourly(traces, run.plan),
      unresumed: populationHourly(traces, run.plan, 'unresumed', unresumedHours(run.plan)),
      thresholds: thresholdRecord((name) => thresholdSummary(traces, name)),
      withinLiegeBandAtStopEnd: withinLiegeBand(traces, run.plan),
      ketoacidosisAtBohbThreshold: ketoacidosisAtBohbThreshold(traces),
    },
  };
}

export function interruptionData(run: InterruptionRun): InterruptionData {
  const typicalTrace = run.typical.traces.regular;
  const regular = run.population.traces.regular;
  const names = run.population.names;
  return {
    plan: run.plan,
    published: LIEGE_PUMP_STOP,
    typical: {
      name: run.typical.name,
      parameters: 'HOVORKA_NOMINAL',
      targetGlucoseMgdl: run.typical.targetGlucoseMgdl,
      basalUnitsPerHour: typicalTrace.basalUnitsPerHour,
      basalInsulinMilliunitsPerL: typicalTrace.basalInsulinMilliunitsPerL,
    },
    population: {
      seed: run.population.seed,
      size: run.population.size,
      defaultSize: run.population.defaultSize,
      firstPatient: names[0] ?? null,
      lastPatient: names[names.length - 1] ?? null,
      basalUnitsPerHour: quantilesOf(regular.map((t) => t.basalUnitsPerHour)),
      basalInsulinMilliunitsPerL: quantilesOf(regular.map((t) => t.basalInsulinMilliunitsPerL)),
    },
    arms: { regular: arm(run, 'regular'), 'rapid-analog': arm(run, 'rapid-analog') },
    comparison: comparisonMetrics(run.plan).map((metric) =>
      pairedComparison(metric, { regular, analog: run.population.traces['rapid-analog'] }),
    ),
  };
}
