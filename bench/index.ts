// `npm run bench`: every benchmark in turn, each with its own in-process baseline, with V8's
// inlining budget raised as `csii cohort` raises it (src/cli/inliningBudget.ts): the figures are
// the speeds once compiled, what a cohort's long runs see.
import { raiseInliningBudget } from '../src/cli/inliningBudget.ts';

const suites = ['pump', 'hovorka', 'uvaPadova', 'simulation', 'cohort'];

raiseInliningBudget();
for (const name of suites) {
  const module = (await import(`./${name}.bench.ts`)) as { run: () => Promise<void> };
  await module.run();
}
