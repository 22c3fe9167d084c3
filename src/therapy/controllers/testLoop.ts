// A bench loop for developing and testing controllers without the whole simulator: a virtual
// patient of the built-in population, an ideal pump (the recommended rate infused continuously,
// boluses given at once, limits clamped), the CGM reading interstitial glucose every 5 minutes
// (optionally with Breton–Kovatchev noise), meals announced or not. The full closed loop runs in
// the simulator with the real pump engine and the safety supervisor; this loop is for tuning.
import { insulinOnBoard, rapidActing, type DeliveredDose } from '../../insulin/index.ts';
import { glucoseMetrics, type GlucoseMetrics } from '../../outcomes/index.ts';
import { modelIntegrator } from '../../physiology/model.ts';
import { virtualPatientModel, type VirtualPatient } from '../../physiology/population.ts';
import { emptyStats } from '../../physiology/solvers/types.ts';
import { Rng } from '../../random/rng.ts';
import { createCgm } from '../../sensors/index.ts';
import type { AnnouncedCarbs, CgmPoint, Controller, ControllerSettings } from './types.ts';

export interface LoopMeal {
  readonly atMinutes: number;
  readonly carbsGrams: number;
  readonly announced: boolean;
}

export interface TestLoopOptions {
  readonly patient: VirtualPatient;
  readonly controller: Controller;
  readonly days: number;
  readonly meals: readonly LoopMeal[];
  readonly seed?: number;
  readonly cgmNoise?: boolean;
  /** When announced, the user also boluses carbs / CR at the meal (hybrid closed loop). */
  readonly mealBolus?: boolean;
  readonly settings?: Partial<ControllerSettings>;
}

export interface TestLoopResult {
  readonly metrics: GlucoseMetrics;
  /** Plasma glucose every 5 minutes. */
  readonly glucoseMgdl: Float64Array;
  readonly insulinUnitsPerDay: number;
  readonly minGlucoseMgdl: number;
}

/** Default settings for a patient: its own basal, CF and CR; limits a clinic would start with. */
export function defaultControllerSettings(patient: VirtualPatient): ControllerSettings {
  const c = patient.clinical;
  return {
    scheduledBasalUnitsPerHour: c.basalUnitsPerHour,
    sensitivityMgdlPerUnit: c.correctionFactorMgdlPerUnit,
    carbRatioGramsPerUnit: c.carbRatioGramsPerUnit,
    targetMgdl: 110,
    suspendBelowMgdl: 70,
    maxBasalUnitsPerHour: Math.max(1, 4 * c.basalUnitsPerHour),
    maxIobUnits: Math.max(2, 0.3 * c.totalDailyDoseUnits),
    maxAutoBolusUnits: Math.max(0.1, c.basalUnitsPerHour / 2),
    insulinCurve: rapidActing,
    bodyWeightKg: c.bodyWeightKg,
    totalDailyDoseUnits: c.totalDailyDoseUnits,
  };
}

/** Three announced meals a day (45, 70, 70 g at 07:30, 12:30, 19:00) for `days` days. */
export function threeMeals(days: number, announced = true): LoopMeal[] {
  const meals: LoopMeal[] = [];
  for (let d = 0; d < days; d += 1) {
    for (const [minute, grams] of [
      [450, 45],
      [750, 70],
      [1140, 70],
    ] as const) {
      meals.push({ atMinutes: d * 1440 + minute, carbsGrams: grams, announced });
    }
  }
  return meals;
}

export function runTestLoop(options: TestLoopOptions): TestLoopResult {
  const { patient, controller } = options;
  const settings = { ...defaultControllerSettings(patient), ...options.settings };
  const model = virtualPatientModel(patient);
  const x = model.steadyState(settings.scheduledBasalUnitsPerHour);
  const solver = modelIntegrator(model);
  const stats = emptyStats();
  const cgm = options.cgmNoise
    ? createCgm({ dropout: { startProbabilityPerSample: 0 } }, new Rng(options.seed ?? 1))
    : null;
  const minutes = options.days * 1440;
  const glucose = new Float64Array(minutes / 5);
  const history: CgmPoint[] = [];
  const doses: DeliveredDose[] = [];
  const announced: AnnouncedCarbs[] = [];
  let rate = settings.scheduledBasalUnitsPerHour;
  let totalUnits = 0;
  let nextMeal = 0;
  const inputs = { rapidInsulinUnitsPerMinute: rate / 60, carbsGramsPerMinute: 0 };
  for (let t = 0; t < minutes; t += 1) {
    while (
      nextMeal < options.meals.length &&
      (options.meals[nextMeal]?.atMinutes ?? Infinity) <= t
    ) {
      const meal = options.meals[nextMeal];
      nextMeal += 1;
      if (meal === undefined) continue;
      model.applyMeal(x, meal.carbsGrams);
      if (meal.announced) {
        announced.push({ atMinutes: t, carbsGrams: meal.carbsGrams });
        if (options.mealBolus) {
          const units = meal.carbsGrams / settings.carbRatioGramsPerUnit;
          model.applyInsulinDose(x, 'rapid', units);
          doses.push({ startMinutes: t, units, durationMinutes: 0 });
          totalUnits += units;
        }
      }
    }
    if (t % 5 === 0) {
      const ig = model.interstitialGlucoseMgdl(x);
      const reading = cgm === null ? Math.round(ig) : cgm.sample(t, ig)?.glucoseMgdl;
      if (reading !== null && reading !== undefined)
        history.push({ atMinutes: t, glucoseMgdl: reading });
      while (history.length > 288) history.shift();
      glucose[t / 5] = model.plasmaGlucoseMgdl(x);
      const iob = insulinOnBoard(doses, t, settings.insulinCurve);
      const rec = controller.recommend({
        nowMinutes: t,
        minuteOfDay: t % 1440,
        cgm: history,
        iobUnits: iob.iobUnits,
        activityUnitsPerMinute: iob.activityUnitsPerMinute,
        tempBasal: { rateUnitsPerHour: rate, remainingMinutes: 30 },
        announcedCarbs: announced.filter((c) => t - c.atMinutes <= 360),
        recentDeliveries: [],
        settings,
      });
      rate = Math.min(
        settings.maxBasalUnitsPerHour,
        Math.max(0, rec.tempBasal?.rateUnitsPerHour ?? settings.scheduledBasalUnitsPerHour),
      );
      const headroom = Math.max(0, settings.maxIobUnits - iob.iobUnits);
      const bolus = Math.min(rec.bolusUnits, settings.maxAutoBolusUnits, headroom);
      if (bolus > 0) {
        model.applyInsulinDose(x, 'rapid', bolus);
        doses.push({ startMinutes: t, units: bolus, durationMinutes: 0 });
        totalUnits += bolus;
      }
      // The net basal of the next 5 minutes, for insulin on board.
      doses.push({
        startMinutes: t,
        units: ((rate - settings.scheduledBasalUnitsPerHour) * 5) / 60,
        durationMinutes: 5,
      });
      while (doses.length > 0 && t - (doses[0]?.startMinutes ?? t) > 480) doses.shift();
      inputs.rapidInsulinUnitsPerMinute = rate / 60;
    }
    totalUnits += rate / 60;
    const code = solver.advance(model, x, t, t + 1, inputs, stats);
    if (code !== 'Success') throw new Error(`patient model stopped at minute ${t}: ${code}`);
  }
  let min = Infinity;
  for (const g of glucose) min = Math.min(min, g);
  return {
    metrics: glucoseMetrics(glucose, { intervalMinutes: 5 }),
    glucoseMgdl: glucose,
    insulinUnitsPerDay: totalUnits / options.days,
    minGlucoseMgdl: min,
  };
}
