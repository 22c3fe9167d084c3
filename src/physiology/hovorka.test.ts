import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHovorkaPatient } from './hovorka.ts';
import type { HovorkaParameters } from './hovorkaParameters.ts';
import { HOVORKA_NOMINAL } from './hovorkaParameters.ts';
import { registerPatientModelConformance } from './patientModelConformance.ts';
import { dormandPrince, emptyStats, rk4 } from './solvers/index.ts';
import type { Integrator } from './solvers/index.ts';
import type { PatientModel } from './model.ts';
import { MGDL_PER_MMOLL } from '../units/index.ts';
import { COUNTER_REGULATION_GAIN } from './counterRegulation.ts';
import {
  KETONE_DEFAULTS,
  ketoneDerivativeAt,
  ketoneSteadyState,
  prepareKetones,
} from './ketones.ts';

const CUMULATIVE = ['absorbedGlucoseMmol', 'absorbedInsulinMilliunits'];

/** A less insulin-sensitive, heavier patient inside the Wilinska 2010 population spread. */
const RESISTANT: HovorkaParameters = {
  ...HOVORKA_NOMINAL,
  bodyWeightKg: 88,
  sit: 25e-4,
  sid: 4e-4,
  sie: 300e-4,
  egp0MmolPerKgMin: 0.019,
  tmaxIMinutes: 70,
  ag: 1.05,
};

registerPatientModelConformance({
  label: 'hovorka nominal, rapid analog',
  create: () => createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL }),
  cumulativeStateNames: CUMULATIVE,
});

registerPatientModelConformance({
  label: 'hovorka resistant, regular insulin + glargine depot',
  create: () =>
    createHovorkaPatient({
      name: 'resistant',
      parameters: RESISTANT,
      rapidInsulin: 'regular',
      basalInsulin: 'glargine',
    }),
  cumulativeStateNames: CUMULATIVE,
  targetGlucoseMgdl: 140,
});

registerPatientModelConformance({
  label: 'hovorka nominal, Dormand–Prince',
  create: () => createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL }),
  cumulativeStateNames: CUMULATIVE,
  solver: () => dormandPrince({ relTol: 1e-8, absTol: 1e-10 }),
});

interface Day {
  readonly glucoseMgdl: Float64Array;
  readonly insulinMilliunitsPerL: Float64Array;
}

/** A day with three meals and boluses, minute by minute, from the 120 mg/dL steady state. */
function mealDay(model: PatientModel, integrator: Integrator, basalUnitsPerHour: number): Day {
  const x = model.steadyState(basalUnitsPerHour);
  const inputs = { rapidInsulinUnitsPerMinute: basalUnitsPerHour / 60, carbsGramsPerMinute: 0 };
  const meals = new Map([
    [420, 50],
    [750, 70],
    [1140, 60],
  ]);
  const day = {
    glucoseMgdl: new Float64Array(1440),
    insulinMilliunitsPerL: new Float64Array(1440),
  };
  const stats = emptyStats();
  for (let minute = 0; minute < 1440; minute += 1) {
    const carbs = meals.get(minute);
    if (carbs !== undefined) {
      model.applyMeal(x, carbs);
      model.applyInsulinDose(x, 'rapid', carbs / 25);
    }
    assert.equal(integrator.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
    day.glucoseMgdl[minute] = model.plasmaGlucoseMgdl(x);
    day.insulinMilliunitsPerL[minute] = model.plasmaInsulinMilliunitsPerL(x);
  }
  return day;
}

test('hovorka: 1-minute RK4 matches Dormand–Prince (tol 1e-10) over a meal day', () => {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const basal = model.basalForGlucose(120);
  const coarse = mealDay(model, rk4(), basal);
  const fine = mealDay(model, dormandPrince({ relTol: 1e-10, absTol: 1e-10 }), basal);
  let worstGlucose = 0;
  let worstInsulin = 0;
  for (let i = 0; i < 1440; i += 1) {
    worstGlucose = Math.max(worstGlucose, Math.abs(coarse.glucoseMgdl[i]! - fine.glucoseMgdl[i]!));
    worstInsulin = Math.max(
      worstInsulin,
      Math.abs(coarse.insulinMilliunitsPerL[i]! - fine.insulinMilliunitsPerL[i]!),
    );
  }
  console.log(
    `RK4 vs DP5: max |ΔG| ${worstGlucose.toExponential(2)} mg/dL, max |ΔI| ${worstInsulin.toExponential(2)} mU/L`,
  );
  assert.ok(worstGlucose < 0.01, `glucose differs by ${worstGlucose} mg/dL`);
  assert.ok(worstInsulin < 0.01, `insulin differs by ${worstInsulin} mU/L`);
});

test('hovorka: steady glucose without insulin follows the renal balance of the paper', () => {
  // With I = 0: EGP0 = F01 + 0.003·(G − 9)·VG (Hovorka 2004 eq. for FR), solved by hand.
  const p = HOVORKA_NOMINAL;
  const vg = p.vgLPerKg * p.bodyWeightKg;
  const expected = 9 + ((p.egp0MmolPerKgMin - p.f01MmolPerKgMin) * p.bodyWeightKg) / (0.003 * vg);
  const model = createHovorkaPatient({ name: 'nominal', parameters: p, counterRegulationGain: 0 });
  const x = model.steadyState(0);
  assert.ok(Math.abs(model.plasmaGlucoseMgdl(x) / MGDL_PER_MMOLL - expected) < 1e-9);
  assert.equal(model.plasmaInsulinMilliunitsPerL(x), 0);
  // With counter-regulation, EGP without insulin is (1 + gain)·EGP0.
  const withGain =
    9 +
    (((1 + COUNTER_REGULATION_GAIN) * p.egp0MmolPerKgMin - p.f01MmolPerKgMin) * p.bodyWeightKg) /
      (0.003 * vg);
  const regulated = createHovorkaPatient({ name: 'nominal', parameters: p });
  const y = regulated.steadyState(0);
  assert.ok(Math.abs(regulated.plasmaGlucoseMgdl(y) / MGDL_PER_MMOLL - withGain) < 1e-9);
});

test('hovorka: counter-regulation leaves steady states at or below 120 mg/dL as published', () => {
  const published = createHovorkaPatient({
    name: 'p',
    parameters: HOVORKA_NOMINAL,
    counterRegulationGain: 0,
  });
  const regulated = createHovorkaPatient({ name: 'r', parameters: HOVORKA_NOMINAL });
  for (const target of [90, 110, 120]) {
    assert.ok(
      Math.abs(published.basalForGlucose(target) - regulated.basalForGlucose(target)) < 1e-12,
    );
  }
  // Above 120 mg/dL insulin is below basal: EGP is raised, so more basal holds the same target.
  assert.ok(regulated.basalForGlucose(160) > published.basalForGlucose(160));
});

test('hovorka: from a perturbed start, the basal for 110 mg/dL brings glucose back to 110', () => {
  const model = createHovorkaPatient({ name: 'resistant', parameters: RESISTANT });
  const basal = model.basalForGlucose(110);
  const x = model.steadyState(basal);
  x[0] = x[0]! * 1.6; // Q1: glucose 176 mg/dL
  const inputs = { rapidInsulinUnitsPerMinute: basal / 60, carbsGramsPerMinute: 0 };
  const code = rk4().advance(model, x, 0, 3 * 1440, inputs, emptyStats());
  assert.equal(code, 'Success');
  assert.ok(Math.abs(model.plasmaGlucoseMgdl(x) - 110) < 0.5, `${model.plasmaGlucoseMgdl(x)}`);
});

test('hovorka: a meal raises glucose, a bolus lowers it (direction of the equations)', () => {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const basal = model.basalForGlucose(120);
  const inputs = { rapidInsulinUnitsPerMinute: basal / 60, carbsGramsPerMinute: 0 };
  const meal = model.steadyState(basal);
  model.applyMeal(meal, 40);
  const bolus = model.steadyState(basal);
  model.applyInsulinDose(bolus, 'rapid', 2);
  const solver = rk4();
  solver.advance(model, meal, 0, 90, inputs, emptyStats());
  solver.advance(model, bolus, 0, 90, inputs, emptyStats());
  assert.ok(model.plasmaGlucoseMgdl(meal) > 150);
  assert.ok(model.plasmaGlucoseMgdl(bolus) < 100);
  // The CGM's interstitial glucose lags plasma glucose on the way up.
  assert.ok(model.interstitialGlucoseMgdl(meal) < model.plasmaGlucoseMgdl(meal));
});

test('hovorka: a basal-rate step shows in plasma insulin within 30 min, settles in hours', () => {
  // docs/physiology.md §3 (Heinemann 2009): plasma insulin changes within 15–30 min of a basal
  // change; a new steady state takes several hours.
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const x = model.steadyState(0.5);
  const before = model.plasmaInsulinMilliunitsPerL(x);
  const after = model.plasmaInsulinMilliunitsPerL(model.steadyState(1));
  const inputs = { rapidInsulinUnitsPerMinute: 1 / 60, carbsGramsPerMinute: 0 };
  const solver = rk4();
  const stats = emptyStats();
  let minuteAt90 = Number.NaN;
  let at30 = Number.NaN;
  for (let minute = 0; minute < 720; minute += 1) {
    solver.advance(model, x, minute, minute + 1, inputs, stats);
    const fraction = (model.plasmaInsulinMilliunitsPerL(x) - before) / (after - before);
    if (minute + 1 === 30) at30 = fraction;
    if (Number.isNaN(minuteAt90) && fraction >= 0.9) minuteAt90 = minute + 1;
  }
  console.log(`basal step: ${(100 * at30).toFixed(1)} % at 30 min, 90 % at ${minuteAt90} min`);
  assert.ok(at30 > 0.05, `only ${at30} of the change at 30 min`);
  assert.ok(minuteAt90 > 120 && minuteAt90 < 480, `90 % reached at ${minuteAt90} min`);
});

test('hovorka: pump pulses 5 min apart ≈ continuous infusion (Chan, Breton, Kovatchev 2008)', () => {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const basalUnitsPerHour = 0.6;
  const continuous = model.steadyState(basalUnitsPerHour);
  const pulsed = model.steadyState(basalUnitsPerHour);
  const infusing = { rapidInsulinUnitsPerMinute: basalUnitsPerHour / 60, carbsGramsPerMinute: 0 };
  const idle = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const solver = rk4();
  const stats = emptyStats();
  let worst = 0;
  for (let minute = 0; minute < 720; minute += 1) {
    if (minute % 5 === 0) model.applyInsulinDose(pulsed, 'rapid', (basalUnitsPerHour * 5) / 60);
    solver.advance(model, continuous, minute, minute + 1, infusing, stats);
    solver.advance(model, pulsed, minute, minute + 1, idle, stats);
    const a = model.plasmaInsulinMilliunitsPerL(continuous);
    const b = model.plasmaInsulinMilliunitsPerL(pulsed);
    worst = Math.max(worst, Math.abs(a - b) / a);
  }
  assert.ok(worst < 0.02, `pulsed vs continuous plasma insulin differ by ${100 * worst} %`);
});

test('hovorka: basal depot doses need a basal formulation', () => {
  const pump = createHovorkaPatient({ name: 'pump', parameters: HOVORKA_NOMINAL });
  assert.throws(() => pump.applyInsulinDose(pump.steadyState(0.5), 'basal', 10), /basal depot/);
  const mdi = createHovorkaPatient({
    name: 'mdi',
    parameters: HOVORKA_NOMINAL,
    basalInsulin: 'nph',
  });
  const x = mdi.steadyState(0);
  mdi.applyInsulinDose(x, 'basal', 10);
  assert.ok(mdi.stateNames.includes('basalS1Milliunits'));
  assert.equal(x.reduce((sum, v) => sum + v, 0) > 0, true);
  assert.throws(
    () => createHovorkaPatient({ name: 'x', parameters: HOVORKA_NOMINAL, rapidInsulin: 'nph' }),
    /rapidInsulin: 'nph' is a basal formulation/,
  );
});

test('hovorka: parameter errors name the field, the value and the allowed range', () => {
  const bad = { ...HOVORKA_NOMINAL, tmaxIMinutes: 2, ag: Number.NaN };
  assert.throws(
    () => createHovorkaPatient({ name: 'bad', parameters: bad }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message.includes('tmaxIMinutes: 2, allowed [10, 240]') &&
      error.message.includes('ag'),
  );
  assert.throws(() =>
    createHovorkaPatient({
      name: 'x',
      parameters: { ...HOVORKA_NOMINAL, extra: 1 } as HovorkaParameters,
    }),
  );
});

test('hovorka: steadyState and basalForGlucose refuse values out of range', () => {
  const model = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  assert.throws(() => model.steadyState(-0.1), /basalUnitsPerHour: -0.1/);
  assert.throws(() => model.steadyState(Number.NaN), RangeError);
  // Without insulin the nominal patient settles at 39.1 mmol/L (705 mg/dL, EGP raised 1.5-fold
  // by counter-regulation): 800 is unreachable.
  assert.throws(() => model.basalForGlucose(800), /glucose target/);
});

test('hovorka: default ketone parameters put every patient at the same BOHB on its own basal', () => {
  const nominal = createHovorkaPatient({ name: 'nominal', parameters: HOVORKA_NOMINAL });
  const resistant = createHovorkaPatient({ name: 'resistant', parameters: RESISTANT });
  const bohbAtBasal = (model: PatientModel): number =>
    model.bohbMmolL(model.steadyState(model.basalForGlucose(120)));
  assert.ok(resistant.basalForGlucose(120) > 1.5 * nominal.basalForGlucose(120));
  assert.ok(Math.abs(bohbAtBasal(resistant) - bohbAtBasal(nominal)) < 1e-9);
  // Without insulin, BOHB rises for both (the danger of a silent pump stop).
  const x = resistant.steadyState(resistant.basalForGlucose(120));
  const before = resistant.bohbMmolL(x);
  const noInsulin = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  rk4().advance(resistant, x, 0, 360, noInsulin, emptyStats());
  assert.ok(resistant.bohbMmolL(x) > before + 0.5, `BOHB ${resistant.bohbMmolL(x)} after 6 h`);
});

test('hovorka: the ketone block rests at its steady state', () => {
  // ketoneDerivativeAt writes the Hill function and the clearance out in full (no calls in the
  // hot loop); they must stay the functions the steady states use.
  const ketones = prepareKetones(KETONE_DEFAULTS);
  for (const insulin of [0, 0.5, 2.6, 5.4177, 12, 80]) {
    const x = new Float64Array(2);
    ketoneSteadyState(insulin, ketones, x, 0);
    const out = new Float64Array(2);
    ketoneDerivativeAt(insulin, ketones, x, 0, x, 0, out);
    assert.equal(out[0], 0, `dXk/dt at I = ${insulin}`);
    assert.ok(
      Math.abs(out[1]!) <= 1e-15 * ketones.maxProductionMmolPerLPerMinute,
      `dB/dt ${out[1]}`,
    );
  }
});

test('hovorka: the nonlinear rates are the derivative’s, bit for bit', () => {
  const model = createHovorkaPatient({
    name: 'split',
    parameters: RESISTANT,
    rapidInsulin: 'regular',
    basalInsulin: 'glargine',
  });
  const n = model.stateNames.length;
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: n, maxLength: n }),
      (values) => {
        const x = Float64Array.from(values);
        x[4] = values[4]! / 400; // x3 around 1, where EGP switches off
        const full = new Float64Array(n);
        const rates = new Float64Array(n);
        model.derivative(0, x, { rapidInsulinUnitsPerMinute: 0.02, carbsGramsPerMinute: 1 }, full);
        model.nonlinearRates(0, x, rates);
        return model.nonlinearStates.every((i) => Object.is(rates[i], full[i]));
      },
    ),
    { numRuns: 300 },
  );
});

test('hovorka: its own integrator steps insulin exactly and glucose as well as RK4 does', () => {
  const structures = [
    { rapidInsulin: 'rapid-analog' },
    { rapidInsulin: 'regular' },
    { rapidInsulin: 'rapid-analog', basalInsulin: 'glargine' },
    { rapidInsulin: 'regular', basalInsulin: 'nph' },
  ] as const;
  for (const insulins of structures) {
    const model = createHovorkaPatient({ name: 'day', parameters: HOVORKA_NOMINAL, ...insulins });
    /** Plasma insulin and glucose every minute of a day with three meals and boluses. */
    const day = (solver: Integrator) => {
      const x = model.steadyState(1);
      const stats = emptyStats();
      const inputs = { rapidInsulinUnitsPerMinute: 1 / 60, carbsGramsPerMinute: 0 };
      const insulin: number[] = [];
      const glucose: number[] = [];
      for (let minute = 0; minute < 1440; minute += 1) {
        if (minute % 360 === 30) {
          model.applyMeal(x, 60);
          model.applyInsulinDose(x, 'rapid', 6);
        }
        if ('basalInsulin' in insulins && minute === 60) model.applyInsulinDose(x, 'basal', 12);
        assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
        insulin.push(model.plasmaInsulinMilliunitsPerL(x));
        glucose.push(model.plasmaGlucoseMgdl(x));
      }
      return { insulin, glucose };
    };
    const exact = day(dormandPrince({ relTol: 1e-11, absTol: 1e-12 }));
    const own = day(model.integrator());
    const classical = day(rk4());
    const largest = (trace: typeof exact, key: keyof typeof exact) =>
      Math.max(...trace[key].map((value, i) => Math.abs(value - exact[key][i]!)));
    const label = JSON.stringify(insulins);
    const insulin = [largest(own, 'insulin'), largest(classical, 'insulin')] as const;
    const glucose = [largest(own, 'glucose'), largest(classical, 'glucose')] as const;
    assert.ok(insulin[0] < 1e-8 && insulin[0] < insulin[1] / 100, `${label}: insulin ${insulin}`);
    assert.ok(glucose[0] < 1e-3 && glucose[0] <= 1.1 * glucose[1], `${label}: glucose ${glucose}`);
  }
});
