// The 5-minute trace as CSV, one row per sample, with the local clock time beside the minutes.
import type { SimulationResult } from './result.ts';

const COLUMNS = [
  'minutes',
  'local_time',
  'plasma_glucose_mgdl',
  'cgm_glucose_mgdl',
  'plasma_insulin_mu_per_l',
  'bohb_mmol_per_l',
  'iob_units',
  'basal_units',
  'bolus_units',
  'carbs_grams',
] as const;

export function traceCsv(result: SimulationResult): string {
  const t = result.trace;
  const start = Date.parse(result.startLocal);
  const offsetMs = result.utcOffsetMinutes * 60_000;
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < t.minutes.length; i += 1) {
    const minutes = t.minutes[i] ?? 0;
    // Local wall-clock time: UTC instant shifted by the offset, printed without a zone.
    const local = new Date(start + minutes * 60_000 + offsetMs).toISOString().slice(0, 16);
    lines.push(
      [
        minutes,
        local,
        t.plasmaGlucoseMgdl[i],
        t.cgmGlucoseMgdl[i] ?? '',
        t.plasmaInsulinMilliunitsPerL[i],
        t.bohbMmolL[i],
        t.iobUnits[i],
        t.basalUnits[i],
        t.bolusUnits[i],
        t.carbsGrams[i],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
