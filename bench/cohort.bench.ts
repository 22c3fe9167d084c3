// Cohort throughput with the built package (what `npx csii cohort` runs), each run in its own
// process, on the target's own cohort: 1,000 patient-years (the built-in population of 100
// patients followed for 10 years, one pump arm). It reports patient-years per minute on one and on
// two worker threads (targets: 1,000 patient-years in under 2 minutes, a speed-up of at least
// 1.8) and peak resident memory against cohort size (flat, under 500 MB). Baseline: two
// independent single-thread runs of half the cohort at once, the most two threads can gain on
// this machine. The runs take 6–8 minutes; BENCH_COHORT_YEARS=1 runs a tenth of the cohort
// for a quicker look (each thread then spends a larger share of its time compiling its code).
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

/** The whole built-in population. */
const PATIENTS = 100;
const YEARS = yearsFromEnvironment();
/** 1,000 patient-years in under 2 minutes. */
const TARGET_PATIENT_YEARS_PER_MINUTE = 500;
const CHILD = fileURLToPath(new URL('./cohortChild.mjs', import.meta.url));

function yearsFromEnvironment(): number {
  const text = process.env['BENCH_COHORT_YEARS'] ?? '10';
  const years = Number(text);
  if (!Number.isInteger(years) || years < 1 || years > 10) {
    throw new RangeError(`BENCH_COHORT_YEARS = ${text}: allowed an integer 1–10`);
  }
  return years;
}

interface ChildRun {
  readonly seconds: number;
  readonly peakMb: number;
}

async function child(patients: number, years: number, workers: number): Promise<ChildRun> {
  const spec = JSON.stringify(benchCohort(patients, years));
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, spec, String(workers)]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildRun;
}

export async function run(): Promise<void> {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const patientYears = PATIENTS * YEARS;
  const perMinute = (seconds: number) => (patientYears * 60) / seconds;
  const oneRun = await child(PATIENTS, YEARS, 1);
  const twoRun = await child(PATIENTS, YEARS, 2);
  const pair = await Promise.all([child(PATIENTS / 2, YEARS, 1), child(PATIENTS / 2, YEARS, 1)]);
  const small = await child(2, 1, 2);
  const one = perMinute(oneRun.seconds);
  const two = perMinute(twoRun.seconds);
  const pairRate = perMinute(Math.max(...pair.map((r) => r.seconds)));
  const met = two >= TARGET_PATIENT_YEARS_PER_MINUTE ? 'met' : 'NOT met';
  console.log(
    `Cohort (${PATIENTS} patients × ${YEARS} year${YEARS === 1 ? '' : 's'}, pump): ${f(two)} patient-years/min on 2 threads (target ≥ ${TARGET_PATIENT_YEARS_PER_MINUTE}: ${met}); 1,000 patient-years take ${(1000 / two).toFixed(2)} min`,
  );
  const speedUp = two / one;
  console.log(
    `  1 thread: ${f(one)} patient-years/min; speed-up from 1 to 2 threads ${speedUp.toFixed(2)}× (target ≥ 1.8: ${speedUp >= 1.8 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  two independent 1-thread runs at once: ${f(pairRate)} patient-years/min, ${(pairRate / one).toFixed(2)}× one run: the machine's own ceiling; the farm reaches ${((100 * two) / pairRate).toFixed(0)} % of it`,
  );
  const memoryVerdict =
    patientYears >= 1000
      ? `target for 1,000 patient-years < 500 MB: ${twoRun.peakMb < 500 ? 'met' : 'NOT met'}`
      : 'the target is for 1,000 patient-years, the default BENCH_COHORT_YEARS';
  console.log(
    `  peak resident memory on 2 threads: 2 patient-years ${f(small.peakMb)} MB, ${f(patientYears)} patient-years ${f(twoRun.peakMb)} MB (${memoryVerdict})`,
  );
}
