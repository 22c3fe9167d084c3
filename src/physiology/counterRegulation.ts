// Insulin-deficiency counter-regulation of hepatic glucose production, added to the Hovorka 2004
// model (which was built for closed-loop control, with insulin present). When insulin falls below
// the patient's basal, lipolysis and glucagon rise: glycerol and free fatty acids feed
// gluconeogenesis, and glucagon raises glycogenolysis (the Liège pump stop saw glucagon rise by
// 5 h; Krzentowski et al., Diabetologia). Without this, the model's glucose after a 6-h stop of
// regular insulin reaches only ~12 mmol/L against the published 17.4 ± 1.9 mmol/L.
//
// Form: EGP = EGP0·(1 − x3)·(1 + gain·d), with the deficiency signal
//   d = max(0, (h(Xk) − h(Ib)) / (1 − h(Ib))) ∈ [0, 1],
// where h is the ketone model's suppression of lipolysis by insulin (ketones.ts), Xk the insulin
// acting on it and Ib the patient's basal insulin at 120 mg/dL. At or above basal insulin d = 0,
// so every steady state at or below 120 mg/dL is the published model's; with no insulin d = 1.
// The gain is fitted on the Liège stop (ketones.calibration.test.ts prints the curve).
import {
  ketoneProductionFraction,
  prepareKetones,
  preparedProductionFraction,
  type KetoneParameters,
  type PreparedKetones,
} from './ketones.ts';

/** EGP rises by this share of EGP0·(1 − x3) at full deficiency. Fitted: glucose at 6 h of the
 * Liège stop rises about 13 mmol/L per unit of gain (12.3 at 0, 16.2 at 0.3, 17.5 at 0.4, 18.8
 * at 0.5); with 0.4 it passes 300 mg/dL at 5.7 h and 400 at 7.6 h, against 5.8 and 8.5 h in the
 * pooled interruption studies (Klonoff et al. 2024). */
export const COUNTER_REGULATION_GAIN = 0.4;

export interface CounterRegulation {
  readonly gain: number;
  readonly ketones: PreparedKetones;
  /** h(Ib): lipolysis suppression at the patient's basal insulin. */
  readonly basalFraction: number;
  /** 1 / (1 − h(Ib)): scales h − h(Ib) to the deficiency signal d ∈ [0, 1]. */
  readonly inverseDeficiencyRange: number;
}

export function counterRegulation(options: {
  gain: number;
  ketones: KetoneParameters;
  basalInsulinMilliunitsPerL: number;
}): CounterRegulation {
  const basalFraction = ketoneProductionFraction(
    options.basalInsulinMilliunitsPerL,
    options.ketones,
  );
  return {
    gain: options.gain,
    ketones: prepareKetones(options.ketones),
    basalFraction,
    inverseDeficiencyRange: 1 / (1 - basalFraction),
  };
}

/** The factor on EGP0·(1 − x3) when `insulinActionMilliunitsPerL` acts on lipolysis (≥ 1). */
export function egpMultiplier(cr: CounterRegulation, insulinActionMilliunitsPerL: number): number {
  return egpMultiplierForFraction(
    cr,
    preparedProductionFraction(insulinActionMilliunitsPerL, cr.ketones),
  );
}

/**
 * `egpMultiplier` from h(Xk) = `preparedProductionFraction(Xk, cr.ketones)`, for a derivative
 * that has already computed it for the ketone block (the same Hill function of the same Xk).
 */
export function egpMultiplierForFraction(
  cr: CounterRegulation,
  productionFraction: number,
): number {
  const deficiency = (productionFraction - cr.basalFraction) * cr.inverseDeficiencyRange;
  return deficiency > 0 ? 1 + cr.gain * deficiency : 1;
}
