// Child process of the cohort benchmark: runs the cohort given as JSON with the built package
// (dist/, what `npx csii cohort` runs, with V8's inlining budget raised as that command raises it)
// on the given number of worker threads, and prints the seconds it took and the peak resident
// memory in MB (the threads share the process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raiseInliningBudget } from '../dist/cli/inliningBudget.js';
import { runCohort } from '../dist/cohort/farm/index.js';

raiseInliningBudget();

const [spec, workers] = [JSON.parse(process.argv[2]), Number(process.argv[3])];
const out = mkdtempSync(join(tmpdir(), 'opencsii-bench-cohort-'));
try {
  const started = performance.now();
  await runCohort(spec, { out, workers });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, peakMb: process.resourceUsage().maxRSS / 1024 }));
} finally {
  rmSync(out, { recursive: true, force: true });
}
