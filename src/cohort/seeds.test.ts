import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  groupIndexOf,
  hasDawnPhenomenon,
  patientSeed,
  PATIENTS_MAX,
  segmentSeed,
} from './seeds.ts';

const masterSeed = fc.integer({ min: 0, max: 0xffffffff });

test('patient seeds are distinct on the first 100,000 patient indices, for any master seed', () => {
  fc.assert(
    fc.property(masterSeed, (master) => {
      const seen = new Set<number>();
      for (let p = 0; p < 100_000; p += 1) seen.add(patientSeed(master, p));
      assert.equal(seen.size, 100_000);
    }),
    { numRuns: 5 },
  );
});

test('segment seeds are distinct on the first 100,000 (patient, segment) pairs', () => {
  fc.assert(
    fc.property(masterSeed, (master) => {
      const seen = new Set<number>();
      for (let k = 0; k < 10; k += 1) {
        for (let p = 0; p < PATIENTS_MAX; p += 1) seen.add(segmentSeed(master, p, k));
      }
      assert.equal(seen.size, 100_000);
    }),
    { numRuns: 5 },
  );
});

test('seeds are 32-bit unsigned integers that change with the master seed', () => {
  fc.assert(
    fc.property(masterSeed, fc.nat(PATIENTS_MAX - 1), fc.nat(99), (master, p, k) => {
      for (const seed of [patientSeed(master, p), segmentSeed(master, p, k)]) {
        assert.ok(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff);
      }
      const other = (master + 1) >>> 0;
      assert.notEqual(patientSeed(other, p), patientSeed(master, p));
      assert.notEqual(segmentSeed(other, p, k), segmentSeed(master, p, k));
    }),
  );
});

test('indices outside the cohort limits are refused with the allowed range', () => {
  assert.throws(() => segmentSeed(1, PATIENTS_MAX, 0), /patientIndex = 10000: integer 0–9999/);
  assert.throws(() => segmentSeed(1, 0, 100), /segmentIndex = 100: integer 0–99/);
  assert.throws(() => patientSeed(1, -1), /patientIndex = -1/);
});

test('behaviour groups hold their share of the population to within one patient', () => {
  const shares = fc
    .array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 })
    .map((weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      return weights.map((w) => w / total);
    });
  fc.assert(
    fc.property(masterSeed, fc.integer({ min: 1, max: 300 }), shares, (master, size, s) => {
      const counts = s.map(() => 0);
      for (let p = 0; p < size; p += 1) {
        const g = groupIndexOf(master, { populationSize: size, shares: s }, p);
        counts[g] = (counts[g] ?? 0) + 1;
        assert.equal(groupIndexOf(master, { populationSize: size, shares: s }, p), g);
      }
      s.forEach((share, g) => {
        assert.ok(Math.abs((counts[g] ?? 0) - share * size) <= 1 + 1e-9, `${counts} vs ${s}`);
      });
    }),
    { numRuns: 50 },
  );
});

test('which patient falls in which group depends on the master seed', () => {
  const options = { populationSize: 40, shares: [0.5, 0.5] };
  const groups = (master: number) =>
    Array.from({ length: 40 }, (_, p) => groupIndexOf(master, options, p)).join('');
  assert.notEqual(groups(1), groups(2));
});

test('a dawn phenomenon goes to its share of the population, in an order of its own', () => {
  fc.assert(
    fc.property(
      masterSeed,
      fc.integer({ min: 1, max: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (master, size, share) => {
        const options = { populationSize: size, share };
        const count = Array.from({ length: size }, (_, p) =>
          hasDawnPhenomenon(master, options, p),
        ).filter(Boolean).length;
        assert.ok(Math.abs(count - share * size) <= 1, `${count} of ${size} for ${share}`);
      },
    ),
    { numRuns: 50 },
  );
  // Not the behaviour groups' order: the first half by dawn is not the first group.
  const dawn = Array.from({ length: 40 }, (_, p) =>
    hasDawnPhenomenon(7, { populationSize: 40, share: 0.5 }, p),
  );
  const groups = Array.from(
    { length: 40 },
    (_, p) => groupIndexOf(7, { populationSize: 40, shares: [0.5, 0.5] }, p) === 0,
  );
  assert.notDeepEqual(dawn, groups);
});
