// The safety supervisor between a closed-loop controller and the pump: whatever the controller
// recommends, it enforces, in this order, and logs every override with its reason:
//  1. stale data — no CGM reading for `staleAfterMinutes` (20): back to the programmed basal;
//  2. implausible data — a reading outside the sensor range, or a jump faster than
//     `maxRateMgdlPerMinute`: no automatic insulin beyond the programmed basal this cycle;
//  3. low-glucose suspend — glucose below `suspendBelowMgdl`, now or projected 30 minutes ahead
//     from the last 15 minutes' trend: zero basal, no bolus;
//  4. maximum basal — the rate is kept within 0 and `maxBasalUnitsPerHour`;
//  5. maximum insulin on board — no bolus that would take IOB above `maxIobUnits`, and no rate
//     above the programmed basal once IOB has reached it;
//  6. maximum automatic bolus per hour — `maxAutoBolusUnitsPerHour`;
//  7. the pump's step — boluses rounded down to whole pulses.
// The pump engine then enforces its own limits again (maximum basal, maximum bolus, maximum IOB
// for algorithm boluses).
import type { CgmPoint, Recommendation } from './controllers/types.ts';

export interface SupervisorLimits {
  readonly programmedBasalUnitsPerHour: number;
  readonly maxBasalUnitsPerHour: number;
  readonly maxIobUnits: number;
  readonly maxAutoBolusUnitsPerHour: number;
  readonly suspendBelowMgdl: number;
  readonly pulseUnits: number;
  readonly staleAfterMinutes: number;
  readonly maxRateMgdlPerMinute: number;
  readonly sensorRangeMgdl: { readonly low: number; readonly high: number };
}

export interface SupervisorInput {
  readonly nowMinutes: number;
  /** CGM readings, oldest first. */
  readonly cgm: readonly CgmPoint[];
  readonly iobUnits: number;
  /** Automatic boluses given, for the hourly limit. */
  readonly recentAutoBoluses: readonly { readonly atMinutes: number; readonly units: number }[];
  readonly recommendation: Recommendation;
  readonly limits: SupervisorLimits;
}

/** What reaches the pump: a temp basal to set, or the programmed basal back; a bolus (0 = none). */
export interface SupervisedCommand {
  readonly basal:
    | { readonly kind: 'temp'; readonly rateUnitsPerHour: number; readonly durationMinutes: number }
    | { readonly kind: 'programmed' };
  readonly bolusUnits: number;
  /** Each limit that changed the recommendation, with why. */
  readonly overrides: readonly string[];
}

/** Temp basals are set for 30 minutes and renewed every cycle (as oref0 and Loop do). */
export const TEMP_BASAL_MINUTES = 30;

export function supervise(input: SupervisorInput): SupervisedCommand {
  const { limits, recommendation: rec, nowMinutes } = input;
  const overrides: string[] = [];
  const latest = input.cgm.at(-1);
  // 1. Stale data.
  if (latest === undefined || nowMinutes - latest.atMinutes > limits.staleAfterMinutes) {
    return {
      basal: { kind: 'programmed' },
      bolusUnits: 0,
      overrides: [`no CGM reading for more than ${limits.staleAfterMinutes} min: programmed basal`],
    };
  }
  // 2. Implausible data.
  const implausible = implausibility(input.cgm, limits);
  if (implausible !== null) {
    return {
      basal: { kind: 'programmed' },
      bolusUnits: 0,
      overrides: [`${implausible}: programmed basal, no automatic insulin`],
    };
  }
  // 3. Low-glucose suspend, now or in 30 minutes on the recent trend.
  const projected = latest.glucoseMgdl + 30 * trend(input.cgm);
  if (latest.glucoseMgdl < limits.suspendBelowMgdl || projected < limits.suspendBelowMgdl) {
    return {
      basal: { kind: 'temp', rateUnitsPerHour: 0, durationMinutes: TEMP_BASAL_MINUTES },
      bolusUnits: 0,
      overrides: [
        `glucose ${Math.round(latest.glucoseMgdl)} mg/dL, ${Math.round(projected)} in 30 min, below ${limits.suspendBelowMgdl}: suspended`,
      ],
    };
  }
  // 4. Maximum basal (and a recommendation that is not a number is no recommendation).
  let rate = rec.tempBasal?.rateUnitsPerHour ?? limits.programmedBasalUnitsPerHour;
  if (!Number.isFinite(rate)) {
    overrides.push('the controller gave no usable rate: programmed basal');
    rate = limits.programmedBasalUnitsPerHour;
  }
  if (rate < 0) {
    overrides.push(`rate ${rate.toFixed(2)} U/h raised to 0`);
    rate = 0;
  }
  if (rate > limits.maxBasalUnitsPerHour) {
    overrides.push(
      `rate ${rate.toFixed(2)} U/h capped at the maximum basal ${limits.maxBasalUnitsPerHour} U/h`,
    );
    rate = limits.maxBasalUnitsPerHour;
  }
  // 5. Maximum insulin on board.
  let bolus = Number.isFinite(rec.bolusUnits) ? Math.max(0, rec.bolusUnits) : 0;
  const headroom = Math.max(0, limits.maxIobUnits - input.iobUnits);
  if (input.iobUnits >= limits.maxIobUnits && rate > limits.programmedBasalUnitsPerHour) {
    overrides.push(
      `insulin on board ${input.iobUnits.toFixed(2)} U at the maximum ${limits.maxIobUnits} U: no rate above the programmed basal`,
    );
    rate = limits.programmedBasalUnitsPerHour;
  }
  if (bolus > headroom) {
    overrides.push(
      `bolus ${bolus.toFixed(2)} U cut to ${headroom.toFixed(2)} U: insulin on board ${input.iobUnits.toFixed(2)} U, maximum ${limits.maxIobUnits} U`,
    );
    bolus = headroom;
  }
  // 6. Maximum automatic bolus per hour.
  let lastHour = 0;
  for (const b of input.recentAutoBoluses) if (nowMinutes - b.atMinutes < 60) lastHour += b.units;
  const hourly = Math.max(0, limits.maxAutoBolusUnitsPerHour - lastHour);
  if (bolus > hourly) {
    overrides.push(
      `bolus ${bolus.toFixed(2)} U cut to ${hourly.toFixed(2)} U: ${lastHour.toFixed(2)} U given automatically in the last hour, maximum ${limits.maxAutoBolusUnitsPerHour} U`,
    );
    bolus = hourly;
  }
  // 7. Whole pulses.
  const pulses = Math.floor(bolus / limits.pulseUnits + 1e-9);
  bolus = pulses * limits.pulseUnits;
  return {
    basal: { kind: 'temp', rateUnitsPerHour: rate, durationMinutes: TEMP_BASAL_MINUTES },
    bolusUnits: bolus,
    overrides,
  };
}

/** Glucose change per minute over the last 15 minutes (0 with too few readings). */
function trend(cgm: readonly CgmPoint[]): number {
  const latest = cgm.at(-1);
  if (latest === undefined) return 0;
  for (let i = cgm.length - 2; i >= 0; i -= 1) {
    const p = cgm[i];
    if (p === undefined) break;
    const dt = latest.atMinutes - p.atMinutes;
    if (dt >= 15) return dt <= 25 ? (latest.glucoseMgdl - p.glucoseMgdl) / dt : 0;
  }
  return 0;
}

function implausibility(cgm: readonly CgmPoint[], limits: SupervisorLimits): string | null {
  const latest = cgm.at(-1);
  if (latest === undefined) return 'no reading';
  const g = latest.glucoseMgdl;
  if (!Number.isFinite(g) || g < limits.sensorRangeMgdl.low || g > limits.sensorRangeMgdl.high) {
    return `reading ${g} mg/dL outside the sensor range ${limits.sensorRangeMgdl.low}–${limits.sensorRangeMgdl.high}`;
  }
  const previous = cgm.at(-2);
  if (previous !== undefined && latest.atMinutes > previous.atMinutes) {
    const rate = Math.abs(g - previous.glucoseMgdl) / (latest.atMinutes - previous.atMinutes);
    if (rate > limits.maxRateMgdlPerMinute) {
      return `a jump of ${rate.toFixed(1)} mg/dL/min, faster than ${limits.maxRateMgdlPerMinute} (a sensor artefact)`;
    }
  }
  return null;
}
