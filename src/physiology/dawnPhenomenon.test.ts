import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DAWN_PHENOMENON_DEFAULTS,
  dawnShape,
  actionFactorAt,
  actionFactorTable,
  type DawnPhenomenon,
} from './dawnPhenomenon.ts';
import { createHovorkaPatient } from './hovorka.ts';
import { defaultAdultPopulation } from './population.ts';
import { modelIntegrator } from './model.ts';
import { emptyStats } from './solvers/types.ts';

const dawnArbitrary = fc
  .tuple(
    fc.integer({ min: 0, max: 1437 }),
    fc.integer({ min: 1, max: 600 }),
    fc.integer({ min: 1, max: 600 }),
  )
  .filter(([onset, rise, fall]) => onset + rise + fall < 1440)
  .map(([onset, rise, fall]): DawnPhenomenon => ({
    peakIncreasePercent: 20,
    onsetMinuteOfDay: onset,
    peakMinuteOfDay: onset + rise,
    endMinuteOfDay: onset + rise + fall,
  }));

test('dawn shape: 0 outside its window, 1 at the peak, between 0 and 1, the same every day', () => {
  fc.assert(
    fc.property(dawnArbitrary, fc.double({ min: -3000, max: 3000, noNaN: true }), (dawn, m) => {
      const shape = dawnShape(dawn, m);
      assert.ok(shape >= 0 && shape <= 1, `shape ${shape} at ${m}`);
      assert.ok(Math.abs(dawnShape(dawn, m + 1440) - shape) < 1e-9);
      assert.equal(dawnShape(dawn, dawn.peakMinuteOfDay), 1);
      assert.equal(dawnShape(dawn, dawn.onsetMinuteOfDay), 0);
      assert.equal(dawnShape(dawn, dawn.endMinuteOfDay), 0);
      const local = ((m % 1440) + 1440) % 1440;
      if (local < dawn.onsetMinuteOfDay || local > dawn.endMinuteOfDay) assert.equal(shape, 0);
    }),
  );
});

test('dawn action table: read at any model time, it follows 1 / (1 + a·shape) within a minute step', () => {
  fc.assert(
    fc.property(
      dawnArbitrary,
      fc.integer({ min: 0, max: 1439 }),
      fc.double({ min: 0, max: 30 * 1440, noNaN: true }),
      (dawn, start, t) => {
        const a = 0.3;
        const factor = actionFactorAt(actionFactorTable(dawn, a), start, t);
        const exact = 1 / (1 + a * dawnShape(dawn, start + t));
        assert.ok(factor <= 1 && factor >= 1 / (1 + a) - 1e-12);
        // Linear interpolation over one minute errs by at most max|f''| / 8; with a raised cosine
        // rising over at least a minute, |shape'| ≤ π/2 and |shape''| ≤ π²/2 a minute.
        const bound = ((a * Math.PI ** 2) / 2 + (2 * a * a * Math.PI ** 2) / 4) / 8;
        assert.ok(Math.abs(factor - exact) <= bound + 1e-12);
        if (Number.isInteger(t)) assert.ok(Math.abs(factor - exact) < 1e-12);
      },
    ),
  );
});

const patients = defaultAdultPopulation().patients.slice(0, 12);

function dawnModel(patientIndex: number, dawn: DawnPhenomenon = DAWN_PHENOMENON_DEFAULTS) {
  const patient = patients[patientIndex]!;
  return createHovorkaPatient({
    name: patient.name,
    parameters: patient.parameters,
    ketones: patient.ketones,
    dawn: { phenomenon: dawn, startMinuteOfDay: 0 },
  });
}

test('dawn phenomenon: the steady insulin need peaks at the stated rise', () => {
  for (let i = 0; i < patients.length; i += 1) {
    const model = dawnModel(i);
    const outside = model.basalForGlucose(120);
    assert.equal(model.basalForGlucose(120, 12 * 60), outside);
    const atPeak = model.basalForGlucose(120, DAWN_PHENOMENON_DEFAULTS.peakMinuteOfDay);
    assert.ok(
      Math.abs(atPeak / outside - 1.219) < 1e-6,
      `${patients[i]!.name}: ${atPeak / outside}`,
    );
  }
});

test('dawn phenomenon: every built-in patient reaches a doubled need at the peak', () => {
  // Carried by the liver's glucose output alone, 7 of the 100 could not: insulin suppresses it
  // entirely. Resistance to insulin's action has no such ceiling.
  const doubled = { ...DAWN_PHENOMENON_DEFAULTS, peakIncreasePercent: 100 };
  for (const patient of defaultAdultPopulation().patients) {
    const model = createHovorkaPatient({
      name: patient.name,
      parameters: patient.parameters,
      ketones: patient.ketones,
      dawn: { phenomenon: doubled, startMinuteOfDay: 0 },
    });
    const ratio = model.basalForGlucose(120, doubled.peakMinuteOfDay) / model.basalForGlucose(120);
    assert.ok(Math.abs(ratio - 2) < 1e-6, `${patient.name}: ${ratio}`);
  }
});

test('dawn phenomenon: the need between 05:00 and 07:00 is 19.4 % above 01:00–03:00 (Perriello 1991)', () => {
  const meanNeed = (model: ReturnType<typeof dawnModel>, from: number, to: number) => {
    let sum = 0;
    for (let m = from; m < to; m += 1) sum += model.basalForGlucose(120, m);
    return sum / (to - from);
  };
  for (let i = 0; i < patients.length; i += 1) {
    const model = dawnModel(i);
    const magnitude = meanNeed(model, 300, 420) / meanNeed(model, 60, 180) - 1;
    // Published: 19.4 % (mean of 114 adults); the rise's shape gives each patient within a point.
    assert.ok(Math.abs(magnitude - 0.194) < 0.01, `${patients[i]!.name}: ${magnitude}`);
  }
});

test('dawn phenomenon: a rise of 0 % leaves the model as published, bit for bit', () => {
  const patient = patients[3]!;
  const published = createHovorkaPatient({
    name: patient.name,
    parameters: patient.parameters,
    ketones: patient.ketones,
  });
  const none = dawnModel(3, { ...DAWN_PHENOMENON_DEFAULTS, peakIncreasePercent: 0 });
  const run = (model: typeof published) => {
    const x = model.steadyState(1);
    const solver = modelIntegrator(model);
    const inputs = { rapidInsulinUnitsPerMinute: 1 / 60, carbsGramsPerMinute: 0 };
    for (let t = 0; t < 1440; t += 1) solver.advance(model, x, t, t + 1, inputs, emptyStats());
    return x;
  };
  assert.deepEqual(run(none), run(published));
});

test('dawn phenomenon: on a constant basal, fasting glucose rises at dawn and falls back', () => {
  const model = dawnModel(0);
  const basal = model.basalForGlucose(120);
  const x = model.steadyState(basal);
  const solver = modelIntegrator(model);
  const inputs = { rapidInsulinUnitsPerMinute: basal / 60, carbsGramsPerMinute: 0 };
  const glucose: number[] = [];
  for (let t = 0; t < 2 * 1440; t += 1) {
    glucose.push(model.plasmaGlucoseMgdl(x));
    solver.advance(model, x, t, t + 1, inputs, emptyStats());
  }
  const at = (hour: number) => glucose[1440 + hour * 60]!;
  // The dawn phenomenon's clinical definition: a rise of more than 10 mg/dL from the night's nadir.
  assert.ok(at(9) - at(3) > 10, `03:00 ${at(3)}, 09:00 ${at(9)}`);
  assert.ok(at(9) > at(7) && at(7) > at(5));
  // Coming back once the rise is over (10:40): by 23:00 more than half the rise is gone. The
  // model's glucose returns slowly on a constant insulin, so not all of it.
  assert.ok(
    at(23) < at(9) - (at(9) - at(3)) / 2,
    `03:00 ${at(3)}, 09:00 ${at(9)}, 23:00 ${at(23)}`,
  );
});
