// `npm run bench`: every benchmark in turn, each with its own in-process baseline.
const suites = ['pump', 'hovorka', 'uvaPadova', 'simulation', 'cohort'];

for (const name of suites) {
  const module = (await import(`./${name}.bench.ts`)) as { run: () => Promise<void> };
  await module.run();
}
