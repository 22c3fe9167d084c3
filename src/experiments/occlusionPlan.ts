// The occlusion experiment's plan and its runs: three cases (Freckmann et al.'s two basal rates
// and the labelling's 5 U bolus) at the default occlusion threshold and others, each measured on
// the engine with a blocked line (occlusionRun.ts). Pure: no randomness, no I/O.
import { DEFAULT_PUMP_SETTINGS } from '../pump/index.ts';
import { measureOcclusion, type OcclusionCase, type OcclusionRun } from './occlusionRun.ts';
import { toUnits } from './pumpSetup.ts';

export const DEFAULT_THRESHOLD_UNITS = DEFAULT_PUMP_SETTINGS.alerts.occlusionThresholdUnits;
const BOLUS_SPEED_UNITS_PER_MINUTE = DEFAULT_PUMP_SETTINGS.bolusSpeedUnitsPerMinute;

/** The bolus trace figure shows the first quarter hour after the blockage (minute 0 to 15). */
const BOLUS_TRACE_POINTS = 16;

export interface OcclusionScenario {
  readonly id: 'basal-0.1' | 'basal-1' | 'bolus-5';
  readonly label: string;
  readonly basalUnitsPerHour: number;
  readonly bolusUnits: number;
}

/** Freckmann et al.'s two rates (0.1 and 1 U/h) and the labelling's 5 U bolus over a low basal. */
export const OCCLUSION_SCENARIOS: readonly OcclusionScenario[] = [
  { id: 'basal-0.1', label: 'Basal 0.1 U/h', basalUnitsPerHour: 0.1, bolusUnits: 0 },
  { id: 'basal-1', label: 'Basal 1 U/h', basalUnitsPerHour: 1, bolusUnits: 0 },
  {
    id: 'bolus-5',
    label: '5 U normal bolus (basal 0.1 U/h)',
    basalUnitsPerHour: 0.1,
    bolusUnits: 5,
  },
];

export interface OcclusionPlan {
  /** Thresholds to measure (U); the default threshold is always added. */
  readonly thresholdsUnits: readonly number[];
  readonly warmUpMinutes: number;
  /** The alarm is answered (acknowledged, blockage cleared) this long after it sounds. */
  readonly responseMinutes: number;
  readonly followMinutes: number;
}

export const OCCLUSION_PLAN: OcclusionPlan = {
  thresholdsUnits: [0.5, 1, 2, 5],
  warmUpMinutes: 120,
  responseMinutes: 60,
  followMinutes: 60,
};

export interface OcclusionMeasurement {
  readonly scenario: OcclusionScenario['id'];
  readonly thresholdUnits: number;
  /** What the threshold alone predicts: threshold ÷ basal rate, or ÷ bolus speed for a bolus. */
  readonly expectedMinutes: number;
  readonly run: Omit<OcclusionRun, 'trace'>;
}

export interface OcclusionData {
  readonly tickMinutes: 1;
  readonly defaultThresholdUnits: number;
  readonly pulseSizeUnits: number;
  readonly linePressureKpaPerUnit: number;
  readonly bolusSpeedUnitsPerMinute: number;
  readonly plan: OcclusionPlan;
  readonly thresholdsUnits: readonly number[];
  readonly measurements: readonly OcclusionMeasurement[];
  /** The 5 U bolus at the default threshold, minute by minute for 15 min from the blockage (U). */
  readonly bolusTrace: { readonly trappedUnits: number[]; readonly readUnits: number[] };
}

function expectedMinutes(scenario: OcclusionScenario, thresholdUnits: number): number {
  return scenario.bolusUnits > 0
    ? thresholdUnits / BOLUS_SPEED_UNITS_PER_MINUTE
    : (60 * thresholdUnits) / scenario.basalUnitsPerHour;
}

function caseFor(plan: OcclusionPlan, s: OcclusionScenario, thresholdUnits: number): OcclusionCase {
  // Long enough for twice the expected time: a missing alarm shows as a dash, not a hang.
  const horizonMinutes = Math.ceil(2 * expectedMinutes(s, thresholdUnits)) + 120;
  return {
    basalUnitsPerHour: s.basalUnitsPerHour,
    bolusUnits: s.bolusUnits,
    occlusionThresholdUnits: thresholdUnits,
    warmUpMinutes: plan.warmUpMinutes,
    horizonMinutes,
    responseMinutes: plan.responseMinutes,
    followMinutes: plan.followMinutes,
  };
}

/** Every scenario at every threshold; pure. */
export function runOcclusion(
  plan: OcclusionPlan,
  onProgress?: (fractionDone: number) => void,
): OcclusionData {
  const thresholds = [...new Set([...plan.thresholdsUnits, DEFAULT_THRESHOLD_UNITS])].sort(
    (a, b) => a - b,
  );
  const measurements: OcclusionMeasurement[] = [];
  let bolusTrace: OcclusionData['bolusTrace'] = { trappedUnits: [], readUnits: [] };
  const total = thresholds.length * OCCLUSION_SCENARIOS.length;
  for (const scenario of OCCLUSION_SCENARIOS) {
    for (const thresholdUnits of thresholds) {
      const { trace, ...run } = measureOcclusion(caseFor(plan, scenario, thresholdUnits));
      measurements.push({
        scenario: scenario.id,
        thresholdUnits,
        expectedMinutes: expectedMinutes(scenario, thresholdUnits),
        run,
      });
      if (scenario.bolusUnits > 0 && thresholdUnits === DEFAULT_THRESHOLD_UNITS) {
        bolusTrace = {
          trappedUnits: trace.trappedMilliunits.slice(0, BOLUS_TRACE_POINTS).map(toUnits),
          readUnits: trace.readMilliunits.slice(0, BOLUS_TRACE_POINTS).map(toUnits),
        };
      }
      onProgress?.(measurements.length / total);
    }
  }
  return {
    tickMinutes: 1,
    defaultThresholdUnits: DEFAULT_THRESHOLD_UNITS,
    pulseSizeUnits: DEFAULT_PUMP_SETTINGS.pulseSizeUnits,
    linePressureKpaPerUnit: DEFAULT_PUMP_SETTINGS.linePressureKpaPerUnit,
    bolusSpeedUnitsPerMinute: BOLUS_SPEED_UNITS_PER_MINUTE,
    plan,
    thresholdsUnits: thresholds,
    measurements,
    bolusTrace,
  };
}

export function findMeasurement(
  data: OcclusionData,
  scenario: OcclusionScenario['id'],
  thresholdUnits: number,
): OcclusionMeasurement | undefined {
  return data.measurements.find(
    (m) => m.scenario === scenario && m.thresholdUnits === thresholdUnits,
  );
}

export const scenarioLabel = (id: OcclusionScenario['id']): string =>
  OCCLUSION_SCENARIOS.find((s) => s.id === id)?.label ?? id;
