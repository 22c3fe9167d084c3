// One conformance suite for every controller: properties any closed-loop controller must have,
// whatever its algorithm. Each controller's test file calls `registerControllerConformance`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rapidActing } from '../../insulin/index.ts';
import type { Controller, ControllerInput, ControllerSettings } from './types.ts';

const SETTINGS: ControllerSettings = {
  scheduledBasalUnitsPerHour: 0.8,
  sensitivityMgdlPerUnit: 50,
  carbRatioGramsPerUnit: 12,
  targetMgdl: 110,
  suspendBelowMgdl: 70,
  maxBasalUnitsPerHour: 3.2,
  maxIobUnits: 8,
  maxAutoBolusUnits: 0.4,
  insulinCurve: rapidActing,
  bodyWeightKg: 75,
  totalDailyDoseUnits: 40,
};

/** A CGM history ending at `now` that moves linearly at `slopeMgdlPerMinute`. */
export function linearHistory(
  now: number,
  glucoseMgdl: number,
  slopeMgdlPerMinute: number,
  minutes = 120,
) {
  const points = [];
  for (let t = now - minutes; t <= now; t += 5)
    points.push({ atMinutes: t, glucoseMgdl: glucoseMgdl + slopeMgdlPerMinute * (t - now) });
  return points;
}

export function controllerInput(
  overrides: Partial<ControllerInput> & { glucoseMgdl?: number; slope?: number } = {},
): ControllerInput {
  const now = overrides.nowMinutes ?? 10_000;
  const { glucoseMgdl = 120, slope = 0, ...rest } = overrides;
  return {
    nowMinutes: now,
    minuteOfDay: now % 1440,
    cgm: linearHistory(now, glucoseMgdl, slope),
    iobUnits: 0,
    activityUnitsPerMinute: 0,
    tempBasal: null,
    announcedCarbs: [],
    recentDeliveries: [],
    settings: SETTINGS,
    ...rest,
  };
}

export function registerControllerConformance(label: string, make: () => Controller): void {
  test(`controller conformance [${label}]: recommendations are finite, non-negative and give reasons`, () => {
    fc.assert(
      fc.property(
        fc.double({ min: 40, max: 400, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -3, max: 10, noNaN: true }),
        (glucoseMgdl, slope, iobUnits) => {
          const rec = make().recommend(controllerInput({ glucoseMgdl, slope, iobUnits }));
          const rate = rec.tempBasal?.rateUnitsPerHour ?? 0;
          assert.ok(Number.isFinite(rate) && rate >= 0, `rate ${rate}`);
          assert.ok(
            Number.isFinite(rec.bolusUnits) && rec.bolusUnits >= 0,
            `bolus ${rec.bolusUnits}`,
          );
          assert.ok(rec.reasons.length > 0, 'reasons');
        },
      ),
      { numRuns: 300 },
    );
  });

  test(`controller conformance [${label}]: low and falling glucose suspends insulin`, () => {
    const rec = make().recommend(controllerInput({ glucoseMgdl: 75, slope: -2 }));
    assert.equal(rec.bolusUnits, 0);
    assert.equal(rec.tempBasal?.rateUnitsPerHour, 0);
  });

  test(`controller conformance [${label}]: high and rising glucose asks for more than the scheduled basal`, () => {
    const rec = make().recommend(controllerInput({ glucoseMgdl: 250, slope: 1 }));
    const rate = rec.tempBasal?.rateUnitsPerHour ?? SETTINGS.scheduledBasalUnitsPerHour;
    assert.ok(
      rate > SETTINGS.scheduledBasalUnitsPerHour || rec.bolusUnits > 0,
      `rate ${rate}, bolus ${rec.bolusUnits}`,
    );
  });

  test(`controller conformance [${label}]: time-shift invariance (only relative times matter)`, () => {
    fc.assert(
      fc.property(
        fc.double({ min: 60, max: 300, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 100 }).map((d) => d * 1440),
        (glucoseMgdl, slope, shift) => {
          const a = make().recommend(controllerInput({ glucoseMgdl, slope, nowMinutes: 10_000 }));
          const b = make().recommend(
            controllerInput({ glucoseMgdl, slope, nowMinutes: 10_000 + shift }),
          );
          assert.deepEqual(
            { t: a.tempBasal, b: a.bolusUnits },
            { t: b.tempBasal, b: b.bolusUnits },
          );
        },
      ),
      { numRuns: 100 },
    );
  });
}
