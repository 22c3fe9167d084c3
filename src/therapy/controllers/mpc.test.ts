import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insulinOnBoard, rapidActing, type DeliveredDose } from '../../insulin/index.ts';
import { defaultAdultPopulation } from '../../physiology/population.ts';
import { mmolL, mmolLToMgdl } from '../../units/index.ts';
import { controllerInput, registerControllerConformance } from './controllerConformance.ts';
import { createMpcController } from './mpc.ts';
import { expm, multiplyInto } from '../../physiology/solvers/matrixExponential.ts';
import {
  buildInternalModel,
  loadAnnouncedCarbs,
  predictFree,
  STATE,
  STATE_COUNT,
  type ModelParameters,
} from './mpcModel.ts';
import { startInsulinState, unexplainedInsulinUnits } from './mpcInsulin.ts';
import {
  createEstimate,
  filterMatrices,
  predictEstimate,
  startEstimate,
  updateEstimate,
} from './mpcEstimator.ts';
import { QpSolver, type QpProblem } from './mpcSolver.ts';
import { runTestLoop, threeMeals } from './testLoop.ts';

registerControllerConformance('mpc', () => createMpcController());

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} vs ${expected} ±${tolerance}`,
  );
}

const PARAMETERS: ModelParameters = {
  isfMgdlPerUnit: 50,
  csfMgdlPerGram: 4,
  insulinTauMinutes: 45,
  carbTauMinutes: 40,
  unexplainedTauMinutes: 40,
  selfRegulationPerMinute: 0,
  biasTauMinutes: 120,
  renalClearancePerMinute: 0,
  horizonSteps: 48,
};

// --- Internal model -------------------------------------------------------------------------

test('mpc model: exp(A·h) matches its definition on a matrix with a known exponential', () => {
  // A nilpotent Jordan block: exp(J·h) = I + J·h + (J·h)²/2 exactly.
  const j = Float64Array.of(0, 1, 0, 0, 0, 1, 0, 0, 0);
  const e = expm(j, 3, 2);
  assert.deepEqual(Array.from(e), [1, 2, 2, 0, 1, 2, 0, 0, 1]);
  // exp(A·h)·exp(A·h) = exp(A·2h) for a full matrix.
  const a = Float64Array.of(-0.1, 0.02, 0.3, -0.05);
  const once = expm(a, 2, 5);
  const twice = new Float64Array(4);
  multiplyInto(once, once, twice, 2);
  const direct = expm(a, 2, 10);
  for (let i = 0; i < 4; i += 1) assertClose(twice[i]!, direct[i]!, 1e-12, `entry ${i}`);
});

test('mpc model: a bolus lowers glucose by ISF × the absorbed fraction of a 3-compartment chain', () => {
  const model = buildInternalModel(PARAMETERS);
  for (let k = 1; k <= PARAMETERS.horizonSteps; k += 1) {
    const r = (5 * k) / PARAMETERS.insulinTauMinutes;
    const absorbed = 1 - Math.exp(-r) * (1 + r + (r * r) / 2);
    assertClose(model.bolusResponse[k]!, -PARAMETERS.isfMgdlPerUnit * absorbed, 1e-9, `step ${k}`);
  }
});

test('mpc model: a held rate acts as the integral of the bolus response', () => {
  const model = buildInternalModel(PARAMETERS);
  const tau = PARAMETERS.insulinTauMinutes;
  for (let k = 1; k <= PARAMETERS.horizonSteps; k += 1) {
    const t = 5 * k;
    const r = t / tau;
    // ∫₀ᵗ [1 − e^(−u/τ)(1 + u/τ + u²/2τ²)] du, for 1 U/h = 1/60 U/min.
    const integral = t - tau * (3 - Math.exp(-r) * (3 + 2 * r + (r * r) / 2));
    const expected = (-PARAMETERS.isfMgdlPerUnit * integral) / 60;
    assertClose(model.rateStepResponse[k]!, expected, 1e-9, `step ${k}`);
  }
});

test('mpc model: announced carbohydrate raises glucose by CSF × a 2-compartment chain', () => {
  const model = buildInternalModel(PARAMETERS);
  const x = new Float64Array(STATE_COUNT);
  loadAnnouncedCarbs(x, [{ atMinutes: 100, carbsGrams: 30 }], {
    nowMinutes: 100,
    carbTauMinutes: PARAMETERS.carbTauMinutes,
  });
  const out = new Float64Array(PARAMETERS.horizonSteps + 1);
  const work = {
    state: new Float64Array(STATE_COUNT),
    scratch: new Float64Array(STATE_COUNT),
    out,
    targetMgdl: 110,
  };
  predictFree(model, x, work);
  for (let k = 0; k <= PARAMETERS.horizonSteps; k += 1) {
    const r = (5 * k) / PARAMETERS.carbTauMinutes;
    const expected = 30 * PARAMETERS.csfMgdlPerGram * (1 - Math.exp(-r) * (1 + r));
    assertClose(out[k]!, expected, 1e-9, `step ${k}`);
  }
  // A meal announced 30 min ago is the same prediction shifted by 6 steps.
  loadAnnouncedCarbs(x, [{ atMinutes: 70, carbsGrams: 30 }], {
    nowMinutes: 100,
    carbTauMinutes: 40,
  });
  const shifted = new Float64Array(PARAMETERS.horizonSteps + 1);
  predictFree(model, x, { ...work, out: shifted });
  const expected30 = 30 * 4 * (1 - Math.exp(-0.75) * 1.75);
  for (let k = 0; k + 6 <= PARAMETERS.horizonSteps; k += 1) {
    assertClose(shifted[k]! + expected30, out[k + 6]!, 1e-9, `step ${k}`);
  }
});

test('mpc model: self-regulation returns glucose to target as e^(−k·t)', () => {
  const model = buildInternalModel({ ...PARAMETERS, selfRegulationPerMinute: 0.002 });
  const x = new Float64Array(STATE_COUNT);
  x[STATE.glucose] = 80;
  const out = new Float64Array(PARAMETERS.horizonSteps + 1);
  predictFree(model, x, {
    state: new Float64Array(STATE_COUNT),
    scratch: new Float64Array(STATE_COUNT),
    out,
    targetMgdl: 110,
  });
  for (let k = 0; k <= PARAMETERS.horizonSteps; k += 1) {
    assertClose(out[k]!, 80 * Math.exp(-0.002 * 5 * k), 1e-9, `step ${k}`);
  }
});

test('mpc model: predictions are linear in the state (superposition)', () => {
  const model = buildInternalModel({ ...PARAMETERS, selfRegulationPerMinute: 0.0015 });
  const state = fc.float64Array({
    minLength: STATE_COUNT,
    maxLength: STATE_COUNT,
    noNaN: true,
    min: -50,
    max: 50,
  });
  fc.assert(
    fc.property(state, state, (a, b) => {
      const predict = (x: Float64Array): Float64Array => {
        const out = new Float64Array(PARAMETERS.horizonSteps + 1);
        const s = new Float64Array(STATE_COUNT);
        predictFree(model, x, {
          state: s,
          scratch: new Float64Array(STATE_COUNT),
          out,
          targetMgdl: 110,
        });
        return out;
      };
      const sum = a.map((v, i) => v + b[i]!);
      const pa = predict(a);
      const pb = predict(b);
      const ps = predict(sum);
      for (let k = 0; k < ps.length; k += 1) {
        assertClose(ps[k]!, pa[k]! + pb[k]!, 1e-6 * (1 + Math.abs(ps[k]!)), `step ${k}`);
      }
    }),
    { numRuns: 50 },
  );
});

test('mpc model: renal excretion removes 0.003 × (G − 162 mg/dL) per minute, only above 162', () => {
  const model = buildInternalModel({ ...PARAMETERS, renalClearancePerMinute: 0.003 });
  const predict = (glucoseMgdl: number): Float64Array => {
    const x = new Float64Array(STATE_COUNT);
    x[STATE.glucose] = glucoseMgdl - 110;
    const out = new Float64Array(PARAMETERS.horizonSteps + 1);
    const state = new Float64Array(STATE_COUNT);
    predictFree(model, x, { state, scratch: new Float64Array(STATE_COUNT), out, targetMgdl: 110 });
    return out;
  };
  // Hovorka 2004: above 9 mmol/L; one 5-min step from 300 mg/dL:
  const threshold = mmolLToMgdl(mmolL(9));
  assertClose(predict(300)[1]! + 110, 300 - 5 * 0.003 * (300 - threshold), 1e-9, 'from 300');
  // Below the threshold nothing changes (no other input, k = 0).
  assertClose(predict(150)[PARAMETERS.horizonSteps]! + 110, 150, 1e-9, 'from 150');
});

// --- Estimator ------------------------------------------------------------------------------

const NOISE = {
  measurementSdMgdl: 3,
  unexplainedSdMgdl: 12,
  biasSdMgdlPerMinute: 0.005,
  glucoseSdMgdl: 1,
};

/** Feeds `readings` (one per 5 min) to a fresh filter; returns its estimate afterwards. */
function filtered(readings: (k: number) => number, steps: number) {
  const model = buildInternalModel({ ...PARAMETERS, unexplainedTauMinutes: 15 });
  const filter = filterMatrices(model, NOISE);
  const estimate = createEstimate();
  startEstimate(estimate, {
    atMinutes: 0,
    glucoseDeviationMgdl: readings(0),
    unexplainedSlopeMgdlPerMinute: 0,
    unexplainedTauMinutes: 15,
    noise: NOISE,
  });
  for (let k = 1; k <= steps; k += 1) {
    predictEstimate(estimate, filter, 110);
    updateEstimate(estimate, filter, readings(k));
  }
  const flux = estimate.state[STATE.unexplained2]! / 15 + estimate.state[STATE.bias]!;
  return { glucose: estimate.state[STATE.glucose]!, flux };
}

test('mpc estimator: steady readings give no unexplained flux; a ramp gives its slope', () => {
  const steady = filtered(() => 20, 24);
  assertClose(steady.glucose, 20, 0.5, 'steady glucose');
  assertClose(steady.flux, 0, 0.02, 'steady flux');
  // Glucose rising 1.5 mg/dL/min (a meal nobody announced): the filter follows it. A random walk
  // into a decaying chain tracks a ramp with a lag: about 80 % of the slope after 2 h.
  const ramp = filtered((k) => 7.5 * k, 24);
  assertClose(ramp.glucose, 7.5 * 24, 5, 'ramp glucose');
  assertClose(ramp.flux, 1.5, 0.45, 'ramp flux');
  const falling = filtered((k) => -5 * k, 24);
  assertClose(falling.flux, -1, 0.3, 'falling flux');
});

// --- Insulin bookkeeping --------------------------------------------------------------------

test('mpc insulin: a bolus between two calls is recovered from the change in reported IOB', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.05, max: 8, noNaN: true }),
      fc.double({ min: 0, max: 3, noNaN: true }),
      fc.integer({ min: 1, max: 4 }),
      (bolusUnits, netRateUnitsPerHour, bolusAfterMinutes) => {
        // Earlier history: a 3-U bolus 2 h ago, then the net rate continuously.
        const doses: DeliveredDose[] = [{ startMinutes: -120, units: 3, durationMinutes: 0 }];
        for (let t = -120; t < 5; t += 5) {
          doses.push({
            startMinutes: t,
            units: (netRateUnitsPerHour * 5) / 60,
            durationMinutes: 5,
          });
        }
        const before = insulinOnBoard(doses, 0, rapidActing);
        doses.push({ startMinutes: bolusAfterMinutes, units: bolusUnits, durationMinutes: 0 });
        const after = insulinOnBoard(doses, 5, rapidActing);
        const found = unexplainedInsulinUnits({
          previous: before,
          now: after,
          netBasalUnits: (netRateUnitsPerHour * 5) / 60,
          intervalMinutes: 5,
        });
        assert.ok(Math.abs(found - bolusUnits) < 0.01, `found ${found} for ${bolusUnits}`);
      },
    ),
    { numRuns: 100 },
  );
});

test('mpc insulin: at a restart, a fresh dose starts in the first compartment', () => {
  const x = new Float64Array(STATE_COUNT);
  startInsulinState(x, {
    iobUnits: 2,
    activityUnitsPerMinute: 0,
    curve: rapidActing,
    insulinTauMinutes: 45,
  });
  assert.equal(x[STATE.insulin1], 2);
  assert.equal(x[STATE.insulin2], 0);
  // An older dose (activity high relative to IOB) is further down the chain.
  const old = new Float64Array(STATE_COUNT);
  const dose = [{ startMinutes: 0, units: 2, durationMinutes: 0 }];
  const report = insulinOnBoard(dose, 120, rapidActing);
  startInsulinState(old, { ...report, curve: rapidActing, insulinTauMinutes: 45 });
  assert.ok(old[STATE.insulin3]! > old[STATE.insulin1]!, `chain ${Array.from(old.slice(1, 4))}`);
  const chainTotal = old[STATE.insulin1]! + old[STATE.insulin2]! + old[STATE.insulin3]!;
  assert.ok(chainTotal > report.iobUnits * 0.9 && chainTotal < 2, `chain total ${chainTotal}`);
});

// --- Optimiser ------------------------------------------------------------------------------

function gridMinimum(p: QpProblem, solver: QpSolver): number {
  // Brute force over a fine grid of the two moves (the reference for the solver).
  let best = Infinity;
  const z = new Float64Array(2);
  const n = 120;
  for (let a = 0; a <= n; a += 1) {
    for (let b = 0; b <= n; b += 1) {
      z[0] = p.lower[0]! + ((p.upper[0]! - p.lower[0]!) * a) / n;
      z[1] = p.lower[1]! + ((p.upper[1]! - p.lower[1]!) * b) / n;
      for (let s = 0; s < p.scenarios.length; s += 1) {
        const sc = p.scenarios[s]!;
        const g = solver.predicted[s]!;
        for (let k = 0; k <= p.steps; k += 1) {
          g[k] =
            sc.base[k]! +
            sc.responseScale * (z[0] * p.responses[0]![k]! + z[1] * p.responses[1]![k]!);
        }
      }
      best = Math.min(best, solver.cost(p, z));
    }
  }
  return best;
}

test('mpc solver: the minimum is within the box and no grid point does better', () => {
  const steps = 12;
  fc.assert(
    fc.property(
      fc.double({ min: 60, max: 300, noNaN: true }),
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.double({ min: -30, max: -1, noNaN: true }),
      fc.double({ min: -30, max: -1, noNaN: true }),
      fc.double({ min: 0.5, max: 3, noNaN: true }),
      (start, slope, effectA, effectB, upper) => {
        const line = (f: (k: number) => number): Float64Array =>
          Float64Array.from({ length: steps + 1 }, (_, k) => f(k));
        const problem: QpProblem = {
          steps,
          responses: [
            line((k) => effectA * (1 - Math.exp(-k / 3))),
            line((k) => (effectB * k) / steps),
          ],
          lower: Float64Array.of(-1, 0),
          upper: Float64Array.of(upper, upper / 2),
          penalty: Float64Array.of(5, 20),
          scenarios: [
            {
              base: line((k) => start + slope * 5 * k),
              responseScale: 1,
              highWeight: 1,
              high: line(() => 110),
              lowWeight: 5,
              low: line(() => 110),
              hardLowMgdl: 70,
              hardLowWeight: 50,
              hardHighMgdl: 180,
              hardHighWeight: 2,
            },
            {
              base: line((k) => start - 10 + slope * 5 * k),
              responseScale: 1.4,
              highWeight: 0,
              high: line(() => Infinity),
              lowWeight: 5,
              low: line(() => 90),
              hardLowMgdl: 70,
              hardLowWeight: 50,
              hardHighMgdl: Infinity,
              hardHighWeight: 0,
            },
          ],
        };
        const solver = new QpSolver(2, steps);
        const z = new Float64Array(2);
        solver.solve(problem, z);
        assert.ok(z[0]! >= -1 && z[0]! <= upper && z[1]! >= 0 && z[1]! <= upper / 2, `${z}`);
        const found = solver.cost(problem, z);
        const grid = gridMinimum(problem, new QpSolver(2, steps));
        assert.ok(found <= grid + 1e-6 * (1 + grid), `solver ${found} > grid ${grid}`);
      },
    ),
    { numRuns: 40 },
  );
});

// --- Constraints of the controller ----------------------------------------------------------

const settings = controllerInput().settings;

test('mpc constraints: 0 ≤ rate ≤ max basal, bolus ≤ max auto bolus, IOB ≤ max IOB', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 40, max: 400, noNaN: true }),
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.double({ min: 0.2, max: 8, noNaN: true }),
      fc.double({ min: -3, max: 10, noNaN: true }),
      fc.integer({ min: 0, max: 120 }),
      (glucoseMgdl, slope, maxIobUnits, iobUnits, mealAgeMinutes) => {
        const limits = { ...settings, maxIobUnits };
        const input = controllerInput({
          glucoseMgdl,
          slope,
          iobUnits,
          settings: limits,
          announcedCarbs: [{ atMinutes: 10_000 - mealAgeMinutes, carbsGrams: 60 }],
        });
        const rec = createMpcController().recommend(input);
        const rate = rec.tempBasal?.rateUnitsPerHour ?? limits.scheduledBasalUnitsPerHour;
        assert.ok(rate >= 0 && rate <= limits.maxBasalUnitsPerHour, `rate ${rate}`);
        const bolus = rec.bolusUnits;
        assert.ok(bolus >= 0 && bolus <= limits.maxAutoBolusUnits + 1e-12, `bolus ${bolus}`);
        // Insulin on board after the bolus and 5 minutes of the net basal.
        const net = ((rate - limits.scheduledBasalUnitsPerHour) * 5) / 60;
        const iobAfter = iobUnits + bolus + Math.max(0, net);
        const allowed = Math.max(iobUnits, maxIobUnits) + 1e-9;
        assert.ok(iobAfter <= allowed, `IOB ${iobAfter} > ${allowed}`);
      },
    ),
    { numRuns: 200 },
  );
});

test('mpc constraints: at max IOB a high, rising glucose with a meal gets no more insulin', () => {
  const input = controllerInput({
    glucoseMgdl: 300,
    slope: 3,
    iobUnits: 1,
    settings: { ...settings, maxIobUnits: 1 },
    announcedCarbs: [{ atMinutes: 10_000, carbsGrams: 80 }],
  });
  const rec = createMpcController().recommend(input);
  assert.equal(rec.bolusUnits, 0);
  const rate = rec.tempBasal?.rateUnitsPerHour ?? 0;
  assert.ok(rate <= settings.scheduledBasalUnitsPerHour + 1e-9, `rate ${rate} at max IOB`);
  // The same without the limit asks for more.
  const free = createMpcController().recommend({ ...input, settings });
  assert.ok(free.bolusUnits > 0, free.reasons.join('; '));
});

test("mpc constraints: 'announced-meals' boluses only after an announced meal; 'always' also for a rise", () => {
  const strict = { autoBolus: 'announced-meals' } as const;
  const high = { glucoseMgdl: 250, slope: 2 };
  const without = createMpcController(strict).recommend(controllerInput(high));
  assert.equal(without.bolusUnits, 0);
  const rate = without.tempBasal?.rateUnitsPerHour ?? 0;
  assert.ok(rate > settings.scheduledBasalUnitsPerHour, `rate ${rate}`);
  const meal = { announcedCarbs: [{ atMinutes: 10_000, carbsGrams: 60 }] };
  const withMeal = createMpcController(strict).recommend(
    controllerInput({ glucoseMgdl: 120, ...meal }),
  );
  assert.ok(withMeal.bolusUnits > 0, withMeal.reasons.join('; '));
  const oldMeal = { announcedCarbs: [{ atMinutes: 10_000 - 200, carbsGrams: 60 }] };
  const late = createMpcController(strict).recommend(controllerInput({ ...high, ...oldMeal }));
  assert.equal(late.bolusUnits, 0);
  const never = createMpcController({ autoBolus: 'never' }).recommend(
    controllerInput({ glucoseMgdl: 120, ...meal }),
  );
  assert.equal(never.bolusUnits, 0);
  const always = createMpcController().recommend(controllerInput(high));
  assert.ok(always.bolusUnits > 0, always.reasons.join('; '));
  // Steady at target: nothing to correct, no bolus even when allowed.
  const steady = createMpcController().recommend(controllerInput({ glucoseMgdl: 110, slope: 0 }));
  assert.equal(steady.bolusUnits, 0);
});

test('mpc constraints: glucose predicted below the suspend threshold suspends insulin', () => {
  // 90 mg/dL falling 2 mg/dL/min: below 70 within 30 min.
  const rec = createMpcController().recommend(controllerInput({ glucoseMgdl: 90, slope: -2 }));
  assert.equal(rec.tempBasal?.rateUnitsPerHour, 0);
  assert.equal(rec.bolusUnits, 0);
  assert.ok(
    rec.reasons.some((r) => r.startsWith('suspend')),
    rec.reasons.join('; '),
  );
});

test('mpc constraints: without a recent CGM reading the scheduled basal runs', () => {
  const input = controllerInput({ glucoseMgdl: 250 });
  const stale = { ...input, cgm: input.cgm.filter((p) => p.atMinutes <= input.nowMinutes - 30) };
  for (const cgm of [stale.cgm, []]) {
    const rec = createMpcController().recommend({ ...input, cgm });
    assert.equal(rec.tempBasal?.rateUnitsPerHour, settings.scheduledBasalUnitsPerHour);
    assert.equal(rec.bolusUnits, 0);
  }
});

test('mpc options: a bad option names the field, the value and the rule', () => {
  assert.throws(() => createMpcController({ horizonMinutes: 1000 }), /horizonMinutes = 1000/);
  assert.throws(() => createMpcController({ lowWeight: -1 }), /lowWeight = -1/);
  assert.throws(
    () => createMpcController({ autoBolus: 'sometimes' as 'always' }),
    /autoBolus = "sometimes"/,
  );
});

test('mpc: a second call at the same time sees a bolus given meanwhile', () => {
  const c = createMpcController();
  const first = controllerInput({ glucoseMgdl: 180, slope: 0.5 });
  c.recommend(first);
  const again = c.recommend({ ...first, iobUnits: 3, activityUnitsPerMinute: 0 });
  // 3 U more on board than a moment ago: the plan no longer adds insulin.
  const rate = again.tempBasal?.rateUnitsPerHour ?? 0;
  assert.ok(rate <= settings.scheduledBasalUnitsPerHour, `rate ${rate} after a 3-U bolus`);
  assert.equal(again.bolusUnits, 0);
});

test('mpc: the same inputs in the same order give the same recommendations (deterministic)', () => {
  const run = (): unknown[] => {
    const c = createMpcController();
    const out: unknown[] = [];
    for (let i = 0; i < 20; i += 1) {
      const now = 10_000 + 5 * i;
      out.push(
        c.recommend(controllerInput({ nowMinutes: now, glucoseMgdl: 150 + 3 * i, slope: 0.6 })),
      );
    }
    return out;
  };
  assert.deepEqual(run(), run());
});

// --- Closed loop ----------------------------------------------------------------------------

const patients = defaultAdultPopulation().patients.slice(0, 4);

for (const mealBolus of [true, false]) {
  test(`mpc closed loop: 4 patients, 3 days, announced meals ${mealBolus ? 'with' : 'without'} the user's meal bolus`, () => {
    for (const patient of patients) {
      const result = runTestLoop({
        patient,
        controller: createMpcController(),
        days: 3,
        meals: threeMeals(3),
        mealBolus,
      });
      const ranges = result.metrics.timeInRangesPercent;
      assert.equal(ranges.tbrLevel2, 0, `${patient.name}: time below 54 mg/dL`);
      assert.ok(ranges.tbr < 1, `${patient.name}: time below 70 mg/dL ${ranges.tbr.toFixed(1)} %`);
      // Measured 85–100 % with the meal bolus and 73–94 % without it.
      assert.ok(
        ranges.tir >= (mealBolus ? 82 : 70),
        `${patient.name}: TIR ${ranges.tir.toFixed(1)} %`,
      );
    }
  });
}

test('mpc closed loop: 4 patients, 3 days, unannounced meals (microboluses against the rise)', () => {
  let tirSum = 0;
  for (const patient of patients) {
    const result = runTestLoop({
      patient,
      controller: createMpcController(),
      days: 3,
      meals: threeMeals(3, false),
    });
    const ranges = result.metrics.timeInRangesPercent;
    assert.equal(ranges.tbrLevel2, 0, `${patient.name}: time below 54 mg/dL`);
    assert.ok(ranges.tbr < 1, `${patient.name}: time below 70 mg/dL ${ranges.tbr.toFixed(1)} %`);
    tirSum += ranges.tir;
  }
  // Measured 51–74 % per patient, 57 % on average: the correction factor it predicts with comes
  // from the correction test, weaker than the 1800 rule's for most patients.
  assert.ok(tirSum / patients.length >= 55, `mean TIR ${(tirSum / patients.length).toFixed(1)} %`);
});
