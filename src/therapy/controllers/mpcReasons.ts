// The MPC's reasons, in words a clinician can check: what the controller saw, what it predicts
// without acting, and what it decided with the prediction of its plan (or why it suspended).
import { STEP_MINUTES } from './mpcModel.ts';

export interface Decision {
  readonly cgmMgdl: number;
  readonly estimatedMgdl: number;
  /** What the estimator cannot explain by insulin and announced carbs now, mg/dL/min. */
  readonly unexplainedFluxMgdlPerMinute: number;
  /** Predicted glucose at the scheduled basal and with the plan, mg/dL (index k: 5k min). */
  readonly atScheduledBasal: Float64Array;
  readonly withPlan: Float64Array;
  readonly targetMgdl: number;
  readonly scheduledBasalUnitsPerHour: number;
  readonly rateUnitsPerHour: number;
  readonly bolusUnits: number;
  /** Set when insulin is suspended: the lowest glucose seen or predicted, and the threshold. */
  readonly suspension: {
    readonly lowestMgdl: number;
    readonly withinMinutes: number;
    readonly thresholdMgdl: number;
  } | null;
}

function at(series: Float64Array, minutes: number): string {
  return series[Math.min(series.length - 1, Math.round(minutes / STEP_MINUTES))]!.toFixed(0);
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

export function explain(d: Decision): string[] {
  const horizonMinutes = (d.atScheduledBasal.length - 1) * STEP_MINUTES;
  const reasons = [
    `CGM ${d.cgmMgdl.toFixed(0)} mg/dL, estimated ${d.estimatedMgdl.toFixed(0)} mg/dL; ` +
      `unexplained glucose flux ${signed(d.unexplainedFluxMgdlPerMinute, 2)} mg/dL/min`,
    `predicted at the scheduled basal: ${at(d.atScheduledBasal, 30)} / ` +
      `${at(d.atScheduledBasal, 120)} / ${at(d.atScheduledBasal, horizonMinutes)} mg/dL in ` +
      `30 min / 2 h / ${horizonMinutes / 60} h (target ${d.targetMgdl})`,
  ];
  if (d.suspension !== null) {
    reasons.push(
      `suspend: glucose ${d.suspension.lowestMgdl.toFixed(0)} mg/dL now or within ` +
        `${d.suspension.withinMinutes} min, below ${d.suspension.thresholdMgdl}`,
    );
    return reasons;
  }
  reasons.push(
    `plan: ${d.rateUnitsPerHour.toFixed(2)} U/h now (scheduled ` +
      `${d.scheduledBasalUnitsPerHour.toFixed(2)})` +
      (d.bolusUnits > 0 ? ` and a bolus of ${d.bolusUnits.toFixed(2)} U` : '') +
      `; predicted ${at(d.withPlan, 30)} / ${at(d.withPlan, 120)} mg/dL in 30 min / 2 h`,
  );
  return reasons;
}
