// Dosing with a closed loop: the pump does what the open-loop pump does (set changes, alarms,
// pens while a failed pump is replaced), and at every CGM reading a controller recommends a
// temporary basal and/or a small automatic bolus, which the safety supervisor checks before the
// pump is commanded (and the pump engine checks again). Meals are announced to the loop (with
// the person's own counting error, optionally a systematic shortfall) or not at all; with a
// hybrid loop the person also gives the calculator's meal bolus.
import {
  actionCurve,
  deliveryStopped,
  pumpInsulinOnBoard,
  scheduledRateAt,
  scheduledValue,
  toSeconds,
  type PumpEngine,
  type PumpEvent,
  type PumpState,
} from '../pump/index.ts';
import { insulinOnBoard, type InsulinActionCurve, type InsulinOnBoard } from '../insulin/index.ts';
import type {
  AnnouncedCarbs,
  CgmPoint,
  Controller,
  ControllerSettings,
} from './controllers/types.ts';
import type { Dosing } from './person.ts';
import { PumpDosing, type PumpDosingOptions } from './pumpDosing.ts';
import { supervise, type SupervisorLimits } from './supervisor.ts';
import type { TherapyContext } from './types.ts';

export interface ClosedLoopOptions {
  readonly controller: Controller;
  /** 'announced': the person enters the carbs they count; 'misestimated': a share of them; 'unannounced': none. */
  readonly mealAnnouncement: 'announced' | 'misestimated' | 'unannounced';
  readonly misestimateFactor: number;
  /** Hybrid loop: the person also boluses for announced meals with the calculator. */
  readonly userMealBolus: boolean;
  readonly targetMgdl: number;
  readonly suspendBelowMgdl: number;
  readonly maxAutoBolusUnitsPerHour: number;
  readonly totalDailyDoseUnits: number;
  readonly bodyWeightKg: number;
}

const CGM_HISTORY_MINUTES = 24 * 60;
const CARBS_HISTORY_MINUTES = 6 * 60;
/** Temp basal rates are set on the pump's 0.025 U/h grid. */
const RATE_STEP_UNITS_PER_HOUR = 0.025;
const SUPERVISOR_DEFAULTS = {
  staleAfterMinutes: 20,
  maxRateMgdlPerMinute: 10,
  sensorRangeMgdl: { low: 40, high: 400 },
};

export class ClosedLoopDosing implements Dosing {
  readonly kind = 'closed-loop';
  readonly description: string;
  /** A slow meal is the loop's to follow: a dual wave would hold the pump's bolus for hours. */
  readonly spreadsBoluses = false;
  readonly guardsAgainstLows = true;
  private readonly pumpDosing: PumpDosing;
  private readonly cgm: CgmPoint[] = [];
  private readonly carbs: AnnouncedCarbs[] = [];
  private readonly autoBoluses: { atMinutes: number; units: number }[] = [];
  private lastReadingAt = -Infinity;
  /** The pump stopped delivering at the last cycle: the wait is logged once. */
  private waitingForPump = false;

  constructor(
    pumpOptions: PumpDosingOptions,
    private readonly options: ClosedLoopOptions,
  ) {
    this.pumpDosing = new PumpDosing(pumpOptions);
    const hybrid = options.userMealBolus
      ? 'hybrid, meal boluses by the person'
      : 'meal boluses by the loop';
    this.description = `Closed loop (${options.controller.name}: ${options.controller.description}; meals ${options.mealAnnouncement}, ${hybrid})`;
  }

  setup(context: TherapyContext): void {
    this.pumpDosing.setup(context);
  }

  announceMeal(context: TherapyContext, carbsGrams: number): void {
    const mode = this.options.mealAnnouncement;
    if (mode === 'unannounced') return;
    const announced =
      mode === 'misestimated' ? carbsGrams * this.options.misestimateFactor : carbsGrams;
    this.carbs.push({ atMinutes: context.nowMinutes, carbsGrams: announced });
    context.log('carbs_announced', { carbsGrams: announced });
  }

  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number {
    // Corrections are the loop's job; meal boluses only in a hybrid loop with announced meals.
    if (
      carbsGrams <= 0 ||
      !this.options.userMealBolus ||
      this.options.mealAnnouncement === 'unannounced'
    )
      return 0;
    return this.pumpDosing.offer(context, carbsGrams, glucoseMgdl);
  }

  give(context: TherapyContext, units: number, reason: 'meal' | 'correction'): void {
    // The pump runs one bolus at a time: an automatic bolus still running gives way to the
    // person's, as the loop's app cancels it, and the next cycle sees what it delivered. (Settled
    // first: a bolus of one pulse has gone out by now.)
    const pump = context.pump;
    pump?.settle(context.nowMinutes);
    if (pump?.state.bolus?.source === 'algorithm')
      context.command({ type: 'cancel_bolus', source: 'algorithm' });
    this.pumpDosing.give(context, units, reason);
  }

  insulinOnBoard(context: TherapyContext): number {
    return this.pumpDosing.insulinOnBoard(context);
  }

  react(context: TherapyContext, event: PumpEvent & { type: 'alarm_raised' }): void {
    this.pumpDosing.react(context, event);
  }

  /** The person enters the pen dose in the loop's app, which counts it with the pump's own. */
  recordPenInsulin(context: TherapyContext, units: number): void {
    this.pumpDosing.recordPenInsulin(context, units);
  }

  checkDelivery(context: TherapyContext, reason: string): void {
    this.pumpDosing.checkDelivery(context, reason);
  }

  neglectReservoir(): void {
    this.pumpDosing.neglectReservoir();
  }

  onMinute(context: TherapyContext): void {
    this.pumpDosing.onMinute(context);
    const reading = context.cgm;
    if (
      reading === null ||
      reading.timeMinutes <= this.lastReadingAt ||
      reading.timeMinutes !== context.nowMinutes
    )
      return;
    this.lastReadingAt = reading.timeMinutes;
    if (reading.glucoseMgdl !== null)
      this.cgm.push({ atMinutes: reading.timeMinutes, glucoseMgdl: reading.glucoseMgdl });
    while (
      this.cgm.length > 0 &&
      context.nowMinutes - (this.cgm[0]?.atMinutes ?? 0) > CGM_HISTORY_MINUTES
    )
      this.cgm.shift();
    while (
      this.carbs.length > 0 &&
      context.nowMinutes - (this.carbs[0]?.atMinutes ?? 0) > CARBS_HISTORY_MINUTES
    )
      this.carbs.shift();
    const pump = context.pump;
    if (pump === null) return;
    // A pump that has stopped delivering (suspended, an alarm that stops it, an empty reservoir)
    // would refuse every command: the loop waits for the person to clear it, as loop apps do.
    if (deliveryStopped(pump.state)) {
      if (!this.waitingForPump) context.log('loop_waiting_for_pump', {});
      this.waitingForPump = true;
      return;
    }
    this.waitingForPump = false;
    this.cycle(context, pump);
  }

  /** One loop cycle: recommend, supervise, command. */
  private cycle(context: TherapyContext, pump: PumpEngine): void {
    const now = context.nowMinutes;
    const nowSeconds = toSeconds(now);
    const state = pump.state;
    const settings = this.controllerSettings(pump, nowSeconds, context.minuteOfDay);
    const iob = this.insulinOnBoardOfLoop(state, now, settings.insulinCurve);
    const temp = state.tempBasal;
    const recommendation = this.options.controller.recommend({
      nowMinutes: now,
      minuteOfDay: context.minuteOfDay,
      cgm: this.cgm,
      iobUnits: iob.iobUnits,
      activityUnitsPerMinute: iob.activityUnitsPerMinute,
      tempBasal:
        temp === null
          ? null
          : {
              rateUnitsPerHour: temp.rateMilliunitsPerHour / 1000,
              remainingMinutes: (temp.endSeconds - nowSeconds) / 60,
            },
      announcedCarbs: this.carbs,
      recentDeliveries: [],
      settings,
    });
    const limits: SupervisorLimits = Object.assign({}, SUPERVISOR_DEFAULTS, {
      programmedBasalUnitsPerHour: settings.scheduledBasalUnitsPerHour,
      maxBasalUnitsPerHour: settings.maxBasalUnitsPerHour,
      maxIobUnits: settings.maxIobUnits,
      maxAutoBolusUnitsPerHour: this.options.maxAutoBolusUnitsPerHour,
      suspendBelowMgdl: this.options.suspendBelowMgdl,
      pulseUnits: state.settings.pulseMilliunits / 1000,
    });
    const command = supervise({
      nowMinutes: now,
      cgm: this.cgm,
      iobUnits: iob.iobUnits,
      recentAutoBoluses: this.autoBoluses,
      recommendation,
      limits,
    });
    context.log('loop_cycle', {
      reasons: recommendation.reasons,
      overrides: command.overrides,
      basal: command.basal,
      bolusUnits: command.bolusUnits,
      ...(recommendation.predictedGlucoseMgdl === undefined
        ? {}
        : { predictedGlucoseMgdl: Math.round(recommendation.predictedGlucoseMgdl) }),
    });
    if (command.basal.kind === 'programmed') {
      if (state.tempBasal !== null)
        context.command({ type: 'cancel_temp_basal', source: 'algorithm' });
    } else {
      const rate =
        Math.round(command.basal.rateUnitsPerHour / RATE_STEP_UNITS_PER_HOUR) *
        RATE_STEP_UNITS_PER_HOUR;
      context.command({
        type: 'start_temp_basal',
        tempBasal: {
          kind: 'absolute',
          rateUnitsPerHour: Math.min(rate, settings.maxBasalUnitsPerHour),
          durationMinutes: command.basal.durationMinutes,
        },
        source: 'algorithm',
      });
    }
    // The temp basal's command ticks the pump to now first, which can raise a stopping alarm.
    if (command.bolusUnits > 0 && state.bolus === null && !deliveryStopped(pump.state)) {
      const ok = context.command({
        type: 'deliver_bolus',
        bolus: { kind: 'normal', units: command.bolusUnits },
        source: 'algorithm',
      });
      if (ok) this.autoBoluses.push({ atMinutes: now, units: command.bolusUnits });
    }
    while (this.autoBoluses.length > 0 && now - (this.autoBoluses[0]?.atMinutes ?? 0) >= 60)
      this.autoBoluses.shift();
  }

  /**
   * The pump's insulin on board and activity, with the pen doses entered in the app: sick-day
   * doses, and those of days without a pump (the pump never saw them).
   */
  private insulinOnBoardOfLoop(
    state: PumpState,
    now: number,
    curve: InsulinActionCurve,
  ): InsulinOnBoard {
    const pump = pumpInsulinOnBoard(state, toSeconds(now));
    const penDoses = this.pumpDosing.recentPenDoses;
    if (penDoses.length === 0) return pump;
    const pen = insulinOnBoard(penDoses, now, curve);
    return {
      iobUnits: pump.iobUnits + pen.iobUnits,
      activityUnitsPerMinute: pump.activityUnitsPerMinute + pen.activityUnitsPerMinute,
    };
  }

  private controllerSettings(
    pump: PumpEngine,
    nowSeconds: number,
    minuteOfDay: number,
  ): ControllerSettings {
    const s = pump.state.settings;
    const rule = pump.state.rateRule;
    const c = s.calculator;
    return {
      scheduledBasalUnitsPerHour:
        scheduledRateAt(rule.segments, {
          seconds: nowSeconds,
          clockOffsetSeconds: rule.clockOffsetSeconds,
        }) / 1000,
      sensitivityMgdlPerUnit: scheduledValue(c.sensitivityMgdlPerUnit, minuteOfDay),
      carbRatioGramsPerUnit: scheduledValue(c.carbRatioGramsPerUnit, minuteOfDay),
      targetMgdl: this.options.targetMgdl,
      suspendBelowMgdl: this.options.suspendBelowMgdl,
      maxBasalUnitsPerHour: s.maxBasalMilliunitsPerHour / 1000,
      maxIobUnits: s.maxIobMilliunits / 1000,
      maxAutoBolusUnits: Math.min(
        this.options.maxAutoBolusUnitsPerHour,
        s.maxBolusMilliunits / 1000,
      ),
      insulinCurve: actionCurve(c),
      bodyWeightKg: this.options.bodyWeightKg,
      totalDailyDoseUnits: this.options.totalDailyDoseUnits,
    };
  }
}
