// The person living with the therapy: eats the planned meals, boluses for them (sometimes late,
// sometimes with a counting error, sometimes not at all), checks glucose at set times and
// corrects, treats lows with fast carbohydrate, and reacts to pump alarms after a delay. How a
// dose is given (pump or pen) is the `Dosing` it is paired with.
import type { PumpEvent } from '../pump/index.ts';
import { minutesOfClock } from '../units/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { PlannedMeal, Therapy, TherapyContext } from './types.ts';

/** How doses are given and basal is kept: by the pump or by pens. */
export interface Dosing {
  readonly kind: string;
  readonly description: string;
  /** At the start: fill and start the pump, or nothing. */
  setup(context: TherapyContext): void;
  /** The dose the person's calculator offers for these carbs at this glucose, U (0 = none). */
  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number;
  give(context: TherapyContext, units: number, reason: string): void;
  /** Each minute: basal injections, scheduled set changes. */
  onMinute(context: TherapyContext): void;
  /** Insulin on board as the person's calculator sees it, U. */
  insulinOnBoard(context: TherapyContext): number;
  /** A pump alarm, once the person reacts to it. */
  react?(context: TherapyContext, event: PumpEvent & { type: 'alarm_raised' }): void;
}

interface MealBolus {
  readonly atMinutes: number;
  readonly estimatedCarbsGrams: number;
}

/** Fast carbohydrate takes this long to act: the person rechecks after it. */
const HYPO_RECHECK_MINUTES = 15;

export class Person implements Therapy {
  readonly kind: string;
  readonly description: string;
  private boluses: MealBolus[] = [];
  private nextBolus = 0;
  private readonly checkMinutesOfDay: Set<number>;
  private treatedLowUntil = -Infinity;
  private recheckAt = Infinity;
  private reactions: { atMinutes: number; event: PumpEvent & { type: 'alarm_raised' } }[] = [];

  constructor(
    private readonly behaviour: Behaviour,
    private readonly dosing: Dosing,
  ) {
    this.kind = dosing.kind;
    this.description = dosing.description;
    this.checkMinutesOfDay = new Set(behaviour.checkTimes.map(minutesOfClock));
  }

  start(context: TherapyContext, meals: readonly PlannedMeal[]): void {
    const b = this.behaviour;
    // The person's whole plan is drawn up front from its own stream: the same seed, the same life.
    this.boluses = [];
    for (const meal of meals) {
      const forgotten = context.rng.chance(b.forgetBolusProbability);
      const offset = Math.round(
        context.rng.gaussian(b.bolusTimingMeanMinutes, b.bolusTimingSdMinutes),
      );
      const factor = Math.max(
        0.2,
        1 + b.carbCountingBias + b.carbCountingCv * context.rng.normal(),
      );
      if (forgotten) {
        context.log('bolus_forgotten', {
          mealAtMinutes: meal.atMinutes,
          carbsGrams: meal.carbsGrams,
        });
        continue;
      }
      this.boluses.push({
        atMinutes: meal.atMinutes + offset,
        estimatedCarbsGrams: Math.round(meal.carbsGrams * factor),
      });
    }
    this.boluses.sort((a, b2) => a.atMinutes - b2.atMinutes);
    this.dosing.setup(context);
  }

  onMinute(context: TherapyContext): void {
    const now = context.nowMinutes;
    this.dosing.onMinute(context);
    while (this.reactions.length > 0 && (this.reactions[0]?.atMinutes ?? Infinity) <= now) {
      const reaction = this.reactions.shift();
      if (reaction !== undefined) this.dosing.react?.(context, reaction.event);
    }
    while (
      this.nextBolus < this.boluses.length &&
      (this.boluses[this.nextBolus]?.atMinutes ?? Infinity) <= now
    ) {
      const bolus = this.boluses[this.nextBolus];
      this.nextBolus += 1;
      if (bolus !== undefined) this.mealBolus(context, bolus);
    }
    if (this.checkMinutesOfDay.has(context.minuteOfDay) || now >= this.recheckAt)
      this.check(context);
    this.watchCgm(context);
  }

  insulinOnBoard(context: TherapyContext): number {
    return this.dosing.insulinOnBoard(context);
  }

  onPumpEvents(context: TherapyContext, events: readonly PumpEvent[]): void {
    for (const event of events) {
      if (event.type !== 'alarm_raised') continue;
      const delay = context.rng.exponential(
        1 / Math.max(this.behaviour.alarmReactionMeanMinutes, 1e-6),
      );
      this.reactions.push({ atMinutes: context.nowMinutes + Math.round(delay), event });
      this.reactions.sort((a, b) => a.atMinutes - b.atMinutes);
    }
  }

  /** Glucose as the person knows it now: the CGM if it reads, else a finger stick. */
  private glucoseNow(context: TherapyContext): number {
    const reading = context.cgm;
    if (
      reading !== null &&
      reading.glucoseMgdl !== null &&
      context.nowMinutes - reading.timeMinutes <= 10
    ) {
      return reading.glucoseMgdl;
    }
    return context.measureGlucose();
  }

  private mealBolus(context: TherapyContext, bolus: MealBolus): void {
    const glucose = this.glucoseNow(context);
    const units = this.dosing.offer(context, bolus.estimatedCarbsGrams, glucose);
    context.log('meal_bolus_decided', {
      estimatedCarbsGrams: bolus.estimatedCarbsGrams,
      glucoseMgdl: glucose,
      units,
    });
    if (units > 0) this.dosing.give(context, units, 'meal');
    if (glucose < this.behaviour.hypoTreatmentBelowMgdl) this.treatLow(context, glucose);
  }

  /** A planned glucose check (or a recheck after treating a low): treat or correct. */
  private check(context: TherapyContext): void {
    this.recheckAt = Infinity;
    const glucose = this.glucoseNow(context);
    context.log('glucose_checked', { glucoseMgdl: glucose });
    if (glucose < this.behaviour.hypoTreatmentBelowMgdl) {
      this.treatLow(context, glucose);
      return;
    }
    if (glucose > this.behaviour.correctionAboveMgdl) {
      const units = this.dosing.offer(context, 0, glucose);
      if (units > 0) this.dosing.give(context, units, 'correction');
    }
  }

  /** With a CGM, a low reading prompts treatment (the CGM's low alert). */
  private watchCgm(context: TherapyContext): void {
    const reading = context.cgm;
    if (
      reading === null ||
      reading.glucoseMgdl === null ||
      reading.timeMinutes !== context.nowMinutes
    )
      return;
    if (reading.glucoseMgdl < this.behaviour.hypoTreatmentBelowMgdl)
      this.treatLow(context, reading.glucoseMgdl);
  }

  private treatLow(context: TherapyContext, glucoseMgdl: number): void {
    if (context.nowMinutes < this.treatedLowUntil) return;
    context.eat(this.behaviour.hypoTreatmentGrams, `treating ${Math.round(glucoseMgdl)} mg/dL`);
    this.treatedLowUntil = context.nowMinutes + HYPO_RECHECK_MINUTES;
    this.recheckAt = context.nowMinutes + HYPO_RECHECK_MINUTES;
  }
}
