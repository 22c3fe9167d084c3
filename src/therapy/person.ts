// The person living with the therapy: eats the planned meals, boluses for them (sometimes late,
// sometimes with a counting error, sometimes not at all), checks glucose at set times and
// corrects, treats lows with fast carbohydrate (found at a check, by the CGM, or felt), reacts to
// pump alarms after a delay, and when glucose is unexplainedly high suspects the delivery
// (clinical.md): checks ketones, changes the infusion set, and follows sick-day rules with a pen.
// High glucose that the pump's history explains (a meal with no bolus) is corrected instead.
// How a dose is given (pump or pen) is the `Dosing` it is paired with.
import type { PumpEvent } from '../pump/index.ts';
import { MINUTES_PER_DAY, minutesOfClock } from '../units/index.ts';
import type { Behaviour } from './behaviour.ts';
import type { PlannedMeal, Therapy, TherapyContext } from './types.ts';

/** How doses are given and basal is kept: by the pump or by pens. */
export interface Dosing {
  readonly kind: string;
  readonly description: string;
  /** Whether `give` can spread part of a dose (a pump's dual-wave bolus); pens cannot. */
  readonly spreadsBoluses: boolean;
  /** Whether the dosing cuts insulin as glucose falls (a closed loop): no bedtime snack then. */
  readonly guardsAgainstLows: boolean;
  /** At the start: fill and start the pump, or nothing. */
  setup(context: TherapyContext): void;
  /** The dose the person's calculator offers for these carbs at this glucose, U (0 = none). */
  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number;
  /** The calculator's food part for these carbs (no correction, no insulin on board), U. */
  foodUnits?(context: TherapyContext, carbsGrams: number): number;
  /** A dose now; `split` spreads part of it where the dosing can (`spreadsBoluses`). */
  give(
    context: TherapyContext,
    units: number,
    reason: 'meal' | 'correction',
    split?: BolusSplit,
  ): void;
  /** Insulin on board as the person's calculator sees it, U. */
  insulinOnBoard(context: TherapyContext): number;
  /** Each minute: basal injections, scheduled set changes. */
  onMinute(context: TherapyContext): void;
  /** A pump alarm, once the person reacts to it. */
  react?(context: TherapyContext, event: PumpEvent & { type: 'alarm_raised' }): void;
  /** Unexplained high glucose: check each step of the delivery, then change the set. */
  checkDelivery?(context: TherapyContext, reason: string): void;
  /** The next reservoir is left to run empty (a fault of behaviour). */
  neglectReservoir?(): void;
  /** A closed loop is told of the carbohydrate the person counts for a meal. */
  announceMeal?(context: TherapyContext, carbsGrams: number): void;
  /**
   * Rapid insulin the person injected by pen outside the plan (sick-day rules): counted in the
   * insulin on board of later doses, as the person (or their app) knows of it.
   */
  recordPenInsulin(context: TherapyContext, units: number): void;
}

/**
 * A dual-wave bolus: of the dose's food part (`spreadableUnits`, the whole dose if not given), the
 * share `nowShare` now and the rest evenly over `overMinutes`; the rest of the dose (a correction)
 * now, as pumps give it.
 */
export interface BolusSplit {
  readonly nowShare: number;
  readonly overMinutes: number;
  readonly spreadableUnits?: number;
}

/** What sick-day rules need to know of the person's therapy. */
export interface SickDayProfile {
  readonly totalDailyDoseUnits: number;
  readonly correctionFactorMgdlPerUnit: number;
  readonly targetHighMgdl: number;
}

/** The person's plan for one meal's bolus: given late or early, misjudged, or forgotten. */
interface MealBolus {
  /** When it is given; a forgotten one, at its meal (when the person would have given it). */
  readonly atMinutes: number;
  readonly estimatedCarbsGrams: number;
  /** The meal's carbohydrate, for the log when the bolus is forgotten. */
  readonly carbsGrams: number;
  readonly forgotten: boolean;
  /** The meal's `PlannedMeal.slowOverMinutes` (0: an ordinary meal). */
  readonly slowOverMinutes: number;
}

/** Fast carbohydrate takes this long to act: the person rechecks after it. */
const HYPO_RECHECK_MINUTES = 15;
/** A CGM low the meter did not confirm is not checked again for this long (without symptoms). */
const CGM_LOW_SETTLED_MINUTES = 30;
/**
 * After suspecting the delivery, giving sick-day insulin or correcting for a missed bolus, glucose
 * and ketones are rechecked.
 */
const HIGH_GLUCOSE_RECHECK_MINUTES = 120;
/**
 * A meal without its bolus keeps glucose high for hours: it explains high glucose till this long
 * after it (lunch to dinner, dinner to bedtime).
 */
const MISSED_BOLUS_EXPLAINS_MINUTES = 8 * 60;
/**
 * After a set put in for a suspected failure, or a bolus for a missed one that brings glucose
 * down, the delivery is trusted this long: high glucose without ketones is corrected through the
 * pump (clinical.md: a failed delivery's deficiency is major by 6 h).
 */
const DELIVERY_TRUSTED_MINUTES = 6 * 60;
/**
 * A missed bolus found at a meal is made up for with that meal's bolus, and glucose is judged once
 * the meal has gone by: 2 h after a meal, glucose is still high from it.
 */
const AFTER_MEAL_RECHECK_MINUTES = 240;
/**
 * A meal's bolus explains high glucose for this long: the post-meal peak is the meal's, not a
 * sign of failed delivery. High glucose then gets the calculator's correction (insulin on board
 * taken off) and a recheck once the time is up, where it is judged as unexplained if still high.
 */
const MEAL_BOLUS_EXPLAINS_MINUTES = 120;
/**
 * A meal bolus found missing within this time covers the carbohydrate still to be absorbed, taken
 * as absorbed evenly over it; the rise so far is the correction's part.
 */
const MEAL_ABSORBED_MINUTES = 120;
/** Sick-day rules (common pump-clinic guidance): extra rapid insulin as a share of the daily dose. */
const SICK_DAY_EXTRA_SHARE = { raised: 0.1, high: 0.2 } as const;
const HIGH_KETONES_MMOL_L = 1.5;
const PEN_STEP_UNITS = 0.5;
/** The person sleeps from 23:00 to 07:00 local time (symptoms are noticed later asleep). */
const SLEEP_FROM_MINUTE_OF_DAY = 23 * 60;
/** A routine check from this time of day to midnight is the bedtime check. */
const BEDTIME_CHECK_FROM_MINUTE_OF_DAY = 21 * 60;
export const WAKE_MINUTE_OF_DAY = 7 * 60;

export class Person implements Therapy {
  readonly kind: string;
  readonly description: string;
  private boluses: MealBolus[] = [];
  private nextBolus = 0;
  /** 1 at each minute of the day with a routine glucose check (a lookup every minute). */
  private readonly checkMinutesOfDay = new Uint8Array(MINUTES_PER_DAY);
  private treatedLowUntil = -Infinity;
  /** Till then a CGM low without symptoms is left alone: the meter read in range. */
  private cgmLowSettledUntil = -Infinity;
  private recheckAt = Infinity;
  /** The recheck after treating a low the meter found is by meter too (the CGM disagreed). */
  private recheckByMeter = false;
  private sickDayUntil = -Infinity;
  /** Meals whose bolus was forgotten, till the person finds them missing from the history. */
  private missedBoluses: MealBolus[] = [];
  /** The last time a missed bolus was made up for, glucose then, and when it is rechecked. */
  private madeUpFor = { atMinutes: -Infinity, glucoseMgdl: 0, recheckMinutes: 0 };
  /** Till this time, the set put in for a suspected delivery failure is trusted. */
  private newSetTrustedUntil = -Infinity;
  /** When the last meal bolus was given. */
  private lastMealBolusAt = -Infinity;
  private reactions: { atMinutes: number; act: (context: TherapyContext) => void }[] = [];

  constructor(
    private readonly behaviour: Behaviour,
    private readonly dosing: Dosing,
    private readonly sickDay: SickDayProfile,
  ) {
    this.kind = dosing.kind;
    this.description = dosing.description;
    for (const time of behaviour.checkTimes) this.checkMinutesOfDay[minutesOfClock(time)] = 1;
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
      this.boluses.push({
        atMinutes: forgotten ? meal.atMinutes : meal.atMinutes + offset,
        estimatedCarbsGrams: Math.round(meal.carbsGrams * factor),
        carbsGrams: meal.carbsGrams,
        forgotten,
        slowOverMinutes: meal.slowOverMinutes,
      });
    }
    this.boluses.sort((a, b2) => a.atMinutes - b2.atMinutes);
    this.dosing.setup(context);
  }

  onMinute(context: TherapyContext): void {
    const now = context.nowMinutes;
    this.dosing.onMinute(context);
    while (this.reactions.length > 0 && (this.reactions[0]?.atMinutes ?? Infinity) <= now) {
      this.reactions.shift()?.act(context);
    }
    while (
      this.nextBolus < this.boluses.length &&
      (this.boluses[this.nextBolus]?.atMinutes ?? Infinity) <= now
    ) {
      const bolus = this.boluses[this.nextBolus];
      this.nextBolus += 1;
      if (bolus === undefined) continue;
      // Logged at the meal, not when the plan is drawn: in the log's time, beside its meal.
      if (bolus.forgotten) {
        context.log('bolus_forgotten', { carbsGrams: bolus.carbsGrams });
        this.missedBoluses = this.missedBoluses.filter(
          (missed) => now - missed.atMinutes <= MISSED_BOLUS_EXPLAINS_MINUTES,
        );
        this.missedBoluses.push(bolus);
      } else this.mealBolus(context, bolus);
    }
    const routine = this.checkMinutesOfDay[context.minuteOfDay] === 1;
    if (routine || now >= this.recheckAt) {
      const bedtime = routine && context.minuteOfDay >= BEDTIME_CHECK_FROM_MINUTE_OF_DAY;
      this.check(context, now >= this.recheckAt && this.recheckByMeter, bedtime);
    }
    this.watchCgm(context);
    this.watchSymptoms(context);
  }

  insulinOnBoard(context: TherapyContext): number {
    return this.dosing.insulinOnBoard(context);
  }

  onPumpEvents(context: TherapyContext, events: readonly PumpEvent[]): void {
    for (const event of events) {
      if (event.type !== 'alarm_raised') continue;
      this.later(context, (ctx) => this.dosing.react?.(ctx, event));
    }
  }

  onDeliveryAlert(context: TherapyContext, reason: string): void {
    this.later(context, (ctx) => {
      ctx.log('delivery_alert_answered', { reason });
      this.check(ctx);
    });
  }

  onSiteInfectionNoticed(context: TherapyContext): void {
    context.log('site_infection_noticed', {});
    this.dosing.checkDelivery?.(context, 'sore infusion site');
  }

  neglectReservoir(): void {
    this.dosing.neglectReservoir?.();
  }

  /** A pump whose delivery can be suspected and checked (pens have none to suspect). */
  private get onPump(): boolean {
    return this.dosing.checkDelivery !== undefined;
  }

  /** Something to do after the person's reaction time (an exponential delay). */
  private later(context: TherapyContext, act: (context: TherapyContext) => void): void {
    const delay = context.rng.exponential(
      1 / Math.max(this.behaviour.alarmReactionMeanMinutes, 1e-6),
    );
    this.reactions.push({ atMinutes: context.nowMinutes + Math.round(delay), act });
    this.reactions.sort((a, b) => a.atMinutes - b.atMinutes);
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
    const b = this.behaviour;
    const glucose = this.glucoseNow(context);
    // A meal is one of the day's checks: ketones are checked as at any check, and unexplained
    // high glucose or raised ketones are dealt with first. A pen correction given for them counts
    // in the bolus's insulin on board (Dosing.recordPenInsulin). A missed bolus found now adds
    // what is left of its meal to this one's.
    let carbs = bolus.estimatedCarbsGrams;
    const ketones = glucose > b.ketoneCheckAboveMgdl ? context.measureKetones() : 0;
    const leftGrams =
      glucose > b.suspectDeliveryAboveMgdl
        ? this.missedBolusFound(context, glucose, ketones, true)
        : null;
    if (leftGrams !== null) carbs += leftGrams;
    else if (glucose > b.suspectDeliveryAboveMgdl || ketones >= b.sickDayKetonesMmolL)
      this.actOnHighGlucose(context, glucose, ketones);
    this.dosing.announceMeal?.(context, carbs);
    // A dual wave for a slow meal covers its fat too: the meal's carbohydrate is entered raised
    // by `dualWaveExtraPercent`, which raises the food part of the dose and no other.
    const dualWave = this.givesDualWave(bolus);
    const extraPercent = dualWave ? b.dualWaveExtraPercent : 0;
    const entered = carbs + (bolus.estimatedCarbsGrams * extraPercent) / 100;
    const units = this.dosing.offer(context, entered, glucose);
    const split = dualWave ? this.dualWaveFor(context, entered) : undefined;
    const decided: Record<string, number> = {
      estimatedCarbsGrams: carbs,
      glucoseMgdl: glucose,
      units,
    };
    if (split !== undefined) {
      decided.dualWaveNowPercent = b.dualWaveNowPercent;
      decided.dualWaveOverMinutes = split.overMinutes;
      decided.dualWaveExtraPercent = extraPercent;
    }
    context.log('meal_bolus_decided', decided);
    if (units > 0) {
      this.dosing.give(context, units, 'meal', split);
      context.bolusGiven('meal', units, glucose);
      this.lastMealBolusAt = context.nowMinutes;
    }
    if (glucose < b.hypoTreatmentBelowMgdl) this.treatLow(context, glucose);
  }

  /** A slow meal's bolus is a dual wave where the person uses one (`slowMealBolus`). */
  private givesDualWave(bolus: MealBolus): boolean {
    if (bolus.slowOverMinutes === 0 || this.behaviour.slowMealBolus !== 'dual-wave') return false;
    return this.dosing.spreadsBoluses;
  }

  /** The person's dual wave, spreading the food part for these carbs: a correction goes now. */
  private dualWaveFor(context: TherapyContext, carbsGrams: number): BolusSplit {
    const b = this.behaviour;
    const nowShare = b.dualWaveNowPercent / 100;
    const food = this.dosing.foodUnits?.(context, carbsGrams);
    return food === undefined
      ? { nowShare, overMinutes: b.dualWaveOverMinutes }
      : { nowShare, overMinutes: b.dualWaveOverMinutes, spreadableUnits: food };
  }

  /**
   * A planned glucose check (or a recheck): treat a low, eat a snack at bedtime if glucose is
   * low-normal, suspect the delivery, or correct. Felt hypoglycaemia is checked by finger stick
   * (`byMeter`), and so is the low it finds once treated: a CGM lags a falling glucose by many
   * minutes, and its makers tell users to trust the meter when symptoms and readings disagree.
   */
  private check(context: TherapyContext, byMeter = false, bedtime = false): void {
    this.recheckAt = Infinity;
    this.recheckByMeter = false;
    const b = this.behaviour;
    const glucose = byMeter ? context.measureGlucose() : this.glucoseNow(context);
    context.log('glucose_checked', { glucoseMgdl: glucose });
    if (glucose < b.hypoTreatmentBelowMgdl) {
      this.treatLow(context, glucose, byMeter);
      return;
    }
    if (bedtime && glucose < b.bedtimeSnackBelowMgdl && !this.dosing.guardsAgainstLows) {
      context.eatBedtimeSnack(b.bedtimeSnackGrams, glucose);
      return;
    }
    const ketones = glucose > b.ketoneCheckAboveMgdl ? context.measureKetones() : 0;
    const leftGrams =
      glucose > b.suspectDeliveryAboveMgdl
        ? this.missedBolusFound(context, glucose, ketones, false)
        : null;
    if (
      leftGrams === null &&
      (glucose > b.suspectDeliveryAboveMgdl || ketones >= b.sickDayKetonesMmolL) &&
      this.actOnHighGlucose(context, glucose, ketones)
    )
      return;
    if (glucose > b.correctionAboveMgdl || leftGrams !== null) {
      const carbs = leftGrams ?? 0;
      const units = this.dosing.offer(context, carbs, glucose);
      if (units > 0) {
        const reason = carbs > 0 ? 'meal' : 'correction';
        this.dosing.give(context, units, reason);
        context.bolusGiven(reason, units, glucose);
      }
    }
  }

  /**
   * Unexplained high glucose or raised ketones. On a pump: suspect the delivery (check it and
   * change the set), then correct by pen. Raised ketones call for sick-day rules, pump or pens.
   * Returns false when there is nothing of the kind to do (high glucose without ketones on pens,
   * or on a pump soon after a missed bolus was made up for or a suspected set was replaced: an
   * ordinary correction follows).
   */
  private actOnHighGlucose(context: TherapyContext, glucose: number, ketones: number): boolean {
    const ketonesRaised = ketones >= this.behaviour.sickDayKetonesMmolL;
    const onPump = this.onPump;
    if (!onPump && !ketonesRaised) return false;
    if (context.nowMinutes < this.sickDayUntil) return true;
    if (onPump && !ketonesRaised && this.explainedByMealBolus(context, glucose)) return false;
    if (onPump && !ketonesRaised && this.deliveryTrusted(context.nowMinutes, glucose)) return false;
    this.sickDayUntil = context.nowMinutes + HIGH_GLUCOSE_RECHECK_MINUTES;
    this.recheckAt = context.nowMinutes + HIGH_GLUCOSE_RECHECK_MINUTES;
    this.recheckByMeter = false;
    if (onPump) {
      this.newSetTrustedUntil = context.nowMinutes + DELIVERY_TRUSTED_MINUTES;
      context.log('delivery_suspected', { glucoseMgdl: glucose, ketonesMmolL: ketones });
      context.deliverySuspected('person');
      this.dosing.checkDelivery?.(
        context,
        glucose > this.behaviour.suspectDeliveryAboveMgdl
          ? 'unexplained high glucose'
          : 'raised ketones',
      );
    }
    const units = sickDayUnits(this.sickDay, glucose, ketones, this.behaviour.sickDayKetonesMmolL);
    if (units <= 0) return true;
    context.inject('rapid', units);
    this.dosing.recordPenInsulin(context, units);
    context.log('sick_day_injection', { units, glucoseMgdl: glucose, ketonesMmolL: ketones });
    return true;
  }

  /**
   * Before suspecting the delivery, the person looks through the pump's bolus history (clinical.md:
   * it is there so that a distracted user can see whether a bolus went in). Recent meals with no
   * bolus explain the high glucose: the calculator's bolus is given through the pump, for the
   * glucose and what is left of the meals (with the meal being eaten, `atMeal`), and glucose is
   * rechecked, so that a bolus that does not bring it down still leads to the delivery being
   * suspected. Returns the grams left of the meals (often 0), or null when the history explains
   * nothing.
   */
  private missedBolusFound(
    context: TherapyContext,
    glucose: number,
    ketones: number,
    atMeal: boolean,
  ): number | null {
    const now = context.nowMinutes;
    if (!this.onPump || ketones >= this.behaviour.sickDayKetonesMmolL || now < this.sickDayUntil)
      return null;
    const missed = this.missedBoluses.filter(
      (bolus) => now - bolus.atMinutes <= MISSED_BOLUS_EXPLAINS_MINUTES,
    );
    this.missedBoluses = [];
    if (missed.length === 0) return null;
    let leftGrams = 0;
    for (const bolus of missed) {
      const minutesSinceMeal = now - bolus.atMinutes;
      const absorbedMinutes = Math.max(MEAL_ABSORBED_MINUTES, bolus.slowOverMinutes);
      const left = Math.round(
        bolus.estimatedCarbsGrams * Math.max(0, 1 - minutesSinceMeal / absorbedMinutes),
      );
      context.log('missed_bolus_found', {
        carbsGrams: bolus.carbsGrams,
        minutesSinceMeal,
        glucoseMgdl: glucose,
        carbsLeftGrams: left,
      });
      leftGrams += left;
    }
    const recheckMinutes = atMeal ? AFTER_MEAL_RECHECK_MINUTES : HIGH_GLUCOSE_RECHECK_MINUTES;
    this.madeUpFor = { atMinutes: now, glucoseMgdl: glucose, recheckMinutes };
    this.recheckAt = now + recheckMinutes;
    this.recheckByMeter = false;
    return leftGrams;
  }

  /**
   * High glucose within MEAL_BOLUS_EXPLAINS_MINUTES of a meal bolus: logged, and rechecked when
   * that time is up (sooner if a recheck is already due).
   */
  private explainedByMealBolus(context: TherapyContext, glucose: number): boolean {
    const since = context.nowMinutes - this.lastMealBolusAt;
    if (since >= MEAL_BOLUS_EXPLAINS_MINUTES) return false;
    context.log('high_glucose_after_meal_bolus', {
      glucoseMgdl: glucose,
      minutesSinceBolus: since,
    });
    const recheck = this.lastMealBolusAt + MEAL_BOLUS_EXPLAINS_MINUTES;
    if (recheck < this.recheckAt) {
      this.recheckAt = recheck;
      this.recheckByMeter = false;
    }
    return true;
  }

  /**
   * High glucose that does not put the pump's delivery in doubt. After a set put in for a
   * suspected failure: pump-clinic guidance puts the next correction through the pump (a pen dose
   * at each recheck, each leaving the insulin given before it aside, stacked into severe
   * night-time lows). After a missed bolus made up for: until its recheck (2 h on, 4 h at a meal),
   * or while glucose falls since (the bolus is going in).
   */
  private deliveryTrusted(now: number, glucose: number): boolean {
    if (now < this.newSetTrustedUntil) return true;
    const since = now - this.madeUpFor.atMinutes;
    if (since < this.madeUpFor.recheckMinutes) return true;
    return since < DELIVERY_TRUSTED_MINUTES && glucose < this.madeUpFor.glucoseMgdl;
  }

  /**
   * With a CGM, a low reading (the CGM's low alert) is treated, or first checked by finger stick
   * when nothing is felt (`confirmCgmLowByMeter`): the sensor's error alone makes readings below
   * 70 mg/dL at a true 90.
   */
  private watchCgm(context: TherapyContext): void {
    const reading = context.cgm;
    const b = this.behaviour;
    if (
      reading === null ||
      reading.glucoseMgdl === null ||
      reading.timeMinutes !== context.nowMinutes ||
      reading.glucoseMgdl >= b.hypoTreatmentBelowMgdl ||
      context.nowMinutes < this.treatedLowUntil
    )
      return;
    if (!b.confirmCgmLowByMeter || context.feelsBelowMgdl(b.hypoSymptomsBelowMgdl)) {
      this.treatLow(context, reading.glucoseMgdl);
      return;
    }
    if (context.nowMinutes < this.cgmLowSettledUntil) return;
    context.log('cgm_low_checked', { cgmMgdl: reading.glucoseMgdl });
    this.check(context, true);
    if (context.nowMinutes >= this.treatedLowUntil)
      this.cgmLowSettledUntil = context.nowMinutes + CGM_LOW_SETTLED_MINUTES;
  }

  /** Felt hypoglycaemia: noticed after a random delay (longer asleep), then checked and treated. */
  private watchSymptoms(context: TherapyContext): void {
    const b = this.behaviour;
    if (context.nowMinutes < this.treatedLowUntil) return;
    if (!context.feelsBelowMgdl(b.hypoSymptomsBelowMgdl)) return;
    const m = context.minuteOfDay;
    const asleep = m >= SLEEP_FROM_MINUTE_OF_DAY || m < WAKE_MINUTE_OF_DAY;
    const mean = asleep ? b.hypoNoticedAsleepMeanMinutes : b.hypoNoticedAwakeMeanMinutes;
    if (!context.rng.chance(1 / mean)) return;
    context.log('hypo_symptoms_felt', { asleep });
    this.check(context, true);
  }

  /** Fast carbohydrate, and a recheck after it: by meter when a meter found the low. */
  private treatLow(context: TherapyContext, glucoseMgdl: number, foundByMeter = false): void {
    if (context.nowMinutes < this.treatedLowUntil) return;
    context.eat(this.behaviour.hypoTreatmentGrams, `treating ${Math.round(glucoseMgdl)} mg/dL`);
    this.treatedLowUntil = context.nowMinutes + HYPO_RECHECK_MINUTES;
    this.recheckAt = context.nowMinutes + HYPO_RECHECK_MINUTES;
    this.recheckByMeter = foundByMeter;
  }
}

/**
 * The sick-day pen dose, U: a correction to the top of the target (the pump's insulin on board
 * left aside: it may never have arrived), or, with ketones raised, the sick-day share of the daily
 * dose if that is more. Clinic guidance gives one or the other, not both: the share already
 * includes what the high glucose needs.
 */
export function sickDayUnits(
  p: SickDayProfile,
  glucoseMgdl: number,
  ketonesMmolL: number,
  raisedKetonesMmolL: number,
): number {
  const correction = Math.max(0, (glucoseMgdl - p.targetHighMgdl) / p.correctionFactorMgdlPerUnit);
  const share =
    ketonesMmolL >= HIGH_KETONES_MMOL_L
      ? SICK_DAY_EXTRA_SHARE.high
      : ketonesMmolL >= raisedKetonesMmolL
        ? SICK_DAY_EXTRA_SHARE.raised
        : 0;
  const units = Math.max(correction, share * p.totalDailyDoseUnits);
  return Math.round(units / PEN_STEP_UNITS) * PEN_STEP_UNITS;
}
