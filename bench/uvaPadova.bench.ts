// Bare-model throughput: UVA/Padova adult#001 (simglucose parameters, rapid analog, ketones),
// 1-minute RK4, three meals a day (45/70/80 g, eaten at 5 g/min) with carbs/CR boluses on the
// u2ss basal; one iteration = one patient-day (1,440 steps). Prints patient-days per second on
// one core and the ratio to two baselines measured in the same process: an empty loop with the
// same step count, and the same RK4 on a one-state linear model (the solver's own overhead).
// The parameters come from ../shared/data/simglucose (not shipped with OpenCSII); without that
// directory the benchmark says so and measures nothing.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createUvaPadovaPatient } from '../src/physiology/uvaPadova.ts';
import { loadSimglucosePatients } from '../src/physiology/simglucoseFiles.ts';
import type { ModelInputs, PatientModel } from '../src/physiology/model.ts';
import type { OdeSystem } from '../src/physiology/solvers/index.ts';
import { emptyStats, rk4 } from '../src/physiology/solvers/index.ts';
import { PMOL_PER_UNIT } from '../src/units/index.ts';

const SHARED_SIMGLUCOSE = fileURLToPath(new URL('../../shared/data/simglucose/', import.meta.url));
const MINUTES_PER_DAY = 1440;
const WARM_UP_DAYS = 200;
const MEASURE_SECONDS = 2;
const TARGET_DAYS_PER_SECOND = 2000;
const MEALS: readonly (readonly [minute: number, carbsGrams: number])[] = [
  [420, 45],
  [720, 70],
  [1080, 80],
];

/** Days per second of `runDay`, measured for about MEASURE_SECONDS after a warm-up. */
function daysPerSecond(runDay: () => void): number {
  for (let i = 0; i < WARM_UP_DAYS; i += 1) runDay();
  let days = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_SECONDS * 1000) {
    for (let i = 0; i < 50; i += 1) runDay();
    days += 50;
    elapsed = performance.now() - start;
  }
  return (days * 1000) / elapsed;
}

function patientDay(
  model: PatientModel,
  options: { basalUnitsPerHour: number; carbRatioGramsPerUnit: number },
): () => void {
  const solver = rk4();
  const stats = emptyStats();
  const inputs: ModelInputs = {
    rapidInsulinUnitsPerMinute: options.basalUnitsPerHour / 60,
    carbsGramsPerMinute: 0,
  };
  const start = model.steadyState(options.basalUnitsPerHour);
  const x = new Float64Array(start.length);
  return () => {
    x.set(start);
    let meal = 0;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      const next = MEALS[meal];
      if (next !== undefined && next[0] === minute) {
        model.applyMeal(x, next[1]);
        model.applyInsulinDose(x, 'rapid', next[1] / options.carbRatioGramsPerUnit);
        meal += 1;
      }
      solver.advance(model, x, minute, minute + 1, inputs, stats);
    }
    const glucose = model.plasmaGlucoseMgdl(x);
    if (!(glucose > 0 && glucose < 1000)) throw new Error(`uva bench: glucose ${glucose}`);
  };
}

/** One-state y' = −0.01·y: what RK4 costs without a model. */
const decay: OdeSystem<ModelInputs> = {
  derivative(_t, x, _inputs, out) {
    out[0] = -0.01 * x[0]!;
  },
};

function decayDay(): () => void {
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

function emptyDay(): () => void {
  const sink = new Float64Array(1);
  return () => {
    let accumulator = sink[0]!;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) accumulator += minute * 1e-9;
    sink[0] = accumulator;
  };
}

export async function run(): Promise<void> {
  const loaded = await loadSimglucosePatients(SHARED_SIMGLUCOSE);
  const record = loaded.ok ? loaded.value.find((p) => p.name === 'adult#001') : undefined;
  if (record === undefined) {
    console.log(`uva/padova: no simglucose patient files in ${SHARED_SIMGLUCOSE}; skipped`);
    return;
  }
  const model = createUvaPadovaPatient({ name: record.name, parameters: record.parameters });
  const basalUnitsPerHour = ((record.parameters.u2ss * record.parameters.BW) / PMOL_PER_UNIT) * 60;
  const carbRatioGramsPerUnit = record.quest.carbRatioGramsPerUnit;
  const uva = daysPerSecond(patientDay(model, { basalUnitsPerHour, carbRatioGramsPerUnit }));
  const linear = daysPerSecond(decayDay());
  const empty = daysPerSecond(emptyDay());
  const nsPerStep = 1e9 / (uva * MINUTES_PER_DAY);
  console.log(
    `uva/padova adult#001 (${model.stateNames.length} states, RK4 1 min, 3 meals/day): ` +
      `${uva.toFixed(0)} patient-days/s on one core (${nsPerStep.toFixed(0)} ns/step; ` +
      `target ≥ ${TARGET_DAYS_PER_SECOND})`,
  );
  console.log(
    `  baseline RK4 on a 1-state linear model: ${linear.toFixed(0)} days/s; ` +
      `uva/baseline = ${(uva / linear).toFixed(3)}`,
  );
  console.log(
    `  baseline empty loop (1440 iterations/day): ${empty.toFixed(0)} days/s; ` +
      `uva/empty = ${(uva / empty).toExponential(2)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
