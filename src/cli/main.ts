// The `csii` command line: parses the subcommand and its flags and hands over to it.
import { parseArgs } from 'node:util';
import { pumpDemoCommand } from './pumpDemo.ts';

const USAGE = `Usage: csii <command> [options]

Commands:
  pump demo [--json]     run a scripted pump day and print its event log summary

Options:
  --json                 print the result as JSON
  -h, --help             show this help`;

export async function main(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`csii: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help === true || positionals.length === 0) {
    console.log(USAGE);
    return positionals.length === 0 && values.help !== true ? 2 : 0;
  }
  const command = positionals.join(' ');
  switch (command) {
    case 'pump demo':
      return pumpDemoCommand({ json: values.json });
    default:
      console.error(`csii: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
