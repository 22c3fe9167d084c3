// What the model benchmarks share: a patient-day of a model (one-minute steps of the model's own
// integrator, as the simulation steps it: meals with their boluses on a basal infusion), the
// baselines (RK4 without a model, an empty day's loop), a way to alternate several patients'
// days (as a population run does), and how a model's figures are measured and printed.
import { modelIntegrator, type ModelInputs, type PatientModel } from '../src/physiology/model.ts';
import type { OdeSystem } from '../src/physiology/solvers/index.ts';
import { emptyStats, rk4 } from '../src/physiology/solvers/index.ts';
import { MINUTES_PER_DAY } from '../src/units/index.ts';
import { measure, report, type Measurement } from './harness.ts';

export interface ModelDay {
  readonly basalUnitsPerHour: number;
  readonly carbRatioGramsPerUnit: number;
  /** Meals as [minute of the day, grams], in time order, each with a carbs/CR bolus. */
  readonly meals: readonly (readonly [minute: number, carbsGrams: number])[];
  /** Throws when the day's end state is not plausible (the benchmark measured nothing real). */
  readonly check: (model: PatientModel, x: Float64Array) => void;
}

/** One patient-day of `model` from its basal steady state: 1,440 steps of one minute. */
export function modelDay(model: PatientModel, day: ModelDay): () => void {
  const solver = modelIntegrator(model);
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

export interface ModelBench {
  /** What runs, e.g. 'hovorka (15 states, RK4 1 min, 3 meals/day': the ns per step follow. */
  readonly title: string;
  readonly day: () => void;
  /**
   * Makes two patients' days in turn (`inTurn`), called once the one patient is measured: until
   * then V8 has seen one patient's model only; and how to name them.
   */
  readonly twoPatients: { readonly label: string; readonly makeDay: () => () => void };
  readonly targetDaysPerSecond: number;
}

const MEASURE_SECONDS = 2;

/**
 * Measures a model's day (first, while V8 has seen one patient only), two patients' days in turn
 * and both baselines, then prints the model's rate against RK4 alone, the two-patient rate
 * and the share of an empty loop.
 */
export function runModelBench(bench: ModelBench): void {
  const options = { seconds: MEASURE_SECONDS };
  const model = measure('model', bench.day, options);
  const twoPatients = measure('two patients in turn', bench.twoPatients.makeDay(), options);
  const linear = measure('RK4 on a 1-state linear model', decayDay(), options);
  const empty = measure('an empty loop of 1,440 iterations', emptyDay(), options);
  const nsPerStep = (m: Measurement) => (1e9 / (m.perSecond * MINUTES_PER_DAY)).toFixed(0);
  const title = `${bench.title}, ${nsPerStep(model)} ns/step)`;
  report(title, 'patient-days/s', model, linear, bench.targetDaysPerSecond);
  console.log(
    `  ${bench.twoPatients.label} (a population run): ` +
      `${Math.round(twoPatients.perSecond).toLocaleString('en-US')} patient-days/s ` +
      `(${nsPerStep(twoPatients)} ns/step)`,
  );
  const emptyRatio = model.perSecond / empty.perSecond;
  console.log(`  ${(emptyRatio * 100).toFixed(2)} % of the speed of ${empty.name}`);
}
