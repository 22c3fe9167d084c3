import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PumpEngine, type PumpEvent } from '../pump/index.ts';
import { dayPattern, settingsWith } from '../pump/testSupport.ts';
import type { LogEntry } from './result.ts';
import { detailWithoutTypeAndTime, RunLog } from './runLog.ts';

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

test('the log gives back every entry as added, a delivery as the generic copy of its event', () => {
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
      fc.array(fc.integer({ min: 0, max: 1440 }), { maxLength: 20 }),
      fc.integer({ min: 0, max: 60 }),
      (boluses, decisionMinutes, runInMinutes) => {
        const events = pumpDay(boluses);
        assert.ok(events.some((e) => e.type === 'delivered'));
        // Entries of other sources, placed among the pump's by time, as a run adds them; what
        // falls in the run-in is left out, and times count from its end.
        const decisions = [...decisionMinutes].sort((a, b) => a - b);
        const log = new RunLog(runInMinutes);
        const expected: LogEntry[] = [];
        const expect = (atMinutes: number, source: string, type: string, detail: object) => {
          if (atMinutes < runInMinutes) return;
          const kept = detailWithoutTypeAndTime(detail);
          expected.push({ atMinutes: atMinutes - runInMinutes, source, type, detail: kept });
        };
        let next = 0;
        for (const event of events) {
          while (next < decisions.length && decisions[next]! <= event.at) {
            const detail = { glucoseMgdl: decisions[next]! };
            expect(decisions[next]!, 'therapy', 'check', detail);
            log.add(decisions[next]!, 'therapy', 'check', detail);
            next += 1;
          }
          expect(event.at, 'pump', event.type, event);
          if (event.type === 'delivered') log.addDelivery(event);
          else log.add(event.at, 'pump', event.type, event);
        }
        const written = log.entries();
        assert.deepEqual(written, expected);
        // Key order too: the JSON a user reads is the same text.
        assert.equal(JSON.stringify(written), JSON.stringify(expected));
      },
    ),
    { numRuns: 25 },
  );
});

test('a log of thousands of deliveries keeps every one exactly, odd counts too', () => {
  const log = new RunLog(0);
  const delivery = (at: number): PumpEvent & { type: 'delivered' } => ({
    type: 'delivered',
    at,
    firstAt: at - 0.25,
    basalPulses: 1,
    bolusPulses: at % 3,
    basalMilliunits: 50,
    bolusMilliunits: (at % 3) * 50,
    basalAccruedThroughSeconds: at * 60,
    // Counts no 32-bit integer holds exactly, now and then: they must come back unchanged.
    basalAccumulator: at === 17 ? -0 : at === 2500 ? 2 ** 40 : at === 3001 ? 0.5 : at * 1000,
    bolusId: at % 2 === 0 ? null : at,
    immediatePulses: at % 3,
    extendedPulses: 0,
  });
  for (let at = 0; at < 5000; at += 1) log.addDelivery(delivery(at));
  log.add(5000, 'meal', 'meal_eaten', { carbsGrams: 60 });
  const entries = log.entries();
  assert.equal(entries.length, 5001);
  for (let at = 0; at < 5000; at += 1) {
    assert.equal(entries[at]!.atMinutes, at);
    assert.deepEqual(entries[at]!.detail, detailWithoutTypeAndTime(delivery(at)));
  }
  assert.equal(entries[0]!.detail.bolusId, null);
  assert.ok(Object.is(entries[17]!.detail.basalAccumulator, -0));
  assert.equal(entries[5000]!.type, 'meal_eaten');
});
