import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PumpEngine, type PumpEvent } from '../pump/index.ts';
import { dayPattern, settingsWith } from '../pump/testSupport.ts';
import { detailWithoutTypeAndTime, pumpEventDetail } from './logDetail.ts';

/** Every event of a pump day with boluses of the given sizes at the given minutes. */
function pumpDay(boluses: readonly { minute: number; units: number; extended: boolean }[]) {
  const events: PumpEvent[] = [];
  const engine = new PumpEngine({
    settings: settingsWith({ basalPatterns: [dayPattern()] }),
    startMinutes: 0,
    keepLog: false,
    onEvent: (event) => events.push(event),
  });
  engine.execute({ type: 'fill_reservoir', units: 200 }, 0);
  engine.execute({ type: 'resume', source: 'user' }, 0);
  for (let minute = 1; minute <= 1440; minute += 1) {
    engine.tick(minute);
    for (const b of boluses) {
      if (b.minute !== minute) continue;
      const bolus = b.extended
        ? { kind: 'extended' as const, units: b.units, durationMinutes: 90 }
        : { kind: 'normal' as const, units: b.units };
      engine.execute({ type: 'deliver_bolus', bolus, source: 'user' }, minute);
    }
  }
  return events;
}

test('a written-out delivery detail is the generic copy, key for key and in the same order', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          minute: fc.integer({ min: 1, max: 1440 }),
          units: fc.integer({ min: 1, max: 100 }).map((tenths) => tenths / 10),
          extended: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
      (boluses) => {
        const events = pumpDay(boluses);
        assert.ok(events.some((e) => e.type === 'delivered'));
        for (const event of events) {
          const written = JSON.stringify(pumpEventDetail(event));
          assert.equal(written, JSON.stringify(detailWithoutTypeAndTime(event)));
          assert.ok(!('type' in pumpEventDetail(event)) && !('at' in pumpEventDetail(event)));
        }
      },
    ),
    { numRuns: 25 },
  );
});
