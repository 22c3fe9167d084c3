// The `csii` command line: parses the subcommand and its flags and hands over to it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { experimentNames } from '../experiments/index.ts';
import { experimentCommand } from './experiment.ts';
import { pumpDemoCommand } from './pumpDemo.ts';
import { simulateCommand } from './simulate.ts';

const USAGE = `Usage: csii <command> [options]

Commands:
  simulate <scenario.json | preset>  simulate one virtual patient; writes report.html,
                                     result.json, trace.csv and scenario.json to --out
                                     (default ./csii-out/<name>); presets and
                                     --set PATH=VALUE: see csii simulate --help
  pump demo                          run a scripted pump day and print its event log summary
  experiment <name>                  run an experiment, print its tables, write report.html
                                     and result.json to --out (default
                                     ./csii-out/experiment-<name>); names:
                                     ${experimentNames().join(', ')}
  cohort <cohort.json>               run a virtual trial on worker threads (--workers N) or a
                                     Redis queue (--queue URL); see csii cohort --help
  worker --queue URL                 process queued cohort tasks until stopped; see
                                     csii worker --help
  study <name>                       run a built-in study (liege-retrospective, insulin-choice,
                                     injections-vs-pump): report.html with forest plots,
                                     patients.csv, result.json; see csii study --help

Options:
  --out DIR              where experiment writes its files
  --json                 print the result as JSON instead
  -h, --help             show this help
  --version              show the version of csii`;

/** The package's version, from the package.json two levels up (from src/cli and dist/cli). */
function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export async function main(args: readonly string[]): Promise<number> {
  // These parse their own flags, and load the queue client only when used.
  if (args[0] === 'cohort') return (await import('./cohort.ts')).cohortCommand(args.slice(1));
  if (args[0] === 'worker') return (await import('./worker.ts')).workerCommand(args.slice(1));
  if (args[0] === 'study') return (await import('./study.ts')).studyCommand(args.slice(1));
  if (args[0] === 'simulate') return simulateCommand(args.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`csii: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.version === true) {
    console.log(`csii ${version()}`);
    return 0;
  }
  if (values.help === true || positionals.length === 0) {
    console.log(USAGE);
    return positionals.length === 0 && values.help !== true ? 2 : 0;
  }
  const [command, ...rest] = positionals;
  try {
    if (command === 'pump' && rest.length === 1 && rest[0] === 'demo')
      return pumpDemoCommand({ json: values.json });
    if (command === 'experiment' && rest.length <= 1) {
      return await experimentCommand(rest[0], {
        json: values.json,
        ...(values.out === undefined ? {} : { out: values.out }),
      });
    }
  } catch (error) {
    if (error instanceof RangeError) {
      console.error(`csii ${command}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  console.error(`csii: unknown command '${positionals.join(' ')}'\n\n${USAGE}`);
  return 2;
}
