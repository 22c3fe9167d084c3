// Bare-model throughput: the nominal Hovorka patient (rapid analog, ketones), 1-minute steps of
// its own integrator (exact for the linear compartments, RK4 for glucose and ketones),
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
import { inTurn, modelDay, runModelBench } from './baselines.ts';

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

export async function run(): Promise<void> {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  runModelBench({
    title: `hovorka (${model.stateNames.length} states, ${model.integrator().name} 1 min, 3 meals/day`,
    day: hovorkaDay(model),
    twoPatients: {
      label: 'two patients in turn',
      makeDay: () => {
        const heavier = createHovorkaPatient({
          name: 'heavier',
          parameters: { ...HOVORKA_NOMINAL, bodyWeightKg: 85, sit: 40e-4 },
        });
        return inTurn([hovorkaDay(model), hovorkaDay(heavier)]);
      },
    },
    targetDaysPerSecond: 4000,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
