// Dosing with the pump: meal and correction boluses from the pump's calculator, the programmed
// basal, infusion set and reservoir changes every few days, the usual answers to alarms, a check
// of the delivery when glucose is unexplainedly high, and pens while a failed pump is replaced.
import { bolusFormula, insulinOnBoard, rapidActing, type DeliveredDose } from '../insulin/index.ts';
import {
  localMinuteOfDay,
  pumpInsulinOnBoardUnits,
  recommendBolus,
  scheduledValue,
  toSeconds,
  type BolusRequest,
  type PumpEngine,
  type PumpEvent,
} from '../pump/index.ts';
import type { BolusSplit, Dosing } from './person.ts';
import type { TherapyContext } from './types.ts';

export interface PumpDosingOptions {
  readonly setChangeHours: number;
  /** Insulin put in each new reservoir, U (a few days' need plus priming). */
  readonly fillUnits: number;
  readonly pumpReplacementHours: number;
}

/** Priming amounts a pump trainer teaches: the tubing, then the cannula. */
const TUBING_PRIME_UNITS = 10;
const CANNULA_PRIME_UNITS = 0.3;
/** Routine set changes are done in the day, not at night. */
const DAY_FROM_MINUTE = 7 * 60;
const DAY_TO_MINUTE = 22 * 60;
/** Without a pump, rapid insulin by pen every 3 hours stands in for the basal. */
const PEN_BASAL_EVERY_MINUTES = 180;
const PEN_STEP_UNITS = 0.5;
/** Pen doses are kept as long as the longest insulin action a pump takes (a loop's curve). */
const PEN_IOB_WINDOW_MINUTES = 8 * 60;

export class PumpDosing implements Dosing {
  readonly kind = 'pump';
  readonly description = 'Open-loop insulin pump: programmed basal, calculator boluses';
  readonly spreadsBoluses = true;
  readonly guardsAgainstLows = false;
  private setChangedAt = 0;
  private neglectNextReservoir = false;
  /** While a failed pump awaits its replacement, the person doses by pen. */
  private penUntil = -Infinity;
  private nextPenBasalAt = Infinity;
  private penDoses: DeliveredDose[] = [];
  /** A bolus the person gives once the one under way is over. */
  private waitingBolus: { units: number; reason: 'meal' | 'correction' } | null = null;

  constructor(private readonly options: PumpDosingOptions) {}

  setup(context: TherapyContext): void {
    context.command({ type: 'set_clock', localTimeMinutes: context.minuteOfDay });
    this.changeSet(context, 'start');
  }

  private onPens(context: TherapyContext): boolean {
    return context.nowMinutes < this.penUntil;
  }

  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number {
    const pump = requirePump(context);
    const minute = pumpMinuteOfDay(context, pump);
    const iobUnits = this.insulinOnBoard(context);
    if (this.onPens(context)) {
      // The pump's settings, by hand: the same formula, the pen's IOB, the pen's step.
      const c = pump.state.settings.calculator;
      const target = scheduledValue(c.target, minute);
      const { rawUnits } = bolusFormula({
        carbsGrams,
        glucoseMgdl,
        iobUnits,
        carbRatioGramsPerUnit: scheduledValue(c.carbRatioGramsPerUnit, minute),
        sensitivityMgdlPerUnit: scheduledValue(c.sensitivityMgdlPerUnit, minute),
        targetLowMgdl: target.lowMgdl,
        targetHighMgdl: target.highMgdl,
        iobSubtracted: c.iobSubtracted,
      });
      return Math.max(0, Math.round(rawUnits / PEN_STEP_UNITS) * PEN_STEP_UNITS);
    }
    const advice = recommendBolus(pump.state.settings, {
      carbsGrams,
      glucoseMgdl,
      iobUnits,
      localMinuteOfDay: minute,
    });
    return advice.units;
  }

  foodUnits(context: TherapyContext, carbsGrams: number): number {
    const pump = requirePump(context);
    const minute = pumpMinuteOfDay(context, pump);
    return (
      carbsGrams / scheduledValue(pump.state.settings.calculator.carbRatioGramsPerUnit, minute)
    );
  }

  /**
   * The pump's insulin on board, and the pen insulin of the last hours, which the pump never saw:
   * the person counts it in (sick-day doses, and the pen doses of days without a pump).
   */
  insulinOnBoard(context: TherapyContext): number {
    const now = context.nowMinutes;
    let units = 0;
    if (this.penDoses.length > 0) {
      this.penDoses = this.penDoses.filter((d) => now - d.startMinutes < PEN_IOB_WINDOW_MINUTES);
      units += insulinOnBoard(this.penDoses, now, rapidActing).iobUnits;
    }
    // A failed pump's own record is left aside while it waits for its replacement.
    if (!this.onPens(context))
      units += pumpInsulinOnBoardUnits(requirePump(context).state, toSeconds(now));
    return units;
  }

  recordPenInsulin(context: TherapyContext, units: number): void {
    this.penDoses.push({ startMinutes: context.nowMinutes, units, durationMinutes: 0 });
  }

  /** The pen doses of the last hours: sick-day doses, and those of days without a pump. */
  get recentPenDoses(): readonly DeliveredDose[] {
    return this.penDoses;
  }

  give(
    context: TherapyContext,
    units: number,
    reason: 'meal' | 'correction',
    split?: BolusSplit,
  ): void {
    if (this.onPens(context)) {
      this.penInjection(context, units, reason);
      return;
    }
    const pump = requirePump(context);
    // The pump gives one bolus at a time: the person waits for the one under way to finish, and
    // then gives what waited all at once.
    if (pump.state.bolus !== null) {
      context.log('bolus_waiting', { units, reason });
      this.waitingBolus = { units: units + (this.waitingBolus?.units ?? 0), reason };
      return;
    }
    const bolus = bolusRequest(units, split, pump.state.settings.pulseMilliunits);
    const { kind, ...parts } = bolus;
    context.log(
      'bolus_requested',
      kind === 'dual' ? { units, reason, ...parts } : { units, reason },
    );
    context.command({ type: 'deliver_bolus', bolus, source: 'calculator' });
  }

  onMinute(context: TherapyContext): void {
    const waiting = this.waitingBolus;
    if (waiting !== null && (this.onPens(context) || requirePump(context).state.bolus === null)) {
      this.waitingBolus = null;
      this.give(context, waiting.units, waiting.reason);
    }
    if (this.onPens(context)) {
      if (context.nowMinutes >= this.nextPenBasalAt) this.penBasal(context);
      return;
    }
    if (this.penUntil !== -Infinity) this.pumpReplaced(context);
    const due = context.nowMinutes - this.setChangedAt >= this.options.setChangeHours * 60;
    const daytime = context.minuteOfDay >= DAY_FROM_MINUTE && context.minuteOfDay < DAY_TO_MINUTE;
    if (due && daytime) this.changeSet(context, 'routine');
  }

  react(context: TherapyContext, event: PumpEvent & { type: 'alarm_raised' }): void {
    // An alert whose cause is gone by the time the person looks (a new reservoir meanwhile, say)
    // has cleared itself: nothing is left on the screen to answer.
    if (!requirePump(context).state.alarms.some((alarm) => alarm.code === event.code)) return;
    context.command({ type: 'acknowledge_alarm', code: event.code });
    switch (event.code) {
      case 'occlusion':
      case 'no_insulin':
        this.changeSet(context, event.code);
        break;
      case 'low_insulin':
        if (!this.neglectNextReservoir) this.changeSet(context, event.code);
        break;
      case 'low_power':
      case 'no_power':
        context.command({ type: 'change_battery' });
        break;
      case 'no_delivery':
      case 'end_of_service':
        this.pumpFailed(context, event.code);
        break;
      default:
        // The set-age reminder among them: the set is changed on the person's own interval, in
        // the daytime (`onMinute`), which may be longer than the pump's 3 days.
        break;
    }
  }

  /** Each step of the delivery: a suspended pump is resumed; then a new set and reservoir. */
  checkDelivery(context: TherapyContext, reason: string): void {
    if (this.onPens(context)) return;
    const pump = requirePump(context);
    context.log('delivery_checked', {
      reason,
      suspended: pump.state.suspended !== null,
      reservoirUnits:
        (pump.state.reservoir.remainingPulses * pump.state.settings.pulseMilliunits) / 1000,
    });
    this.changeSet(context, `suspected delivery failure: ${reason}`);
  }

  neglectReservoir(): void {
    this.neglectNextReservoir = true;
  }

  /** New reservoir and infusion set: suspend, fill, prime, insert, prime the cannula, resume. */
  private changeSet(context: TherapyContext, reason: string): void {
    const pump = requirePump(context);
    context.log('set_change', { reason });
    if (pump.state.suspended === null)
      context.command({ type: 'suspend', reason: 'user', source: 'user' });
    const neglected = this.neglectNextReservoir && reason === 'routine';
    if (neglected) {
      // The old reservoir stays in: the person means to refill later and forgets.
      context.log('reservoir_not_refilled', {});
    } else {
      this.neglectNextReservoir = false;
      context.command({ type: 'fill_reservoir', units: this.options.fillUnits });
      context.command({ type: 'prime', target: 'tubing', units: TUBING_PRIME_UNITS });
    }
    context.command({ type: 'change_infusion_set' });
    context.command({ type: 'prime', target: 'cannula', units: CANNULA_PRIME_UNITS });
    context.command({ type: 'resume', source: 'user' });
    this.setChangedAt = context.nowMinutes;
  }

  /** A pump that cannot deliver: pens until a replacement arrives. */
  private pumpFailed(context: TherapyContext, code: string): void {
    if (this.onPens(context)) return;
    context.log('pump_failed', { code, replacementHours: this.options.pumpReplacementHours });
    this.penUntil = context.nowMinutes + this.options.pumpReplacementHours * 60;
    this.penBasal(context);
  }

  private pumpReplaced(context: TherapyContext): void {
    this.penUntil = -Infinity;
    this.nextPenBasalAt = Infinity;
    context.replacePump();
    context.log('pump_replaced', {});
    context.command({ type: 'set_clock', localTimeMinutes: context.minuteOfDay });
    this.changeSet(context, 'new pump');
  }

  private penBasal(context: TherapyContext): void {
    const pump = requirePump(context);
    const rateUnitsPerHour = (pump.state.rateRule.segments[0]?.rateMilliunitsPerHour ?? 0) / 1000;
    const units =
      Math.round((rateUnitsPerHour * PEN_BASAL_EVERY_MINUTES) / 60 / PEN_STEP_UNITS) *
      PEN_STEP_UNITS;
    if (units > 0) this.penInjection(context, units, 'basal by pen');
    this.nextPenBasalAt = context.nowMinutes + PEN_BASAL_EVERY_MINUTES;
  }

  private penInjection(context: TherapyContext, units: number, reason: string): void {
    context.inject('rapid', units);
    context.log('injection', { insulin: 'rapid', units, reason });
    this.recordPenInsulin(context, units);
  }
}

/**
 * The pump's bolus: a dual wave when asked for and both of its parts hold at least a pulse (the
 * food part's share now rounded to whole pulses, the rest of the dose now), else a normal bolus.
 */
export function bolusRequest(
  units: number,
  split: BolusSplit | undefined,
  pulseMilliunits: number,
): BolusRequest {
  if (split === undefined) return { kind: 'normal', units };
  const pulses = Math.round((units * 1000) / pulseMilliunits);
  // The food part, never more than the dose (insulin on board may have taken some of it).
  const spreadable = Math.min(units, split.spreadableUnits ?? units);
  const spreadablePulses = Math.round((spreadable * 1000) / pulseMilliunits);
  const nowPulses = pulses - (spreadablePulses - Math.round(spreadablePulses * split.nowShare));
  if (nowPulses < 1 || nowPulses >= pulses) return { kind: 'normal', units };
  return {
    kind: 'dual',
    immediateUnits: (nowPulses * pulseMilliunits) / 1000,
    extendedUnits: ((pulses - nowPulses) * pulseMilliunits) / 1000,
    durationMinutes: split.overMinutes,
  };
}

/** The minute of the day on the pump's clock, which its calculator's schedules follow. */
function pumpMinuteOfDay(context: TherapyContext, pump: PumpEngine): number {
  return localMinuteOfDay(toSeconds(context.nowMinutes), pump.state.clockOffsetSeconds);
}

function requirePump(context: TherapyContext) {
  if (context.pump === null) throw new Error('pump dosing needs a pump');
  return context.pump;
}
