// What a simulation produces: the summary a diabetes team reads, the per-day breakdown, the
// clinical events with the definition each was found by, AGP percentiles, a 5-minute trace and
// the log of every decision and pump event, and the scenario as run. Plain JSON: `result.json` is
// this object.
import type { Scenario } from './scenario.ts';

export interface GlucoseSummary {
  readonly readingCount: number;
  readonly coveragePercent: number;
  readonly meanMgdl: number;
  readonly sdMgdl: number;
  readonly cvPercent: number;
  readonly gmiPercent: number;
  readonly ea1cPercent: number;
  /** Keys: 'veryLow' (<54), 'low' (<70), 'inRange' (70–180), 'high' (>180), 'veryHigh' (>250), 'tight' (70–140), 'pregnancy' (63–140). */
  readonly timeInRangesPercent: Readonly<Record<string, number>>;
  readonly lbgi: number;
  readonly hbgi: number;
}

export interface EventDefinitionText {
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

export interface ClinicalEvent {
  /** Which definition found it, e.g. 'hypoLevel1', 'hypoLevel2', 'severeHypo', 'hyperLevel2', 'ketoacidosis'. */
  readonly definitionId: string;
  readonly startMinutes: number;
  readonly endMinutes: number;
  readonly durationMinutes: number;
  /** Nadir for hypoglycaemia, peak glucose for hyperglycaemia, peak BOHB (mmol/L) for ketoacidosis. */
  readonly extremeValue: number;
  readonly unit: 'mg/dL' | 'mmol/L';
}

export interface DaySummary {
  readonly day: number;
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly meanGlucoseMgdl: number;
  readonly timeInRangePercent: number;
  readonly timeBelow70Percent: number;
  readonly timeBelow54Percent: number;
  readonly timeAbove180Percent: number;
  readonly timeAbove250Percent: number;
  readonly basalUnits: number;
  readonly bolusUnits: number;
  readonly carbsGrams: number;
  readonly hypoEvents: number;
  readonly hyperEvents: number;
}

export interface AgpBin {
  readonly startMinuteOfDay: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

/**
 * The basal insulin as programmed at the start: the pump's active basal pattern (consecutive
 * segments of one rate merged, clock times local), or the long-acting doses the pens give.
 */
export type BasalProgramme =
  | {
      readonly kind: 'pump';
      readonly pattern: string;
      readonly segments: readonly { readonly start: string; readonly unitsPerHour: number }[];
    }
  | {
      readonly kind: 'injections';
      readonly insulin: string;
      readonly doses: readonly { readonly time: string; readonly units: number }[];
    };

/** Columnar trace, one row every `intervalMinutes`; null where a value does not exist (no CGM reading). */
export interface Trace {
  readonly intervalMinutes: number;
  readonly minutes: number[];
  readonly plasmaGlucoseMgdl: number[];
  readonly cgmGlucoseMgdl: (number | null)[];
  readonly plasmaInsulinMilliunitsPerL: number[];
  readonly bohbMmolL: number[];
  /** Insulin on board as the person's calculator counts it (pump or pen doses), U. */
  readonly iobUnits: number[];
  /** Insulin delivered in the interval starting at this row, U. */
  readonly basalUnits: number[];
  readonly bolusUnits: number[];
  /** Carbohydrate eaten in the interval starting at this row, g. */
  readonly carbsGrams: number[];
}

export interface LogEntry {
  readonly atMinutes: number;
  /** 'pump' for pump events, 'therapy' for the person's or controller's decisions, 'meal', 'fault'. */
  readonly source: string;
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface FaultOutcome {
  readonly kind: string;
  readonly atMinutes: number;
  readonly origin: 'scheduled' | 'random';
  readonly magnitude: number;
  /** When the pump, the detector or the person first noticed it (null: never). */
  readonly detectedAtMinutes: number | null;
  readonly detectedBy: string | null;
  /** When it stopped acting (null: not by the end of the run). */
  readonly resolvedAtMinutes: number | null;
}

export interface SimulationResult {
  readonly schemaVersion: 1;
  readonly name: string;
  readonly seed: number;
  readonly durationDays: number;
  /** Calendar start, local time, ISO 8601 with offset, e.g. 2026-01-05T00:00:00+01:00. */
  readonly startLocal: string;
  readonly utcOffsetMinutes: number;
  readonly patient: {
    readonly name: string;
    readonly model: string;
    readonly bodyWeightKg: number;
    readonly basalUnitsPerHour: number;
    readonly carbRatioGramsPerUnit: number;
    readonly correctionFactorMgdlPerUnit: number;
    readonly totalDailyDoseUnits: number;
    /** The patient's dawn phenomenon (clock times local), or null: none. */
    readonly dawnPhenomenon: {
      readonly peakIncreasePercent: number;
      readonly onset: string;
      readonly peak: string;
      readonly end: string;
    } | null;
  };
  readonly therapy: {
    readonly kind: string;
    readonly description: string;
    readonly insulin: string;
    /** The basal insulin as programmed: the pump's active pattern, or the long-acting pen doses. */
    readonly basal: BasalProgramme;
  };
  readonly summary: {
    readonly plasma: GlucoseSummary;
    readonly cgm: GlucoseSummary | null;
    readonly insulinUnitsPerDay: {
      readonly total: number;
      readonly basal: number;
      readonly bolus: number;
    };
    readonly carbsGramsPerDay: number;
    /** Mean plasma glucose 2 h after the start of each meal, mg/dL (null: no meal). */
    readonly postMealPlasmaMgdl: number | null;
    /** Meals with a 2-hour value within the run. */
    readonly postMealCount: number;
    readonly eventCounts: Readonly<Record<string, number>>;
  };
  readonly definitions: readonly EventDefinitionText[];
  readonly events: readonly ClinicalEvent[];
  readonly days: readonly DaySummary[];
  readonly agp: {
    readonly source: 'cgm' | 'plasma';
    readonly binMinutes: number;
    readonly days: number;
    readonly fewerThan14Days: boolean;
    readonly bins: readonly AgpBin[];
  };
  readonly faults: {
    readonly records: readonly FaultOutcome[];
    readonly siteInfections: number;
    readonly abscesses: number;
    /** Insulin that left the pump but never reached the tissue (dislodged, disconnected, leaked), U. */
    readonly lostUnits: number;
  };
  /** Alerts of the pump app's suspected-delivery-failure detector. */
  readonly detectorAlerts: readonly {
    readonly atMinutes: number;
    readonly reason: string;
    readonly glucoseMgdl: number;
  }[];
  /** Supplies and devices used over the run (after any run-in): what a cost model counts. */
  readonly usage: {
    readonly infusionSetChanges: number;
    readonly reservoirFills: number;
    /** Pumps replaced after a failure. */
    readonly pumpReplacements: number;
    /** Finger-stick glucose tests and blood ketone tests. */
    readonly meterStrips: number;
    readonly ketoneStrips: number;
    /** Pen injections (injection therapy, or pens while a pump is away). */
    readonly penInjections: number;
    /** Days of CGM wear. */
    readonly cgmDays: number;
  };
  readonly trace: Trace;
  readonly log: readonly LogEntry[];
  /** The scenario as run: every field, its defaults filled in. With it the run can be repeated. */
  readonly scenario: Scenario;
}

/** Usage with nothing used yet: the counters a run (or a sum over runs) starts from. */
export function noUsage(): { -readonly [K in keyof SimulationResult['usage']]: number } {
  return {
    infusionSetChanges: 0,
    reservoirFills: 0,
    pumpReplacements: 0,
    meterStrips: 0,
    ketoneStrips: 0,
    penInjections: 0,
    cgmDays: 0,
  };
}
