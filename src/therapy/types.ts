// Who decides doses: a therapy sees what a person (or a controller) would see and acts through
// the pump's commands, pen injections or by eating. It recommends and commands; the pump engine
// enforces its own limits. Therapies are pure given their context: randomness comes from the
// context's seeded generator, time from its clock.
import type { Rng } from '../random/rng.ts';
import type { PumpCommand, PumpEngine, PumpEvent } from '../pump/index.ts';
import type { CgmReading } from '../sensors/index.ts';

export interface PlannedMeal {
  readonly atMinutes: number;
  readonly carbsGrams: number;
  /**
   * 0 for an ordinary meal; for a slow one (rich in fat and protein), the minutes over which its
   * carbohydrate reaches the gut. The person knows a slow meal when they see it.
   */
  readonly slowOverMinutes: number;
  /** A slow meal's fat, g (0 for an ordinary meal): it makes insulin act less for hours. */
  readonly fatGrams: number;
}

export interface TherapyContext {
  readonly nowMinutes: number;
  /** Local minute of the day (0–1439). */
  readonly minuteOfDay: number;
  readonly rng: Rng;
  /** The latest CGM reading (null without a CGM or before the first sample). */
  readonly cgm: CgmReading | null;
  /** The pump, for pump therapies (null for injections). */
  readonly pump: PumpEngine | null;
  /** A finger-stick glucose measurement now, mg/dL (one strip a minute: a second call reuses it). */
  measureGlucose(): number;
  /**
   * What the body feels: whether plasma glucose is below `mgdl`, for hypoglycaemia symptoms only
   * (not a measurement). A yes/no, asked every minute, so no number is boxed for it.
   */
  feelsBelowMgdl(mgdl: number): boolean;
  /** A capillary ketone measurement now, mmol/L. */
  measureKetones(): number;
  /** A pump command now; the decision and the pump's answer are logged. */
  command(command: PumpCommand): boolean;
  /** A pen injection of rapid ('rapid') or long-acting ('basal') insulin now. */
  inject(depot: 'rapid' | 'basal', units: number): void;
  /** Carbohydrate eaten now outside the meal plan (hypoglycaemia treatment). */
  eat(carbsGrams: number, reason: string): void;
  /** A snack at bedtime against a low in the night, at this glucose. */
  eatBedtimeSnack(carbsGrams: number, glucoseMgdl: number): void;
  log(type: string, detail: Record<string, unknown>): void;
  /** The pump's app records a bolus given through it (its delivery-failure detector watches). */
  bolusGiven(reason: 'meal' | 'correction', units: number, glucoseMgdl: number): void;
  /** The person (or the app) now suspects the delivery: recorded as the moment a fault was noticed. */
  deliverySuspected(by: string): void;
  /** A new pump replaces a failed one (the hardware fault goes with the old pump). */
  replacePump(): void;
}

export interface Therapy {
  readonly kind: string;
  readonly description: string;
  /** Once, before the first minute: the meals the person will eat (the person's own plan). */
  start(context: TherapyContext, meals: readonly PlannedMeal[]): void;
  /** Every simulated minute, after the pump has ticked and the CGM sampled. */
  onMinute(context: TherapyContext): void;
  /** Pump events of this minute (alarms and alerts to react to). */
  onPumpEvents?(context: TherapyContext, events: readonly PumpEvent[]): void;
  /** The pump's app suspects a delivery failure. */
  onDeliveryAlert?(context: TherapyContext, reason: string): void;
  /** The person feels a sore, red infusion site. */
  onSiteInfectionNoticed?(context: TherapyContext): void;
  /** From a fault: the person will let the reservoir run empty once. */
  neglectReservoir?(): void;
}
