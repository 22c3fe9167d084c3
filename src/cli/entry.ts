// The process entry of `csii`: runs the command line and turns its answer into an exit code.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
