// The pump settings a clinician would start this patient on: the model's basal as one flat
// rate (the models have no circadian rhythm), the patient's carb ratio and correction factor,
// a target range around the fasting target, and limits scaled to the patient. Scenario
// overrides are applied on top, a group of settings field by field, and validated like any pump
// settings.
import {
  DEFAULT_PUMP_SETTINGS,
  hourlyPattern,
  parsePumpSettings,
  type PumpSettings,
  type PumpSettingsInput,
} from '../pump/index.ts';
import { round } from '../units/index.ts';
import type { ClinicalProfile } from './patient.ts';
import { ScenarioError } from './scenario.ts';

/** Basal rates are programmed in 0.025 U/h steps (the finest step of common pumps). */
export const BASAL_STEP_UNITS_PER_HOUR = 0.025;

export function roundBasal(unitsPerHour: number): number {
  return Math.max(
    BASAL_STEP_UNITS_PER_HOUR,
    Math.round(unitsPerHour / BASAL_STEP_UNITS_PER_HOUR) * BASAL_STEP_UNITS_PER_HOUR,
  );
}

export function derivePumpSettings(
  clinical: ClinicalProfile,
  overrides: Record<string, unknown>,
): PumpSettings {
  const basal = roundBasal(clinical.basalUnitsPerHour);
  const derived: PumpSettingsInput = {
    ...DEFAULT_PUMP_SETTINGS,
    basalPatterns: [
      hourlyPattern(
        'Standard',
        Array.from({ length: 24 }, () => basal),
      ),
    ],
    // Maximum basal: four times the programmed rate (oref0's max daily safety multiplier), at least
    // 1 U/h; maximum insulin on board for automation: a third of the daily dose, at least 2 U.
    maxBasalUnitsPerHour: Math.min(40, Math.max(1, Math.ceil(basal * 4 * 10) / 10)),
    maxIobUnits: Math.min(30, Math.max(2, Math.round(clinical.totalDailyDoseUnits / 3))),
    calculator: {
      ...DEFAULT_PUMP_SETTINGS.calculator,
      carbRatioGramsPerUnit: [{ startMinutes: 0, value: round(clinical.carbRatioGramsPerUnit, 1) }],
      sensitivityMgdlPerUnit: [
        { startMinutes: 0, value: Math.round(clinical.correctionFactorMgdlPerUnit) },
      ],
      target: [
        {
          startMinutes: 0,
          value: { lowMgdl: clinical.targetLowMgdl, highMgdl: clinical.targetHighMgdl },
        },
      ],
    },
  };
  const parsed = parsePumpSettings(withOverrides(derived, overrides), 'pump');
  if (!parsed.ok) {
    const r = parsed.refusal;
    throw new ScenarioError([`${r.field} = ${r.value}: ${r.allowed}`]);
  }
  return parsed.settings;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The derived settings with the scenario's on top. A group of settings (`calculator`, `alerts`)
 * is overridden field by field, so one field can change alone; lists (patterns, schedules) are
 * replaced whole.
 */
function withOverrides(
  derived: PumpSettingsInput,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...derived };
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  return merged;
}
