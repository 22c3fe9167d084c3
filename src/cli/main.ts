// The `csii` command line: parses the subcommand and hands over to it.
export async function main(args: readonly string[]): Promise<number> {
  const [command] = args;
  console.log(`csii: unknown command ${command ?? '(none)'}`);
  return 2;
}
