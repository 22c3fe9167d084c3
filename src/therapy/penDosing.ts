// Dosing with pens (multiple daily injections): long-acting insulin at fixed times, rapid insulin
// for meals and corrections from the same bolus formula as a pump, rounded to the pen's step, with
// insulin on board kept by the person's app from the injections it has seen.
import { bolusFormula, insulinOnBoard, rapidActing, type DeliveredDose } from '../insulin/index.ts';
import type { Dosing } from './person.ts';
import type { TherapyContext } from './types.ts';

export interface PenDosingOptions {
  readonly basalInsulin: 'glargine' | 'nph';
  /** Local minutes of the day of the basal injections, and the share of the daily dose at each. */
  readonly basalInjections: readonly { minuteOfDay: number; share: number }[];
  readonly dailyBasalUnits: number;
  readonly penStepUnits: number;
  readonly carbRatioGramsPerUnit: number;
  readonly sensitivityMgdlPerUnit: number;
  readonly targetLowMgdl: number;
  readonly targetHighMgdl: number;
}

/** Injections older than this no longer count in the app's insulin on board. */
const IOB_WINDOW_MINUTES = 6 * 60;

export class PenDosing implements Dosing {
  readonly kind = 'mdi';
  readonly description: string;
  readonly spreadsBoluses = false;
  readonly guardsAgainstLows = false;
  /** The long-acting doses at their local minutes of the day, rounded to the pen's step. */
  readonly basalDoses: readonly { readonly minuteOfDay: number; readonly units: number }[];
  private injections: DeliveredDose[] = [];

  constructor(private readonly options: PenDosingOptions) {
    const times = options.basalInjections.length === 1 ? 'once' : 'twice';
    this.description = `Multiple daily injections: ${options.basalInsulin} ${times} daily, rapid insulin at meals (pen step ${options.penStepUnits} U)`;
    const step = options.penStepUnits;
    this.basalDoses = options.basalInjections.map((injection) => ({
      minuteOfDay: injection.minuteOfDay,
      units: Math.round((options.dailyBasalUnits * injection.share) / step) * step,
    }));
  }

  setup(): void {}

  insulinOnBoard(context: TherapyContext): number {
    const now = context.nowMinutes;
    this.injections = this.injections.filter((d) => now - d.startMinutes < IOB_WINDOW_MINUTES);
    return insulinOnBoard(this.injections, now, rapidActing).iobUnits;
  }

  offer(context: TherapyContext, carbsGrams: number, glucoseMgdl: number): number {
    const o = this.options;
    const { rawUnits } = bolusFormula({
      carbsGrams,
      glucoseMgdl,
      iobUnits: this.insulinOnBoard(context),
      carbRatioGramsPerUnit: o.carbRatioGramsPerUnit,
      sensitivityMgdlPerUnit: o.sensitivityMgdlPerUnit,
      targetLowMgdl: o.targetLowMgdl,
      targetHighMgdl: o.targetHighMgdl,
    });
    // People round a pen dose to the nearest step.
    return Math.max(0, Math.round(rawUnits / o.penStepUnits) * o.penStepUnits);
  }

  give(context: TherapyContext, units: number, reason: string): void {
    context.inject('rapid', units);
    context.log('injection', { insulin: 'rapid', units, reason });
    this.recordPenInsulin(context, units);
  }

  /** A rapid dose noted in the app: each one the plan gives, and those outside it (sick-day rules). */
  recordPenInsulin(context: TherapyContext, units: number): void {
    this.injections.push({ startMinutes: context.nowMinutes, units, durationMinutes: 0 });
  }

  onMinute(context: TherapyContext): void {
    for (const dose of this.basalDoses) {
      if (dose.minuteOfDay !== context.minuteOfDay || dose.units <= 0) continue;
      context.inject('basal', dose.units);
      context.log('injection', {
        insulin: this.options.basalInsulin,
        units: dose.units,
        reason: 'basal',
      });
    }
  }
}
