// The process entry of `csii`: runs the command line and turns its answer into an exit code.
import { gainsFromInliningBudget, raiseInliningBudget } from './inliningBudget.ts';
import { main } from './main.ts';

const args = process.argv.slice(2);
if (gainsFromInliningBudget(args)) raiseInliningBudget();
process.exitCode = await main(args);
