// Insulin action curve presets as oref0 and Loop ship them. Peaks: oref0 0.7.1 "rapid-acting"
// (Novolog, Humalog, Apidra) 75 min and "ultra-rapid" (Fiasp) 55 min, with a DIA of 5 h
// (oref0's minimum for these curves). Loop variants:
// LoopKit ExponentialInsulinModelPreset (rapidActingAdult, fiasp): 6-h action duration after
// a 10-min delay. Other durations: exponentialCurve({ ...rapidActing, durationMinutes: 360 }).

import type { InsulinActionCurve } from './action.ts';
import { bilinearCurve, exponentialCurve } from './action.ts';

export const rapidActing = exponentialCurve({ durationMinutes: 300, peakMinutes: 75 });
export const ultraRapid = exponentialCurve({ durationMinutes: 300, peakMinutes: 55 });
export const loopRapidActing = exponentialCurve({
  durationMinutes: 360,
  peakMinutes: 75,
  delayMinutes: 10,
});
export const loopUltraRapid = exponentialCurve({
  durationMinutes: 360,
  peakMinutes: 55,
  delayMinutes: 10,
});
/** oref0's default curve and default DIA of 3 h. */
export const bilinear = bilinearCurve({ durationMinutes: 180 });

export const curvePresets = {
  rapidActing,
  ultraRapid,
  loopRapidActing,
  loopUltraRapid,
  bilinear,
} as const satisfies Record<string, InsulinActionCurve>;
