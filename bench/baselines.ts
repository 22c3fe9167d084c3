// What the model benchmarks share: a patient-day of a model (RK4 at one minute, meals with their
// boluses on a basal infusion), the baselines (RK4 without a model, an empty day's loop), and a
// way to alternate several patients' days (as a population run does).
import type { ModelInputs, PatientModel } from '../src/physiology/model.ts';
import type { OdeSystem } from '../src/physiology/solvers/index.ts';
import { emptyStats, rk4 } from '../src/physiology/solvers/index.ts';
import { MINUTES_PER_DAY } from '../src/units/index.ts';

export interface ModelDay {
  readonly basalUnitsPerHour: number;
  readonly carbRatioGramsPerUnit: number;
  /** Meals as [minute of the day, grams], in time order, each with a carbs/CR bolus. */
  readonly meals: readonly (readonly [minute: number, carbsGrams: number])[];
  /** Throws when the day's end state is not plausible (the benchmark measured nothing real). */
  readonly check: (model: PatientModel, x: Float64Array) => void;
}

/** One patient-day of `model` from its basal steady state: 1,440 RK4 steps of one minute. */
export function modelDay(model: PatientModel, day: ModelDay): () => void {
  const solver = rk4();
  const stats = emptyStats();
  const inputs: ModelInputs = {
    rapidInsulinUnitsPerMinute: day.basalUnitsPerHour / 60,
    carbsGramsPerMinute: 0,
  };
  const start = model.steadyState(day.basalUnitsPerHour);
  const x = new Float64Array(start.length);
  return () => {
    x.set(start);
    let meal = 0;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      const next = day.meals[meal];
      if (next !== undefined && next[0] === minute) {
        model.applyMeal(x, next[1]);
        model.applyInsulinDose(x, 'rapid', next[1] / day.carbRatioGramsPerUnit);
        meal += 1;
      }
      solver.advance(model, x, minute, minute + 1, inputs, stats);
    }
    day.check(model, x);
  };
}

/** One-state y' = −0.01·y: what RK4 costs without a model. */
const decay: OdeSystem<ModelInputs> = {
  derivative(_t, x, _inputs, out) {
    out[0] = -0.01 * x[0]!;
  },
};

export function decayDay(): () => void {
  const solver = rk4();
  const stats = emptyStats();
  const inputs: ModelInputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const x = new Float64Array(1);
  return () => {
    x[0] = 1;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      solver.advance(decay, x, minute, minute + 1, inputs, stats);
    }
  };
}

export function emptyDay(): () => void {
  const sink = new Float64Array(1);
  return () => {
    let accumulator = sink[0]!;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) accumulator += minute * 1e-9;
    sink[0] = accumulator;
  };
}

/** Alternates the days of several patients. */
export function inTurn(days: readonly (() => void)[]): () => void {
  let next = 0;
  return () => {
    days[next % days.length]?.();
    next += 1;
  };
}
