// Insulin-deficiency counter-regulation of hepatic glucose production, added to the Hovorka 2004
// model (which was built for closed-loop control, with insulin present). When insulin falls below
// the patient's basal, lipolysis and glucagon rise: glycerol and free fatty acids feed
// gluconeogenesis, and glucagon raises glycogenolysis (the Liège pump stop saw glucagon rise by
// 5 h; Krzentowski et al., Diabetologia). Without this, the model's glucose after a 6-h stop of
// regular insulin reaches only ~12 mmol/L against the published 17.4 ± 1.9 mmol/L.
//
// Form: EGP = EGP0·(1 − x3)·(1 + gain·d), with the deficiency signal
//   d = max(0, (c(Xk) − c(Ib)) / (1 − c(Ib))) ∈ [0, 1],  c(X) = 1 / (1 + (X / (0.49·Ib))³),
// where Xk is the insulin acting on the liver and fat (the ketone block's delayed insulin,
// ketones.ts) and Ib the patient's basal insulin at 120 mg/dL. At or above basal insulin d = 0,
// so every steady state at or below 120 mg/dL is the published model's; with no insulin d = 1.
// The curve c and the gain are fitted together on the Liège stop's glucose
// (ketones.calibration.test.ts prints the curve). c is its own: ketogenesis has a steeper curve,
// fitted on BOHB, and sharing it would raise glucose at the mild dips of insulin below basal
// that a long-acting insulin's trough brings every day.

/** EGP rises by this share of EGP0·(1 − x3) at full deficiency. Fitted: glucose at 6 h of the
 * Liège stop rises about 10 mmol/L per unit of gain (12.3 at 0, 17.3 at 0.5, 22.3 at 1). */
export const COUNTER_REGULATION_GAIN = 0.5;

/** c(Xk) is half-way at this share of basal insulin, with this Hill coefficient. */
const HALF_AT_FRACTION_OF_BASAL = 0.49;

export interface CounterRegulation {
  readonly gain: number;
  /** 1 / (0.49·Ib), L/mU. */
  readonly inverseHalfLPerMilliunit: number;
  /** c(Ib): the curve at the patient's basal insulin. */
  readonly basalFraction: number;
  /** 1 / (1 − c(Ib)): scales c − c(Ib) to the deficiency signal d ∈ [0, 1]. */
  readonly inverseDeficiencyRange: number;
}

export function counterRegulation(options: {
  gain: number;
  basalInsulinMilliunitsPerL: number;
}): CounterRegulation {
  const inverseHalf = 1 / (HALF_AT_FRACTION_OF_BASAL * options.basalInsulinMilliunitsPerL);
  const basalFraction = deficiencyCurve(options.basalInsulinMilliunitsPerL, inverseHalf);
  return {
    gain: options.gain,
    inverseHalfLPerMilliunit: inverseHalf,
    basalFraction,
    inverseDeficiencyRange: 1 / (1 - basalFraction),
  };
}

/** c(X) = 1 / (1 + (X / X½)³), X ≥ 0: 1 without insulin, falling toward 0 as insulin rises. */
function deficiencyCurve(insulinMilliunitsPerL: number, inverseHalf: number): number {
  const ratio = (insulinMilliunitsPerL > 0 ? insulinMilliunitsPerL : 0) * inverseHalf;
  return 1 / (1 + ratio * ratio * ratio);
}

/** The factor on EGP0·(1 − x3) when `insulinActionMilliunitsPerL` acts on the liver (≥ 1). */
export function egpMultiplier(cr: CounterRegulation, insulinActionMilliunitsPerL: number): number {
  const fraction = deficiencyCurve(insulinActionMilliunitsPerL, cr.inverseHalfLPerMilliunit);
  const deficiency = (fraction - cr.basalFraction) * cr.inverseDeficiencyRange;
  return deficiency > 0 ? 1 + cr.gain * deficiency : 1;
}
