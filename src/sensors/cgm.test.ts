import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../random/rng.ts';
import { createCgm, type CgmOptionsInput, type CgmReading } from './cgm.ts';

/** Calls the CGM every `stepMinutes` from 0 to `endMinutes` on a glucose curve. */
function run(
  options: CgmOptionsInput,
  seed: number,
  { stepMinutes = 1, endMinutes = 24 * 60, glucose = (t: number) => 120 + 60 * Math.sin(t / 180) },
): CgmReading[] {
  const cgm = createCgm(options, new Rng(seed));
  const readings: CgmReading[] = [];
  for (let t = 0; t <= endMinutes + 1e-9; t += stepMinutes) {
    const reading = cgm.sample(t, glucose(t));
    if (reading !== null) readings.push(reading);
  }
  return readings;
}

test('the same seed gives the same readings, another seed others', () => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const options = { dropout: { startProbabilityPerSample: 0.05 } };
      const a = run(options, seed, { endMinutes: 600 });
      const b = run(options, seed, { endMinutes: 600 });
      assert.deepEqual(a, b);
      const c = run(options, seed + 1, { endMinutes: 600 });
      assert.notDeepEqual(
        a.map((r) => r.glucoseMgdl),
        c.map((r) => r.glucoseMgdl),
      );
    }),
    { numRuns: 25 },
  );
});

test('a sample every 5 minutes from startMinutes, null between samples', () => {
  const cgm = createCgm({ startMinutes: 2 }, new Rng(1));
  const sampledAt: number[] = [];
  for (let t = 0; t <= 30; t += 1) {
    const reading = cgm.sample(t, 100);
    if (reading !== null) {
      sampledAt.push(t);
      assert.equal(reading.sampleIndex, (t - 2) / 5);
    }
  }
  assert.deepEqual(sampledAt, [2, 7, 12, 17, 22, 27]);
});

test('nextDueMinutes tells exactly when sample stops returning null', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 12, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.integer({ min: 0, max: 30 }),
      (steps, startMinutes) => {
        const cgm = createCgm({ startMinutes }, new Rng(1));
        let t = 0;
        for (const step of steps) {
          t += step;
          const due = t >= cgm.nextDueMinutes;
          assert.equal(cgm.sample(t, 120) !== null, due, `at ${t} min`);
        }
      },
    ),
  );
});

test('float time steps that land a hair before a sample time still take the sample', () => {
  const cgm = createCgm({}, new Rng(2));
  let count = 0;
  let t = 0;
  for (let i = 0; i <= 600; i += 1) {
    if (cgm.sample(t, 100) !== null) count += 1;
    t += 0.1; // accumulates rounding error: 0.1 is not exact in binary
  }
  assert.equal(count, 13); // t = 0, 5, …, 60
});

test('sample k is the same whatever the caller step (1, 5 or 15 min)', () => {
  const options = { dropout: { startProbabilityPerSample: 0.05, meanDurationMinutes: 20 } };
  const byIndex = (readings: CgmReading[]) =>
    new Map(readings.map((r) => [r.sampleIndex, r.glucoseMgdl]));
  const everyMinute = byIndex(run(options, 77, { stepMinutes: 1 }));
  const everyFive = byIndex(run(options, 77, { stepMinutes: 5 }));
  const everyFifteen = byIndex(run(options, 77, { stepMinutes: 15 }));
  assert.equal(everyMinute.size, 289);
  assert.deepEqual(everyFive, everyMinute);
  assert.equal(everyFifteen.size, 97);
  for (const [k, value] of everyFifteen) assert.equal(value, everyMinute.get(k));
});

test('without noise a reading is the rounded glucose, LOW below 40 and HIGH above 400', () => {
  const cgm = createCgm({ noise: { enabled: false }, periodMinutes: 1 }, new Rng(3));
  const cases: Array<[number, string, number]> = [
    [120.4, 'ok', 120],
    [120.5, 'ok', 121],
    [40, 'ok', 40],
    [39.5, 'ok', 40], // rounds to 40, which the display shows
    [39.4, 'low', 40],
    [12, 'low', 40],
    [400.4, 'ok', 400],
    [400.5, 'high', 400],
    [550, 'high', 400],
  ];
  cases.forEach(([glucose, status, shown], i) => {
    const reading = cgm.sample(i, glucose);
    assert.ok(reading !== null && reading.status !== 'dropout');
    assert.equal(reading.status, status, `glucose ${glucose}`);
    assert.equal(reading.glucoseMgdl, shown, `glucose ${glucose}`);
    assert.equal(reading.rawGlucoseMgdl, glucose);
  });
});

test('noisy readings are integers in 40–400; a patient at 30 mg/dL mostly reads LOW', () => {
  const readings = run({}, 9, { endMinutes: 3 * 24 * 60, glucose: () => 30 });
  let low = 0;
  for (const r of readings) {
    assert.ok(r.status !== 'dropout');
    assert.ok(Number.isInteger(r.glucoseMgdl) && r.glucoseMgdl >= 40 && r.glucoseMgdl <= 400);
    if (r.status === 'low') {
      low += 1;
      assert.ok(Math.round(r.rawGlucoseMgdl) < 40);
    }
  }
  // The error's SD is about 12 mg/dL: 30 + noise stays under 39.5 most of the time.
  assert.ok(low / readings.length > 0.7, `LOW fraction ${low / readings.length}`);
});

test('dropouts start at the configured rate with the configured mean length', () => {
  // p = 0.02 per sample, mean 30 min = 6 samples. An "up" run lasts (1 − p)/p samples on
  // average and a dropout m, so the dropped fraction is p·m/(p·m + 1 − p) = 0.12/1.10.
  const p = 0.02;
  const meanSamples = 6;
  const options = {
    noise: { enabled: false },
    dropout: { startProbabilityPerSample: p, meanDurationMinutes: 30 },
  };
  const readings = run(options, 11, {
    stepMinutes: 5,
    endMinutes: 5 * 300_000,
    glucose: () => 120,
  });
  let dropped = 0;
  let starts = 0;
  let eligible = 0;
  let previous = false;
  for (const r of readings) {
    const isDropped = r.status === 'dropout';
    if (isDropped) dropped += 1;
    if (isDropped && !previous) starts += 1;
    if (!previous) eligible += 1; // a sample after a good one may start a dropout
    previous = isDropped;
  }
  const startRate = starts / eligible;
  const meanLength = dropped / starts;
  const fraction = dropped / readings.length;
  const expectedFraction = (p * meanSamples) / (p * meanSamples + 1 - p);
  console.log(
    `dropouts: start rate ${startRate.toFixed(4)} (0.02), mean length ${meanLength.toFixed(2)} ` +
      `samples (6), dropped ${(100 * fraction).toFixed(2)} % (${(100 * expectedFraction).toFixed(2)} %)`,
  );
  // Back-to-back dropouts merge into one run (the mean merged length is 6/(1 − p) = 6.12), so
  // the observed start rate and length are checked loosely; the dropped fraction does not
  // depend on merging. Its standard error over ~5,500 up/down cycles is about 0.0014.
  assert.ok(Math.abs(startRate - p) < 0.002, `start rate ${startRate}`);
  assert.ok(Math.abs(meanLength - meanSamples) < 0.4, `mean length ${meanLength}`);
  assert.ok(Math.abs(fraction - expectedFraction) < 0.006, `fraction ${fraction}`);
});

test('switching dropouts on does not change the noise of the samples that remain', () => {
  const plain = run({}, 21, { endMinutes: 2000 });
  const gappy = run({ dropout: { startProbabilityPerSample: 0.1 } }, 21, { endMinutes: 2000 });
  assert.equal(plain.length, gappy.length);
  let compared = 0;
  gappy.forEach((r, i) => {
    if (r.status === 'dropout') return;
    assert.deepEqual(r, plain[i]);
    compared += 1;
  });
  assert.ok(compared > 200 && compared < plain.length);
});

test('calibration drift scales and offsets the reading linearly in days since the start', () => {
  const cgm = createCgm(
    { noise: { enabled: false }, drift: { gainPerDay: 0.1, offsetMgdlPerDay: 5 } },
    new Rng(4),
  );
  const at = (t: number) => cgm.sample(t, 100);
  // Day 0: 100; day 1: 100·1.1 + 5 = 115; day 2: 100·1.2 + 10 = 130.
  assert.equal(at(0)?.glucoseMgdl, 100);
  assert.equal(at(1440)?.glucoseMgdl, 115);
  assert.equal(at(2880)?.glucoseMgdl, 130);
});

test('options are validated and errors name the field and the value', () => {
  const rng = new Rng(1);
  assert.throws(() => createCgm({ periodMinutes: 0 }, rng), /periodMinutes = 0: Too small/);
  assert.throws(
    () => createCgm({ dropout: { startProbabilityPerSample: 1.5 } }, rng),
    /dropout\.startProbabilityPerSample = 1\.5/,
  );
  assert.throws(
    () => createCgm({ dropout: { meanDurationMinutes: 2 } }, rng),
    /dropout\.meanDurationMinutes = 2: .*at least periodMinutes/,
  );
  assert.throws(() => createCgm({ noise: { pacf: 1 } }, rng), /noise\.pacf = 1/);
  assert.throws(() => createCgm({ colour: 'red' } as never, rng), /Unrecognized key/);
  const defaults = createCgm({}, rng).options;
  assert.equal(defaults.periodMinutes, 5);
  assert.equal(defaults.range.lowMgdl, 40);
  assert.equal(defaults.range.highMgdl, 400);
  assert.equal(defaults.noise.pacf, 0.7);
});

test('time going back and impossible glucose are refused', () => {
  const cgm = createCgm({}, new Rng(1));
  cgm.sample(10, 100);
  assert.throws(() => cgm.sample(9, 100), /time went back/);
  assert.throws(() => cgm.sample(15, Number.NaN), /interstitialGlucoseMgdl/);
});
