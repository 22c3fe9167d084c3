import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insulinOnBoard, rapidActing } from '../insulin/index.ts';
import { recommendBolus } from './calculator.ts';
import { PumpEngine } from './engine.ts';
import { pumpInsulinOnBoard } from './onBoard.ts';
import { DEFAULT_PUMP_SETTINGS, parsePumpSettings } from './settings.ts';
import { settingsWith } from './testSupport.ts';

// Default settings: carb ratio 10 g/U, sensitivity 50 mg/dL/U, target 100–120 mg/dL, pulse
// 0.05 U, maximum bolus 15 U.
const settings = settingsWith();
const at = (carbsGrams: number, glucoseMgdl: number | undefined, iobUnits: number) =>
  recommendBolus(settings, {
    carbsGrams,
    iobUnits,
    localMinuteOfDay: 600,
    ...(glucoseMgdl === undefined ? {} : { glucoseMgdl }),
  });

test('calculator: carbs plus a correction above the range, less insulin on board', () => {
  // 60/10 = 6 U; (220 − 120)/50 = 2 U; 6 + 2 − 1.3 = 6.7 U.
  const r = at(60, 220, 1.3);
  assert.equal(r.units, 6.7);
  assert.ok(Math.abs(r.correctionUnits - 2) < 1e-12);
  assert.equal(r.cappedAtMaxBolus, false);
});

test('calculator: below the range the correction is negative, toward the low target', () => {
  // 30/10 = 3 U; (80 − 100)/50 = −0.4 U; 2.6 U.
  assert.equal(at(30, 80, 0).units, 2.6);
});

test('calculator: inside the range no correction; no glucose, no correction', () => {
  assert.equal(at(45, 110, 0).units, 4.5);
  assert.equal(at(45, undefined, 0).units, 4.5);
});

test('calculator: rounds down to the pulse, never below zero, caps at the maximum bolus and says so', () => {
  // 33/10 = 3.3, + (150−120)/50 = 0.6 → 3.9, − 0.26 → 3.64 → 3.6 (down to 0.05 U).
  assert.equal(at(33, 150, 0.26).units, 3.6);
  const none = at(0, 150, 5);
  assert.equal(none.units, 0);
  assert.ok(none.rawUnits < 0);
  const capped = at(200, 100, 0);
  assert.equal(capped.units, 15);
  assert.equal(capped.cappedAtMaxBolus, true);
  assert.match(capped.notes.join(' '), /maximum bolus of 15 U/);
});

test('calculator: the offer is a whole number of pulses in [0, max] and grows with carbs', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 300, noNaN: true }),
      fc.double({ min: 40, max: 400, noNaN: true }),
      fc.double({ min: -3, max: 20, noNaN: true }),
      fc.double({ min: 0, max: 50, noNaN: true }),
      (carbs, glucose, iob, extraCarbs) => {
        const r = at(carbs, glucose, iob);
        assert.ok(r.units >= 0 && r.units <= 15);
        const pulses = (r.units * 1000) / 50;
        assert.ok(Math.abs(pulses - Math.round(pulses)) < 1e-9);
        assert.ok(r.units <= Math.max(0, r.rawUnits) + 1e-9);
        assert.ok(at(carbs + extraCarbs, glucose, iob).units >= r.units);
      },
    ),
  );
});

// The same settings with insulin on board taken from the correction alone (Bolus Wizard style).
const correctionOnly = settingsWith({
  calculator: { ...DEFAULT_PUMP_SETTINGS.calculator, iobSubtracted: 'from-correction' },
});
const fromCorrection = (carbsGrams: number, glucoseMgdl: number, iobUnits: number) =>
  recommendBolus(correctionOnly, { carbsGrams, glucoseMgdl, iobUnits, localMinuteOfDay: 600 });

test('calculator, insulin on board from the correction alone: the food bolus stays whole', () => {
  // Above the range: 60/10 = 6 U; (220 − 120)/50 = 2 U; 2 − 1.3 = 0.7 U; 6.7 U as before.
  assert.equal(fromCorrection(60, 220, 1.3).units, 6.7);
  // More on board than the correction: the correction goes to zero, the 6 U for food remain
  // (from the total: 6 + 2 − 3 = 5 U).
  assert.equal(fromCorrection(60, 220, 3).units, 6);
  assert.equal(at(60, 220, 3).units, 5);
  // In the range, or below it, insulin on board takes nothing off: 4.5 U; 3 − 0.4 = 2.6 U.
  assert.equal(fromCorrection(45, 110, 2).units, 4.5);
  assert.equal(fromCorrection(30, 80, 2).units, 2.6);
});

test('calculator: insulin on board from the correction alone never offers less than from the total', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 150, noNaN: true }),
      fc.double({ min: 40, max: 400, noNaN: true }),
      fc.double({ min: 0, max: 20, noNaN: true }),
      (carbs, glucose, iob) => {
        const whole = fromCorrection(carbs, glucose, iob);
        assert.ok(whole.units >= at(carbs, glucose, iob).units);
        // At least the food bolus (rounded down, capped) when glucose is in or above the range.
        if (glucose >= 100)
          assert.ok(whole.units >= Math.min(15, Math.floor(carbs / 10 / 0.05) * 0.05) - 1e-9);
      },
    ),
  );
});

test('calculator: an unknown way of taking insulin on board off is refused, naming the field', () => {
  const parsed = parsePumpSettings({
    ...DEFAULT_PUMP_SETTINGS,
    calculator: { ...DEFAULT_PUMP_SETTINGS.calculator, iobSubtracted: 'from-meal' },
  });
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.equal(parsed.refusal.field, 'settings.calculator.iobSubtracted');
});

function runningPump() {
  const engine = new PumpEngine({ settings: settingsWith(), startMinutes: 0 });
  engine.execute({ type: 'fill_reservoir', units: 200 }, 0);
  engine.execute({ type: 'resume', source: 'user' }, 0);
  return engine;
}

test('insulin on board of a pump bolus follows the oref0 rapid-acting curve', () => {
  const engine = runningPump();
  engine.execute(
    { type: 'deliver_bolus', bolus: { kind: 'normal', units: 5 }, source: 'user' },
    60,
  );
  for (const minutes of [0, 30, 60, 120, 180, 240, 300]) {
    engine.tick(60 + 4 + minutes);
    const pump = pumpInsulinOnBoard(engine.state, (60 + 4 + minutes) * 60).iobUnits;
    // The pump gives 5 U over 200 s (1.5 U/min): the same as a bolus at most ~2 min later.
    const early = insulinOnBoard(
      [{ startMinutes: 60, units: 5, durationMinutes: 0 }],
      64 + minutes,
      rapidActing,
    ).iobUnits;
    const late = insulinOnBoard(
      [{ startMinutes: 64, units: 5, durationMinutes: 0 }],
      64 + minutes,
      rapidActing,
    ).iobUnits;
    assert.ok(
      pump >= early - 1e-9 && pump <= late + 1e-9,
      `${minutes} min: ${pump} not in [${early}, ${late}]`,
    );
  }
});

test('insulin on board counts temporary basals and suspensions net of the schedule', () => {
  const engine = runningPump();
  // Default schedule 0.8 U/h. A 0 % temp for 60 min withholds 0.8 U; a 150 % one adds 0.4 U/h.
  engine.execute(
    {
      type: 'start_temp_basal',
      tempBasal: { kind: 'percent', percent: 0, durationMinutes: 60 },
      source: 'user',
    },
    600,
  );
  engine.tick(700);
  const iob = pumpInsulinOnBoard(engine.state, 700 * 60).iobUnits;
  const expected = insulinOnBoard(
    [{ startMinutes: 600, units: -0.8, durationMinutes: 60 }],
    700,
    rapidActing,
  ).iobUnits;
  assert.ok(Math.abs(iob - expected) < 1e-9, `${iob} vs ${expected}`);
  engine.execute({ type: 'suspend', reason: 'disconnected', source: 'user' }, 700);
  engine.execute({ type: 'resume', source: 'user' }, 730);
  const withSuspension = pumpInsulinOnBoard(engine.state, 760 * 60).iobUnits;
  const expectedBoth = insulinOnBoard(
    [
      { startMinutes: 600, units: -0.8, durationMinutes: 60 },
      { startMinutes: 700, units: -0.4, durationMinutes: 30 },
    ],
    760,
    rapidActing,
  ).iobUnits;
  assert.ok(Math.abs(withSuspension - expectedBoth) < 1e-9, `${withSuspension} vs ${expectedBoth}`);
});
