import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GLUCOSE_EVENT_DEFINITIONS, type GlucoseEventDefinition } from './eventDefinitions.ts';
import { glucoseEvents } from './events.ts';

const D = GLUCOSE_EVENT_DEFINITIONS;
const NaN_ = Number.NaN;
const at5 = (values: number[], definition: GlucoseEventDefinition) =>
  glucoseEvents(values, { intervalMinutes: 5, definition });
/** The fields a hand calculation gives: [startIndex, endIndex, durationMinutes, extreme]. */
const summary = (values: number[], definition: GlucoseEventDefinition) =>
  at5(values, definition).map((e) => [
    e.startIndex,
    e.endIndex,
    e.durationMinutes,
    definition.kind === 'hypoglycaemia' ? e.nadirMgdl : e.peakMgdl,
    e.complete,
  ]);

test('level 1 hypo: 3 readings (15 min) below 70 start an event, 3 at or above 70 end it', () => {
  // Readings 1–3 are below 70 (15 min); readings 4–6 recover (15 min): the event is
  // [5 min, 20 min), 15 min long, nadir 65.
  const events = at5([100, 65, 65, 65, 100, 100, 100], D.hypoLevel1);
  assert.equal(events.length, 1);
  const [event] = events;
  assert.deepEqual(
    {
      start: event?.startMinutes,
      end: event?.endMinutes,
      duration: event?.durationMinutes,
      nadir: event?.nadirMgdl,
      complete: event?.complete,
    },
    { start: 5, end: 20, duration: 15, nadir: 65, complete: true },
  );
  // Only 10 min below: no event.
  assert.deepEqual(at5([100, 65, 65, 100, 100, 100], D.hypoLevel1), []);
  // 70 itself is not below 70.
  assert.deepEqual(at5([100, 70, 70, 70, 100, 100, 100], D.hypoLevel1), []);
});

test('a return above the threshold shorter than 15 min does not split the event', () => {
  // Below at 1–3, one reading of 80 at 4 (5 min), below at 5–6, recovered from 7:
  // one event [1, 7), 30 min, nadir 60.
  assert.deepEqual(summary([100, 60, 60, 60, 80, 60, 60, 100, 100, 100, 100], D.hypoLevel1), [
    [1, 7, 30, 60, true],
  ]);
  // Two events when the return lasts 15 min: [0, 3) and [6, 9).
  assert.deepEqual(summary([60, 60, 60, 100, 100, 100, 60, 60, 58, 100, 100, 100], D.hypoLevel1), [
    [0, 3, 15, 60, true],
    [6, 9, 15, 58, true],
  ]);
});

test('a missing reading breaks a recovery run; an event open at the end is incomplete', () => {
  // Recovery 4–5 broken by the gap at 6; 7–9 recover: event [1, 7), 30 min.
  assert.deepEqual(summary([100, 60, 60, 60, 100, 100, NaN_, 100, 100, 100], D.hypoLevel1), [
    [1, 7, 30, 60, true],
  ]);
  // A gap in the middle of the entry run: 60, 60, gap, 60 is not 15 consecutive min.
  assert.deepEqual(summary([60, 60, NaN_, 60, 100, 100, 100], D.hypoLevel1), []);
  // The series ends after 1 recovered reading: the event runs to the end, incomplete.
  assert.deepEqual(summary([100, 60, 60, 60, 100], D.hypoLevel1), [[1, 5, 20, 60, false]]);
});

test('level 2 hypo ends at 54; on the same data level 1 never ends', () => {
  const values = [60, 50, 50, 50, 55, 55, 55];
  // Below 54 at 1–3; 55 ≥ 54 at 4–6: [1, 4), 15 min, nadir 50.
  assert.deepEqual(summary(values, D.hypoLevel2), [[1, 4, 15, 50, true]]);
  // Below 70 from 0 onwards, never ≥ 70 for 15 min: open to the end (7 readings, 35 min).
  assert.deepEqual(summary(values, D.hypoLevel1), [[0, 7, 35, 50, false]]);
});

test('level 2 hyper: 15 min above 250, ends after 15 min at or below 250', () => {
  // > 250 at 1–3 (250 itself is not above); ≤ 250 at 4–6: [1, 4), 15 min, peak 260.
  assert.deepEqual(summary([200, 260, 255, 251, 250, 240, 230], D.hyperLevel2), [
    [1, 4, 15, 260, true],
  ]);
  // Level 1 on the same data: > 180 from 1 to 5, ≤ 180 never: open.
  assert.deepEqual(summary([200, 260, 255, 251, 250, 240, 230], D.hyperLevel1), [
    [0, 7, 35, 260, false],
  ]);
});

test('extended hyper: 90 min above 250 within 120 min, ends after 15 min at or below 180', () => {
  // Six cycles of [260, 260, 260, 200]: 18 readings (90 min) above 250 within the first 24
  // readings (120 min); the 18th comes at index 22, and the event starts at the first, 0.
  // The 200 at 23 is above 180, so recovery starts at 24: [0, 24), 120 min, peak 260.
  const cycles = Array.from({ length: 6 }, () => [260, 260, 260, 200]).flat();
  assert.deepEqual(summary([...cycles, 170, 170, 170], D.hyperExtended), [[0, 24, 120, 260, true]]);
  // 17 readings above 250 (85 min) and then none: no extended event.
  const seventeen = [
    ...Array.from({ length: 17 }, () => 300),
    ...Array.from({ length: 30 }, () => 200),
  ];
  assert.deepEqual(summary(seventeen, D.hyperExtended), []);
  // 18 consecutive readings (90 min): an event; 200 is not ≤ 180 so it never ends.
  const eighteen = [
    ...Array.from({ length: 18 }, () => 300),
    ...Array.from({ length: 30 }, () => 200),
  ];
  assert.deepEqual(summary(eighteen, D.hyperExtended), [[0, 48, 240, 300, false]]);
});

test('extended hypo needs 120 min (24 readings at 5 min) below 70', () => {
  const run = (n: number) => [
    ...Array.from({ length: n }, () => 60),
    ...Array.from({ length: 3 }, () => 90),
  ];
  assert.deepEqual(summary(run(23), D.hypoExtended), []);
  assert.deepEqual(summary(run(24), D.hypoExtended), [[0, 24, 120, 60, true]]);
});

test('with 15-min readings (FreeStyle Libre) one reading is 15 minutes', () => {
  const events = glucoseEvents([100, 60, 100, 100], {
    intervalMinutes: 15,
    definition: D.hypoLevel1,
    startMinutes: 600,
  });
  assert.deepEqual(
    events.map((e) => [e.startMinutes, e.endMinutes, e.durationMinutes]),
    [[615, 630, 15]],
  );
});

const definitions = Object.values(D);
const glucoseNearThresholds = fc.oneof(
  fc.constantFrom(40, 53, 54, 60, 69, 70, 100, 180, 181, 250, 251, 300),
  fc.double({ min: 30, max: 400, noNaN: true }),
  fc.constant(Number.NaN),
);

/** Series made of runs of one value, so that long events occur often. */
const runs = fc
  .array(fc.tuple(glucoseNearThresholds, fc.integer({ min: 1, max: 30 })), { maxLength: 40 })
  .map((parts) => parts.flatMap(([value, length]) => Array.from({ length }, () => value)));

test('events never overlap, lie within the series, and start and end as defined', () => {
  let eventCount = 0;
  fc.assert(
    fc.property(
      runs,
      fc.constantFrom(...definitions),
      fc.constantFrom(1, 5, 15),
      (values, definition, intervalMinutes) => {
        const events = glucoseEvents(values, { intervalMinutes, definition });
        const hypo = definition.kind === 'hypoglycaemia';
        const exitCount = Math.ceil(definition.exitMinutes / intervalMinutes);
        let previousEnd = 0;
        events.forEach((e, i) => {
          assert.ok(e.startIndex >= previousEnd, 'overlap');
          assert.ok(e.startIndex < e.endIndex && e.endIndex <= values.length, 'bounds');
          assert.equal(e.durationMinutes, (e.endIndex - e.startIndex) * intervalMinutes);
          const first = values[e.startIndex] as number;
          assert.ok(
            hypo ? first < definition.entryThresholdMgdl : first > definition.entryThresholdMgdl,
          );
          const extreme = hypo ? e.nadirMgdl : e.peakMgdl;
          assert.ok(
            hypo
              ? extreme < definition.entryThresholdMgdl
              : extreme > definition.entryThresholdMgdl,
          );
          assert.equal(e.complete, i < events.length - 1 || e.endIndex < values.length);
          if (e.complete) {
            for (let k = e.endIndex; k < e.endIndex + exitCount; k += 1) {
              const g = values[k] as number;
              assert.ok(
                hypo ? g >= definition.exitThresholdMgdl : g <= definition.exitThresholdMgdl,
              );
            }
          }
          previousEnd = e.endIndex;
        });
        eventCount += events.length;
        if (definition.entryWindowMinutes !== definition.entryMinutes) return;
        // None missed: every run of entry-many consecutive beyond readings is inside an event.
        const entryCount = Math.ceil(definition.entryMinutes / intervalMinutes);
        const beyond = (g: number) =>
          hypo ? g < definition.entryThresholdMgdl : g > definition.entryThresholdMgdl;
        let run = 0;
        values.forEach((g, i) => {
          run = beyond(g) ? run + 1 : 0;
          if (run < entryCount) return;
          const runStart = i - entryCount + 1;
          assert.ok(
            events.some((e) => e.startIndex <= runStart && runStart < e.endIndex),
            `missed an event at ${runStart}`,
          );
        });
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(eventCount > 100, `only ${eventCount} events generated`);
});

test('every definition carries a description that states its thresholds', () => {
  for (const d of definitions) {
    assert.ok(d.description.includes(String(d.entryThresholdMgdl)), d.id);
    assert.ok(d.description.includes(String(d.exitThresholdMgdl)), d.id);
    assert.ok(d.description.includes('consensus'), d.id);
  }
});

test('a custom definition is validated', () => {
  const bad = { ...D.hypoLevel1, exitThresholdMgdl: 60 };
  assert.throws(
    () => glucoseEvents([100], { intervalMinutes: 5, definition: bad }),
    /definition\.exitThresholdMgdl = 60: exitThresholdMgdl must be >= entryThresholdMgdl/,
  );
  const severe = {
    id: 'severe-simulated',
    kind: 'hypoglycaemia' as const,
    description: 'plasma glucose < 40 mg/dL for >= 30 min (a study-specific definition)',
    entryThresholdMgdl: 40,
    entryMinutes: 30,
    entryWindowMinutes: 30,
    exitThresholdMgdl: 70,
    exitMinutes: 15,
  };
  const values = [...Array.from({ length: 30 }, () => 35), ...Array.from({ length: 15 }, () => 80)];
  const events = glucoseEvents(values, { intervalMinutes: 1, definition: severe });
  assert.deepEqual(
    events.map((e) => [e.definitionId, e.startIndex, e.endIndex]),
    [['severe-simulated', 0, 30]],
  );
});
