import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { InsulinActionCurve } from './action.ts';
import {
  activityPerMinute,
  bilinearCurve,
  effectDurationMinutes,
  exponentialCurve,
  fractionAbsorbed,
  fractionRemaining,
  remainingIntegralMinutes,
} from './action.ts';
import { oref0DurationMinutes } from './curveSettings.ts';
import { exponentialRemaining, exponentialShape } from './exponential.ts';
import { curvePresets } from './presets.ts';

// One conformance suite for every curve (docs/conventions.md principle 11): the presets, plus
// settings at the edges of what validation allows. The exponential curve with peak/duration =
// 1 − 1/√2 has a = 2τ/td = 1 exactly, where oref0's own arrangement of the formula divides 0/0.
const curvesUnderTest: Record<string, InsulinActionCurve> = {
  ...curvePresets,
  exponentialLongestSlowest: exponentialCurve({
    durationMinutes: 480,
    peakMinutes: 120,
    delayMinutes: 60,
  }),
  exponentialShortestFastest: exponentialCurve({ durationMinutes: 300, peakMinutes: 35 }),
  exponentialRiseFactorOne: exponentialCurve({
    durationMinutes: 300,
    peakMinutes: 300 * (1 - Math.SQRT1_2),
  }),
  bilinearEightHoursDelayed: bilinearCurve({ durationMinutes: 480, delayMinutes: 15 }),
};

/**
 * Two times a few ulp apart can round the other way round: "never increasing" holds to 1e-15
 * of the dose, far below anything a pump resolves, and far below the 4e-5 step that oref0's
 * bilinear fits would take upward at the peak without our clamp.
 */
const ROUNDING = 1e-15;

/** Trapezoid integral of f over [from, to] with `steps` panels. */
function integrate(f: (t: number) => number, from: number, to: number, steps: number): number {
  const h = (to - from) / steps;
  let sum = (f(from) + f(to)) / 2;
  for (let i = 1; i < steps; i += 1) sum += f(from + i * h);
  return sum * h;
}

for (const [name, curve] of Object.entries(curvesUnderTest)) {
  const start = curve.delayMinutes;
  const end = effectDurationMinutes(curve);
  const timeAround = fc.double({ min: -120, max: end + 120, noNaN: true });

  test(`${name}: 1 until the delay ends`, () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: start, noNaN: true }), (t) => {
        assert.equal(fractionRemaining(curve, t), 1);
        assert.equal(activityPerMinute(curve, t), 0);
      }),
    );
  });

  test(`${name}: never increasing, between 0 and 1`, () => {
    fc.assert(
      fc.property(timeAround, timeAround, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const remainingEarly = fractionRemaining(curve, early);
        assert.ok(
          remainingEarly + ROUNDING >= fractionRemaining(curve, late),
          `${early} → ${late}`,
        );
        assert.ok(remainingEarly >= 0 && remainingEarly <= 1, `${remainingEarly} at ${early}`);
      }),
    );
    // Random doubles almost never land on a kink; a dense grid through the peak does.
    const peak = start + curve.peakMinutes;
    const grid = [peak - 1e-9, peak, peak + 1e-9];
    for (let t = -1; t <= end + 1; t += 0.01) grid.push(t);
    grid.sort((x, y) => x - y);
    let previous = Infinity;
    for (const t of grid) {
      const remaining = fractionRemaining(curve, t);
      assert.ok(
        remaining <= previous + ROUNDING,
        `increases at t = ${t}: ${previous} → ${remaining}`,
      );
      previous = remaining;
    }
  });

  test(`${name}: 0 from delay + duration on`, () => {
    assert.equal(end, curve.delayMinutes + curve.durationMinutes);
    fc.assert(
      fc.property(fc.double({ min: end, max: end + 1e5, noNaN: true }), (t) => {
        assert.equal(fractionRemaining(curve, t), 0);
        assert.equal(activityPerMinute(curve, t), 0);
        assert.equal(fractionAbsorbed(curve, t), 1);
      }),
    );
    // oref0's bilinear IOB fit reaches 0 at 97.5 % of the duration (scaled 175.5 of 180 min).
    const lateMinutes = start + 0.95 * curve.durationMinutes;
    assert.ok(fractionRemaining(curve, lateMinutes) > 0, 'still acting late in the duration');
  });

  test(`${name}: activity is never negative and integrates to 1 over the duration`, () => {
    fc.assert(fc.property(timeAround, (t) => activityPerMinute(curve, t) >= 0));
    const total = integrate((t) => activityPerMinute(curve, t), start, end, 20_000);
    assert.ok(Math.abs(total - 1) < 1e-5, `∫ activity = ${total}`);
  });

  test(`${name}: activity is highest at delay + peak`, () => {
    let bestTime = 0;
    let best = -1;
    for (let t = start; t <= end; t += 0.05) {
      const activity = activityPerMinute(curve, t);
      if (activity > best) [best, bestTime] = [activity, t];
    }
    assert.ok(Math.abs(bestTime - (start + curve.peakMinutes)) <= 0.05, `peak at ${bestTime}`);
  });

  test(`${name}: closed-form integrals match numerical quadrature`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: end + 60, noNaN: true }), (t) => {
        const steps = Math.max(1, Math.ceil(t * 20));
        const remainingArea = integrate((s) => fractionRemaining(curve, s), 0, t, steps);
        const absorbed = integrate((s) => activityPerMinute(curve, s), 0, t, steps);
        assert.ok(Math.abs(remainingIntegralMinutes(curve, t) - remainingArea) < 1e-5, `t = ${t}`);
        assert.ok(Math.abs(fractionAbsorbed(curve, t) - absorbed) < 1e-5, `t = ${t}`);
      }),
      { numRuns: 40 },
    );
  });

  // For the exponential curve activity is exactly the negative slope of what remains. oref0's
  // bilinear curve pairs a triangle of activity with separately fitted IOB polynomials that
  // differ from 1 − ∫activity by up to 0.028 near the peak (see bilinear.ts); we keep both.
  test(`${name}: what remains and what has acted add up to the dose`, () => {
    const tolerance = curve.kind === 'exponential' ? 1e-12 : 0.028;
    fc.assert(
      fc.property(timeAround, (t) => {
        const total = fractionRemaining(curve, t) + fractionAbsorbed(curve, t);
        assert.ok(Math.abs(total - 1) <= tolerance, `t = ${t}: ${total}`);
      }),
    );
  });
}

test('the bilinear curve stays within 0.00023 of oref0 fits despite the monotone clamps', () => {
  // oref0 0.7.1 calculate.js, iobCalcBilinear, restated here as an independent oracle.
  const oref0Bilinear = (minutes: number, diaHours: number): number => {
    const scaled = (3 / diaHours) * minutes;
    if (scaled < 75) {
      const x = scaled / 5 + 1;
      return -0.001852 * x * x + 0.001852 * x + 1;
    }
    if (scaled >= 180) return 0;
    const x = (scaled - 75) / 5;
    return 0.001323 * x * x - 0.054233 * x + 0.55556;
  };
  for (const diaHours of [3, 4, 8]) {
    const curve = bilinearCurve({ durationMinutes: diaHours * 60 });
    let worst = 0;
    for (let t = 0; t <= diaHours * 60 + 5; t += 0.1) {
      worst = Math.max(worst, Math.abs(fractionRemaining(curve, t) - oref0Bilinear(t, diaHours)));
    }
    assert.ok(worst < 0.00023, `DIA ${diaHours} h: ${worst}`);
    assert.ok(worst > 0.0002, 'the clamps do act where the fit turns negative');
  }
});

test('invalid settings are refused with the field, the value and the allowed range', () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => exponentialCurve({ durationMinutes: 240, peakMinutes: 75 }),
      /^durationMinutes = 240 is outside 300–480 min \(oref0 requires/,
    ],
    [
      () => exponentialCurve({ durationMinutes: 600, peakMinutes: 75 }),
      /^durationMinutes = 600 is outside 120–480 min \(pumps allow/,
    ],
    [
      () => bilinearCurve({ durationMinutes: 100 }),
      /^durationMinutes = 100 is outside 120–480 min/,
    ],
    [
      () => bilinearCurve({ durationMinutes: 150 }),
      /^durationMinutes = 150 is outside 180–480 min/,
    ],
    [
      () => exponentialCurve({ durationMinutes: 300, peakMinutes: 30 }),
      /^peakMinutes = 30 is outside 35–120 min/,
    ],
    [
      () => exponentialCurve({ durationMinutes: 300, peakMinutes: 121 }),
      /^peakMinutes = 121 is outside 35–120 min/,
    ],
    [
      () => exponentialCurve({ durationMinutes: 300, peakMinutes: Number.NaN }),
      /^peakMinutes = NaN/,
    ],
    [
      () => exponentialCurve({ durationMinutes: 300, peakMinutes: 75, delayMinutes: -1 }),
      /^delayMinutes = -1 is outside 0–60 min/,
    ],
    [
      () => bilinearCurve({ durationMinutes: 180, delayMinutes: Infinity }),
      /^delayMinutes = Infinity/,
    ],
  ];
  for (const [make, message] of cases)
    assert.throws(make, (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, message);
      return true;
    });
});

test('a hand-written curve is validated before it is first evaluated', () => {
  const wrongPeak: InsulinActionCurve = {
    kind: 'bilinear',
    durationMinutes: 240,
    peakMinutes: 75,
    delayMinutes: 0,
  };
  assert.throws(
    () => fractionRemaining(wrongPeak, 30),
    /^RangeError: peakMinutes = 75 must equal durationMinutes × 75\/180 = 100 min/,
  );
  const unknownKind = { ...wrongPeak, kind: 'walsh' } as unknown as InsulinActionCurve;
  assert.throws(() => activityPerMinute(unknownKind, 30), /kind = walsh must be/);
  const valid: InsulinActionCurve = { ...wrongPeak, peakMinutes: 100 };
  assert.equal(
    fractionRemaining(valid, 100),
    fractionRemaining(bilinearCurve({ durationMinutes: 240 }), 100),
  );
});

test('oref0 raises a pump DIA to 3 h, and to 5 h for exponential curves', () => {
  assert.equal(oref0DurationMinutes('exponential', 240), 300);
  assert.equal(oref0DurationMinutes('exponential', 360), 360);
  assert.equal(oref0DurationMinutes('bilinear', 120), 180);
  assert.equal(oref0DurationMinutes('bilinear', 240), 240);
});

test('presets carry the published settings and are immutable', () => {
  const { rapidActing, ultraRapid, loopRapidActing, loopUltraRapid, bilinear } = curvePresets;
  assert.deepEqual(
    { ...rapidActing },
    { kind: 'exponential', durationMinutes: 300, peakMinutes: 75, delayMinutes: 0 },
  );
  assert.deepEqual(
    { ...ultraRapid },
    { kind: 'exponential', durationMinutes: 300, peakMinutes: 55, delayMinutes: 0 },
  );
  assert.deepEqual(
    { ...loopRapidActing },
    { kind: 'exponential', durationMinutes: 360, peakMinutes: 75, delayMinutes: 10 },
  );
  assert.deepEqual(
    { ...loopUltraRapid },
    { kind: 'exponential', durationMinutes: 360, peakMinutes: 55, delayMinutes: 10 },
  );
  assert.deepEqual(
    { ...bilinear },
    { kind: 'bilinear', durationMinutes: 180, peakMinutes: 75, delayMinutes: 0 },
  );
  for (const curve of Object.values(curvePresets)) assert.ok(Object.isFrozen(curve));
});

test('the Loop variant is the oref0 curve shifted by its delay', () => {
  const undelayed = exponentialCurve({ durationMinutes: 360, peakMinutes: 75 });
  fc.assert(
    fc.property(fc.double({ min: 0, max: 400, noNaN: true }), (t) => {
      const delayed = fractionRemaining(curvePresets.loopRapidActing, t + 10);
      assert.ok(Math.abs(delayed - fractionRemaining(undelayed, t)) < 1e-12);
    }),
  );
});

test('whole minutes read the exponential formula itself, however often and in whatever order', () => {
  const curve = exponentialCurve({ durationMinutes: 300, peakMinutes: 55, delayMinutes: 10 });
  const shape = exponentialShape(300, 55);
  const formula = (t: number) => (t - 10 <= 0 ? 1 : exponentialRemaining(shape, t - 10));
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.integer({ min: -20, max: 340 }),
          fc.double({ min: -20, max: 340, noNaN: true }),
        ),
        { minLength: 1, maxLength: 40 },
      ),
      (times) => {
        for (const t of [...times, ...times]) assert.equal(fractionRemaining(curve, t), formula(t));
      },
    ),
  );
});
