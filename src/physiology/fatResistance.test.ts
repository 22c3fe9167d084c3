// The fat of a fat-rich meal (fatResistance.ts), cross-checked against Bell et al. 2020: the
// typical patient, 45 g carbohydrate with 0 to 60 g fat, the dose of the meal test's carb ratio.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fatActionFactor } from './fatResistance.ts';
import { createHovorkaPatient, MEAL_FAT_STATE_NAMES } from './hovorka.ts';
import { HOVORKA_NOMINAL } from './hovorkaParameters.ts';
import { carbRatioByMealTest } from './populationClinical.ts';
import { emptyStats } from './solvers/types.ts';

const CARBS_GRAMS = 45;
/** A fat-rich meal's carbohydrate reaches the gut over 3 hours (a slow meal's default). */
const SLOW_OVER_MINUTES = 180;
const EARLY_MINUTES = 120;
const WATCH_MINUTES = 300;

const model = createHovorkaPatient({
  name: 'typical',
  parameters: HOVORKA_NOMINAL,
  mealFat: true,
});
const [FAT1, FAT2] = MEAL_FAT_STATE_NAMES.map((name) => model.stateNames.indexOf(name));
const basalUnitsPerHour = model.basalForGlucose(120);
const carbRatio = carbRatioByMealTest(model, { basalUnitsPerHour })!;
const mealDoseUnits = CARBS_GRAMS / carbRatio;

interface Meal {
  readonly fatGrams: number;
  /** 0: the carbohydrate reaches the gut at once. */
  readonly slowOverMinutes: number;
  /** The dose as a share of the meal's, its share now, and the minutes the rest is spread over. */
  readonly doseFactor: number;
  readonly nowShare: number;
  readonly overMinutes: number;
}

/** Incremental glucose area above the pre-meal glucose, mg/dL·min: 0–2 h, 2–5 h and 0–5 h. */
function incrementalAreas(meal: Meal): { early: number; late: number; total: number } {
  const x = model.steadyState(basalUnitsPerHour);
  const before = model.plasmaGlucoseMgdl(x);
  const solver = model.integrator();
  const stats = emptyStats();
  const dose = mealDoseUnits * meal.doseFactor;
  if (meal.fatGrams > 0) model.applyMealFat(x, meal.fatGrams);
  model.applyInsulinDose(x, 'rapid', dose * meal.nowShare);
  let early = 0;
  let late = 0;
  for (let minute = 0; minute < WATCH_MINUTES; minute += 1) {
    if (meal.slowOverMinutes === 0) {
      if (minute === 0) model.applyMeal(x, CARBS_GRAMS);
    } else if (minute < meal.slowOverMinutes) {
      model.applyMeal(x, CARBS_GRAMS / meal.slowOverMinutes);
    }
    const spread = minute < meal.overMinutes ? (dose * (1 - meal.nowShare)) / meal.overMinutes : 0;
    const inputs = {
      rapidInsulinUnitsPerMinute: basalUnitsPerHour / 60 + spread,
      carbsGramsPerMinute: 0,
    };
    assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
    const excess = Math.max(0, model.plasmaGlucoseMgdl(x) - before);
    if (minute < EARLY_MINUTES) early += excess;
    else late += excess;
  }
  return { early, late, total: early + late };
}

/** Bell's protocol on the first visits: the meal's dose as a dual wave, 50/50 % over 2 h. */
const sameDose = (fatGrams: number): Meal => ({
  fatGrams,
  slowOverMinutes: fatGrams === 0 ? 0 : SLOW_OVER_MINUTES,
  doseFactor: 1,
  nowShare: 0.5,
  overMinutes: 120,
});

test('with the same dose, fat lowers glucose over 0–2 h and raises it over 2–5 h, more with more fat', () => {
  const areas = [0, 20, 40, 60].map((fat) => incrementalAreas(sameDose(fat)));
  const [none, ...withFat] = areas;
  for (const area of withFat) assert.ok(area.early < none!.early, JSON.stringify(areas));
  // Bell 2020: a dose-dependent rise of the late area.
  for (let i = 1; i < areas.length; i += 1) {
    assert.ok(areas[i]!.late > areas[i - 1]!.late, JSON.stringify(areas));
  }
});

test("Bell 2020's dose for 60 g fat (+21 %, 49/51 % over 105 min) gives the fat-free meal's 5-h area", () => {
  const reference = incrementalAreas(sameDose(0)).total;
  const fatty = incrementalAreas({
    fatGrams: 60,
    slowOverMinutes: SLOW_OVER_MINUTES,
    doseFactor: 1.21,
    nowShare: 0.49,
    overMinutes: 105,
  }).total;
  assert.ok(Math.abs(fatty / reference - 1) < 0.05, `${fatty} against ${reference}`);
  // Without the extra insulin, the same meal leaves a larger area.
  assert.ok(incrementalAreas(sameDose(60)).total > 1.15 * reference);
});

test('the fat passes through its compartments: none left a day on, none ever below zero', () => {
  const x = model.steadyState(basalUnitsPerHour);
  const solver = model.integrator();
  const stats = emptyStats();
  model.applyMealFat(x, 60);
  const inputs = { rapidInsulinUnitsPerMinute: basalUnitsPerHour / 60, carbsGramsPerMinute: 0 };
  let peakMinute = 0;
  let peak = 0;
  for (let minute = 0; minute < 1440; minute += 1) {
    solver.advance(model, x, minute, minute + 1, inputs, stats);
    const second = x[FAT2!]!;
    assert.ok(second >= 0 && x[FAT1!]! >= 0);
    if (second > peak) [peak, peakMinute] = [second, minute + 1];
  }
  assert.equal(peakMinute, 180);
  assert.ok(x[FAT2!]! < 0.05 * peak);
});

test('the action factor is 1 without fat and falls as fat rises; bad amounts are refused', () => {
  assert.equal(fatActionFactor(0), 1);
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc.double({ min: 0.001, max: 100, noNaN: true }),
      (fat, more) => {
        const factor = fatActionFactor(fat);
        assert.ok(factor > 0 && factor <= 1);
        assert.ok(fatActionFactor(fat + more) < factor);
      },
    ),
  );
  const x = model.steadyState(basalUnitsPerHour);
  for (const bad of [-1, Number.NaN, Infinity]) {
    assert.throws(() => model.applyMealFat(x, bad), /fatGrams: .*, allowed: a finite number ≥ 0/);
  }
});

test('only a model built for meal fat has its compartments; without fat it steps as one without', () => {
  const plain = createHovorkaPatient({ name: 'typical', parameters: HOVORKA_NOMINAL });
  assert.equal(plain.stateNames.length + MEAL_FAT_STATE_NAMES.length, model.stateNames.length);
  assert.ok(!plain.stateNames.includes(MEAL_FAT_STATE_NAMES[0]));
  const x = plain.steadyState(basalUnitsPerHour);
  assert.throws(() => plain.applyMealFat(x, 10), /built without meal fat/);
  // The same meals and boluses without fat: the same glucose, to the bit.
  const glucose = (m: typeof model) => {
    const state = m.steadyState(basalUnitsPerHour);
    const solver = m.integrator();
    const stats = emptyStats();
    const inputs = { rapidInsulinUnitsPerMinute: basalUnitsPerHour / 60, carbsGramsPerMinute: 0 };
    const trace: number[] = [];
    for (let minute = 0; minute < 600; minute += 1) {
      if (minute === 60) {
        m.applyMeal(state, 50);
        m.applyInsulinDose(state, 'rapid', 1.5);
      }
      solver.advance(m, state, minute, minute + 1, inputs, stats);
      trace.push(m.plasmaGlucoseMgdl(state));
    }
    return trace;
  };
  assert.deepEqual(glucose(model), glucose(plain));
});
