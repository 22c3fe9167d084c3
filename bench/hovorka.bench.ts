// Bare-model throughput: the nominal Hovorka patient (rapid analog, ketones), 1-minute RK4,
// three meals with boluses a day on a basal infusion; one iteration = one patient-day (1,440
// steps). Prints patient-days per second on one core and the ratio to two baselines measured in
// the same process: an empty loop with the same step count, and the same RK4 on a one-state
// linear model (the solver's own overhead).
//
// A second figure alternates the days of two patients. With a single patient V8 may specialise
// the compiled code to that one patient's objects and constants; a population run, as the
// simulator does it, cannot rely on that, so this is the figure to expect there.
import { performance } from 'node:perf_hooks';
import { createHovorkaPatient } from '../src/physiology/hovorka.ts';
import { HOVORKA_NOMINAL } from '../src/physiology/hovorkaParameters.ts';
import type { ModelInputs, PatientModel } from '../src/physiology/model.ts';
import { emptyStats, rk4 } from '../src/physiology/solvers/index.ts';
import { decayDay, emptyDay, inTurn } from './baselines.ts';

const MINUTES_PER_DAY = 1440;
const WARM_UP_DAYS = 300;
const MEASURE_SECONDS = 2;
const MEALS: readonly (readonly [minute: number, carbsGrams: number])[] = [
  [420, 50],
  [750, 70],
  [1140, 60],
];
const CARB_RATIO_GRAMS_PER_UNIT = 25;

/** Days per second of `runDay`, measured for about MEASURE_SECONDS after a warm-up. */
function daysPerSecond(runDay: () => void): number {
  for (let i = 0; i < WARM_UP_DAYS; i += 1) runDay();
  let days = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_SECONDS * 1000) {
    for (let i = 0; i < 100; i += 1) runDay();
    days += 100;
    elapsed = performance.now() - start;
  }
  return (days * 1000) / elapsed;
}

function hovorkaDay(model: PatientModel): () => void {
  const solver = rk4();
  const stats = emptyStats();
  const basal = model.basalForGlucose(120);
  const inputs: ModelInputs = { rapidInsulinUnitsPerMinute: basal / 60, carbsGramsPerMinute: 0 };
  const start = model.steadyState(basal);
  const x = new Float64Array(start.length);
  return () => {
    x.set(start);
    let meal = 0;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      const next = MEALS[meal];
      if (next !== undefined && next[0] === minute) {
        model.applyMeal(x, next[1]);
        model.applyInsulinDose(x, 'rapid', next[1] / CARB_RATIO_GRAMS_PER_UNIT);
        meal += 1;
      }
      solver.advance(model, x, minute, minute + 1, inputs, stats);
    }
    if (!(x[0]! > 0)) throw new Error('hovorka bench: the state went wrong');
  };
}

export async function run(): Promise<void> {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const hovorka = daysPerSecond(hovorkaDay(model));
  const heavier = createHovorkaPatient({
    name: 'heavier',
    parameters: { ...HOVORKA_NOMINAL, bodyWeightKg: 85, sit: 40e-4 },
  });
  const twoPatients = daysPerSecond(inTurn([hovorkaDay(model), hovorkaDay(heavier)]));
  const linear = daysPerSecond(decayDay());
  const empty = daysPerSecond(emptyDay());
  const nsPerStep = 1e9 / (hovorka * MINUTES_PER_DAY);
  console.log(
    `hovorka (${model.stateNames.length} states, RK4 1 min, 3 meals/day): ` +
      `${hovorka.toFixed(0)} patient-days/s on one core (${nsPerStep.toFixed(0)} ns/step; target ≥ 4000)`,
  );
  console.log(
    `  two patients in turn (a population run): ${twoPatients.toFixed(0)} patient-days/s ` +
      `(${(1e9 / (twoPatients * MINUTES_PER_DAY)).toFixed(0)} ns/step)`,
  );
  console.log(
    `  baseline RK4 on a 1-state linear model: ${linear.toFixed(0)} days/s; ` +
      `hovorka/baseline = ${(hovorka / linear).toFixed(3)}`,
  );
  console.log(
    `  baseline empty loop (1440 iterations/day): ${empty.toFixed(0)} days/s; ` +
      `hovorka/empty = ${(hovorka / empty).toExponential(2)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
