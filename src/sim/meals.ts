// The meals a person eats over a run: an explicit list, or a daily plan varied from day to day
// (time and size drawn from the run's seeded generator).
import type { Rng } from '../random/rng.ts';
import type { PlannedMeal } from '../therapy/types.ts';
import { minutesOfClock } from '../units/index.ts';
import type { MealPlan } from './scenario.ts';

/** The smallest meal size a variation may produce, as a share of the planned size. */
const SIZE_FLOOR = 0.2;
/**
 * The meals stream's sub-streams: the run-in's days, and whether a meal is a slow one (apart, so
 * a plan's slow share changes none of its other draws).
 */
const RUN_IN_STREAM = 1;
const SLOW_STREAM = 2;

export interface MealWindow {
  /** Minutes from the start (may be negative during a run-in). */
  readonly fromMinutes: number;
  readonly toMinutes: number;
  /** Local time of day at minute 0. */
  readonly startMinuteOfDay: number;
}

export function planMeals(plan: MealPlan, window: MealWindow, rng: Rng): PlannedMeal[] {
  const meals: PlannedMeal[] = [];
  if (plan.kind === 'list') {
    for (const meal of plan.meals) {
      meals.push(plannedMeal(meal.atMinutes, meal.carbsGrams, meal, meal.slow));
    }
  } else {
    const slowRng = rng.fork(SLOW_STREAM);
    // Day d starts at the local midnight d days after the one before the start.
    const firstDay = Math.floor((window.fromMinutes + window.startMinuteOfDay) / 1440);
    const lastDay = Math.floor((window.toMinutes + window.startMinuteOfDay) / 1440);
    // Each clock time is read once, not once a day.
    const clockMinutes = plan.meals.map((meal) => minutesOfClock(meal.time));
    for (let day = firstDay; day <= lastDay; day += 1) {
      for (let i = 0; i < plan.meals.length; i += 1) {
        const meal = plan.meals[i]!;
        // Draw every number whether or not the meal is eaten, so days stay independent.
        const eaten = rng.chance(meal.probability);
        const shiftMinutes = Math.round(rng.gaussian(0, meal.timeSdMinutes));
        const size = Math.max(SIZE_FLOOR, 1 + meal.carbsCv * rng.normal());
        const atMinutes = day * 1440 - window.startMinuteOfDay + clockMinutes[i]! + shiftMinutes;
        const carbsGrams = Math.round(meal.carbsGrams * size);
        const slow = slowRng.chance(meal.slowShare);
        if (eaten && carbsGrams > 0) meals.push(plannedMeal(atMinutes, carbsGrams, meal, slow));
      }
    }
  }
  return meals
    .filter((m) => m.atMinutes >= window.fromMinutes && m.atMinutes < window.toMinutes)
    .sort((a, b) => a.atMinutes - b.atMinutes);
}

/** A meal as planned: a slow one takes its plan's minutes to reach the gut and its fat. */
function plannedMeal(
  atMinutes: number,
  carbsGrams: number,
  plan: { readonly slowOverMinutes: number; readonly slowFatGrams: number },
  slow: boolean,
): PlannedMeal {
  return {
    atMinutes,
    carbsGrams,
    slowOverMinutes: slow ? plan.slowOverMinutes : 0,
    fatGrams: slow ? plan.slowFatGrams : 0,
  };
}

/**
 * The meals of a run whose scored days follow `runInMinutes` of run-in (injections settle their
 * long-acting depot first), in run minutes (0 = the start of the run-in). The scored days draw
 * exactly what a run without a run-in draws, so every therapy of the same scenario and seed eats
 * the same meals; the run-in draws from a sub-stream of its own. A meal list (in minutes from the
 * scenario's start) falls in the scored days.
 */
export function planRunMeals(
  plan: MealPlan,
  run: { runInMinutes: number; durationMinutes: number; startMinuteOfDay: number },
  rng: Rng,
): PlannedMeal[] {
  const { runInMinutes, durationMinutes, startMinuteOfDay } = run;
  const runIn =
    runInMinutes === 0
      ? []
      : planMeals(
          plan,
          { fromMinutes: -runInMinutes, toMinutes: 0, startMinuteOfDay },
          rng.fork(RUN_IN_STREAM),
        );
  const scored = planMeals(
    plan,
    { fromMinutes: 0, toMinutes: durationMinutes, startMinuteOfDay },
    rng,
  );
  return [...runIn, ...scored].map((meal) => ({
    ...meal,
    atMinutes: meal.atMinutes + runInMinutes,
  }));
}
