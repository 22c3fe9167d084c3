// The process entry of `csii`: runs the command line and turns its answer into an exit code.
import { raiseInliningBudget } from './inliningBudget.ts';
import { main } from './main.ts';

raiseInliningBudget();
process.exitCode = await main(process.argv.slice(2));
