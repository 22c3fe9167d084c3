// The run loop: one-minute steps in which the pump engine ticks and its pulses enter the
// patient's subcutaneous depot, meals enter the gut, the CGM samples every 5 minutes, the therapy
// decides, and every decision and pump event is logged. The same scenario and seed give
// byte-identical results.
import {
  PumpEngine,
  type EventOf,
  type PumpCommand,
  type PumpEvent,
  type PumpSettings,
} from '../pump/index.ts';
import { modelIntegrator, type PatientModel } from '../physiology/model.ts';
import type { SimglucosePatient } from '../physiology/simglucoseFilesParse.ts';
import { emptyStats } from '../physiology/solvers/types.ts';
import { Rng } from '../random/rng.ts';
import {
  createCgm,
  createKetoneMeter,
  createMeter,
  type Cgm,
  type CgmReading,
} from '../sensors/index.ts';
import { ClosedLoopDosing } from '../therapy/closedLoopDosing.ts';
import { createController } from '../therapy/controllers/index.ts';
import { DeliveryFailureDetector } from '../therapy/deliveryFailureDetector.ts';
import { PenDosing } from '../therapy/penDosing.ts';
import { Person, WAKE_MINUTE_OF_DAY, type Dosing } from '../therapy/person.ts';
import { PumpDosing } from '../therapy/pumpDosing.ts';
import type { PlannedMeal, TherapyContext } from '../therapy/types.ts';
import { clockOf, minutesOfClock } from '../units/index.ts';
import { FaultPlayer } from './faultPlayer.ts';
import { planFaults, type FaultKind } from './faults.ts';
import { InfusionSite } from './infusionSite.ts';
import { planRunMeals } from './meals.ts';
import { resolvePatient, type ResolvedPatient } from './patient.ts';
import { SimulatedPumpHardware } from './pumpHardware.ts';
import { derivePumpSettings } from './pumpSettings.ts';
import { titratedDailyBasal, type BasalRegimen } from './basalTitration.ts';
import { Recorder } from './recorder.ts';
import { noUsage, type BasalProgramme, type SimulationResult } from './result.ts';
import { RunLog } from './runLog.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import { summarise } from './summarise.ts';

export interface SimulateOptions {
  /** UVA/Padova patients read from simglucose-format files, for `patient.source: 'simglucose'`. */
  readonly simglucosePatients?: readonly SimglucosePatient[];
  /** Called after each simulated day with the fraction done. */
  readonly onProgress?: (fractionDone: number) => void;
  /** Keep the log of every decision and pump event (default true). */
  readonly log?: boolean;
  /**
   * 'full' (default) or 'summary': the summary, events, days, faults and usage only, with an
   * empty trace and AGP and no log, for runs whose results are pooled (cohorts).
   */
  readonly detail?: 'full' | 'summary';
}

/** Injection therapy starts two days early so the long-acting insulin reaches its steady state. */
const MDI_RUN_IN_DAYS = 2;
/** Seeded streams of a run, so one part's draws never shift another's. */
const STREAM = {
  meals: 1,
  person: 2,
  cgm: 3,
  meter: 4,
  ketoneMeter: 5,
  faults: 6,
  site: 7,
} as const;
/** Pump alarms that point at a fault in the set, the battery, the reservoir or the pump. */
const ALARM_FAULTS: Readonly<Record<string, readonly FaultKind[]>> = {
  occlusion: ['occlusion', 'kinked-tubing'],
  no_power: ['battery-depletion'],
  low_power: ['battery-depletion'],
  no_insulin: ['reservoir-neglect'],
  no_delivery: ['pump-failure'],
};
/** What the delivery-failure detector is looking for. */
const SILENT_FAULTS: readonly FaultKind[] = [
  'occlusion',
  'kinked-tubing',
  'dislodgement',
  'site-infection',
  'forgotten-reconnection',
];

export function simulate(input: unknown, options: SimulateOptions = {}): SimulationResult {
  const scenario = parseScenario(input);
  const patient = resolvePatient(scenario.patient, options.simglucosePatients);
  const run = new Run(scenario, patient, options);
  run.execute();
  return summarise({
    scenario,
    patient,
    recorder: run.recorder,
    log: run.log.entries(),
    therapy: run.therapyInfo,
    faults: { records: run.faultRecords, ...run.faultCounts },
    detectorAlerts: run.detectorAlerts,
    usage: run.usage,
    detail: options.detail ?? 'full',
  });
}

class Run {
  readonly recorder: Recorder;
  readonly log: RunLog;
  readonly therapyInfo: SimulationResult['therapy'];
  private readonly runInMinutes: number;
  private readonly totalMinutes: number;
  readonly model: PatientModel;
  /** The patient's state, advanced in place. */
  readonly x: Float64Array;
  private pump: PumpEngine | null;
  private readonly site: InfusionSite | null;
  private readonly hardware: SimulatedPumpHardware | null;
  private readonly detector: DeliveryFailureDetector | null;
  private readonly faults: FaultPlayer;
  readonly detectorAlerts: { atMinutes: number; reason: string; glucoseMgdl: number }[] = [];
  private readonly cgm: Cgm | null;
  private readonly person: Person;
  private readonly meals: PlannedMeal[];
  private readonly context: RunContext;
  private readonly keepLog: boolean;
  private currentMinute = 0;
  private lostUnits = 0;
  /** Slow meals whose carbohydrate is still reaching the gut, a share each minute. */
  private slowMeals: { untilMinutes: number; gramsPerMinute: number }[] = [];
  /** Bumped by every pump event and injection: what insulin on board depends on besides time. */
  private dosingVersion = 0;
  /** Alarms raised since the person last heard of them (the person reacts to those). */
  private tickAlarms: EventOf<'alarm_raised'>[] = [];
  private readonly iobCache = { minute: -1, version: -1, units: 0 };
  /** Insulin on board now, for those who ask only when they need it. */
  private readonly iobNow = (): number => this.insulinOnBoard(this.context);
  /** Supplies and devices used after the run-in (what a cost model counts; CGM days at the end). */
  readonly usage = noUsage();

  constructor(
    private readonly scenario: Scenario,
    patient: ResolvedPatient,
    private readonly options: SimulateOptions,
  ) {
    const rng = new Rng(scenario.seed);
    const therapy = scenario.therapy;
    this.keepLog = options.detail !== 'summary' && (options.log ?? true);
    this.runInMinutes = (therapy.kind === 'mdi' ? MDI_RUN_IN_DAYS : 0) * 1440;
    this.totalMinutes = this.runInMinutes + scenario.durationDays * 1440;
    this.log = new RunLog(this.runInMinutes);
    this.recorder = new Recorder(scenario.durationDays * 1440, options.detail !== 'summary');
    const startMinuteOfDay = minutesOfClock(scenario.start.time);
    this.meals = planRunMeals(
      scenario.meals,
      {
        runInMinutes: this.runInMinutes,
        durationMinutes: scenario.durationDays * 1440,
        startMinuteOfDay,
      },
      rng.fork(STREAM.meals),
    );
    // The model carries meal fat only in a run that eats some (it makes every step slower).
    this.model = patient.create({
      rapidInsulin: scenario.insulin,
      ...(therapy.kind === 'mdi' ? { basalInsulin: therapy.basalInsulin } : {}),
      startMinuteOfDay,
      mealFat: this.meals.some((meal) => meal.fatGrams > 0),
    });
    let dosing: Dosing;
    let basal: BasalProgramme;
    if (therapy.kind === 'pump' || therapy.kind === 'closed-loop') {
      const settings = derivePumpSettings(patient.clinical, scenario.pump, patient.dawnPhenomenon);
      this.site = new InfusionSite(scenario.site, rng.fork(STREAM.site));
      const hardware = new SimulatedPumpHardware(this.site, settings.linePressureKpaPerUnit);
      this.hardware = hardware;
      this.pump = this.newPump(settings, hardware, 0);
      basal = basalPatternOf(settings);
      // The patient starts settled on the rate programmed for the start's hour; with a dawn
      // phenomenon, at the fasting target (the hourly rates run ahead of the need they meet).
      const segments = settings.basalPatterns[settings.activePatternIndex]?.segments ?? [];
      const current = segments.findLast((seg) => seg.startMinutes <= startMinuteOfDay);
      this.x = this.model.steadyState(
        patient.dawnPhenomenon === null
          ? (current?.rateMilliunitsPerHour ?? 0) / 1000
          : this.model.basalForGlucose(patient.clinical.targetHighMgdl, 0),
      );
      const pumpOptions = {
        setChangeHours: scenario.behaviour.setChangeHours,
        fillUnits: reservoirFill(patient, scenario, settings.reservoirCapacityMilliunits / 1000),
        pumpReplacementHours: scenario.behaviour.pumpReplacementHours,
      };
      dosing =
        therapy.kind === 'pump'
          ? new PumpDosing(pumpOptions)
          : new ClosedLoopDosing(pumpOptions, {
              controller: createController(therapy.controller, therapy.controllerOptions),
              mealAnnouncement: therapy.mealAnnouncement,
              misestimateFactor: therapy.misestimateFactor,
              userMealBolus: therapy.userMealBolus,
              targetMgdl: therapy.targetMgdl,
              suspendBelowMgdl: therapy.suspendBelowMgdl,
              maxAutoBolusUnitsPerHour:
                therapy.maxAutoBolusShareOfTddPerHour * patient.clinical.totalDailyDoseUnits,
              totalDailyDoseUnits: patient.clinical.totalDailyDoseUnits,
              bodyWeightKg: patient.clinical.bodyWeightKg,
            });
    } else {
      this.pump = null;
      this.site = null;
      this.hardware = null;
      // Start as if from a pump at the same basal: the run-in hands over to the pens.
      this.x = this.model.steadyState(patient.clinical.basalUnitsPerHour);
      const times =
        therapy.basalTimes ??
        (therapy.basalInsulin === 'glargine' ? ['22:00'] : ['07:00', '22:00']);
      const basalInjections = times.map((time) => ({
        minuteOfDay: minutesOfClock(time),
        share: 1 / times.length,
      }));
      const pens = new PenDosing({
        basalInsulin: therapy.basalInsulin,
        basalInjections,
        dailyBasalUnits: this.injectedBasalUnits(patient, startMinuteOfDay, basalInjections),
        penStepUnits: therapy.penStepUnits,
        carbRatioGramsPerUnit: patient.clinical.carbRatioGramsPerUnit,
        sensitivityMgdlPerUnit: patient.clinical.correctionFactorMgdlPerUnit,
        targetLowMgdl: patient.clinical.targetLowMgdl,
        targetHighMgdl: patient.clinical.targetHighMgdl,
      });
      dosing = pens;
      basal = {
        kind: 'injections',
        insulin: therapy.basalInsulin,
        doses: pens.basalDoses.map((d) => ({ time: clockOf(d.minuteOfDay), units: d.units })),
      };
    }
    this.cgm =
      scenario.sensor.kind === 'cgm'
        ? createCgm(
            {
              dropout: {
                startProbabilityPerSample: scenario.sensor.dropoutProbability,
                meanDurationMinutes: scenario.sensor.dropoutMeanMinutes,
              },
            },
            rng.fork(STREAM.cgm),
          )
        : null;
    this.person = new Person(scenario.behaviour, dosing, {
      totalDailyDoseUnits: patient.clinical.totalDailyDoseUnits,
      correctionFactorMgdlPerUnit: patient.clinical.correctionFactorMgdlPerUnit,
      targetHighMgdl: patient.clinical.targetHighMgdl,
    });
    this.detector =
      this.pump !== null && this.cgm !== null
        ? new DeliveryFailureDetector(scenario.detector)
        : null;
    this.faults = new FaultPlayer(
      planFaults(
        scenario.faults,
        {
          durationMinutes: scenario.durationDays * 1440,
          startMinuteOfDay,
          offsetMinutes: this.runInMinutes,
        },
        rng.fork(STREAM.faults),
      ),
      {
        site: this.site,
        hardware: this.hardware,
        person: this.person,
        rng: rng.fork(STREAM.faults).fork(0),
        abscessShare: scenario.site.abscessShare,
        infectionNoticedAfterMinutes: scenario.behaviour.infectionNoticedAfterHours * 60,
      },
    );
    this.therapyInfo = {
      kind: dosing.kind,
      description: dosing.description,
      insulin: scenario.insulin,
      basal,
    };
    this.context = new RunContext(this, {
      rng: rng.fork(STREAM.person),
      meter: createMeter({}, rng.fork(STREAM.meter)),
      ketoneMeter: createKetoneMeter({}, rng.fork(STREAM.ketoneMeter)),
      startMinuteOfDay,
    });
  }

  /**
   * The daily long-acting dose, titrated as clinics titrate it (basalTitration.ts): to the
   * patient's target on waking, lowered where a day without meals would fall below 80 mg/dL.
   */
  private injectedBasalUnits(
    patient: ResolvedPatient,
    startMinuteOfDay: number,
    injections: BasalRegimen['injections'],
  ): number {
    const regimen = { injections, startMinuteOfDay, wakeMinuteOfDay: WAKE_MINUTE_OF_DAY };
    const dailyNeed = patient.clinical.basalUnitsPerHour * 24;
    return titratedDailyBasal(this.model, regimen, patient.clinical.targetHighMgdl, dailyNeed);
  }

  execute(): void {
    const { model, x, recorder, context } = this;
    const solver = modelIntegrator(model);
    const stats = emptyStats();
    const noInputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
    let nextMeal = 0;
    // The person draws a plan for each meal in turn: the scored days' meals first, so their draws
    // (forgotten boluses, counting errors, timing) are those of a run without a run-in.
    const runIn = this.runInMinutes;
    this.person.start(context.at(0), [
      ...this.meals.filter((meal) => meal.atMinutes >= runIn),
      ...this.meals.filter((meal) => meal.atMinutes < runIn),
    ]);
    for (let now = 0; now < this.totalMinutes; now += 1) {
      this.currentMinute = now;
      const ctx = context.at(now);
      const m = now - this.runInMinutes;
      // The pulses due by now left the pump before anything that happens at this minute.
      if (this.pump !== null) {
        this.pump.settle(now);
        if (this.tickAlarms.length > 0) this.onPumpAlarms(ctx);
      }
      this.faults.apply(ctx);
      if (this.site !== null) {
        const released = this.site.release(now);
        if (released > 0) this.toDepot(released);
      }
      while (nextMeal < this.meals.length && (this.meals[nextMeal]?.atMinutes ?? Infinity) <= now) {
        const meal = this.meals[nextMeal];
        nextMeal += 1;
        if (meal !== undefined) this.eatMeal(now, meal);
      }
      if (this.slowMeals.length > 0) this.feedSlowMeals();
      if (this.cgm !== null && now >= this.cgm.nextDueMinutes) {
        const sampled = this.cgm.sample(now, model.interstitialGlucoseMgdl(x));
        if (sampled !== null) this.onCgmReading(ctx, this.faults.cgmReading(sampled, now), m);
      }
      this.person.onMinute(ctx);
      // A command ticks the pump up to its moment first, and that tick can raise an alarm too.
      if (this.tickAlarms.length > 0) this.onPumpAlarms(ctx);
      if (recorder.covers(m)) this.record(m, ctx);
      const code = solver.advance(model, x, now, now + 1, noInputs, stats);
      if (code !== 'Success')
        throw new Error(`the patient model stopped at minute ${now}: ${code}`);
      if ((now + 1) % 1440 === 0) this.options.onProgress?.((now + 1) / this.totalMinutes);
    }
  }

  private record(m: number, ctx: RunContext): void {
    const { model, x, recorder } = this;
    recorder.plasmaGlucoseMgdl[m] = model.plasmaGlucoseMgdl(x);
    recorder.bohbMmolL[m] = model.bohbMmolL(x);
    if (!recorder.withTrace || m % Recorder.ROW_MINUTES !== 0) return;
    const row = m / Recorder.ROW_MINUTES;
    recorder.plasmaInsulinMilliunitsPerL[row] = model.plasmaInsulinMilliunitsPerL(x);
    recorder.iobUnits[row] = this.insulinOnBoard(ctx);
  }

  /** The therapy's insulin on board, computed once per minute unless a dose came in between. */
  private insulinOnBoard(ctx: RunContext): number {
    const cache = this.iobCache;
    if (cache.minute !== ctx.nowMinutes || cache.version !== this.dosingVersion) {
      cache.units = this.person.insulinOnBoard(ctx);
      cache.minute = ctx.nowMinutes;
      cache.version = this.dosingVersion;
    }
    return cache.units;
  }

  private onCgmReading(ctx: RunContext, reading: CgmReading, m: number): void {
    ctx.cgm = reading;
    if (reading.glucoseMgdl === null) return;
    this.recorder.setAtRowStart(this.recorder.cgmGlucoseMgdl, m, reading.glucoseMgdl);
    if (this.detector === null) return;
    const alert = this.detector.reading(ctx.nowMinutes, reading.glucoseMgdl, this.iobNow);
    if (alert === null) return;
    this.addLog(ctx.nowMinutes, 'therapy', 'delivery_failure_suspected', {
      reason: alert.reason,
      glucoseMgdl: alert.glucoseMgdl,
    });
    const shifted = ctx.nowMinutes - this.runInMinutes;
    if (shifted >= 0) this.detectorAlerts.push({ ...alert, atMinutes: shifted });
    this.faults.noticed(ctx.nowMinutes, 'detector', SILENT_FAULTS);
    this.person.onDeliveryAlert(ctx, alert.reason);
  }

  /** The alarms raised since the last call, once all their tick's events are applied. */
  private onPumpAlarms(ctx: RunContext): void {
    const alarms = this.tickAlarms;
    this.tickAlarms = [];
    for (const alarm of alarms) {
      this.faults.noticed(
        ctx.nowMinutes,
        `pump alarm ${alarm.code}`,
        ALARM_FAULTS[alarm.code] ?? [],
      );
    }
    this.person.onPumpEvents(ctx, alarms);
  }

  /** Pulses leave the pump and go through the infusion set, which may hold or lose them. */
  private onDelivery(event: EventOf<'delivered'>): void {
    this.dosingVersion += 1;
    const now = this.currentMinute;
    const units = (event.basalMilliunits + event.bolusMilliunits) / 1000;
    // Pulses reach the body at the tick that delivers them.
    const m = now - this.runInMinutes;
    this.recorder.add(this.recorder.basalUnits, m, event.basalMilliunits / 1000);
    this.recorder.add(this.recorder.bolusUnits, m, event.bolusMilliunits / 1000);
    const outcome = this.site?.deliver(now, units);
    const toDepot = outcome === undefined ? units : outcome.toDepot;
    if (outcome !== undefined && outcome.lost > 0) this.lostUnits += outcome.lost;
    if (toDepot > 0) this.toDepot(toDepot);
    if (this.keepLog) this.log.addDelivery(event);
  }

  /** The pump's other events: the hardware, the site, the faults and the log follow them. */
  private onPumpEvent(event: PumpEvent): void {
    this.dosingVersion += 1;
    if (event.type === 'alarm_raised') this.tickAlarms.push(event);
    this.hardware?.observe(event);
    const now = this.currentMinute;
    if (event.type === 'infusion_set_changed') {
      this.countUse(now, 'infusionSetChanges');
      this.site?.change(now);
      this.detector?.setChanged(now);
      this.faults.setChanged(now);
    } else if (event.type === 'battery_changed') {
      this.faults.batteryChanged(now);
    } else if (event.type === 'reservoir_filled') {
      this.countUse(now, 'reservoirFills');
      this.faults.reservoirFilled(now);
    }
    this.addLog(event.at, 'pump', event.type, event);
  }

  /** A pump on the simulated hardware whose events the run follows (it keeps no log itself). */
  private newPump(
    settings: PumpSettings,
    hardware: SimulatedPumpHardware,
    startMinutes: number,
  ): PumpEngine {
    return new PumpEngine({
      settings,
      startMinutes,
      hardware: hardware.read,
      keepLog: false,
      onEvent: (event) => this.onPumpEvent(event),
      onDelivery: (event) => this.onDelivery(event),
    });
  }

  private toDepot(units: number): void {
    this.model.applyInsulinDose(this.x, 'rapid', units);
  }

  deliverySuspected(now: number, by: string): void {
    this.faults.noticed(now, by, SILENT_FAULTS);
  }

  /**
   * A failed pump's replacement, with the old one's settings: a new motor (the motor fault goes
   * with the old pump), an empty reservoir, a new log.
   */
  replacePump(now: number): void {
    const old = this.pump;
    const hardware = this.hardware;
    if (old === null || hardware === null) return;
    hardware.motorFault = false;
    this.countUse(now, 'pumpReplacements');
    this.pump = this.newPump(old.state.settings, hardware, now);
    this.faults.pumpReplaced(now);
  }

  bolusGiven(now: number, reason: 'meal' | 'correction', units: number, glucoseMgdl: number): void {
    if (this.detector === null) return;
    if (reason === 'meal') this.detector.mealBolus(now);
    else {
      const sensitivity =
        this.pump?.state.settings.calculator.sensitivityMgdlPerUnit[0]?.value ?? 50;
      this.detector.correctionBolus({
        atMinutes: now,
        units,
        glucoseMgdl,
        sensitivityMgdlPerUnit: sensitivity,
      });
    }
  }

  get faultRecords() {
    return this.faults.records.map((r) => ({
      ...r,
      atMinutes: r.atMinutes - this.runInMinutes,
      detectedAtMinutes:
        r.detectedAtMinutes === null ? null : r.detectedAtMinutes - this.runInMinutes,
      resolvedAtMinutes:
        r.resolvedAtMinutes === null ? null : r.resolvedAtMinutes - this.runInMinutes,
    }));
  }

  get faultCounts() {
    return { ...this.faults.counts, lostUnits: this.lostUnits };
  }

  /** Carbohydrate outside the meal plan, logged as `type` with its detail. */
  eat(now: number, carbsGrams: number, type: string, detail: object): void {
    this.model.applyMeal(this.x, carbsGrams);
    this.recordCarbs(now, carbsGrams);
    this.addLog(now, 'meal', type, detail);
  }

  /**
   * A planned meal: an ordinary one reaches the gut at once, a slow one over its minutes, with
   * its fat (for a model that carries fat's effect).
   */
  private eatMeal(now: number, meal: PlannedMeal): void {
    const { carbsGrams, slowOverMinutes, fatGrams } = meal;
    if (slowOverMinutes > 0) {
      this.slowMeals.push({
        untilMinutes: now + slowOverMinutes,
        gramsPerMinute: carbsGrams / slowOverMinutes,
      });
    } else this.model.applyMeal(this.x, carbsGrams);
    if (fatGrams > 0) this.model.applyMealFat?.(this.x, fatGrams);
    this.recordCarbs(now, carbsGrams);
    const m = now - this.runInMinutes;
    if (this.recorder.covers(m)) this.recorder.mealStartMinutes.push(m);
    const detail =
      slowOverMinutes > 0
        ? { carbsGrams, reason: 'meal', slowOverMinutes, fatGrams }
        : { carbsGrams, reason: 'meal' };
    this.addLog(now, 'meal', 'meal_eaten', detail);
  }

  /** This minute's share of each slow meal under way, from its first minute to its last. */
  private feedSlowMeals(): void {
    const now = this.currentMinute;
    let grams = 0;
    let ending = false;
    for (const meal of this.slowMeals) {
      grams += meal.gramsPerMinute;
      if (meal.untilMinutes <= now + 1) ending = true;
    }
    this.model.applyMeal(this.x, grams);
    if (ending) this.slowMeals = this.slowMeals.filter((meal) => meal.untilMinutes > now + 1);
  }

  /** Carbohydrate in the totals and the trace at the minute it is eaten (a slow meal's whole). */
  private recordCarbs(now: number, carbsGrams: number): void {
    this.recorder.add(this.recorder.carbsGrams, now - this.runInMinutes, carbsGrams);
  }

  /** Counts one use of a supply, unless it falls in the run-in. */
  countUse(now: number, item: keyof Run['usage']): void {
    if (now >= this.runInMinutes) this.usage[item] += 1;
  }

  inject(now: number, depot: 'rapid' | 'basal', units: number): void {
    this.countUse(now, 'penInjections');
    this.dosingVersion += 1;
    this.model.applyInsulinDose(this.x, depot, units);
    const m = now - this.runInMinutes;
    this.recorder.add(
      depot === 'rapid' ? this.recorder.bolusUnits : this.recorder.basalUnits,
      m,
      units,
    );
  }

  /** A command to the pump; a refusal reaches the log as the pump's own event. */
  command(now: number, command: PumpCommand): boolean {
    if (this.pump === null) throw new Error('no pump in this therapy');
    return this.pump.execute(command, now).ok;
  }

  addLog(atMinutes: number, source: string, type: string, detail: object): void {
    if (this.keepLog) this.log.add(atMinutes, source, type, detail);
  }

  get pumpEngine(): PumpEngine | null {
    return this.pump;
  }
}

/** What the therapy sees and can do, bound to the run; one object reused every minute. */
class RunContext implements TherapyContext {
  nowMinutes = 0;
  minuteOfDay = 0;
  cgm: CgmReading | null = null;
  readonly rng: Rng;
  private readonly meter: ReturnType<typeof createMeter>;
  private readonly ketoneMeter: ReturnType<typeof createKetoneMeter>;
  private readonly startMinuteOfDay: number;
  /** The last finger-stick glucose and its minute: a second look in the same minute reuses it. */
  private meterMinute = -Infinity;
  private meterMgdl = 0;

  constructor(
    private readonly run: Run,
    parts: {
      rng: Rng;
      meter: ReturnType<typeof createMeter>;
      ketoneMeter: ReturnType<typeof createKetoneMeter>;
      startMinuteOfDay: number;
    },
  ) {
    this.rng = parts.rng;
    this.meter = parts.meter;
    this.ketoneMeter = parts.ketoneMeter;
    this.startMinuteOfDay = parts.startMinuteOfDay;
  }

  at(now: number): this {
    this.nowMinutes = now;
    this.minuteOfDay = (this.startMinuteOfDay + now) % 1440;
    return this;
  }

  get pump(): PumpEngine | null {
    return this.run.pumpEngine;
  }

  measureGlucose(): number {
    // A check that falls in the minute of another (a recheck at a meal) reads the same strip.
    if (this.meterMinute === this.nowMinutes) return this.meterMgdl;
    const { model, x } = this.run;
    this.run.countUse(this.nowMinutes, 'meterStrips');
    const reading = this.meter.measure(model.plasmaGlucoseMgdl(x));
    this.log('meter_glucose', { glucoseMgdl: reading.glucoseMgdl, status: reading.status });
    this.meterMinute = this.nowMinutes;
    this.meterMgdl = reading.glucoseMgdl;
    return reading.glucoseMgdl;
  }

  feelsBelowMgdl(mgdl: number): boolean {
    const { model, x } = this.run;
    return model.plasmaGlucoseMgdl(x) < mgdl;
  }

  measureKetones(): number {
    const { model, x } = this.run;
    this.run.countUse(this.nowMinutes, 'ketoneStrips');
    const reading = this.ketoneMeter.measure(model.bohbMmolL(x));
    this.log('meter_ketones', { bohbMmolL: reading.bohbMmolL, status: reading.status });
    return reading.bohbMmolL;
  }

  command(command: PumpCommand): boolean {
    return this.run.command(this.nowMinutes, command);
  }

  inject(depot: 'rapid' | 'basal', units: number): void {
    this.run.inject(this.nowMinutes, depot, units);
  }

  eat(carbsGrams: number, reason: string): void {
    this.run.eat(this.nowMinutes, carbsGrams, 'carbs_eaten', { carbsGrams, reason });
  }

  eatBedtimeSnack(carbsGrams: number, glucoseMgdl: number): void {
    this.run.eat(this.nowMinutes, carbsGrams, 'bedtime_snack', { carbsGrams, glucoseMgdl });
  }

  log(type: string, detail: Record<string, unknown>): void {
    this.run.addLog(this.nowMinutes, 'therapy', type, detail);
  }

  bolusGiven(reason: 'meal' | 'correction', units: number, glucoseMgdl: number): void {
    this.run.bolusGiven(this.nowMinutes, reason, units, glucoseMgdl);
  }

  replacePump(): void {
    this.run.replacePump(this.nowMinutes);
  }

  deliverySuspected(by: string): void {
    this.run.deliverySuspected(this.nowMinutes, by);
  }
}

/** A new reservoir holds the set-change interval's need with a margin, within the capacity. */
function reservoirFill(
  patient: ResolvedPatient,
  scenario: Scenario,
  capacityUnits: number,
): number {
  const days = scenario.behaviour.setChangeHours / 24;
  const need = patient.clinical.totalDailyDoseUnits * days * 1.3 + 20;
  return Math.min(capacityUnits, Math.max(100, Math.ceil(need / 10) * 10));
}

/** The active basal pattern as the result shows it: segments of one rate merged, clock times. */
function basalPatternOf(settings: PumpSettings): BasalProgramme {
  const pattern = settings.basalPatterns[settings.activePatternIndex];
  const segments: { start: string; unitsPerHour: number }[] = [];
  for (const segment of pattern?.segments ?? []) {
    const unitsPerHour = segment.rateMilliunitsPerHour / 1000;
    if (segments.at(-1)?.unitsPerHour === unitsPerHour) continue;
    segments.push({ start: clockOf(segment.startMinutes), unitsPerHour });
  }
  return { kind: 'pump', pattern: pattern?.name ?? '', segments };
}
