// Slow meals (rich in fat and protein: their carbohydrate reaches the gut over hours) and the
// pump's dual-wave bolus the person gives for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diaryCountsText } from '../report/diary.ts';
import { Rng } from '../random/rng.ts';
import { bolusRequest } from '../therapy/pumpDosing.ts';
import { planMeals } from './meals.ts';
import { simulate } from './run.ts';
import { parseScenario } from './scenario.ts';
import type { SimulationResult } from './result.ts';

const MEAL_MINUTES = 600;

/** One 60 g meal at 10:00 on a quiet day: no counting error, no checks but the meal's. */
function mealDay(options: {
  index: number;
  slow: boolean;
  slowMealBolus?: 'dual-wave' | 'normal';
  therapy?: string;
  fatGrams?: number;
  dualWaveExtraPercent?: number;
}): SimulationResult {
  return simulate({
    durationDays: 1,
    start: { time: '00:00' },
    patient: { source: 'population', index: options.index },
    therapy: { kind: options.therapy ?? 'pump' },
    meals: {
      kind: 'list',
      meals: [
        {
          atMinutes: MEAL_MINUTES,
          carbsGrams: 60,
          slow: options.slow,
          ...(options.fatGrams === undefined ? {} : { slowFatGrams: options.fatGrams }),
        },
      ],
    },
    // A closed loop doses from the CGM; the others go without one.
    sensor: { kind: options.therapy === 'closed-loop' ? 'cgm' : 'none' },
    behaviour: {
      carbCountingCv: 0,
      bolusTimingMeanMinutes: 0,
      bolusTimingSdMinutes: 0,
      forgetBolusProbability: 0,
      checkTimes: [],
      slowMealBolus: options.slowMealBolus ?? 'dual-wave',
      dualWaveExtraPercent: options.dualWaveExtraPercent ?? 20,
    },
  });
}

/** Plasma glucose of the trace from `fromMinutes` to `toMinutes` after the meal. */
function afterMeal(result: SimulationResult, fromMinutes: number, toMinutes: number): number[] {
  const { plasmaGlucoseMgdl, intervalMinutes } = result.trace;
  const first = (MEAL_MINUTES + fromMinutes) / intervalMinutes;
  return plasmaGlucoseMgdl.slice(first, (MEAL_MINUTES + toMinutes) / intervalMinutes);
}

/** Incremental area above the pre-meal glucose, mg/dL·min. */
function incrementalArea(result: SimulationResult, fromMinutes: number, toMinutes: number) {
  const before = result.trace.plasmaGlucoseMgdl[MEAL_MINUTES / result.trace.intervalMinutes]!;
  return afterMeal(result, fromMinutes, toMinutes).reduce(
    (sum, g) => sum + Math.max(0, g - before) * result.trace.intervalMinutes,
    0,
  );
}

const PATIENTS = [0, 1, 2, 3, 4, 5];

test("a plan's slow share draws apart: the meals' times and sizes are those of a plan without it", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (seed, share) => {
        const plan = (slowShare: number) =>
          parseScenario({
            meals: { kind: 'daily', meals: [{ time: '19:30', carbsGrams: 80, slowShare }] },
          }).meals;
        const window = { fromMinutes: 0, toMinutes: 14 * 1440, startMinuteOfDay: 0 };
        const plain = planMeals(plan(0), window, new Rng(seed));
        const some = planMeals(plan(share), window, new Rng(seed));
        const all = planMeals(plan(1), window, new Rng(seed));
        const shape = (meals: typeof plain) => meals.map((m) => [m.atMinutes, m.carbsGrams]);
        assert.deepEqual(shape(some), shape(plain));
        assert.deepEqual(shape(all), shape(plain));
        assert.ok(plain.every((m) => m.slowOverMinutes === 0));
        assert.ok(all.every((m) => m.slowOverMinutes === 180));
        assert.ok(some.every((m) => m.slowOverMinutes === 0 || m.slowOverMinutes === 180));
      },
    ),
    { numRuns: 50 },
  );
});

test("a slow meal's carbohydrate reaches the gut evenly over its minutes, all of it", () => {
  // 60 g over 180 minutes is 1/3 g a minute from the meal on: without fat, the same glucose, to
  // the bit, as 180 meals of 1/3 g a minute apart. Boluses are forgotten so that only the food
  // differs.
  const day = (meals: object[]) =>
    simulate({
      durationDays: 1,
      start: { time: '00:00' },
      meals: { kind: 'list', meals },
      sensor: { kind: 'none' },
      behaviour: { forgetBolusProbability: 1, checkTimes: [] },
    });
  const slow = day([{ atMinutes: MEAL_MINUTES, carbsGrams: 60, slow: true, slowFatGrams: 0 }]);
  const spread = day(
    Array.from({ length: 180 }, (_, i) => ({ atMinutes: MEAL_MINUTES + i, carbsGrams: 60 / 180 })),
  );
  assert.deepEqual(slow.trace.plasmaGlucoseMgdl, spread.trace.plasmaGlucoseMgdl);
  assert.equal(slow.summary.carbsGramsPerDay, 60);
  const eaten = slow.log.filter((e) => e.type === 'meal_eaten');
  assert.deepEqual(
    eaten.map((e) => e.detail),
    [{ carbsGrams: 60, reason: 'meal', slowOverMinutes: 180, fatGrams: 0 }],
  );
  // Its fat (60 g by default) leaves glucose higher from then on, never lower.
  const fatty = day([{ atMinutes: MEAL_MINUTES, carbsGrams: 60, slow: true }]);
  assert.equal(fatty.log.find((e) => e.type === 'meal_eaten')?.detail['fatGrams'], 60);
  const rows = fatty.trace.plasmaGlucoseMgdl.map(
    (g, row) => g - slow.trace.plasmaGlucoseMgdl[row]!,
  );
  assert.ok(rows.every((difference) => difference >= 0));
  assert.ok(Math.max(...rows) > 20, `at most ${Math.max(...rows)} mg/dL higher`);
});

test('fat lowers the early rise and raises the late one under the same bolus', () => {
  // Bell KJ et al., Diabetes Care 2020;43:59: with the same insulin dose, more fat gave a smaller
  // incremental area in the first 2 h and a larger one from 2 to 5 h.
  for (const index of PATIENTS) {
    const ordinary = mealDay({ index, slow: false });
    const slow = mealDay({ index, slow: true, slowMealBolus: 'normal' });
    const slowWithoutFat = mealDay({ index, slow: true, slowMealBolus: 'normal', fatGrams: 0 });
    const late = [incrementalArea(slowWithoutFat, 120, 300), incrementalArea(slow, 120, 300)];
    assert.ok(late[1]! > late[0]!, `patient ${index}: 2–5 h area ${late.join(' → ')}`);
    assert.equal(
      slow.summary.insulinUnitsPerDay.bolus,
      ordinary.summary.insulinUnitsPerDay.bolus,
      `patient ${index}: the same bolus`,
    );
    const early = [incrementalArea(ordinary, 0, 120), incrementalArea(slow, 0, 120)];
    assert.ok(early[1]! < early[0]! / 2, `patient ${index}: 0–2 h area ${early.join(' → ')}`);
  }
});

test('for a slow meal a dual wave of the same dose keeps glucose in a narrower band than a normal bolus', () => {
  let dipsSpared = 0;
  for (const index of PATIENTS) {
    const normal = afterMeal(mealDay({ index, slow: true, slowMealBolus: 'normal' }), 0, 300);
    const dualRun = mealDay({ index, slow: true, dualWaveExtraPercent: 0 });
    const dual = afterMeal(dualRun, 0, 300);
    // The normal bolus's early dip (where it has one) is spared: the lowest is never lower.
    assert.ok(Math.min(...dual) >= Math.min(...normal), `patient ${index}: the lowest is lower`);
    if (Math.min(...dual) > Math.min(...normal)) dipsSpared += 1;
    assert.ok(Math.max(...dual) < Math.max(...normal), `patient ${index}: the highest is lower`);
    // The pump gave it as asked: half the food part over 2 hours, the rest (a correction with
    // it) now, all of it delivered.
    const asked = dualRun.log.find((e) => e.type === 'bolus_requested')!.detail;
    assert.equal(asked['durationMinutes'], 120);
    const food = 60 / dualRun.patient.carbRatioGramsPerUnit;
    const [now, spread] = [asked['immediateUnits'] as number, asked['extendedUnits'] as number];
    assert.ok(Math.abs(spread - food / 2) <= 0.05 + 1e-9, `${spread} U spread of ${food} U`);
    assert.ok(Math.abs(now + spread - (asked['units'] as number)) < 1e-9);
    const started = dualRun.log.find((e) => e.type === 'bolus_started')!.detail;
    assert.equal(started['kind'], 'dual');
    const bolusUnits = dualRun.trace.bolusUnits.reduce((sum, units) => sum + units, 0);
    assert.ok(Math.abs(bolusUnits - (asked['units'] as number)) < 1e-9, `${bolusUnits}`);
  }
  assert.ok(dipsSpared >= 2, `${dipsSpared} early dips spared`);
});

test("the dual wave adds its extra to the dose for the meal's carbohydrate, and the late rise falls", () => {
  for (const index of PATIENTS) {
    const plain = mealDay({ index, slow: true, dualWaveExtraPercent: 0 });
    const raised = mealDay({ index, slow: true });
    const units = (run: SimulationResult) =>
      run.log.find((e) => e.type === 'meal_bolus_decided')!.detail as Record<string, number>;
    // The food part is 20 % more; a correction in the dose is not raised.
    assert.equal(units(raised)['dualWaveExtraPercent'], 20);
    assert.equal(units(raised)['estimatedCarbsGrams'], 60);
    const [before, after] = [units(plain)['units']!, units(raised)['units']!];
    assert.ok(
      after >= 1.1 * before && after <= 1.2 * before + 0.05 + 1e-9,
      `patient ${index}: ${before} → ${after} U`,
    );
    const late = [incrementalArea(plain, 120, 300), incrementalArea(raised, 120, 300)];
    assert.ok(late[1]! < late[0]!, `patient ${index}: 2–5 h area ${late.join(' → ')}`);
  }
});

test('pens and a closed loop give a slow meal its dose at once; the diary counts the dual waves', () => {
  for (const therapy of ['mdi', 'closed-loop']) {
    const run = mealDay({ index: 0, slow: true, therapy });
    const decided = run.log.find((e) => e.type === 'meal_bolus_decided')!.detail;
    assert.equal(decided['dualWaveOverMinutes'], undefined, therapy);
    assert.ok(!run.log.some((e) => e.detail['extendedUnits'] !== undefined), therapy);
    assert.match(diaryCountsText(run), /; 1 slow meal;/);
  }
  const pump = mealDay({ index: 0, slow: true });
  const decided = pump.log.find((e) => e.type === 'meal_bolus_decided')!.detail;
  assert.equal(decided['dualWaveNowPercent'], 50);
  assert.match(
    diaryCountsText(pump),
    /^1 meal bolus \(1 as a dual wave\) and 0 corrections; 1 slow meal;/,
  );
});

test('a dual wave needs a pulse in each part: else the bolus is given normally', () => {
  const split = { nowShare: 0.5, overMinutes: 120 };
  assert.deepEqual(bolusRequest(3, split, 50), {
    kind: 'dual',
    immediateUnits: 1.5,
    extendedUnits: 1.5,
    durationMinutes: 120,
  });
  // 0.15 U is 3 pulses of 0.05: 2 now (1.5 rounded), 1 spread.
  assert.deepEqual(bolusRequest(0.15, split, 50), {
    kind: 'dual',
    immediateUnits: 0.1,
    extendedUnits: 0.05,
    durationMinutes: 120,
  });
  assert.deepEqual(bolusRequest(0.05, split, 50), { kind: 'normal', units: 0.05 });
  assert.deepEqual(bolusRequest(1, { nowShare: 0.99, overMinutes: 60 }, 50), {
    kind: 'normal',
    units: 1,
  });
  assert.deepEqual(bolusRequest(2, undefined, 50), { kind: 'normal', units: 2 });
  // Only the food part is spread: of 4 U with 3 U for food, half of 3 U over the time, the rest now.
  assert.deepEqual(bolusRequest(4, { nowShare: 0.5, overMinutes: 120, spreadableUnits: 3 }, 50), {
    kind: 'dual',
    immediateUnits: 2.5,
    extendedUnits: 1.5,
    durationMinutes: 120,
  });
  // A food part larger than the dose (insulin on board took some) is spread as the whole dose.
  assert.deepEqual(bolusRequest(2, { nowShare: 0.5, overMinutes: 60, spreadableUnits: 3 }, 50), {
    kind: 'dual',
    immediateUnits: 1,
    extendedUnits: 1,
    durationMinutes: 60,
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1500 }),
      fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      fc.integer({ min: 0, max: 1500 }),
      (pulses, nowShare, foodPulses) => {
        const split = { nowShare, overMinutes: 90, spreadableUnits: foodPulses / 20 };
        const request = bolusRequest(pulses / 20, split, 50);
        const total =
          request.kind === 'dual'
            ? Math.round((request.immediateUnits + request.extendedUnits) * 20)
            : Math.round(request.kind === 'normal' ? request.units * 20 : 0);
        assert.equal(total, pulses);
        // What is spread is never more than the food part's share after it.
        if (request.kind === 'dual') {
          const spread = Math.round(request.extendedUnits * 20);
          assert.ok(spread <= Math.min(pulses, foodPulses) * (1 - nowShare) + 0.5);
        }
      },
    ),
  );
});

test('a dual wave of the wrong length is refused, naming the field and what is allowed', () => {
  for (const dualWaveOverMinutes of [100, 15, 495]) {
    assert.throws(
      () => parseScenario({ behaviour: { dualWaveOverMinutes } }),
      /behaviour\.dualWaveOverMinutes.*30–480 minutes, a multiple of 15/s,
    );
  }
  assert.throws(
    () =>
      parseScenario({
        meals: { kind: 'list', meals: [{ atMinutes: 0, carbsGrams: 50, slow: 'yes' }] },
      }),
    /meals\.meals\.0\.slow = "yes": .*boolean/s,
  );
});
