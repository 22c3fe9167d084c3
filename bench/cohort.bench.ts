// Cohort throughput with the built package (what `npx csii cohort` runs), each run in its own
// process: patient-years per minute of a one-arm pump cohort on one and on two worker threads
// (target: 1,000 patient-years in under 2 minutes, a speed-up of at least 1.8), and peak resident
// memory against cohort size (flat: bounded by one patient-year per thread). Baseline: two
// independent single-thread runs at once, the most two threads can gain on this machine.
// Run `npm run build` first when the sources have changed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CohortSpecInput } from '../src/cohort/index.ts';

/** Patients on the default pump for `years`, one arm: the cohort the figures are for. */
export function benchCohort(patients: number, years: number): CohortSpecInput {
  return {
    name: 'bench',
    seed: 7,
    population: { size: patients },
    duration: { years },
    arms: [{ id: 'pump', therapy: { kind: 'pump' } }],
  };
}

/**
 * A tenth of the target's 1,000 patient-years (the whole built-in population for a year): each
 * thread starts and compiles its code once (about a second of work), which a cohort this size
 * spreads as a real one does, where a small one would mostly measure the start.
 */
const PATIENTS = 100;
const YEARS = 1;
/** 1,000 patient-years in under 2 minutes. */
const TARGET_PATIENT_YEARS_PER_MINUTE = 500;
const CHILD = fileURLToPath(new URL('./cohortChild.mjs', import.meta.url));

interface ChildRun {
  readonly seconds: number;
  readonly peakMb: number;
}

async function child(patients: number, workers: number): Promise<ChildRun> {
  const spec = JSON.stringify(benchCohort(patients, YEARS));
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, spec, String(workers)]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildRun;
}

export async function run(): Promise<void> {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const perMinute = (patients: number, r: ChildRun) => (patients * YEARS * 60) / r.seconds;
  const one = perMinute(PATIENTS, await child(PATIENTS, 1));
  const two = perMinute(PATIENTS, await child(PATIENTS, 2));
  const pair = await Promise.all([child(PATIENTS / 2, 1), child(PATIENTS / 2, 1)]);
  const pairRate = perMinute(PATIENTS, {
    seconds: Math.max(...pair.map((r) => r.seconds)),
    peakMb: 0,
  });
  const met = two >= TARGET_PATIENT_YEARS_PER_MINUTE ? 'met' : 'NOT met';
  console.log(
    `Cohort (${PATIENTS} patients × ${YEARS} year, pump): ${f(two)} patient-years/min on 2 threads (target ≥ ${TARGET_PATIENT_YEARS_PER_MINUTE}: ${met}); 1,000 patient-years take ${(1000 / two).toFixed(1)} min`,
  );
  const speedUp = two / one;
  console.log(
    `  1 thread: ${f(one)} patient-years/min; speed-up from 1 to 2 threads ${speedUp.toFixed(2)}× (target ≥ 1.8: ${speedUp >= 1.8 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  two independent 1-thread runs at once: ${f(pairRate)} patient-years/min, ${(pairRate / one).toFixed(2)}× one run: the machine's own ceiling; the farm reaches ${((100 * two) / pairRate).toFixed(0)} % of it`,
  );
  const sizes = [2, 16];
  const peaks: number[] = [];
  for (const n of sizes) peaks.push((await child(n, 2)).peakMb);
  console.log(
    `  peak resident memory on 2 threads: ${sizes.map((n, i) => `${n} patient-years ${f(peaks[i] ?? 0)} MB`).join(', ')} (flat when bounded as size grows; target for 1,000 patient-years < 500 MB)`,
  );
}
