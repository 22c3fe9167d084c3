import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng, deriveSeed } from './rng.ts';

test('the same seed gives the same sequence', () => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const a = new Rng(seed);
      const b = new Rng(seed);
      for (let i = 0; i < 20; i += 1) assert.equal(a.uniform(), b.uniform());
    }),
  );
});

test('uniform draws lie in [0, 1) and average one half', () => {
  const rng = new Rng(7);
  let sum = 0;
  const n = 100_000;
  for (let i = 0; i < n; i += 1) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
});

test('normal draws have mean 0 and variance 1', () => {
  const rng = new Rng(11);
  const n = 200_000;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i += 1) {
    const z = rng.normal();
    sum += z;
    sumSquares += z * z;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(sumSquares / n - mean * mean - 1) < 0.02);
});

test('integer draws cover both ends of the range', () => {
  const rng = new Rng(3);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i += 1) seen.add(rng.integer(1, 6));
  assert.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6]);
});

test('derived seeds differ between streams and are stable', () => {
  const seeds = new Set<number>();
  for (let i = 0; i < 10_000; i += 1) seeds.add(deriveSeed(42, i));
  assert.equal(seeds.size, 10_000);
  assert.equal(deriveSeed(42, 5), deriveSeed(42, 5));
  assert.notEqual(new Rng(1).fork(0).uniform(), new Rng(1).fork(1).uniform());
});
