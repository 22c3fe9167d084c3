// Dosing with the pump: meal and correction boluses from the pump's calculator, the programmed
// basal, infusion set and reservoir changes every few days, and the usual answers to alarms.
import {
  localMinuteOfDay,
  pumpInsulinOnBoard,
  recommendBolus,
  toSeconds,
  type PumpEvent,
} from '../pump/index.ts';
import type { Dosing } from './person.ts';
import type { TherapyContext } from './types.ts';

export interface PumpDosingOptions {
  readonly setChangeHours: number;
  /** Insulin put in each new reservoir, U (a few days' need plus priming). */
  readonly fillUnits: number;
}

/** Priming amounts a pump trainer teaches: the tubing, then the cannula of a steel/Teflon set. */
const TUBING_PRIME_UNITS = 10;
const CANNULA_PRIME_UNITS = 0.3;
/** Set changes are done in the day, not at night. */
const DAY_FROM_MINUTE = 7 * 60;
const DAY_TO_MINUTE = 22 * 60;

export class PumpDosing implements Dosing {
  readonly kind = 'pump';
  readonly description = 'Open-loop insulin pump: programmed basal, calculator boluses';
  private setChangedAt = 0;

  constructor(private readonly options: PumpDosingOptions) {}

  setup(context: TherapyContext): void {
    context.command({ type: 'set_clock', localTimeMinutes: context.minuteOfDay });
    this.changeSet(context, 'start');
  }

  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number {
    const pump = requirePump(context);
    const nowSeconds = toSeconds(context.nowMinutes);
    const advice = recommendBolus(pump.state.settings, {
      carbsGrams,
      glucoseMgdl,
      iobUnits: pumpInsulinOnBoard(pump.state, nowSeconds).iobUnits,
      localMinuteOfDay: localMinuteOfDay(nowSeconds, pump.state.clockOffsetSeconds),
    });
    return advice.units;
  }

  insulinOnBoard(context: TherapyContext): number {
    return pumpInsulinOnBoard(requirePump(context).state, toSeconds(context.nowMinutes)).iobUnits;
  }

  give(context: TherapyContext, units: number, reason: string): void {
    context.log('bolus_requested', { units, reason });
    context.command({
      type: 'deliver_bolus',
      bolus: { kind: 'normal', units },
      source: 'calculator',
    });
  }

  onMinute(context: TherapyContext): void {
    const due = context.nowMinutes - this.setChangedAt >= this.options.setChangeHours * 60;
    const daytime = context.minuteOfDay >= DAY_FROM_MINUTE && context.minuteOfDay < DAY_TO_MINUTE;
    if (due && daytime) this.changeSet(context, 'routine');
  }

  react(context: TherapyContext, event: PumpEvent & { type: 'alarm_raised' }): void {
    context.command({ type: 'acknowledge_alarm', code: event.code });
    switch (event.code) {
      case 'occlusion':
      case 'no_insulin':
      case 'low_insulin':
      case 'infusion_set_age':
        this.changeSet(context, event.code);
        break;
      case 'low_power':
      case 'no_power':
        context.command({ type: 'change_battery' });
        break;
      case 'no_delivery':
      case 'end_of_service':
        context.log('pump_needs_replacement', { code: event.code });
        break;
      default:
        break;
    }
  }

  /** New reservoir and infusion set: suspend, fill, prime, insert, prime the cannula, resume. */
  private changeSet(context: TherapyContext, reason: string): void {
    const pump = requirePump(context);
    context.log('set_change', { reason });
    if (pump.state.suspended === null)
      context.command({ type: 'suspend', reason: 'user', source: 'user' });
    context.command({ type: 'fill_reservoir', units: this.options.fillUnits });
    context.command({ type: 'prime', target: 'tubing', units: TUBING_PRIME_UNITS });
    context.command({ type: 'change_infusion_set' });
    context.command({ type: 'prime', target: 'cannula', units: CANNULA_PRIME_UNITS });
    context.command({ type: 'resume', source: 'user' });
    this.setChangedAt = context.nowMinutes;
  }
}

function requirePump(context: TherapyContext) {
  if (context.pump === null) throw new Error('pump dosing needs a pump');
  return context.pump;
}
