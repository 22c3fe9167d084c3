// How the person behaves, with the defaults a diabetes nurse would expect of an adult on
// intensive therapy. Parsed as part of a scenario.
import { z } from 'zod';
import { clockTime } from '../validation/clock.ts';
import { ranged } from '../validation/numbers.ts';

const DUAL_WAVE_MINUTES = '30–480 minutes, a multiple of 15';

export const behaviourSchema = z.strictObject({
  /** Relative SD of carb counting error (0.2 = ±20 %). */
  carbCountingCv: ranged(0, 1, '').default(0.2),
  /** Systematic counting bias (−0.1 = counts 10 % short). */
  carbCountingBias: ranged(-0.5, 0.5, '').default(0),
  /** Bolus time relative to the meal: mean and SD (−10 = 10 min before eating). */
  bolusTimingMeanMinutes: ranged(-60, 60, 'minutes').default(-5),
  bolusTimingSdMinutes: ranged(0, 60, 'minutes').default(5),
  /** Chance a meal bolus is forgotten. */
  forgetBolusProbability: ranged(0, 1, '').default(0.05),
  /** Glucose checks besides meals (with a correction if needed): bedtime by default. */
  checkTimes: z.array(clockTime).max(12).default(['22:30']),
  /** At a check, glucose above this is corrected with the calculator. */
  correctionAboveMgdl: ranged(120, 400, 'mg/dL').default(180),
  /** Glucose below this is treated with fast carbohydrate, then rechecked after 15 minutes. */
  hypoTreatmentBelowMgdl: ranged(50, 90, 'mg/dL').default(70),
  hypoTreatmentGrams: ranged(5, 50, 'g').default(15),
  /**
   * At the bedtime check (a routine check from 21:00 to midnight), glucose below this gets a
   * snack. Below 6 mmol/L (108 mg/dL) at 23:00, 80 % of people on insulin went low in the night
   * (Pramming S et al. BMJ 1985;291:376); a small bedtime snack below 7 mmol/L spared most
   * children such a low (Whincup G, Milner RD. Arch Dis Child 1987;62:333). 0: no snack. At most
   * 120, the lowest correction threshold, so a check never both snacks and corrects. A closed
   * loop's user eats none: the loop cuts insulin as glucose falls.
   */
  bedtimeSnackBelowMgdl: ranged(0, 120, 'mg/dL').default(108),
  bedtimeSnackGrams: ranged(5, 50, 'g').default(15),
  /**
   * Hypoglycaemia is felt below this (autonomic symptoms begin near 58 mg/dL and neuroglycopenic
   * ones near 51 in type 1 diabetes: Schwartz NS et al. J Clin Invest 1987;79:777-781); the
   * person then checks and treats. Lower it for impaired awareness.
   */
  hypoSymptomsBelowMgdl: ranged(30, 90, 'mg/dL').default(55),
  /**
   * A CGM low (below `hypoTreatmentBelowMgdl`) without symptoms is checked by finger stick before
   * it is treated, as CGM makers advise when symptoms and readings disagree; with symptoms, or
   * when false, it is treated at once. A meter that reads in range settles it for half an hour.
   */
  confirmCgmLowByMeter: z.boolean().default(true),
  /** Mean time to notice the symptoms awake and asleep (23:00–07:00: many sleep through). */
  hypoNoticedAwakeMeanMinutes: ranged(1, 240, 'minutes').default(5),
  hypoNoticedAsleepMeanMinutes: ranged(1, 600, 'minutes').default(30),
  /** Mean delay before a pump alarm is acknowledged and acted on (exponential). */
  alarmReactionMeanMinutes: ranged(0, 240, 'minutes').default(10),
  /** The infusion set (and reservoir) is changed this often, in the daytime. */
  setChangeHours: ranged(24, 168, 'h').default(72),
  /**
   * Unexplained glucose above this makes the person suspect the delivery: check each step, and
   * finding nothing, change the infusion set (clinical.md: above 300 mg/dL).
   */
  suspectDeliveryAboveMgdl: ranged(200, 500, 'mg/dL').default(300),
  /** Glucose above this at a check prompts a ketone check. */
  ketoneCheckAboveMgdl: ranged(150, 500, 'mg/dL').default(250),
  /** Ketones at or above this call for sick-day rules: extra rapid insulin by pen. */
  sickDayKetonesMmolL: ranged(0.3, 3, 'mmol/L').default(0.6),
  /** Hours from a pump failure to a replacement pump (pens meanwhile). */
  pumpReplacementHours: ranged(1, 168, 'h').default(24),
  /** Hours before a site infection hurts enough to be noticed and the set changed. */
  infectionNoticedAfterHours: ranged(1, 168, 'h').default(24),
  /**
   * The bolus for a slow meal (rich in fat and protein): on a pump, a dual wave (`dual-wave`: part
   * now, the rest spread, as pump trainers teach for a pizza) or all now (`normal`). Pens give it
   * all now either way, and a closed loop follows the meal itself.
   */
  slowMealBolus: z.enum(['dual-wave', 'normal']).default('dual-wave'),
  /**
   * The dual wave's share now and the time the rest is spread over, in the pump's 15-minute steps:
   * half now, half over 2 hours, the dose Bell et al. gave for meals of 0–60 g fat (Diabetes Care
   * 2020;43:59), where 60 g of fat then needed 49/51 % over 105 minutes.
   */
  dualWaveNowPercent: ranged(10, 90, '%').default(50),
  dualWaveOverMinutes: z
    .number({ error: DUAL_WAVE_MINUTES })
    .int(DUAL_WAVE_MINUTES)
    .min(30, DUAL_WAVE_MINUTES)
    .max(480, DUAL_WAVE_MINUTES)
    .multipleOf(15, DUAL_WAVE_MINUTES)
    .default(120),
  /**
   * What the dual wave adds to the calculator's dose for the meal's carbohydrate, for its fat:
   * 20 %, near the +21 % Bell et al. found 60 g of fat to need (a slow meal's default fat).
   */
  dualWaveExtraPercent: ranged(0, 100, '%').default(20),
});

export type Behaviour = z.output<typeof behaviourSchema>;
