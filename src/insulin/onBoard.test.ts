import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { z } from 'zod';
import type { InsulinActionCurve } from './action.ts';
import { bilinearCurve, exponentialCurve, fractionRemaining } from './action.ts';
import { curvePresets } from './presets.ts';
import type { DeliveredDose, InsulinOnBoard } from './onBoard.ts';
import { insulinOnBoard, roundedAsOref0 } from './onBoard.ts';

// ---------------------------------------------------------------------------------------------
// oref0 0.7.1 reference values (../shared/data/iob-reference.tsv, see its README).

const referenceRow = z.object({
  curve: z.enum(['rapid-acting', 'ultra-rapid', 'bilinear']),
  dia_hours: z.coerce.number().positive(),
  peak_minutes: z.string(),
  bolus_units: z.coerce.number().positive(),
  minutes_after: z.coerce.number().nonnegative(),
  iob_units: z.coerce.number(),
  activity_units_per_minute: z.coerce.number(),
});
type ReferenceRow = z.infer<typeof referenceRow>;

function readReference(): ReferenceRow[] {
  const url = new URL('../../../shared/data/iob-reference.tsv', import.meta.url);
  const lines = readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const [header, ...body] = lines;
  const columns = (header ?? '').split('\t');
  return body.map((line, index) => {
    const cells = line.split('\t');
    const record = Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
    const parsed = referenceRow.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `iob-reference.tsv data row ${index + 1}, column ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    return parsed.data;
  });
}

function referenceCurve(row: ReferenceRow): InsulinActionCurve {
  const durationMinutes = row.dia_hours * 60;
  if (row.curve === 'bilinear') return bilinearCurve({ durationMinutes });
  return exponentialCurve({ durationMinutes, peakMinutes: Number(row.peak_minutes) });
}

test('every row of the oref0 0.7.1 reference matches once rounded as oref0 rounds', () => {
  const rows = readReference();
  assert.equal(rows.length, 75);
  assert.deepEqual(
    new Set(rows.map((row) => `${row.curve} ${row.dia_hours}`)),
    new Set(['rapid-acting 5', 'rapid-acting 6', 'bilinear 3']),
  );
  for (const row of rows) {
    const dose: DeliveredDose = { startMinutes: 1000, units: row.bolus_units, durationMinutes: 0 };
    const result = roundedAsOref0(
      insulinOnBoard([dose], 1000 + row.minutes_after, referenceCurve(row)),
    );
    const where = `${row.curve} DIA ${row.dia_hours} h at ${row.minutes_after} min`;
    // Rounded to oref0's reported precision the values are identical (tolerance 0.001 U and
    // 0.0001 U/min would also accept an off-by-one-digit result; we do not need it).
    assert.equal(result.iobUnits, row.iob_units, `IOB, ${where}`);
    assert.equal(
      result.activityUnitsPerMinute,
      row.activity_units_per_minute,
      `activity, ${where}`,
    );
  }
});

test('the presets reproduce the reference rows they correspond to', () => {
  const rows = readReference().filter(
    (row) => row.dia_hours === (row.curve === 'bilinear' ? 3 : 5),
  );
  assert.ok(rows.length > 20);
  for (const row of rows) {
    const curve = row.curve === 'bilinear' ? curvePresets.bilinear : curvePresets.rapidActing;
    const bolus: DeliveredDose = { startMinutes: 0, units: row.bolus_units, durationMinutes: 0 };
    assert.equal(
      roundedAsOref0(insulinOnBoard([bolus], row.minutes_after, curve)).iobUnits,
      row.iob_units,
    );
  }
});

test('oref0 rounding: IOB to 0.001 U, activity to 0.0001 U/min, half up', () => {
  assert.deepEqual(roundedAsOref0({ iobUnits: 1.23449, activityUnitsPerMinute: 0.012349 }), {
    iobUnits: 1.234,
    activityUnitsPerMinute: 0.0123,
  });
  assert.deepEqual(roundedAsOref0({ iobUnits: -0.0125, activityUnitsPerMinute: 0.00125 }), {
    iobUnits: -0.012,
    activityUnitsPerMinute: 0.0013,
  });
});

// ---------------------------------------------------------------------------------------------
// Properties of insulinOnBoard.

const anyCurve = fc.constantFrom(...Object.values(curvePresets));
const unitsArb = fc.double({ min: 0.05, max: 25, noNaN: true });
const spanArb = fc.double({ min: 0.01, max: 480, noNaN: true });
const startArb = fc.double({ min: -1e4, max: 1e4, noNaN: true });
const ageArb = fc.double({ min: 0, max: 900, noNaN: true });
const doseArb = fc.record({
  startMinutes: startArb,
  units: fc.double({ min: -5, max: 25, noNaN: true }),
  durationMinutes: fc.oneof(fc.constant(0), spanArb),
});

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

const bolusAt = (startMinutes: number, units: number): DeliveredDose => ({
  startMinutes,
  units,
  durationMinutes: 0,
});

test('an extended dose, once delivered, lies between a bolus at its start and at its end', () => {
  fc.assert(
    fc.property(anyCurve, unitsArb, spanArb, ageArb, (curve, units, span, ageAfterEnd) => {
      const now = span + ageAfterEnd;
      const extended = insulinOnBoard(
        [{ startMinutes: 0, units, durationMinutes: span }],
        now,
        curve,
      ).iobUnits;
      const bolusAtStart = insulinOnBoard([bolusAt(0, units)], now, curve).iobUnits;
      const bolusAtEnd = insulinOnBoard([bolusAt(span, units)], now, curve).iobUnits;
      assert.ok(
        extended >= bolusAtStart - 1e-9 && extended <= bolusAtEnd + 1e-9,
        `${bolusAtStart} ≤ ${extended} ≤ ${bolusAtEnd}`,
      );
      assert.ok(extended <= units + 1e-9, `${extended} > ${units}`);
    }),
  );
});

test('an extended dose under way counts only what has been delivered', () => {
  fc.assert(
    fc.property(
      anyCurve,
      unitsArb,
      spanArb,
      fc.double({ min: 0, max: 1, noNaN: true }),
      (curve, units, span, share) => {
        const now = span * share;
        const { iobUnits } = insulinOnBoard(
          [{ startMinutes: 0, units, durationMinutes: span }],
          now,
          curve,
        );
        const deliveredUnits = (units * now) / span;
        assert.ok(
          iobUnits <= deliveredUnits + 1e-9 && iobUnits >= -1e-12,
          `${iobUnits} of ${deliveredUnits}`,
        );
      },
    ),
  );
});

test('an extended dose tends to the bolus as its span shrinks', () => {
  for (const curve of Object.values(curvePresets)) {
    for (const now of [0, 5, 30, 75, 150, 290]) {
      const bolus = insulinOnBoard([bolusAt(0, 4)], now, curve);
      for (const span of [1, 0.1, 0.01, 0.001, 0.0001]) {
        const extended = insulinOnBoard(
          [{ startMinutes: -span, units: 4, durationMinutes: span }],
          now,
          curve,
        );
        // The dose moves by at most `span`, so IOB moves by at most span × peak activity.
        near(
          extended.iobUnits,
          bolus.iobUnits,
          4 * span * 0.012 + 1e-9,
          `${now} min, span ${span}`,
        );
        near(
          extended.activityUnitsPerMinute,
          bolus.activityUnitsPerMinute,
          4 * span * 5e-4 + 1e-9,
          `${now} min, span ${span}`,
        );
      }
    }
  }
});

/** The dose as `pieces` boluses at the midpoints of equal slices (the continuous limit). */
function slicedIntoBoluses(dose: DeliveredDose, pieces: number): DeliveredDose[] {
  const slice = dose.durationMinutes / pieces;
  return Array.from({ length: pieces }, (_, i) =>
    bolusAt(dose.startMinutes + (i + 0.5) * slice, dose.units / pieces),
  );
}

test('exact integration is the limit of slicing the dose into ever more boluses', () => {
  const dose: DeliveredDose = { startMinutes: 0, units: 3, durationMinutes: 120 };
  for (const curve of Object.values(curvePresets)) {
    for (const now of [40, 120, 200, 300]) {
      const exact = insulinOnBoard([dose], now, curve);
      const errors = [12, 120, 1200].map((pieces) => {
        const sliced = insulinOnBoard(slicedIntoBoluses(dose, pieces), now, curve);
        return (
          Math.abs(sliced.iobUnits - exact.iobUnits) +
          Math.abs(sliced.activityUnitsPerMinute - exact.activityUnitsPerMinute)
        );
      });
      assert.ok((errors[2] ?? 1) < 1e-6, `${now} min: ${errors.join(', ')}`);
      // The midpoint rule is second order: ten times more slices, about a hundred times less
      // error (while the error is still far above rounding noise).
      if ((errors[0] ?? 0) > 1e-9 && curve.kind === 'exponential') {
        assert.ok((errors[0] ?? 0) / (errors[1] ?? 1) > 50, `${now} min: ${errors.join(', ')}`);
      }
    }
  }
});

// oref0 (history.js) turns a net temp basal into pulses of 0.05 U evenly spaced from its start;
// LoopKit (continuousDeliveryInsulinOnBoard) into 5-min segments aged from their start. Both
// date each piece up to one spacing early, so they understate IOB by up to spacing × units ×
// peak activity (≤ 0.012 /min for these curves), and converge to the exact value as the
// pieces shrink. Here (1.8 U over 90 min) Loop's 5-min segments are 0.025 U (2.7 %) low.
test("oref0's pulses and Loop's segments converge to the exact value as they shrink", () => {
  const dose: DeliveredDose = { startMinutes: 0, units: (1.2 / 60) * 90, durationMinutes: 90 };
  for (const curve of Object.values(curvePresets)) {
    for (const now of [45, 150, 240]) {
      const exact = insulinOnBoard([dose], now, curve).iobUnits;
      let previousError = Infinity;
      for (const pulseUnits of [0.05, 0.01, 0.002]) {
        const count = Math.round(dose.units / pulseUnits);
        const spacing = dose.durationMinutes / count;
        const pulses = Array.from({ length: count }, (_, j) => bolusAt(j * spacing, pulseUnits));
        const error = Math.abs(insulinOnBoard(pulses, now, curve).iobUnits - exact);
        assert.ok(error <= spacing * dose.units * 0.012, `oref0 ${pulseUnits} U: ${error}`);
        assert.ok(error < previousError, `oref0 ${pulseUnits} U: ${error} ≥ ${previousError}`);
        previousError = error;
      }
      previousError = Infinity;
      for (const segmentMinutes of [5, 1, 0.2]) {
        const count = dose.durationMinutes / segmentMinutes;
        const share = dose.units / count;
        const segments = Array.from({ length: count }, (_, j) =>
          bolusAt(j * segmentMinutes, share),
        );
        const error = Math.abs(insulinOnBoard(segments, now, curve).iobUnits - exact);
        assert.ok(error <= segmentMinutes * dose.units * 0.012, `Loop ${segmentMinutes}: ${error}`);
        assert.ok(error < previousError, `Loop ${segmentMinutes} min: ${error} ≥ ${previousError}`);
        previousError = error;
      }
    }
  }
});

test('splitting a dose into two halves gives the same IOB and activity', () => {
  fc.assert(
    fc.property(anyCurve, doseArb, ageArb, (curve, dose, age) => {
      const now = dose.startMinutes + age;
      const half = dose.durationMinutes / 2;
      const halves: DeliveredDose[] = [
        { startMinutes: dose.startMinutes, units: dose.units / 2, durationMinutes: half },
        { startMinutes: dose.startMinutes + half, units: dose.units / 2, durationMinutes: half },
      ];
      const whole = insulinOnBoard([dose], now, curve);
      const split = insulinOnBoard(halves, now, curve);
      near(split.iobUnits, whole.iobUnits, 1e-9 * (1 + Math.abs(dose.units)), 'IOB');
      near(
        split.activityUnitsPerMinute,
        whole.activityUnitsPerMinute,
        1e-11 * (1 + Math.abs(dose.units)),
        'activity',
      );
    }),
  );
});

test('IOB is additive over doses and linear in units', () => {
  fc.assert(
    fc.property(anyCurve, fc.array(doseArb, { maxLength: 12 }), startArb, (curve, doses, now) => {
      const total = insulinOnBoard(doses, now, curve);
      let iob = 0;
      let activity = 0;
      for (const dose of doses) {
        const one = insulinOnBoard([dose], now, curve);
        iob += one.iobUnits;
        activity += one.activityUnitsPerMinute;
        const negated = insulinOnBoard([{ ...dose, units: -dose.units }], now, curve);
        // === rather than Object.is: a dose of 0 U gives +0 and −0.
        assert.ok(negated.iobUnits === -one.iobUnits, `IOB ${negated.iobUnits}`);
        assert.ok(negated.activityUnitsPerMinute === -one.activityUnitsPerMinute, 'activity');
      }
      near(total.iobUnits, iob, 1e-9, 'IOB');
      near(total.activityUnitsPerMinute, activity, 1e-12, 'activity');
    }),
  );
});

test('a temp basal below the scheduled rate gives negative IOB', () => {
  fc.assert(
    fc.property(
      anyCurve,
      fc.double({ min: 0.05, max: 3, noNaN: true }),
      spanArb,
      // From 1e-3 min on: before, what has been delivered rounds to zero (e.g. at 1e-323 min).
      fc.double({ min: 1e-3, max: 900, noNaN: true }),
      (curve, missingUnits, span, minutesIn) => {
        const now = Math.min(minutesIn, span + 100); // while the deficit still acts
        const result = insulinOnBoard(
          [{ startMinutes: 0, units: -missingUnits, durationMinutes: span }],
          now,
          curve,
        );
        assert.ok(result.iobUnits < 0, `IOB ${result.iobUnits}`);
        assert.ok(result.activityUnitsPerMinute <= 0, `activity ${result.activityUnitsPerMinute}`);
      },
    ),
  );
  // A 1-h zero temp against 1 U/h scheduled, seen 30 min in: −0.5 U delivered, most still on board.
  const zeroTemp = insulinOnBoard(
    [{ startMinutes: 0, units: -1, durationMinutes: 60 }],
    30,
    curvePresets.rapidActing,
  );
  assert.ok(zeroTemp.iobUnits < -0.45 && zeroTemp.iobUnits > -0.5, `${zeroTemp.iobUnits}`);
});

test('a dose in the future counts nothing', () => {
  fc.assert(
    fc.property(
      anyCurve,
      doseArb,
      fc.double({ min: 1e-6, max: 1e4, noNaN: true }),
      (curve, dose, lead) => {
        const result: InsulinOnBoard = insulinOnBoard([dose], dose.startMinutes - lead, curve);
        assert.equal(result.iobUnits, 0);
        assert.equal(result.activityUnitsPerMinute, 0);
      },
    ),
  );
  // Given exactly now, a bolus is fully on board (oref0 counts treatment.date <= now).
  assert.equal(insulinOnBoard([bolusAt(10, 2)], 10, curvePresets.rapidActing).iobUnits, 2);
});

test('shifting every time by the same amount changes nothing', () => {
  // Whole-minute times keep every subtraction exact, so the results must be bit-identical.
  const minuteArb = fc.integer({ min: -100_000, max: 100_000 });
  const wholeMinuteDose = fc.record({
    startMinutes: minuteArb,
    units: fc.double({ min: -5, max: 25, noNaN: true }),
    durationMinutes: fc.oneof(fc.constant(0), spanArb),
  });
  fc.assert(
    fc.property(
      anyCurve,
      fc.array(wholeMinuteDose, { maxLength: 8 }),
      minuteArb,
      fc.integer({ min: -1e8, max: 1e8 }),
      (curve, doses, now, shift) => {
        const shifted = doses.map((dose) => ({ ...dose, startMinutes: dose.startMinutes + shift }));
        assert.deepEqual(
          insulinOnBoard(shifted, now + shift, curve),
          insulinOnBoard(doses, now, curve),
        );
      },
    ),
  );
});

test('a steady infusion longer than the action acts at its own rate', () => {
  for (const curve of Object.values(curvePresets)) {
    const rateUnitsPerMinute = 0.9 / 60;
    const infusion: DeliveredDose = {
      startMinutes: 0,
      units: rateUnitsPerMinute * 1440,
      durationMinutes: 1440,
    };
    const steady = insulinOnBoard([infusion], 1000, curve);
    near(steady.activityUnitsPerMinute, rateUnitsPerMinute, 1e-12, 'activity');
    // IOB at steady state = rate × ∫ fractionRemaining, the mean time insulin stays on board.
    let meanResidenceMinutes = 0;
    for (let t = 0.005; t < 600; t += 0.01)
      meanResidenceMinutes += fractionRemaining(curve, t) * 0.01;
    near(steady.iobUnits, rateUnitsPerMinute * meanResidenceMinutes, 1e-6, 'IOB');
  }
});

test('bad doses are refused with their index, field and allowed range', () => {
  const curve = curvePresets.rapidActing;
  const good = bolusAt(0, 1);
  assert.throws(
    () => insulinOnBoard([good, { ...good, durationMinutes: -5 }], 10, curve),
    /^RangeError: doses\[1\]\.durationMinutes = -5 is outside 0–1440 min$/,
  );
  assert.throws(
    () => insulinOnBoard([{ ...good, durationMinutes: 2000 }], 10, curve),
    /doses\[0\]\.durationMinutes = 2000 is outside 0–1440 min/,
  );
  assert.throws(
    () => insulinOnBoard([{ ...good, units: Number.NaN }], 10, curve),
    /doses\[0\]\.units = NaN must be finite/,
  );
  assert.throws(
    () => insulinOnBoard([{ ...good, startMinutes: Infinity }], 10, curve),
    /doses\[0\]\.startMinutes = Infinity must be finite/,
  );
  assert.throws(() => insulinOnBoard([good], Number.NaN, curve), /nowMinutes = NaN must be finite/);
  assert.deepEqual(insulinOnBoard([], 10, curve), { iobUnits: 0, activityUnitsPerMinute: 0 });
});
