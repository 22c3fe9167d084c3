import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bilinear,
  curveEvaluator,
  insulinOnBoard,
  loopRapidActing,
  rapidActing,
  ultraRapid,
} from '../../insulin/index.ts';
import { DEFAULT_ADULT_POPULATION, generatePopulation } from '../../physiology/population.ts';
import { controllerInput, registerControllerConformance } from './controllerConformance.ts';
import { analyse, createOref0Controller, parseOref0Options } from './oref0.ts';
import { carbsOnBoard } from './oref0Carbs.ts';
import { deviationTrend } from './oref0Deviations.ts';
import { glucoseStatus } from './oref0Glucose.ts';
import { equivalentDoses, projectInsulin } from './oref0Insulin.ts';
import { predictGlucose, type PredictionInput } from './oref0Predictions.ts';
import { runTestLoop, threeMeals, type TestLoopResult } from './testLoop.ts';
import type { Controller, ControllerInput, ControllerSettings } from './types.ts';

registerControllerConformance('oref0', () => createOref0Controller());
registerControllerConformance('oref0 without SMB', () => createOref0Controller({ smb: false }));

const SETTINGS = controllerInput().settings;
const NOW = 10_000;

function withSettings(overrides: Partial<ControllerSettings>): ControllerSettings {
  return { ...SETTINGS, ...overrides };
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} not within ${tolerance} of ${expected}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Glucose status (oref0 glucose-get-last)

test('glucose status: delta, 15-minute and 40-minute average slopes by hand', () => {
  // Readings every 5 min from −45 to 0 min.
  const values = [80, 82, 84, 86, 88, 90, 95, 100, 105, 111];
  const cgm = values.map((glucoseMgdl, i) => ({ atMinutes: NOW - 45 + 5 * i, glucoseMgdl }));
  const status = glucoseStatus(cgm, NOW);
  assert.ok(status !== null);
  assert.equal(status.glucoseMgdl, 111);
  // delta: (111 − 105) / 5 min × 5 = 6.
  close(status.deltaMgdlPer5, 6, 1e-12, 'delta');
  // 15-min: mean of (111−105)/5·5 = 6, (111−100)/10·5 = 5.5, (111−95)/15·5 = 5.3333.
  close(status.shortAvgDeltaMgdlPer5, (6 + 5.5 + 16 / 3) / 3, 1e-12, 'short average');
  // 40-min: ages 20…40 (45 is beyond 42.5): 21/20·5, 23/25·5, 25/30·5, 27/35·5, 29/40·5.
  const long = (5.25 + 4.6 + 25 / 6 + 27 / 7 + 3.625) / 5;
  close(status.longAvgDeltaMgdlPer5, long, 1e-12, 'long average');
  assert.equal(status.trendKnown, true);
});

test('glucose status: stale data, a single reading, future readings ignored', () => {
  assert.equal(glucoseStatus([{ atMinutes: NOW - 13, glucoseMgdl: 120 }], NOW), null);
  assert.equal(glucoseStatus([], NOW), null);
  const single = glucoseStatus([{ atMinutes: NOW - 2, glucoseMgdl: 120 }], NOW);
  assert.ok(single !== null);
  assert.equal(single.trendKnown, false);
  assert.equal(single.deltaMgdlPer5, 0);
  const future = glucoseStatus(
    [
      { atMinutes: NOW - 5, glucoseMgdl: 100 },
      { atMinutes: NOW, glucoseMgdl: 110 },
      { atMinutes: NOW + 5, glucoseMgdl: 300 },
    ],
    NOW,
  );
  assert.equal(future?.glucoseMgdl, 110);
  assert.equal(future?.deltaMgdlPer5, 10);
});

// ---------------------------------------------------------------------------------------------
// Insulin: the equivalent dose

test('insulin curves have a rising hazard (activity / remaining), which the bisection needs', () => {
  for (const curve of [rapidActing, ultraRapid, loopRapidActing, bilinear]) {
    const evaluator = curveEvaluator(curve);
    const end = curve.delayMinutes + curve.durationMinutes;
    let previous = 0;
    for (let t = 0; t < end - 0.5; t += 0.5) {
      const hazard = evaluator.activityPerMinute(t) / evaluator.fractionRemaining(t);
      assert.ok(hazard >= previous - 1e-12, `${curve.kind} ${end}: hazard falls at ${t} min`);
      previous = hazard;
    }
  }
});

test('equivalent dose: recovers a single bolus and projects its future activity exactly', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.1, max: 10, noNaN: true }),
      fc.double({ min: 1, max: 280, noNaN: true }),
      (units, ageMinutes) => {
        const dose = [{ startMinutes: 0, units, durationMinutes: 0 }];
        const now = insulinOnBoard(dose, ageMinutes, rapidActing);
        const [fit, ...rest] = equivalentDoses(
          rapidActing,
          now.iobUnits,
          now.activityUnitsPerMinute,
        );
        assert.equal(rest.length, 0);
        close(fit?.ageMinutes ?? NaN, ageMinutes, 1e-4, 'age');
        close(fit?.units ?? NaN, units, 1e-6 * units, 'units');
        const ahead = projectInsulin({
          curve: rapidActing,
          iobUnits: now.iobUnits,
          activityUnitsPerMinute: now.activityUnitsPerMinute,
          scheduledBasalUnitsPerHour: 0.8,
          ticks: 12,
        });
        for (let k = 0; k <= 12; k += 1) {
          const exact = insulinOnBoard(dose, ageMinutes + 5 * k, rapidActing);
          close(
            ahead.activityUnitsPerMinute[k] ?? NaN,
            exact.activityUnitsPerMinute,
            1e-9,
            `tick ${k}`,
          );
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('equivalent doses: IOB and activity of opposite signs are matched by two doses', () => {
  // A 3-U bolus just given over a zero temp that withheld 0.8 U an hour ago.
  const history = [
    { startMinutes: 0, units: -0.8, durationMinutes: 30 },
    { startMinutes: 60, units: 3, durationMinutes: 0 },
  ];
  const now = insulinOnBoard(history, 61, rapidActing);
  assert.ok(now.iobUnits > 0 && now.activityUnitsPerMinute < 0);
  const doses = equivalentDoses(rapidActing, now.iobUnits, now.activityUnitsPerMinute);
  assert.equal(doses.length, 2);
  const evaluator = curveEvaluator(rapidActing);
  let iob = 0;
  let activity = 0;
  for (const d of doses) {
    iob += d.units * evaluator.fractionRemaining(d.ageMinutes);
    activity += d.units * evaluator.activityPerMinute(d.ageMinutes);
  }
  close(iob, now.iobUnits, 1e-12, 'IOB');
  close(activity, now.activityUnitsPerMinute, 1e-12, 'activity');
  assert.deepEqual(equivalentDoses(rapidActing, 0, 0), []);
});

// ---------------------------------------------------------------------------------------------
// Carbs on board

test('carbs on board: linear absorption over the absorption time', () => {
  const entries = [
    { atMinutes: NOW - 90, carbsGrams: 60 }, // half absorbed over 180 min: 30 g left
    { atMinutes: NOW - 200, carbsGrams: 40 }, // absorbed: none left, not counted
    { atMinutes: NOW + 10, carbsGrams: 50 }, // in the future: not counted
  ];
  const cob = carbsOnBoard(entries, NOW, 180);
  close(cob.cobGrams, 30, 1e-12, 'COB');
  assert.equal(cob.carbsGrams, 60);
  assert.equal(cob.lastCarbAgeMinutes, 90);
});

// ---------------------------------------------------------------------------------------------
// Predictions (hand-made inputs; ISF 50 mg/dL/U, carb ratio 12 g/U: CSF 50/12 mg/dL per g)

function predictionInput(overrides: Partial<PredictionInput>): PredictionInput {
  return {
    glucoseMgdl: 150,
    iobUnits: 0,
    sensitivityMgdlPerUnit: 50,
    carbSensitivityMgdlPerGram: 50 / 12,
    minDeltaMgdlPer5: 0,
    minAvgDeltaMgdlPer5: 0,
    activityUnitsPerMinute: new Float64Array(49),
    zeroTempActivityUnitsPerMinute: new Float64Array(49),
    targetMgdl: 110,
    suspendBelowMgdl: 70,
    carbs: { cobGrams: 0, carbsGrams: 0, lastCarbAgeMinutes: Infinity },
    carbAbsorptionMinutes: 180,
    uam: false,
    uamDecayTicks: 18,
    deviationSlopeMgdlPer5PerTick: 0,
    insulinPeakTicks: 15,
    ...overrides,
  };
}

function last(curve: Float64Array | null): number {
  assert.ok(curve !== null);
  return curve[curve.length - 1] as number;
}

test('predictions: no insulin, no carbs, flat glucose stay flat', () => {
  const p = predictGlucose(predictionInput({ uam: true }));
  for (const value of p.iobMgdl) assert.equal(value, 150);
  assert.equal(p.eventualMgdl, 150);
  assert.equal(p.naiveEventualMgdl, 150);
  assert.equal(p.minPredictedMgdl, 150);
  assert.equal(p.minGuardMgdl, 150);
  assert.equal(p.cobMgdl, null);
});

test('predictions: a rising deviation fades over an hour (IOB curve) and adds 30 min to eventual', () => {
  // Rising 3 mg/dL per 5 min with no insulin: ci = 3.
  const p = predictGlucose(predictionInput({ minDeltaMgdlPer5: 3, minAvgDeltaMgdlPer5: 3 }));
  // IOB curve: Σ_{k=1..11} 3·(1 − k/12) = 3 × 5.5 = 16.5.
  close(last(p.iobMgdl), 150 + 16.5, 1e-9, 'IOB curve end');
  // Eventual: naive 150 + 6 ticks × 3 = 168.
  close(p.eventualMgdl, 168, 1e-9, 'eventual');
  // UAM on: Σ_{k=1..17} 3·(1 − k/18) = 3 × 8.5 = 25.5 more, and eventual takes the UAM end.
  const withUam = predictGlucose(
    predictionInput({ minDeltaMgdlPer5: 3, minAvgDeltaMgdlPer5: 3, uam: true }),
  );
  close(last(withUam.uamMgdl), 175.5, 1e-9, 'UAM curve end');
  close(withUam.eventualMgdl, 175.5, 1e-9, 'eventual with UAM');
  // Deviation falling 1.5 per tick since its peak: UAM impacts 2.5, 1.0, then 0 → +3.5.
  const fading = predictGlucose(
    predictionInput({
      minDeltaMgdlPer5: 4,
      minAvgDeltaMgdlPer5: 4,
      uam: true,
      deviationSlopeMgdlPer5PerTick: -1.5,
    }),
  );
  close(last(fading.uamMgdl), 153.5, 1e-9, 'UAM curve end with a falling deviation');
});

test('predictions: naive eventual glucose = bg − IOB × ISF; insulin alone reaches it', () => {
  // 2 U given 60 min ago, glucose falling exactly as the insulin explains (deviation 0).
  const dose = [{ startMinutes: 0, units: 2, durationMinutes: 0 }];
  const now = insulinOnBoard(dose, 60, rapidActing);
  const projection = projectInsulin({
    curve: rapidActing,
    iobUnits: now.iobUnits,
    activityUnitsPerMinute: now.activityUnitsPerMinute,
    scheduledBasalUnitsPerHour: 0.8,
    ticks: 48,
  });
  const bgi = -now.activityUnitsPerMinute * 50 * 5;
  const p = predictGlucose(
    predictionInput({
      glucoseMgdl: 200,
      iobUnits: now.iobUnits,
      minDeltaMgdlPer5: bgi,
      minAvgDeltaMgdlPer5: bgi,
      activityUnitsPerMinute: projection.activityUnitsPerMinute,
      zeroTempActivityUnitsPerMinute: projection.zeroTempActivityUnitsPerMinute,
    }),
  );
  close(p.carbImpactMgdlPer5, 0, 1e-9, 'deviation (the fitted dose reproduces the activity)');
  close(p.naiveEventualMgdl, 200 - now.iobUnits * 50, 1e-9, 'naive eventual');
  close(p.eventualMgdl, p.naiveEventualMgdl, 1e-9, 'eventual (no deviation)');
  // The IOB curve sums the activity ahead: after 4 h of a 5-h curve it is within the insulin
  // still on board then (and the 5-minute sum's error) of the naive eventual glucose.
  const leftAfter4h = insulinOnBoard(dose, 60 + 240, rapidActing).iobUnits * 50;
  close(last(p.iobMgdl), p.naiveEventualMgdl + leftAfter4h, 2, 'IOB curve end');
});

test('predictions: announced carbs just eaten rise by carbs × CSF along a triangle', () => {
  const carbs = { cobGrams: 60, carbsGrams: 60, lastCarbAgeMinutes: 0 };
  const p = predictGlucose(predictionInput({ carbs }));
  // 60 g × 50/12 mg/dL per g = 250 mg/dL, absorbed within 180 min < the 4-h horizon.
  close(last(p.cobMgdl), 150 + 250, 1e-9, 'COB curve end');
  close(p.eventualMgdl, 400, 1e-9, 'eventual takes the COB curve');
  // The triangle peaks at 90 min (tick 18): half its area, 125 mg/dL, plus half a peak tick
  // (the 5-minute sum: Σ_{k≤18} k/18 = 9.5 peak ticks, peak = 2 × 250 / 36 mg/dL per tick).
  close(p.cobMgdl?.[18] ?? NaN, 150 + 125 + 250 / 36, 1e-9, 'COB curve at 90 min');
  // All carbs still on board: the COB curve guards, and minPredBG is its minimum after the
  // insulin peak (tick 15), bounded by where the curves end.
  assert.equal(p.fractionCarbsLeft, 1);
  close(p.minPredictedMgdl, p.cobMgdl?.[15] ?? NaN, 1e-9, 'min predicted');
});

test('predictions: the zero-temp curve rises by the withheld basal that has acted', () => {
  // No insulin on board, basal 0.8 U/h withheld from now: by 4 h, 0.8/60 U/min ×
  // ∫₀²⁴⁰ F(t) dt = 0.8/60 × (240 − ∫₀²⁴⁰ r(t) dt) units have not acted, × ISF 50.
  const projection = projectInsulin({
    curve: rapidActing,
    iobUnits: 0,
    activityUnitsPerMinute: 0,
    scheduledBasalUnitsPerHour: 0.8,
    ticks: 48,
  });
  const p = predictGlucose(
    predictionInput({
      activityUnitsPerMinute: projection.activityUnitsPerMinute,
      zeroTempActivityUnitsPerMinute: projection.zeroTempActivityUnitsPerMinute,
    }),
  );
  // The curve sums 5-minute ticks at their ends: ≈ the integral + half a tick of F(240).
  const evaluator = curveEvaluator(rapidActing);
  const withheldMinutes =
    240 - evaluator.remainingIntegralMinutes(240) + 2.5 * evaluator.fractionAbsorbed(240);
  close(last(p.zeroTempMgdl), 150 + (0.8 / 60) * withheldMinutes * 50, 0.2, 'zero-temp curve end');
  assert.equal(p.minZeroTempMgdl, p.zeroTempMgdl[1]);
  for (const value of p.iobMgdl) assert.equal(value, 150);
});

test('deviation trend: slope from the recent peak deviation to now (no insulin)', () => {
  // Rising 10 mg/dL per 5 min until 20 min ago, then 4 per 5 min.
  const cgm = [];
  let g = 100;
  for (let t = NOW - 60; t <= NOW; t += 5) {
    cgm.push({ atMinutes: t, glucoseMgdl: g });
    g += t < NOW - 20 ? 10 : 4;
  }
  const trend = deviationTrend({
    cgm,
    lastReadingAtMinutes: NOW,
    sensitivityMgdlPerUnit: 50,
    activityAgo: () => 0,
  });
  assert.ok(trend !== null);
  // Now: (4+4+4)/3 = 4; the 15-min averages rise back to 10 at −20 min; (4 − 10) / 4 ticks.
  close(trend.currentMgdlPer5, 4, 1e-12, 'current');
  close(trend.peakMgdlPer5, 10, 1e-12, 'peak');
  close(trend.slopeMgdlPer5PerTick, -1.5, 1e-12, 'slope');
});

// ---------------------------------------------------------------------------------------------
// Decisions

function recommend(input: ControllerInput, options = {}) {
  return createOref0Controller(options).recommend(input);
}

test('decision: eventual below target gives a low temp of basal + 2 × (2 × shortfall / ISF)', () => {
  // Flat at 100 mg/dL, no insulin: eventual 100; insulinReq = 2 × (100 − 110) / 50 = −0.4 U;
  // rate = 1.5 + 2 × (−0.4) = 0.7 U/h.
  const rec = recommend(
    controllerInput({
      glucoseMgdl: 100,
      settings: withSettings({ scheduledBasalUnitsPerHour: 1.5 }),
    }),
  );
  close(rec.tempBasal?.rateUnitsPerHour ?? NaN, 0.7, 1e-9, 'rate');
  assert.equal(rec.tempBasal?.durationMinutes, 30);
  assert.equal(rec.bolusUnits, 0);
  assert.ok(rec.reasons.some((r) => r.includes('eventual glucose 100 mg/dL below target 110')));
});

test('decision: above target gives a high temp of basal + 2 × insulinReq, capped by max basal and max IOB', () => {
  // Flat at 200, no insulin, SMB off: insulinReq = (200 − 110) / 50 = 1.8 U; rate 0.8 + 3.6.
  const roomy = withSettings({ maxBasalUnitsPerHour: 6 });
  const rec = recommend(controllerInput({ glucoseMgdl: 200, settings: roomy }), { smb: false });
  close(rec.tempBasal?.rateUnitsPerHour ?? NaN, 4.4, 1e-9, 'rate');
  assert.ok(rec.reasons.some((r) => r.startsWith('insulinReq 1.80 U')));
  const capped = recommend(controllerInput({ glucoseMgdl: 200 }), { smb: false });
  assert.equal(capped.tempBasal?.rateUnitsPerHour, SETTINGS.maxBasalUnitsPerHour);
  // Max IOB 1 U: insulinReq capped at 1 U → 0.8 + 2 = 2.8 U/h.
  const lowMaxIob = withSettings({ maxIobUnits: 1, maxBasalUnitsPerHour: 6 });
  const byIob = recommend(controllerInput({ glucoseMgdl: 200, settings: lowMaxIob }), {
    smb: false,
  });
  close(byIob.tempBasal?.rateUnitsPerHour ?? NaN, 2.8, 1e-9, 'rate capped by max IOB');
});

test('decision: micro-bolus is a share of insulinReq, at most maxAutoBolusUnits, in pump steps', () => {
  // insulinReq 1.8 U: half is 0.9 U, capped at 0.4 U; the temp covers the rest: 0.8 + 2 × 1.4
  // = 3.6 U/h, capped at 3.2.
  const rec = recommend(controllerInput({ glucoseMgdl: 200 }));
  close(rec.bolusUnits, 0.4, 1e-12, 'SMB');
  assert.equal(rec.tempBasal?.rateUnitsPerHour, 3.2);
  // 150 mg/dL: insulinReq 0.8 U, half 0.4 … with a 30 % share: 0.24 → 0.20 U in 0.05-U steps.
  const small = recommend(controllerInput({ glucoseMgdl: 150 }), { smbShareOfInsulinReq: 0.3 });
  close(small.bolusUnits, 0.2, 1e-12, 'SMB in steps');
  // No automatic boluses allowed: none.
  const none = recommend(
    controllerInput({ glucoseMgdl: 200, settings: withSettings({ maxAutoBolusUnits: 0 }) }),
  );
  assert.equal(none.bolusUnits, 0);
});

test('decision: no micro-bolus when a prediction is low, glucose jumps, or without carbs below the SMB threshold', () => {
  const guarded = recommend(controllerInput({ glucoseMgdl: 170 }), { smbMinGuardMgdl: 180 });
  assert.equal(guarded.bolusUnits, 0);
  assert.ok(guarded.reasons.some((r) => r.includes('no micro-bolus: lowest predicted glucose')));
  const jump = recommend(controllerInput({ glucoseMgdl: 150, slope: 8 }));
  assert.equal(jump.bolusUnits, 0);
  assert.ok(jump.reasons.some((r) => r.includes('sensor jump')));
  const noCarbs = recommend(controllerInput({ glucoseMgdl: 200 }), {
    smbWithoutCarbsAboveMgdl: 250,
  });
  assert.equal(noCarbs.bolusUnits, 0);
  const withCarbs = recommend(
    controllerInput({
      glucoseMgdl: 200,
      announcedCarbs: [{ atMinutes: NOW - 30, carbsGrams: 30 }],
    }),
    { smbWithoutCarbsAboveMgdl: 250 },
  );
  assert.ok(withCarbs.bolusUnits > 0);
});

test('decision: SMB with carbs and insulin alone ending low zeroes the basal for the shortfall', () => {
  // 150 flat, 2 U just bolused (activity 0), 60 g just announced: naive eventual 150 − 100 = 50.
  const input = controllerInput({
    glucoseMgdl: 150,
    iobUnits: 2,
    announcedCarbs: [{ atMinutes: NOW, carbsGrams: 60 }],
  });
  const rec = recommend(input);
  const analysis = analyse(input, parseOref0Options({}));
  assert.ok(analysis !== null);
  const p = analysis.predictions;
  assert.ok(rec.bolusUnits > 0);
  assert.equal(rec.tempBasal?.rateUnitsPerHour, 0);
  // Length: (target − (naive + min IOB)/2) / ISF × 60 / basal, in 30-min steps, 30–120 min.
  const worstCase = (p.naiveEventualMgdl + p.minIobMgdl) / 2;
  const minutes = (((110 - worstCase) / 50) * 60) / 0.8;
  const expected = Math.min(120, Math.max(30, Math.round(minutes / 30) * 30));
  assert.equal(rec.tempBasal?.durationMinutes, expected);
});

test('decision: scheduled basal when rising faster than expected, falling faster than expected, or at max IOB', () => {
  // Eventual 90 − 0.5 × 50 + 6 × 3 = 83 < 110, but rising 3 > expected (110 − 83)/24.
  const rising = recommend(controllerInput({ glucoseMgdl: 90, slope: 0.6, iobUnits: 0.5 }));
  assert.equal(rising.tempBasal?.rateUnitsPerHour, SETTINGS.scheduledBasalUnitsPerHour);
  assert.ok(rising.reasons.some((r) => r.includes('faster than the expected')));
  // 150 falling 3 per 5 min: eventual 132 ≥ target, expected (110 − 132)/24 = −0.92 > −3.
  const falling = recommend(controllerInput({ glucoseMgdl: 150, slope: -0.6 }), { smb: false });
  assert.equal(falling.tempBasal?.rateUnitsPerHour, SETTINGS.scheduledBasalUnitsPerHour);
  // 250 flat with 1.5 U on board over a 1-U max IOB.
  const atMax = recommend(
    controllerInput({
      glucoseMgdl: 250,
      iobUnits: 1.5,
      settings: withSettings({ maxIobUnits: 1 }),
    }),
  );
  assert.equal(atMax.tempBasal?.rateUnitsPerHour, SETTINGS.scheduledBasalUnitsPerHour);
  assert.equal(atMax.bolusUnits, 0);
  assert.ok(atMax.reasons.some((r) => r.includes('max IOB')));
});

test('decision: predicted low suspends even when glucose is above the threshold', () => {
  // 120 flat with 2 U just given: the insulin-only curve ends near 120 − 100 = 20 mg/dL.
  const rec = recommend(controllerInput({ glucoseMgdl: 120, iobUnits: 2 }));
  assert.equal(rec.tempBasal?.rateUnitsPerHour, 0);
  assert.equal(rec.bolusUnits, 0);
  assert.ok(rec.reasons.some((r) => r.includes('below the suspend threshold 70')));
});

test('low suspend lasts the shortfall to target in basal minutes; not while a low resolves', () => {
  // 120 flat with 2 U just given: zero temp for (110 − minGuardBG) / 50 U at 0.8 U/h.
  const input = controllerInput({ glucoseMgdl: 120, iobUnits: 2 });
  const analysis = analyse(input, parseOref0Options({}));
  assert.ok(analysis !== null);
  const minutes = (((110 - analysis.predictions.minGuardMgdl) / 50) * 60) / 0.8;
  const expected = Math.min(120, Math.max(30, Math.round(minutes / 30) * 30));
  assert.equal(recommend(input).tempBasal?.durationMinutes, expected);
  // 65 mg/dL rising 3 per 5 min with −0.5 U on board (more than 20 min of basal withheld):
  // no suspend; eventual 65 + 25 + 18 = 108 is below target but rising faster than expected.
  const resolving = recommend(controllerInput({ glucoseMgdl: 65, slope: 0.6, iobUnits: -0.5 }));
  assert.equal(resolving.tempBasal?.rateUnitsPerHour, SETTINGS.scheduledBasalUnitsPerHour);
  const notYet = recommend(controllerInput({ glucoseMgdl: 65, slope: 0.6 }));
  assert.equal(notYet.tempBasal?.rateUnitsPerHour, 0);
});

test('no recent CGM reading: scheduled basal, no bolus', () => {
  const rec = recommend(controllerInput({ cgm: [{ atMinutes: NOW - 30, glucoseMgdl: 250 }] }));
  assert.equal(rec.tempBasal?.rateUnitsPerHour, SETTINGS.scheduledBasalUnitsPerHour);
  assert.equal(rec.bolusUnits, 0);
});

test('reasons give what a clinician checks: glucose, IOB, COB, eventual, min predicted, insulinReq', () => {
  const rec = recommend(
    controllerInput({
      glucoseMgdl: 180,
      slope: 1,
      iobUnits: 1,
      activityUnitsPerMinute: 0.01,
      announcedCarbs: [{ atMinutes: NOW - 60, carbsGrams: 45 }],
    }),
  );
  const text = rec.reasons.join('\n');
  for (const needle of [
    'glucose 180 mg/dL',
    'IOB 1.00 U',
    'COB 30.0 g',
    'eventual',
    'min predicted',
    'insulinReq',
  ]) {
    assert.ok(text.includes(needle), `reasons lack "${needle}":\n${text}`);
  }
  assert.ok(Number.isFinite(rec.predictedGlucoseMgdl));
});

test('more glucose never asks for less insulin (flat trace, no insulin on board)', () => {
  const controller = createOref0Controller();
  const insulin30 = (glucoseMgdl: number) => {
    const rec = controller.recommend(controllerInput({ glucoseMgdl }));
    const rate = rec.tempBasal?.rateUnitsPerHour ?? SETTINGS.scheduledBasalUnitsPerHour;
    return rec.bolusUnits + ((rate - SETTINGS.scheduledBasalUnitsPerHour) * 30) / 60;
  };
  fc.assert(
    fc.property(
      fc.double({ min: 40, max: 400, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      (low, gap) => insulin30(low) <= insulin30(low + gap) + 1e-12,
    ),
    { numRuns: 200 },
  );
});

test('SMB off never boluses; the controller keeps no state between calls', () => {
  const noSmb = createOref0Controller({ smb: false });
  const controller = createOref0Controller();
  const inputs = fc.record({
    glucoseMgdl: fc.double({ min: 40, max: 400, noNaN: true }),
    slope: fc.double({ min: -4, max: 4, noNaN: true }),
    iobUnits: fc.double({ min: -3, max: 10, noNaN: true }),
    carbs: fc.integer({ min: 0, max: 100 }),
  });
  fc.assert(
    fc.property(inputs, inputs, (a, b) => {
      const input = (x: typeof a) =>
        controllerInput({
          glucoseMgdl: x.glucoseMgdl,
          slope: x.slope,
          iobUnits: x.iobUnits,
          announcedCarbs: x.carbs > 0 ? [{ atMinutes: NOW - 20, carbsGrams: x.carbs }] : [],
        });
      assert.equal(noSmb.recommend(input(a)).bolusUnits, 0);
      const first = controller.recommend(input(a));
      controller.recommend(input(b));
      assert.deepEqual(controller.recommend(input(a)), first);
    }),
    { numRuns: 100 },
  );
});

test('options and settings are validated, naming the field, the value and the range', () => {
  assert.throws(
    () => createOref0Controller({ carbAbsorptionMinutes: 30 }),
    (e: Error) =>
      e instanceof RangeError && /carbAbsorptionMinutes = 30: 60–480 min/.test(e.message),
  );
  assert.throws(
    () => createOref0Controller({ smbShareOfInsulinReq: 2 }),
    /smbShareOfInsulinReq = 2/,
  );
  assert.throws(() => createOref0Controller({ unknown: 1 } as never), /unknown/);
  const bad = controllerInput({ settings: withSettings({ sensitivityMgdlPerUnit: 0 }) });
  assert.throws(() => createOref0Controller().recommend(bad), /sensitivityMgdlPerUnit = 0/);
});

// ---------------------------------------------------------------------------------------------
// Closed loop in the test loop: 5 patients of the default population, 3 days, three meals a day

const PATIENTS = generatePopulation(DEFAULT_ADULT_POPULATION).patients.slice(0, 5);
const DAYS = 3;

function loop(
  controller: () => Controller,
  mealBolus: boolean,
  announced = true,
): TestLoopResult[] {
  return PATIENTS.map((patient) =>
    runTestLoop({
      patient,
      controller: controller(),
      days: DAYS,
      meals: threeMeals(DAYS, announced),
      mealBolus,
    }),
  );
}

function meanTir(results: readonly TestLoopResult[]): number {
  let sum = 0;
  for (const r of results) sum += r.metrics.timeInRangesPercent.tir;
  return sum / results.length;
}

function report(label: string, results: readonly TestLoopResult[]): void {
  const parts = results.map(
    (r) =>
      `TIR ${r.metrics.timeInRangesPercent.tir.toFixed(1)} TBR ${r.metrics.timeInRangesPercent.tbr.toFixed(2)} min ${r.minGlucoseMgdl.toFixed(0)}`,
  );
  console.log(`oref0 ${label}: mean TIR ${meanTir(results).toFixed(1)} % | ${parts.join(' | ')}`);
}

function assertSafe(results: readonly TestLoopResult[]): void {
  for (const r of results) {
    assert.ok(r.minGlucoseMgdl >= 54, `glucose fell to ${r.minGlucoseMgdl.toFixed(0)} mg/dL`);
    assert.equal(r.metrics.timeInRangesPercent.tbrLevel2, 0);
    assert.ok(r.metrics.timeInRangesPercent.tbr < 2, 'time below 70 under 2 %');
  }
}

test('closed loop, announced meals with the meal bolus: safe, and better than the open loop', () => {
  const open: Controller = {
    name: 'open loop',
    description: 'programmed basal',
    recommend: () => ({ tempBasal: null, bolusUnits: 0, reasons: ['open loop'] }),
  };
  const closed = loop(() => createOref0Controller(), true);
  const reference = loop(() => open, true);
  report('announced + meal bolus', closed);
  assertSafe(closed);
  // Measured 86.3 % on these 5 patients; every patient above 77 %.
  assert.ok(meanTir(closed) >= 84, `mean TIR ${meanTir(closed)}`);
  assert.ok(meanTir(closed) > meanTir(reference) + 1);
  for (const r of closed) assert.ok(r.metrics.timeInRangesPercent.tir >= 75);
});

test('closed loop, announced meals without the meal bolus (temp basals and SMB alone): safe', () => {
  const closed = loop(() => createOref0Controller(), false);
  report('announced, no meal bolus', closed);
  assertSafe(closed);
  // Measured 76.3 % on these 5 patients (worst 70.3 %).
  assert.ok(meanTir(closed) >= 74, `mean TIR ${meanTir(closed)}`);
  for (const r of closed) assert.ok(r.metrics.timeInRangesPercent.tir >= 68);
  // Without SMB the controller covers the carbs less well.
  const noSmb = loop(() => createOref0Controller({ smb: false }), false);
  report('announced, no meal bolus, SMB off', noSmb);
  assertSafe(noSmb);
  assert.ok(meanTir(noSmb) < meanTir(closed));
});
