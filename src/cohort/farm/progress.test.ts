import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaSeconds, formatEta } from './progress.ts';

test('the ETA follows this run’s pace; resumed tasks do not count as speed', () => {
  // 10 tasks done in 20 s: 2 s a task, 15 to go.
  assert.equal(etaSeconds({ elapsedMs: 20_000, doneThisRun: 10, remaining: 15 }), 30);
  assert.equal(etaSeconds({ elapsedMs: 3_000, doneThisRun: 0, remaining: 15 }), null);
  assert.equal(etaSeconds({ elapsedMs: 1_000, doneThisRun: 3, remaining: 0 }), 0);
});

test('ETA text: seconds, minutes, hours', () => {
  assert.equal(formatEta(null), '…');
  assert.equal(formatEta(42), '42s');
  assert.equal(formatEta(185), '3m 05s');
  assert.equal(formatEta(2 * 3600 + 7 * 60 + 59), '2h 07m');
});
