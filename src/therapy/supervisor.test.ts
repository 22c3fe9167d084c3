import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { supervise, type SupervisorLimits } from './supervisor.ts';

const limits: SupervisorLimits = {
  programmedBasalUnitsPerHour: 0.8,
  maxBasalUnitsPerHour: 3,
  maxIobUnits: 6,
  maxAutoBolusUnitsPerHour: 2,
  suspendBelowMgdl: 70,
  pulseUnits: 0.05,
  staleAfterMinutes: 20,
  maxRateMgdlPerMinute: 10,
  sensorRangeMgdl: { low: 40, high: 400 },
};

const anyNumber = fc.oneof(
  fc.double({ min: -100, max: 100, noNaN: false }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1e9),
);

const cgmArb = fc.array(
  fc.record({
    gap: fc.integer({ min: 1, max: 40 }),
    glucoseMgdl: fc.oneof(fc.double({ min: 20, max: 450, noNaN: true }), fc.constant(Number.NaN)),
  }),
  { minLength: 0, maxLength: 12 },
);

test('whatever the controller says, no limit is ever broken (fuzzed recommendations and data)', () => {
  fc.assert(
    fc.property(
      cgmArb,
      fc.integer({ min: 0, max: 60 }),
      fc.double({ min: -5, max: 15, noNaN: true }),
      fc.array(
        fc.record({
          ago: fc.integer({ min: 0, max: 120 }),
          units: fc.double({ min: 0, max: 2, noNaN: true }),
        }),
        { maxLength: 10 },
      ),
      fc.option(fc.record({ rateUnitsPerHour: anyNumber, durationMinutes: fc.constant(30) }), {
        nil: null,
      }),
      anyNumber,
      (points, sinceLast, iobUnits, past, tempBasal, bolusUnits) => {
        let t = 0;
        const cgm = points.map((p) => ({ atMinutes: (t += p.gap), glucoseMgdl: p.glucoseMgdl }));
        const now = t + sinceLast;
        const recentAutoBoluses = past.map((b) => ({ atMinutes: now - b.ago, units: b.units }));
        const out = supervise({
          nowMinutes: now,
          cgm,
          iobUnits,
          recentAutoBoluses,
          recommendation: { tempBasal, bolusUnits, reasons: ['fuzz'] },
          limits,
        });
        // Every output is a number within its limits.
        assert.ok(Number.isFinite(out.bolusUnits) && out.bolusUnits >= 0);
        const rate =
          out.basal.kind === 'temp'
            ? out.basal.rateUnitsPerHour
            : limits.programmedBasalUnitsPerHour;
        assert.ok(Number.isFinite(rate) && rate >= 0 && rate <= limits.maxBasalUnitsPerHour);
        // Whole pulses.
        assert.ok(
          Math.abs(
            out.bolusUnits / limits.pulseUnits - Math.round(out.bolusUnits / limits.pulseUnits),
          ) < 1e-9,
        );
        // Insulin on board never taken above its maximum by a bolus.
        assert.ok(out.bolusUnits === 0 || iobUnits + out.bolusUnits <= limits.maxIobUnits + 1e-9);
        // The hourly maximum of automatic boluses.
        const lastHour = recentAutoBoluses
          .filter((b) => now - b.atMinutes < 60)
          .reduce((s, b) => s + b.units, 0);
        assert.ok(
          out.bolusUnits === 0 ||
            lastHour + out.bolusUnits <= limits.maxAutoBolusUnitsPerHour + 1e-9,
        );
        // At or above maximum IOB no rate above the programmed basal.
        if (iobUnits >= limits.maxIobUnits)
          assert.ok(rate <= limits.programmedBasalUnitsPerHour + 1e-12);
        const latest = cgm.at(-1);
        // Stale or missing data: the programmed basal and nothing more.
        if (latest === undefined || now - latest.atMinutes > limits.staleAfterMinutes) {
          assert.deepEqual(out.basal, { kind: 'programmed' });
          assert.equal(out.bolusUnits, 0);
        } else if (
          Number.isFinite(latest.glucoseMgdl) &&
          latest.glucoseMgdl >= 40 &&
          latest.glucoseMgdl < limits.suspendBelowMgdl
        ) {
          // A plausible low reading: suspended.
          const previous = cgm.at(-2);
          const jump =
            previous === undefined
              ? 0
              : Math.abs(latest.glucoseMgdl - previous.glucoseMgdl) /
                (latest.atMinutes - previous.atMinutes);
          if (jump <= limits.maxRateMgdlPerMinute) {
            assert.equal(rate, 0);
            assert.equal(out.bolusUnits, 0);
          }
        }
        // Every override says why.
        for (const reason of out.overrides) assert.ok(reason.length > 10);
      },
    ),
    { numRuns: 5000 },
  );
});

test('the override reasons name the limit and the numbers', () => {
  const cgm = [
    { atMinutes: 0, glucoseMgdl: 180 },
    { atMinutes: 5, glucoseMgdl: 190 },
  ];
  const out = supervise({
    nowMinutes: 5,
    cgm,
    iobUnits: 5.5,
    recentAutoBoluses: [{ atMinutes: 0, units: 1.5 }],
    recommendation: {
      tempBasal: { rateUnitsPerHour: 9, durationMinutes: 30 },
      bolusUnits: 2,
      reasons: ['test'],
    },
    limits,
  });
  assert.deepEqual(out.basal, { kind: 'temp', rateUnitsPerHour: 3, durationMinutes: 30 });
  assert.equal(out.bolusUnits, 0.5);
  assert.match(out.overrides.join(' | '), /capped at the maximum basal 3 U\/h/);
  assert.match(out.overrides.join(' | '), /cut to 0\.50 U: insulin on board 5\.50 U, maximum 6 U/);
  const stale = supervise({
    nowMinutes: 40,
    cgm,
    iobUnits: 0,
    recentAutoBoluses: [],
    recommendation: { tempBasal: null, bolusUnits: 1, reasons: ['x'] },
    limits,
  });
  assert.match(stale.overrides[0] ?? '', /no CGM reading for more than 20 min/);
  const jump = supervise({
    nowMinutes: 10,
    cgm: [...cgm, { atMinutes: 10, glucoseMgdl: 300 }],
    iobUnits: 0,
    recentAutoBoluses: [],
    recommendation: { tempBasal: null, bolusUnits: 1, reasons: ['x'] },
    limits,
  });
  assert.match(jump.overrides[0] ?? '', /a jump of 22\.0 mg\/dL\/min/);
});
