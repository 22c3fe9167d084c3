// Bare-model throughput: UVA/Padova adult#001 (simglucose parameters, rapid analog, ketones),
// 1-minute RK4, three meals a day (45/70/80 g, eaten at 5 g/min) with carbs/CR boluses on the
// u2ss basal; one iteration = one patient-day (1,440 steps). Prints patient-days per second on
// one core and the ratio to two baselines measured in the same process: an empty loop with the
// same step count, and the same RK4 on a one-state linear model (the solver's own overhead).
// The parameters come from ../shared/data/simglucose (not shipped with OpenCSII); without that
// directory the benchmark says so and measures nothing.
//
// A second figure alternates the days of adult#001 and adult#002. With a single patient V8 may
// specialise the compiled code to that one patient's closure and constants; a population run, as
// the simulator does it, cannot rely on that, so this is the figure to expect there.
import { fileURLToPath } from 'node:url';
import { createUvaPadovaPatient } from '../src/physiology/uvaPadova.ts';
import {
  loadSimglucosePatients,
  type SimglucosePatient,
} from '../src/physiology/simglucoseFiles.ts';
import type { PatientModel } from '../src/physiology/model.ts';
import { PMOL_PER_UNIT } from '../src/units/index.ts';
import { inTurn, modelDay, runModelBench } from './baselines.ts';

const SHARED_SIMGLUCOSE = fileURLToPath(new URL('../../shared/data/simglucose/', import.meta.url));

/** A day of a simglucose patient's model on its u2ss basal with its carb ratio. */
function recordDay(record: SimglucosePatient, model: PatientModel): () => void {
  const basalUnitsPerHour = ((record.parameters.u2ss * record.parameters.BW) / PMOL_PER_UNIT) * 60;
  const carbRatioGramsPerUnit = record.quest.carbRatioGramsPerUnit;
  return modelDay(model, {
    basalUnitsPerHour,
    carbRatioGramsPerUnit,
    meals: [
      [420, 45],
      [720, 70],
      [1080, 80],
    ],
    check: (m, x) => {
      const glucose = m.plasmaGlucoseMgdl(x);
      if (!(glucose > 0 && glucose < 1000)) throw new Error(`uva bench: glucose ${glucose}`);
    },
  });
}

function modelOf(record: SimglucosePatient): PatientModel {
  return createUvaPadovaPatient({ name: record.name, parameters: record.parameters });
}

export async function run(): Promise<void> {
  const loaded = await loadSimglucosePatients(SHARED_SIMGLUCOSE);
  const find = (name: string) =>
    loaded.ok ? loaded.value.find((p) => p.name === name) : undefined;
  const record = find('adult#001');
  const second = find('adult#002');
  if (record === undefined || second === undefined) {
    console.log(`uva/padova: no simglucose patient files in ${SHARED_SIMGLUCOSE}; skipped`);
    return;
  }
  const model = modelOf(record);
  runModelBench({
    title: `uva/padova adult#001 (${model.stateNames.length} states, RK4 1 min, 3 meals/day`,
    day: recordDay(record, model),
    twoPatients: {
      label: 'adult#001 and adult#002 in turn',
      makeDay: () =>
        inTurn([recordDay(record, modelOf(record)), recordDay(second, modelOf(second))]),
    },
    targetDaysPerSecond: 2000,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
