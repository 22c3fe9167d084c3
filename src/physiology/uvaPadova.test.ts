import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createUvaPadovaPatient, type UvaPadovaPatientModel } from './uvaPadova.ts';
import { UVA_CORE_STATE_COUNT, UVA_STATE } from './uvaPadovaState.ts';
import { loadSimglucosePatientsOrThrow, type SimglucosePatient } from './simglucoseFiles.ts';
import { registerPatientModelConformance } from './patientModelConformance.ts';
import { dormandPrince, emptyStats, rk4 } from './solvers/index.ts';
import { MINUTES_PER_HOUR, PMOL_PER_UNIT, unitsToMilliunits, units } from '../units/index.ts';
import { MG_PER_G } from './uvaPadovaEating.ts';

const SHARED_SIMGLUCOSE = fileURLToPath(
  new URL('../../../shared/data/simglucose/', import.meta.url),
);
const PATIENTS = await loadSimglucosePatientsOrThrow(SHARED_SIMGLUCOSE);

function record(name: string): SimglucosePatient {
  const found = PATIENTS.find((patient) => patient.name === name);
  assert.ok(found, `${name} in the shared simglucose files`);
  return found;
}

const ADULT_001 = record('adult#001');
const adult001 = (): UvaPadovaPatientModel =>
  createUvaPadovaPatient({ name: ADULT_001.name, parameters: ADULT_001.parameters });

/** simglucose's basal for Gb: u2ss (pmol/kg/min) · BW / 6000 pmol/U, in U/h. */
function u2ssBasalUnitsPerHour(patient: SimglucosePatient): number {
  return ((patient.parameters.u2ss * patient.parameters.BW) / PMOL_PER_UNIT) * MINUTES_PER_HOUR;
}

// Flows that accumulate (they grow at steady state) and the eating clock.
const CUMULATIVE = ['absorbedGlucoseMg', 'absorbedInsulinPmolPerKg', 'minutesSinceEating'];

registerPatientModelConformance({
  label: 'uva/padova adult#001, rapid analog',
  create: adult001,
  cumulativeStateNames: CUMULATIVE,
  targetGlucoseMgdl: ADULT_001.parameters.Gb,
});

registerPatientModelConformance({
  label: 'uva/padova adult#001, Dormand–Prince',
  create: adult001,
  cumulativeStateNames: CUMULATIVE,
  targetGlucoseMgdl: ADULT_001.parameters.Gb,
  solver: () => dormandPrince({ relTol: 1e-8, absTol: 1e-8 }),
});

registerPatientModelConformance({
  label: 'uva/padova child#001, regular insulin + glargine depot',
  create: () => {
    const child = record('child#001');
    return createUvaPadovaPatient({
      name: child.name,
      parameters: child.parameters,
      rapidInsulin: 'regular',
      basalInsulin: 'glargine',
    });
  },
  cumulativeStateNames: CUMULATIVE,
  targetGlucoseMgdl: 140,
});

test('steady state at u2ss reproduces every simglucose initial state (x0_1…x0_13)', () => {
  for (const patient of PATIENTS) {
    const model = createUvaPadovaPatient({ name: patient.name, parameters: patient.parameters });
    const ours = model.steadyState(u2ssBasalUnitsPerHour(patient));
    const theirs = model.stateFromSimglucose(patient.initialState);
    for (let i = 0; i < UVA_CORE_STATE_COUNT; i += 1) {
      const scale = Math.max(1, Math.abs(theirs[i]!));
      assert.ok(
        Math.abs(ours[i]! - theirs[i]!) <= 1e-8 * scale,
        `${patient.name} ${model.stateNames[i]}: ours ${ours[i]}, file ${theirs[i]}`,
      );
    }
    assert.ok(Math.abs(model.plasmaGlucoseMgdl(ours) - patient.parameters.Gb) < 1e-6);
  }
});

test('basalForGlucose(Gb) is u2ss·BW/6000 U/min for all 30 patients', () => {
  for (const patient of PATIENTS) {
    const model = createUvaPadovaPatient({ name: patient.name, parameters: patient.parameters });
    const expected = u2ssBasalUnitsPerHour(patient);
    const found = model.basalForGlucose(patient.parameters.Gb);
    assert.ok(Math.abs(found - expected) <= 1e-6 * expected, `${patient.name}: ${found}`);
  }
});

test('basalForGlucose refuses targets outside 40–400 mg/dL or out of the patient reach', () => {
  const model = adult001();
  // adult#001 without any insulin settles near 384 mg/dL: 395 cannot be held by a basal.
  assert.throws(() => model.basalForGlucose(395), /above what this patient reaches/);
  assert.throws(() => model.basalForGlucose(20), /must be in \[40, 400\] mg\/dL/);
  assert.throws(() => model.basalForGlucose(3000), /must be in \[40, 400\] mg\/dL/);
  assert.throws(() => model.basalForGlucose(Number.NaN), RangeError);
  assert.ok(model.basalForGlucose(70) > model.basalForGlucose(180));
});

test('plasma insulin is reported in mU/L: Ib pmol/L at u2ss, 1 U = 6000 pmol', () => {
  const model = adult001();
  const x = model.steadyState(u2ssBasalUnitsPerHour(ADULT_001));
  const expected = unitsToMilliunits(units(ADULT_001.parameters.Ib / PMOL_PER_UNIT));
  assert.ok(Math.abs(model.plasmaInsulinMilliunitsPerL(x) - expected) < 1e-6);
});

interface MinuteRun {
  readonly model: UvaPadovaPatientModel;
  readonly x: Float64Array;
  /** Minutes → meal grams given at that minute (a bolus of grams/CR in the same minute). */
  readonly meals: ReadonlyMap<number, number>;
  readonly basalUnitsPerHour: number;
  readonly minutes: number;
  readonly carbRatioGramsPerUnit?: number;
  onMinute?(minute: number): void;
}

/** 1-minute RK4; the bolus is delivered as a rate over the meal's first minute. */
function runMinutes(run: MinuteRun): { insulinGivenUnits: number } {
  const solver = rk4();
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  let insulinGivenUnits = 0;
  for (let minute = 0; minute < run.minutes; minute += 1) {
    run.onMinute?.(minute);
    const meal = run.meals.get(minute) ?? 0;
    if (meal > 0) run.model.applyMeal(run.x, meal);
    const bolus = run.carbRatioGramsPerUnit === undefined ? 0 : meal / run.carbRatioGramsPerUnit;
    inputs.rapidInsulinUnitsPerMinute = run.basalUnitsPerHour / MINUTES_PER_HOUR + bolus;
    insulinGivenUnits += inputs.rapidInsulinUnitsPerMinute;
    assert.equal(solver.advance(run.model, run.x, minute, minute + 1, inputs, stats), 'Success');
  }
  run.onMinute?.(run.minutes);
  return { insulinGivenUnits };
}

test('adult#001 at basal (u2ss) without meals stays at Gb within 0.01 mg/dL for 24 h', () => {
  const model = adult001();
  const x = model.steadyState(u2ssBasalUnitsPerHour(ADULT_001));
  const gb = ADULT_001.parameters.Gb;
  let worst = 0;
  runMinutes({
    model,
    x,
    meals: new Map(),
    basalUnitsPerHour: u2ssBasalUnitsPerHour(ADULT_001),
    minutes: 24 * 60,
    onMinute: () => {
      worst = Math.max(worst, Math.abs(model.plasmaGlucoseMgdl(x) - gb));
    },
  });
  assert.ok(worst < 0.01, `largest deviation from Gb ${worst} mg/dL`);
});

const DAY_MEALS = new Map([
  [7 * 60, 45],
  [12 * 60, 70],
  [18 * 60, 80],
]);

test('adult#001, meals 45/70/80 g at 07:00/12:00/18:00 with carbs/CR boluses: plausible', () => {
  const model = adult001();
  const basal = u2ssBasalUnitsPerHour(ADULT_001);
  const gb = ADULT_001.parameters.Gb;
  const x = model.steadyState(basal);
  const rows: string[] = [];
  const hourly: number[] = [];
  let peak = 0;
  let nadir = Number.POSITIVE_INFINITY;
  runMinutes({
    model,
    x,
    meals: DAY_MEALS,
    basalUnitsPerHour: basal,
    minutes: 36 * 60,
    carbRatioGramsPerUnit: ADULT_001.quest.carbRatioGramsPerUnit,
    onMinute: (minute) => {
      const glucose = model.plasmaGlucoseMgdl(x);
      peak = Math.max(peak, glucose);
      nadir = Math.min(nadir, glucose);
      if (minute % 60 !== 0) return;
      hourly.push(glucose);
      const sensor = model.interstitialGlucoseMgdl(x).toFixed(2);
      const insulin = model.plasmaInsulinMilliunitsPerL(x).toFixed(2);
      rows.push(`${minute / 60}\t${glucose.toFixed(2)}\t${sensor}\t${insulin}`);
    },
  });
  console.log(
    [
      '# UVA/Padova adult#001: the scenario to compare with simglucose (T1DPatient.withName(',
      '# "adult#001"), default initial state, patient.step once per minute with',
      `# Action(CHO, insulin)). Basal u2ss·BW/6000 = ${(basal / 60).toFixed(6)} U/min all along;`,
      '# CHO 45/70/80 g announced at minutes 420/720/1080 (eaten at 5 g/min); a bolus of',
      `# CHO/CR U (CR ${ADULT_001.quest.carbRatioGramsPerUnit} g/U) added to the insulin rate in the`,
      "# meal's first minute. Columns: hour, plasma glucose Gp/Vg (simglucose BG), subcutaneous",
      '# glucose Gs/Vg (simglucose Gsub, the CGM before noise), mg/dL; plasma insulin, mU/L.',
      '# Solver: RK4, 1-minute step.',
      'hour\tBG\tGsub\tinsulin',
      ...rows,
      `# peak ${peak.toFixed(2)} mg/dL, nadir ${nadir.toFixed(2)} mg/dL, Gb ${gb} mg/dL`,
    ].join('\n'),
  );
  assert.ok(peak >= 120 && peak <= 300, `peak ${peak}`);
  assert.ok(nadir > 50, `nadir ${nadir}`);
  // Back toward baseline: after the post-dinner low, glucose climbs back toward Gb.
  const lateNadir = Math.min(...hourly.slice(19));
  const end = hourly[hourly.length - 1]!;
  assert.ok(end > lateNadir + 10 && end < gb + 10, `36 h: ${end}, late low ${lateNadir}`);
});

test('mass balance: absorbed glucose = carbs × f and absorbed insulin = insulin given (1 %)', () => {
  const model = adult001();
  const basal = u2ssBasalUnitsPerHour(ADULT_001);
  const x = model.steadyState(basal);
  const depot = (state: Float64Array): number =>
    ((state[UVA_STATE.isc1]! + state[UVA_STATE.isc2]!) * ADULT_001.parameters.BW) / PMOL_PER_UNIT;
  const depotBefore = depot(x);
  const carbsGrams = 45 + 70 + 80;
  // 36 h: 18 h after the last meal and bolus, the gut and the depot are back near basal.
  const { insulinGivenUnits } = runMinutes({
    model,
    x,
    meals: DAY_MEALS,
    basalUnitsPerHour: basal,
    minutes: 36 * 60,
    carbRatioGramsPerUnit: ADULT_001.quest.carbRatioGramsPerUnit,
  });
  const totals = model.totals(x);
  const f = model.carbBioavailability;
  const glucoseExpected = carbsGrams * f;
  assert.ok(
    Math.abs(totals.absorbedGlucoseGrams - glucoseExpected) <= 0.01 * glucoseExpected,
    `absorbed ${totals.absorbedGlucoseGrams} g, carbs × f ${glucoseExpected} g`,
  );
  assert.ok(
    Math.abs(totals.absorbedInsulinUnits - insulinGivenUnits) <= 0.01 * insulinGivenUnits,
    `absorbed ${totals.absorbedInsulinUnits} U, given ${insulinGivenUnits} U`,
  );
  // Exact bookkeeping at any time: what is still in the gut or the depot makes up the rest.
  const gutGrams = (x[UVA_STATE.qsto1]! + x[UVA_STATE.qsto2]! + x[UVA_STATE.qgut]!) / MG_PER_G;
  const glucoseBalance = totals.absorbedGlucoseGrams + f * gutGrams - glucoseExpected;
  assert.ok(Math.abs(glucoseBalance) < 1e-9 * glucoseExpected, `glucose ${glucoseBalance} g`);
  const insulinBalance = totals.absorbedInsulinUnits + depot(x) - depotBefore - insulinGivenUnits;
  assert.ok(Math.abs(insulinBalance) < 1e-9 * insulinGivenUnits, `insulin ${insulinBalance} U`);
});

/** Eats `meals` from the basal steady state; returns per minute (left to eat, Dbar) before the step. */
function eatingTrace(meals: ReadonlyMap<number, number>, minutes: number) {
  const model = adult001();
  const basal = u2ssBasalUnitsPerHour(ADULT_001);
  const x = model.steadyState(basal);
  const trace: { leftGrams: number; dbarGrams: number; stomachGrams: number }[] = [];
  const solver = rk4();
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
  for (let minute = 0; minute < minutes; minute += 1) {
    const meal = meals.get(minute);
    const stomachGrams = (x[UVA_STATE.qsto1]! + x[UVA_STATE.qsto2]!) / MG_PER_G;
    if (meal !== undefined) model.applyMeal(x, meal);
    trace.push({
      leftGrams: x[UVA_STATE.mealLeftToEat]! / MG_PER_G,
      dbarGrams: x[UVA_STATE.dbar]! / MG_PER_G,
      stomachGrams,
    });
    solver.advance(model, x, minute, minute + 1, inputs, stats);
  }
  return trace;
}

test('eating follows simglucose: 5 g per 1-minute step, the remainder in the last minute', () => {
  const trace45 = eatingTrace(new Map([[0, 45]]), 12);
  // 45 g: 9 minutes of 5 g, nothing left from minute 9.
  trace45.forEach((row, minute) => {
    const expected = Math.max(0, 45 - 5 * minute);
    assert.ok(
      Math.abs(row.leftGrams - expected) < 1e-9,
      `45 g, minute ${minute}: ${row.leftGrams}`,
    );
  });
  const trace47 = eatingTrace(new Map([[0, 47]]), 12);
  // 47 g: 9 minutes of 5 g, then 2 g in the 10th minute.
  assert.ok(Math.abs(trace47[9]!.leftGrams - 2) < 1e-12);
  assert.equal(trace47[10]!.leftGrams, 0);
});

test('Dbar = stomach content at the meal start + grams eaten including the current minute', () => {
  const trace = eatingTrace(
    new Map([
      [0, 45],
      [9, 10], // the minute after the last 5 g of the first meal: it continues that meal
      [240, 30], // four hours later: a new meal, Dbar restarts from the stomach's content
    ]),
    250,
  );
  // Empty stomach at minute 0: minute k eats the (k+1)-th 5 g.
  for (let minute = 0; minute < 9; minute += 1) {
    assert.ok(Math.abs(trace[minute]!.dbarGrams - 5 * (minute + 1)) < 1e-9, `minute ${minute}`);
  }
  assert.ok(Math.abs(trace[9]!.dbarGrams - 50) < 1e-9, `continued meal ${trace[9]!.dbarGrams}`);
  assert.ok(Math.abs(trace[10]!.dbarGrams - 55) < 1e-9);
  assert.ok(Math.abs(trace[200]!.dbarGrams - 55) < 1e-9, 'Dbar holds after the meal');
  const start = trace[240]!;
  assert.ok(start.stomachGrams > 0, 'some of the first meal is still in the stomach');
  assert.ok(Math.abs(start.dbarGrams - (start.stomachGrams + 5)) < 1e-9, `${start.dbarGrams}`);
});

test('a glargine dose in the basal depot reaches plasma in full within 3 days (1 %)', () => {
  const create = () =>
    createUvaPadovaPatient({
      name: ADULT_001.name,
      parameters: ADULT_001.parameters,
      basalInsulin: 'glargine',
    });
  const absorbedAfter3Days = (glargineUnits: number): number => {
    const model = create();
    const x = model.steadyState(u2ssBasalUnitsPerHour(ADULT_001));
    if (glargineUnits > 0) model.applyInsulinDose(x, 'basal', glargineUnits);
    runMinutes({ model, x, meals: new Map(), basalUnitsPerHour: 0, minutes: 72 * 60 });
    return model.totals(x).absorbedInsulinUnits;
  };
  const fromGlargine = absorbedAfter3Days(20) - absorbedAfter3Days(0);
  assert.ok(Math.abs(fromGlargine - 20) <= 0.2, `absorbed ${fromGlargine} U of 20 U`);
});

test('a basal-depot dose needs a basal formulation; formulations must fit their depot', () => {
  const model = adult001();
  const x = model.steadyState(1);
  assert.throws(() => model.applyInsulinDose(x, 'basal', 10), /basal formulation/);
  assert.throws(
    () =>
      createUvaPadovaPatient({
        name: 'x',
        parameters: ADULT_001.parameters,
        rapidInsulin: 'glargine',
      }),
    /basal depot, not the rapid depot/,
  );
});

test('bad parameters are refused naming the parameter, its value and its range', () => {
  const parameters = { ...ADULT_001.parameters, kabs: -0.1, BW: Number.NaN };
  assert.throws(
    () => createUvaPadovaPatient({ name: 'bad', parameters }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message.includes('kabs = -0.1') &&
      error.message.includes('(0, 10] /min') &&
      error.message.includes('BW'),
  );
});

test('a 6-h pump stop from basal: glucose and BOHB rise every hour, nothing negative', () => {
  const model = adult001();
  const x = model.steadyState(u2ssBasalUnitsPerHour(ADULT_001));
  const hourly: { glucose: number; bohb: number }[] = [];
  runMinutes({
    model,
    x,
    meals: new Map(),
    basalUnitsPerHour: 0,
    minutes: 6 * 60,
    onMinute: (minute) => {
      if (minute % 60 === 0) {
        hourly.push({ glucose: model.plasmaGlucoseMgdl(x), bohb: model.bohbMmolL(x) });
      }
      assert.ok(
        x.every((value) => Number.isFinite(value) && value >= 0),
        `minute ${minute}`,
      );
    },
  });
  console.log(
    '# adult#001 pump stop (hour: glucose mg/dL / BOHB mmol/L): ' +
      hourly.map((h, i) => `${i}: ${h.glucose.toFixed(0)}/${h.bohb.toFixed(2)}`).join(', '),
  );
  for (let hour = 2; hour < hourly.length; hour += 1) {
    assert.ok(hourly[hour]!.glucose > hourly[hour - 1]!.glucose, `glucose, hour ${hour}`);
    assert.ok(hourly[hour]!.bohb > hourly[hour - 1]!.bohb, `BOHB, hour ${hour}`);
  }
  assert.ok(hourly[6]!.bohb > 3 * hourly[0]!.bohb);
});
