// Full-simulation throughput: simulated patient-days per second on one core for the main job's
// scenario (pump engine, Hovorka patient, CGM, open-loop therapy with meals and boluses), as
// `csii simulate` runs it. Baseline in the same process: the bare Hovorka model of the same
// patient through the same solver for the same days (what the simulation adds to physiology).
import { defaultAdultPopulation, virtualPatientModel } from '../src/physiology/population.ts';
import { modelIntegrator } from '../src/physiology/model.ts';
import { emptyStats } from '../src/physiology/solvers/types.ts';
import { simulate } from '../src/sim/index.ts';
import { measure, report, scaled, type Measurement } from './harness.ts';

const DAYS = 14;

function bareModel(): () => void {
  const [patient] = defaultAdultPopulation().patients;
  if (patient === undefined) throw new Error('no patient');
  const model = virtualPatientModel(patient);
  const solver = modelIntegrator(model);
  const stats = emptyStats();
  const inputs = {
    rapidInsulinUnitsPerMinute: patient.clinical.basalUnitsPerHour / 60,
    carbsGramsPerMinute: 0,
  };
  return () => {
    const x = model.steadyState(patient.clinical.basalUnitsPerHour);
    for (let minute = 0; minute < DAYS * 1440; minute += 1) {
      const ofDay = minute % 1440;
      if (ofDay === 450 || ofDay === 750 || ofDay === 1170) model.applyMeal(x, 60);
      solver.advance(model, x, minute, minute + 1, inputs, stats);
    }
  };
}

export async function run(): Promise<void> {
  const scenario = { name: 'bench', durationDays: DAYS, therapy: { kind: 'pump' } };
  simulate(scenario); // builds the default population once, outside the timing
  const baseline = measure('the bare Hovorka model (same days, same solver)', bareModel(), {
    seconds: 3,
  });
  // From a cold start a 14-day run speeds up for about 3 s (300 simulations) as V8 compiles its
  // many functions: the figure is the speed after that, the one a cohort or a long run sees.
  const options = { seconds: 3, warmUpSeconds: 4 };
  const full = measure('simulation', () => simulate(scenario), options);
  const quiet = measure('without log', () => simulate(scenario, { log: false }), options);
  const lean = measure('summary only', () => simulate(scenario, { detail: 'summary' }), options);
  const perDay = (m: Measurement) => scaled(m, DAYS);
  report(
    'Full simulation (14-day pump scenario)',
    'patient-days/s',
    perDay(full),
    perDay(baseline),
    3000,
  );
  report('Full simulation, no event log', 'patient-days/s', perDay(quiet), perDay(baseline), 3000);
  report(
    "Full simulation, detail 'summary' (as a cohort runs it)",
    'patient-days/s',
    perDay(lean),
    perDay(baseline),
  );
}
