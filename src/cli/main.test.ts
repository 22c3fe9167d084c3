import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { csii as run } from '../../test/cli.ts';

test('csii pump demo prints totals, boluses, alarms and refusals', async () => {
  const { code, out } = await run(['pump', 'demo']);
  assert.equal(code, 0);
  assert.match(out, /Delivered\s+basal \d+\.\d\d U\s+bolus 12\.50 U/);
  assert.match(out, /occlusion raised \(3 U missed\)/);
  assert.match(out, /bolus_above_max_bolus/);
  assert.match(out, /replaying it gives the live state/);
});

test('csii pump demo --json prints the same summary as JSON', async () => {
  const { code, out } = await run(['pump', 'demo', '--json']);
  assert.equal(code, 0);
  const summary = JSON.parse(out);
  assert.equal(summary.boluses.length, 3);
  assert.equal(summary.refusals.length, 1);
  assert.equal(summary.replayMatchesLive, true);
  const t = summary.totals;
  assert.ok(Math.abs(t.basalUnits + t.bolusUnits - t.totalUnits) < 1e-9);
  const text = await run(['pump', 'demo']);
  assert.ok(text.out.includes(`bolus ${t.bolusUnits.toFixed(2)} U`));
});

test('csii refuses an unknown command or flag with usage and exit code 2', async () => {
  const unknown = await run(['pump', 'explode']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command 'pump explode'/);
  const flag = await run(['pump', 'demo', '--colour']);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /--colour/);
});

test('csii --version prints the package version', async () => {
  const { code, out } = await run(['--version']);
  assert.equal(code, 0);
  const { version } = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  assert.equal(out.trim(), `csii ${version}`);
});
