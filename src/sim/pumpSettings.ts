// The pump settings a clinician would start this patient on: the model's basal as one flat
// rate, or hourly rates that meet a dawn phenomenon; the patient's carb ratio and correction
// factor, a target range around the fasting target, and limits scaled to the patient. Scenario
// overrides are applied on top, a group of settings field by field, and validated like any pump
// settings.
import {
  DEFAULT_PUMP_SETTINGS,
  hourlyPattern,
  parsePumpSettings,
  type PumpSettings,
  type PumpSettingsInput,
} from '../pump/index.ts';
import { dawnShape, type DawnPhenomenon } from '../physiology/dawnPhenomenon.ts';
import { MINUTES_PER_HOUR, round } from '../units/index.ts';
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

/**
 * How far ahead of the need a basal rate is raised: subcutaneous insulin takes hours to act, so
 * pump users are told to start a dawn rate 1–2 h before glucose would rise. Of 60 to 180 minutes
 * in 30-minute steps, 150 kept fasting glucose flattest through the night in seven built-in
 * patients (widest range 10 mg/dL over 00:00–10:00, 13 at 120): what basal tests would find in
 * this model. A test checks the basal-test criterion.
 */
export const BASAL_LEAD_MINUTES = 150;

/**
 * The 24 hourly basal rates (U/h) a clinician would program after fasting basal tests: the flat
 * basal, raised in each hour by the dawn rise in need that hour, read `BASAL_LEAD_MINUTES` ahead.
 * The model sets the rise's amplitude so the need at the peak is `peakIncreasePercent` higher;
 * between, the need follows the rise's shape closely enough for rates rounded to the pump's step.
 */
export function hourlyBasalRates(basalUnitsPerHour: number, dawn: DawnPhenomenon | null): number[] {
  return Array.from({ length: 24 }, (_, hour) => {
    if (dawn === null) return basalUnitsPerHour;
    let shape = 0;
    for (let minute = 0; minute < MINUTES_PER_HOUR; minute += 1) {
      shape += dawnShape(dawn, hour * MINUTES_PER_HOUR + minute + BASAL_LEAD_MINUTES);
    }
    const rise = (dawn.peakIncreasePercent / 100) * (shape / MINUTES_PER_HOUR);
    return basalUnitsPerHour * (1 + rise);
  });
}

export function derivePumpSettings(
  clinical: ClinicalProfile,
  overrides: Record<string, unknown>,
  dawn: DawnPhenomenon | null = null,
): PumpSettings {
  const rates = hourlyBasalRates(clinical.basalUnitsPerHour, dawn).map(roundBasal);
  const highest = Math.max(...rates);
  const derived: PumpSettingsInput = {
    ...DEFAULT_PUMP_SETTINGS,
    basalPatterns: [hourlyPattern('Standard', rates)],
    // Maximum basal: four times the highest programmed rate (oref0's max daily safety
    // multiplier), at least 1 U/h; maximum insulin on board for automation: a third of the daily
    // dose, at least 2 U.
    maxBasalUnitsPerHour: Math.min(40, Math.max(1, Math.ceil(highest * 4 * 10) / 10)),
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
