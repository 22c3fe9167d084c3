import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insulinOnBoard } from '../insulin/index.ts';
import { PumpEngine } from './engine.ts';
import {
  actionCurve,
  deliveredDoses,
  pumpInsulinOnBoard,
  pumpInsulinOnBoardUnits,
} from './onBoard.ts';
import { DEFAULT_PUMP_SETTINGS } from './settings.ts';
import { dayPattern, settingsWith } from './testSupport.ts';

test('insulin on board leaves out boluses that no longer act, and IOB alone sums to the same bits', () => {
  const bolus = fc.record({
    minute: fc.integer({ min: 1, max: 1000 }),
    units: fc.integer({ min: 1, max: 80 }).map((tenths) => tenths / 10),
    extended: fc.boolean(),
  });
  fc.assert(
    fc.property(
      fc.array(bolus, { maxLength: 8 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 1, max: 600 }),
      (boluses, tempAt, askAfter) => {
        const engine = new PumpEngine({
          settings: settingsWith({ basalPatterns: [dayPattern()] }),
          startMinutes: 0,
          keepLog: false,
        });
        engine.execute({ type: 'fill_reservoir', units: 250 }, 0);
        engine.execute({ type: 'resume', source: 'user' }, 0);
        const askAt = 1000 + askAfter;
        for (let minute = 1; minute <= askAt; minute += 1) {
          engine.tick(minute);
          if (minute === tempAt) {
            const tempBasal = { kind: 'percent' as const, percent: 40, durationMinutes: 120 };
            engine.execute({ type: 'start_temp_basal', tempBasal, source: 'user' }, minute);
          }
          for (const b of boluses.filter((x) => x.minute === minute)) {
            const request = b.extended
              ? { kind: 'extended' as const, units: b.units, durationMinutes: 60 }
              : { kind: 'normal' as const, units: b.units };
            engine.execute({ type: 'deliver_bolus', bolus: request, source: 'user' }, minute);
          }
        }
        const now = askAt * 60;
        const everything = insulinOnBoard(
          deliveredDoses(engine.state, now),
          askAt,
          actionCurve(engine.state.settings.calculator),
        );
        assert.deepEqual(pumpInsulinOnBoard(engine.state, now), everything);
        assert.ok(Object.is(pumpInsulinOnBoardUnits(engine.state, now), everything.iobUnits));
      },
    ),
    { numRuns: 40 },
  );
});

test('pumps with equal calculator settings share one action curve; other settings get their own', () => {
  const calculator = (insulinCurve: 'rapid-acting' | 'bilinear', activeInsulinHours: number) =>
    settingsWith({
      calculator: { ...DEFAULT_PUMP_SETTINGS.calculator, insulinCurve, activeInsulinHours },
    }).calculator;
  const first = actionCurve(calculator('rapid-acting', 5));
  assert.equal(actionCurve(calculator('rapid-acting', 5)), first);
  assert.notEqual(actionCurve(calculator('rapid-acting', 6)), first);
  assert.equal(actionCurve(calculator('bilinear', 5)).kind, 'bilinear');
  assert.equal(first.kind, 'exponential');
  assert.equal(first.durationMinutes, 300);
});
