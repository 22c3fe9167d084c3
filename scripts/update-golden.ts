// Regenerates test/scenarios/*.expected.json from the current code. Run on purpose only
// (`npm run golden:update`), and review the diff before committing it.
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../src/cli/simulate.ts';
import { simulate } from '../src/sim/index.ts';
import { expectedFileFor, goldenScenarioFiles, goldenView } from '../test/golden.ts';

for (const file of goldenScenarioFiles()) {
  const loaded = await loadScenario(file);
  const result = simulate(loaded.scenario, { simglucosePatients: loaded.simglucosePatients });
  writeFileSync(expectedFileFor(file), `${JSON.stringify(goldenView(result), null, 1)}\n`);
  console.log(`wrote ${expectedFileFor(file)}`);
}
