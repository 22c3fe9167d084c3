// A model-predictive controller in the style of the Cambridge algorithm (Hovorka R. et al.,
// "Nonlinear model predictive control of glucose concentration in subjects with type 1 diabetes",
// Physiol Meas 25:905–920, 2004; the CamAPS FX loop that grew from it). At every CGM reading:
//   1. track: the insulin delivered since the last call enters the internal model's own insulin
//      chain (mpcInsulin.ts), announced carbs its gut chain, and a Kalman filter updates glucose
//      and an unexplained, meal-shaped appearance from the reading (mpcEstimator.ts);
//   2. predict: the internal model (mpcModel.ts: linear, from ISF, CR and identified population
//      constants, plus renal excretion) predicts glucose over the horizon (4 h) at the scheduled
//      basal, nominally and pessimistically (no further unexplained rise, insulin 1.5 × as
//      strong), and the effect of each move: a net rate for 0–5, 5–30, 30–60 and 60+ min, and a
//      bolus now (mpcPlant.ts);
//   3. optimise: the moves minimise an asymmetric cost — highs above target and further above
//      180 mg/dL, lows below target weighted more, lows of the pessimistic prediction below
//      90 mg/dL, and a steep cost below the suspend threshold in both — plus a cost on insulin
//      moves, within 0 ≤ rate ≤ max basal and IOB ≤ max IOB (mpcSolver.ts);
//   4. receding horizon: only the first move is applied, as a 30-min temp basal renewed every
//      5 minutes (a silent controller falls back to the schedule), with a bolus of at most
//      settings.maxAutoBolusUnits when the optimiser asks for one (by default against any
//      predicted rise; option autoBolus: 'announced-meals' keeps boluses to announced meals).
// A predictive low-glucose suspend sits on top: glucose now, or predicted at the scheduled basal
// within 30 min, below settings.suspendBelowMgdl stops insulin whatever the optimiser says.
import type { Controller, ControllerInput, Recommendation } from './types.ts';
import type { MpcOptions, MpcOptionsInput } from './mpcOptions.ts';
import { parseMpcOptions } from './mpcOptions.ts';
import { loadAnnouncedCarbs, predictFree, STATE, STATE_COUNT, STEP_MINUTES } from './mpcModel.ts';
import type { Estimate } from './mpcEstimator.ts';
import {
  createEstimate,
  predictEstimate,
  recentSlope,
  startEstimate,
  updateEstimate,
} from './mpcEstimator.ts';
import type { InsulinReport } from './mpcInsulin.ts';
import { netRateUnitsPerMinute, startInsulinState, unexplainedInsulinUnits } from './mpcInsulin.ts';
import type { Plant } from './mpcPlant.ts';
import { BOLUS, MOVE_COUNT, PlantCache, RATE_MOVES } from './mpcPlant.ts';
import type { QpProblem } from './mpcSolver.ts';
import { QpSolver } from './mpcSolver.ts';
import { explain } from './mpcReasons.ts';

export type { MpcOptions, MpcOptionsInput } from './mpcOptions.ts';

/** A temp basal outlives its renewal by this much, min: the pump falls back if the loop stops. */
const TEMP_BASAL_MINUTES = 30;
/** Readings this close to a step time belong to it, min. */
const READING_TOLERANCE_MINUTES = STEP_MINUTES / 2;
/** Readings used for the slope when the estimate starts, min. */
const START_SLOPE_WINDOW_MINUTES = 20;
/** A bolus seen in the insulin bookkeeping smaller than this is rounding, U (mpcInsulin.ts). */
const INSULIN_RECONCILE_UNITS = 0.02;
/** The prediction reported with the recommendation, min ahead. */
const REPORTED_PREDICTION_MINUTES = 30;
const UNEXPLAINED_STATES = [STATE.unexplained1, STATE.unexplained2, STATE.bias] as const;
const INSULIN_STATES = [STATE.insulin1, STATE.insulin2, STATE.insulin3] as const;

/** Working arrays, allocated once per controller. */
class Work {
  readonly state = new Float64Array(STATE_COUNT);
  readonly stepState = new Float64Array(STATE_COUNT);
  readonly scratch = new Float64Array(STATE_COUNT);
  /** Free predictions, nominal and pessimistic, mg/dL (index k: 5k min ahead). */
  readonly base: Float64Array;
  readonly pessimisticBase: Float64Array;
  readonly target: Float64Array;
  readonly pessimisticLow: Float64Array;
  readonly noHigh: Float64Array;
  readonly lower = new Float64Array(MOVE_COUNT);
  readonly upper = new Float64Array(MOVE_COUNT);
  readonly penalty = new Float64Array(MOVE_COUNT);
  readonly moves = new Float64Array(MOVE_COUNT);

  constructor(steps: number) {
    this.base = new Float64Array(steps + 1);
    this.pessimisticBase = new Float64Array(steps + 1);
    this.target = new Float64Array(steps + 1);
    this.pessimisticLow = new Float64Array(steps + 1);
    this.noHigh = new Float64Array(steps + 1).fill(Infinity);
  }
}

class MpcController implements Controller {
  readonly name = 'mpc';
  readonly description =
    'Model-predictive control (Cambridge style): linear model from ISF/CR with its own insulin ' +
    'record, Kalman-filtered meal-shaped disturbance, robust 4-h asymmetric cost; ' +
    '5-min temp basals and microboluses';
  private readonly options: MpcOptions;
  private readonly plants: PlantCache;
  private readonly estimate: Estimate = createEstimate();
  private readonly work: Work;
  private readonly solver: QpSolver;
  private lastReport: InsulinReport = { iobUnits: 0, activityUnitsPerMinute: 0 };
  private lastCallMinutes = Number.NaN;

  constructor(options: MpcOptions) {
    this.options = options;
    this.plants = new PlantCache(options);
    this.work = new Work(options.horizonMinutes / STEP_MINUTES);
    this.solver = new QpSolver(2, options.horizonMinutes / STEP_MINUTES);
  }

  recommend(input: ControllerInput): Recommendation {
    const latest = input.cgm[input.cgm.length - 1];
    const staleMinutes = this.options.staleReadingMinutes;
    if (latest === undefined || !(input.nowMinutes - latest.atMinutes <= staleMinutes)) {
      this.lastCallMinutes = Number.NaN; // the estimate restarts with the next reading
      // The scheduled rate, explicitly: a high temp basal of ours must not outlive the CGM.
      const scheduled = input.settings.scheduledBasalUnitsPerHour;
      return {
        tempBasal: { rateUnitsPerHour: scheduled, durationMinutes: TEMP_BASAL_MINUTES },
        bolusUnits: 0,
        reasons: [`no CGM reading in the last ${staleMinutes} min: back to the scheduled basal`],
      };
    }
    const plant = this.plants.get(input.settings);
    const restart =
      !Number.isFinite(this.lastCallMinutes) ||
      input.nowMinutes < this.lastCallMinutes ||
      input.nowMinutes - this.lastCallMinutes > this.options.restartAfterGapMinutes;
    if (restart) this.start(input, plant);
    else this.track(input, plant);
    this.lastReport = {
      iobUnits: input.iobUnits,
      activityUnitsPerMinute: input.activityUnitsPerMinute,
    };
    this.lastCallMinutes = input.nowMinutes;
    this.predict(input, plant);
    this.solver.solve(this.problem(input, plant), this.work.moves);
    return this.finish(input, latest.glucoseMgdl);
  }

  /** Brings the state to `nowMinutes`: insulin delivered, announced carbs, new readings. */
  private track(input: ControllerInput, plant: Plant): void {
    const e = this.estimate;
    const target = input.settings.targetMgdl;
    const netRate = netRateUnitsPerMinute(
      input.tempBasal,
      input.settings.scheduledBasalUnitsPerHour,
    );
    const cgm = input.cgm;
    let first = cgm.length - 1;
    while (first > 0 && cgm[first - 1]!.atMinutes > e.atMinutes) first -= 1;
    while (e.atMinutes + STEP_MINUTES <= input.nowMinutes + READING_TOLERANCE_MINUTES) {
      loadAnnouncedCarbs(e.state, input.announcedCarbs, {
        nowMinutes: e.atMinutes,
        carbTauMinutes: this.options.carbTauMinutes,
      });
      e.state[STATE.rate] = netRate;
      predictEstimate(e, plant.filter, target);
      for (let i = first; i < cgm.length; i += 1) {
        if (Math.abs(cgm[i]!.atMinutes - e.atMinutes) <= READING_TOLERANCE_MINUTES) {
          updateEstimate(e, plant.filter, cgm[i]!.glucoseMgdl - target);
        }
      }
    }
    const intervalMinutes = input.nowMinutes - this.lastCallMinutes;
    const bolusUnits = unexplainedInsulinUnits({
      previous: this.lastReport,
      now: input,
      netBasalUnits: netRate * intervalMinutes,
      intervalMinutes,
    });
    if (Math.abs(bolusUnits) > INSULIN_RECONCILE_UNITS) {
      e.state[STATE.insulin1] = e.state[STATE.insulin1]! + bolusUnits;
    }
  }

  /** Starts the state from the reported insulin, the announcements, the last reading and slope. */
  private start(input: ControllerInput, plant: Plant): void {
    const e = this.estimate;
    const o = this.options;
    const last = input.cgm[input.cgm.length - 1]!;
    e.state.fill(0);
    startInsulinState(e.state, {
      iobUnits: input.iobUnits,
      activityUnitsPerMinute: input.activityUnitsPerMinute,
      curve: input.settings.insulinCurve,
      insulinTauMinutes: o.insulinTauMinutes,
    });
    loadAnnouncedCarbs(e.state, input.announcedCarbs, {
      nowMinutes: input.nowMinutes,
      carbTauMinutes: o.carbTauMinutes,
    });
    // The slope the known inputs explain now: the glucose row of the model at this state.
    const p = plant.model.parameters;
    const knownSlope =
      (p.csfMgdlPerGram * e.state[STATE.carbs2]!) / p.carbTauMinutes -
      (p.isfMgdlPerUnit * e.state[STATE.insulin3]!) / p.insulinTauMinutes;
    startEstimate(e, {
      atMinutes: last.atMinutes,
      glucoseDeviationMgdl: last.glucoseMgdl - input.settings.targetMgdl,
      unexplainedSlopeMgdlPerMinute:
        recentSlope(input.cgm, last.atMinutes - START_SLOPE_WINDOW_MINUTES) - knownSlope,
      unexplainedTauMinutes: o.unexplainedTauMinutes,
      noise: o,
    });
  }

  /** The free predictions: nominal, and pessimistic (no further unexplained rise, stronger insulin). */
  private predict(input: ControllerInput, plant: Plant): void {
    const w = this.work;
    const targetMgdl = input.settings.targetMgdl;
    w.state.set(this.estimate.state);
    loadAnnouncedCarbs(w.state, input.announcedCarbs, {
      nowMinutes: input.nowMinutes,
      carbTauMinutes: this.options.carbTauMinutes,
    });
    predictFree(plant.model, w.state, {
      state: w.stepState,
      scratch: w.scratch,
      out: w.base,
      targetMgdl,
    });
    const keep = this.options.pessimisticUnexplainedShare;
    for (const i of UNEXPLAINED_STATES) {
      const v = w.state[i]!;
      w.state[i] = v > 0 ? keep * v : v;
    }
    for (const i of INSULIN_STATES)
      w.state[i] = w.state[i]! * this.options.pessimisticSensitivityScale;
    predictFree(plant.model, w.state, {
      state: w.stepState,
      scratch: w.scratch,
      out: w.pessimisticBase,
      targetMgdl,
    });
    for (let k = 0; k < w.base.length; k += 1) {
      w.base[k] = w.base[k]! + targetMgdl;
      w.pessimisticBase[k] = w.pessimisticBase[k]! + targetMgdl;
    }
  }

  /** The optimisation: references, bounds (0 ≤ rate ≤ max basal, IOB ≤ max IOB), penalties. */
  private problem(input: ControllerInput, plant: Plant): QpProblem {
    const s = input.settings;
    const o = this.options;
    const w = this.work;
    w.target.fill(s.targetMgdl);
    w.pessimisticLow.fill(o.pessimisticLowMgdl);
    const basal = s.scheduledBasalUnitsPerHour;
    // The glucose equivalent of a move sets the scale of its penalty (patient-independent tuning).
    const isf2 = (s.sensitivityMgdlPerUnit * o.sensitivityScale) ** 2;
    for (let j = 0; j < RATE_MOVES; j += 1) {
      w.lower[j] = -basal;
      w.upper[j] = Math.max(0, s.maxBasalUnitsPerHour - basal);
      w.penalty[j] = o.ratePenalty * plant.blockSteps[j]! * isf2;
    }
    const headroomUnits = Math.max(0, s.maxIobUnits - input.iobUnits);
    w.upper[0] = Math.min(w.upper[0]!, (headroomUnits * 60) / STEP_MINUTES);
    w.lower[BOLUS] = 0;
    w.upper[BOLUS] = this.bolusAllowed(input) ? Math.min(s.maxAutoBolusUnits, headroomUnits) : 0;
    w.penalty[BOLUS] = o.bolusPenalty * isf2;
    w.moves.fill(0);
    return {
      steps: w.base.length - 1,
      responses: plant.responses,
      lower: w.lower,
      upper: w.upper,
      penalty: w.penalty,
      scenarios: [
        {
          hardLowMgdl: s.suspendBelowMgdl,
          hardLowWeight: o.hardLowWeight,
          base: w.base,
          responseScale: 1,
          highWeight: 1,
          high: w.target,
          lowWeight: o.lowWeight,
          low: w.target,
          hardHighMgdl: o.aboveRangeMgdl,
          hardHighWeight: o.aboveRangeWeight,
        },
        {
          hardLowMgdl: s.suspendBelowMgdl,
          hardLowWeight: o.hardLowWeight,
          base: w.pessimisticBase,
          responseScale: o.pessimisticSensitivityScale,
          highWeight: 0,
          high: w.noHigh,
          lowWeight: o.pessimisticLowWeight,
          low: w.pessimisticLow,
          hardHighMgdl: Infinity,
          hardHighWeight: 0,
        },
      ],
    };
  }

  private bolusAllowed(input: ControllerInput): boolean {
    const o = this.options;
    if (o.autoBolus === 'never' || input.settings.maxAutoBolusUnits <= 0) return false;
    if (o.autoBolus === 'always') return true;
    for (const meal of input.announcedCarbs) {
      const age = input.nowMinutes - meal.atMinutes;
      if (age >= 0 && age <= o.autoBolusWindowMinutes && meal.carbsGrams > 0) return true;
    }
    return false;
  }

  /** Limits and the suspend check on the optimiser's first move; the recommendation. */
  private finish(input: ControllerInput, cgmMgdl: number): Recommendation {
    const s = input.settings;
    const o = this.options;
    const w = this.work;
    const lookaheadSteps = o.suspendLookaheadMinutes / STEP_MINUTES;
    let lowest = cgmMgdl;
    for (let k = 0; k <= lookaheadSteps; k += 1) lowest = Math.min(lowest, w.base[k]!);
    const suspend = lowest < s.suspendBelowMgdl;
    const basal = s.scheduledBasalUnitsPerHour;
    // Pumps give boluses in steps: round down, never up.
    const bolus = suspend
      ? 0
      : Math.floor(w.moves[BOLUS]! / o.bolusStepUnits + 1e-9) * o.bolusStepUnits;
    // IOB ≤ max IOB over the next 5 minutes for the bolus and the net basal together.
    const headroomUnits = Math.max(0, s.maxIobUnits - input.iobUnits - bolus);
    const net = Math.min(w.moves[0]!, (headroomUnits * 60) / STEP_MINUTES);
    const rate = suspend ? 0 : Math.min(s.maxBasalUnitsPerHour, Math.max(0, basal + net));
    const withPlan = this.solver.predicted[0]!;
    const e = this.estimate.state;
    const reasons = explain({
      cgmMgdl,
      estimatedMgdl: e[STATE.glucose]! + s.targetMgdl,
      unexplainedFluxMgdlPerMinute:
        e[STATE.unexplained2]! / o.unexplainedTauMinutes + e[STATE.bias]!,
      atScheduledBasal: w.base,
      withPlan,
      targetMgdl: s.targetMgdl,
      scheduledBasalUnitsPerHour: basal,
      rateUnitsPerHour: rate,
      bolusUnits: bolus,
      suspension: suspend
        ? {
            lowestMgdl: lowest,
            withinMinutes: o.suspendLookaheadMinutes,
            thresholdMgdl: s.suspendBelowMgdl,
          }
        : null,
    });
    return {
      tempBasal: { rateUnitsPerHour: rate, durationMinutes: TEMP_BASAL_MINUTES },
      bolusUnits: bolus,
      reasons,
      predictedGlucoseMgdl: withPlan[REPORTED_PREDICTION_MINUTES / STEP_MINUTES]!,
    };
  }
}

/** A Cambridge-style MPC controller; options are checked (RangeError naming field and range). */
export function createMpcController(options: MpcOptionsInput = {}): Controller {
  return new MpcController(parseMpcOptions(options));
}
