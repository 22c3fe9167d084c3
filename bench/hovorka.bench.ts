// Bare-model throughput: the nominal Hovorka patient (rapid analog, ketones), 1-minute RK4,
// three meals with boluses a day on a basal infusion; one iteration = one patient-day (1,440
// steps). Prints patient-days per second on one core and the ratio to two baselines measured in
// the same process: an empty loop with the same step count, and the same RK4 on a one-state
// linear model (the solver's own overhead).
//
// A second figure alternates the days of two patients. With a single patient V8 may specialise
// the compiled code to that one patient's objects and constants; a population run, as the
// simulator does it, cannot rely on that, so this is the figure to expect there.
import { createHovorkaPatient } from '../src/physiology/hovorka.ts';
import { HOVORKA_NOMINAL } from '../src/physiology/hovorkaParameters.ts';
import type { PatientModel } from '../src/physiology/model.ts';
import { MINUTES_PER_DAY } from '../src/units/index.ts';
import { decayDay, emptyDay, inTurn, modelDay } from './baselines.ts';
import { measure } from './harness.ts';

const MEASURE_SECONDS = 2;

function hovorkaDay(model: PatientModel): () => void {
  return modelDay(model, {
    basalUnitsPerHour: model.basalForGlucose(120),
    carbRatioGramsPerUnit: 25,
    meals: [
      [420, 50],
      [750, 70],
      [1140, 60],
    ],
    check: (_model, x) => {
      if (!(x[0]! > 0)) throw new Error('hovorka bench: the state went wrong');
    },
  });
}

/** Days per second of `runDay`, measured for about MEASURE_SECONDS after a warm-up. */
const daysPerSecond = (runDay: () => void) => measure('', runDay, MEASURE_SECONDS).perSecond;

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
