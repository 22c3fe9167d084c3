import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DeliveryFailureDetector, detectorSchema } from './deliveryFailureDetector.ts';

const settings = detectorSchema.parse({});
const detector = () => new DeliveryFailureDetector(settings);

/** Feeds 5-minute readings from `glucoseAt(t)`; returns the first alert. */
function feed(
  d: DeliveryFailureDetector,
  from: number,
  to: number,
  glucoseAt: (t: number) => number,
  iob = 0.5,
) {
  for (let t = from; t <= to; t += 5) {
    const alert = d.reading(t, glucoseAt(t), () => iob);
    if (alert !== null) return alert;
  }
  return null;
}

test('a steady climb without meals (a dislodged cannula) is flagged after 3 hours above 250 mg/dL', () => {
  const alert = feed(detector(), 0, 900, (t) => 120 + 0.5 * t);
  assert.equal(alert?.reason, 'no-fall-for-long');
  // Above 250 from t = 260 min: the alert comes 180 min later.
  assert.ok(
    alert !== null && alert.atMinutes >= 440 && alert.atMinutes <= 450,
    `${alert?.atMinutes}`,
  );
});

test('after a meal bolus, a post-meal rise raises no alert', () => {
  const d = detector();
  d.mealBolus(0);
  const alert = feed(d, 0, 175, (t) => 110 + 1.2 * t, 6);
  assert.equal(alert, null);
});

test('a correction that brings no fall is flagged when it should have acted', () => {
  const d = detector();
  d.mealBolus(-600);
  feed(d, -300, 0, () => 290);
  d.correctionBolus({ atMinutes: 0, units: 3, glucoseMgdl: 290, sensitivityMgdlPerUnit: 50 });
  const alert = feed(d, 5, 200, () => 285, 2.5);
  assert.equal(alert?.reason, 'correction-without-effect');
  assert.equal(alert?.atMinutes, 120);
});

test('a correction that works is not flagged', () => {
  const d = detector();
  d.mealBolus(-600);
  d.correctionBolus({ atMinutes: 0, units: 3, glucoseMgdl: 290, sensitivityMgdlPerUnit: 50 });
  assert.equal(
    feed(d, 5, 170, (t) => 290 - 0.6 * t, 2.5),
    null,
  );
});

test('rising with insulin on board and no meal is flagged; the alert is followed by quiet', () => {
  const d = detector();
  d.mealBolus(-600);
  const alert = feed(d, 0, 300, (t) => 200 + t, 2);
  assert.equal(alert?.reason, 'rising-with-insulin');
  // Refractory: no second alert within 4 hours, however high glucose goes.
  assert.equal(
    feed(d, (alert?.atMinutes ?? 0) + 5, (alert?.atMinutes ?? 0) + 235, () => 400, 2),
    null,
  );
  // A new set resets the watch.
  d.setChanged(1000);
  assert.equal(
    d.reading(1005, 400, () => 2),
    null,
  );
});

test('a disabled detector never alerts', () => {
  const d = new DeliveryFailureDetector(detectorSchema.parse({ enabled: false }));
  assert.equal(
    feed(d, 0, 900, (t) => 120 + 0.5 * t),
    null,
  );
});

test('after days of readings (the kept history wraps around), alerts are those of a detector that saw only the last two days', () => {
  // Two days below the alert thresholds, then a day of anything, with dropouts: the second
  // detector starts on day 2, and whatever the first kept from day 1, both must decide alike.
  const day = 1440;
  const series = fc.record({
    quiet: fc.array(fc.integer({ min: 60, max: 240 }), { minLength: 576, maxLength: 576 }),
    free: fc.array(fc.integer({ min: 60, max: 400 }), { minLength: 288, maxLength: 288 }),
    dropped: fc.array(fc.boolean(), { minLength: 864, maxLength: 864 }),
  });
  fc.assert(
    fc.property(series, ({ quiet, free, dropped }) => {
      const glucose = [...quiet, ...free];
      const everything = detector();
      const lastTwoDays = detector();
      for (let i = 0; i < glucose.length; i += 1) {
        if (dropped[i]) continue;
        const t = i * 5;
        const a = everything.reading(t, glucose[i]!, () => 2);
        if (t < day) assert.equal(a, null, `${t} min`);
        else
          assert.deepEqual(
            a,
            lastTwoDays.reading(t, glucose[i]!, () => 2),
            `${t} min`,
          );
      }
    }),
    { numRuns: 200 },
  );
});

test('the longest window the settings allow (12 hours of persistent high) is kept whole', () => {
  const longest = detectorSchema.shape.persistentMinutes.unwrap().maxValue ?? NaN;
  const d = new DeliveryFailureDetector(detectorSchema.parse({ persistentMinutes: longest }));
  const alert = feed(d, 0, 2 * longest, () => 300);
  assert.equal(alert?.reason, 'no-fall-for-long');
  // The window may start up to 10 minutes before its first reading.
  assert.equal(alert?.atMinutes, longest - 10);
});
