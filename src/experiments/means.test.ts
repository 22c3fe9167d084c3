import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mean, meanOfFields } from './means.ts';

test('each field is averaged over the patients; no values give a missing (NaN) mean', () => {
  assert.deepEqual(
    meanOfFields([
      { a: 1, b: 10 },
      { a: 3, b: 20 },
    ]),
    { a: 2, b: 15 },
  );
  assert.ok(Number.isNaN(mean([])));
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }),
      (xs) => {
        const m = mean(xs);
        assert.ok(m >= Math.min(...xs) - 1e-6 && m <= Math.max(...xs) + 1e-6);
        assert.equal(meanOfFields(xs.map((x) => ({ x }))).x, m);
      },
    ),
  );
});
