// A blocked infusion line, as the hardware the pump engine reads. Once blocked, every pulse the
// pump pushes stays in the line and raises its pressure by the force sensor's calibration
// (`linePressureKpaPerUnit`) per unit held back: an ideal, rigid line with no leak and no
// compliance. When the blockage clears, what the line holds reaches the patient at once.
//
// It is driven by the engine's own `delivered` events (pass `observe` as, or call it from, the
// engine's `onEvent`) and read through `read` (the engine's `hardware`), so the same object serves
// an experiment and a simulated occlusion fault.
import { NOMINAL_HARDWARE, type HardwareReadings, type PumpEvent } from '../pump/index.ts';

export interface BlockedLineOptions {
  /** Line pressure per unit held back, kPa/U: the pump settings' `linePressureKpaPerUnit`. */
  readonly linePressureKpaPerUnit: number;
  /** The rest of the hardware (battery, motor); nominal by default. */
  readonly baseReadings?: HardwareReadings;
}

export class BlockedLine {
  private blockedFlag = false;
  private trapped = 0;
  private readings: HardwareReadings;
  private readonly kpaPerUnit: number;
  private readonly base: HardwareReadings;

  constructor(options: BlockedLineOptions) {
    if (!(options.linePressureKpaPerUnit > 0)) {
      throw new RangeError(
        `linePressureKpaPerUnit = ${options.linePressureKpaPerUnit}: must be above 0 kPa/U`,
      );
    }
    this.kpaPerUnit = options.linePressureKpaPerUnit;
    this.base = options.baseReadings ?? NOMINAL_HARDWARE;
    this.readings = this.base;
  }

  get blocked(): boolean {
    return this.blockedFlag;
  }

  /** Insulin pushed into the line since the blockage and held there, milliunits. */
  get trappedMilliunits(): number {
    return this.trapped;
  }

  /** Pressure above an open line, kPa. */
  get pressureKpa(): number {
    return (this.trapped / 1000) * this.kpaPerUnit;
  }

  /** The line blocks: from now on, what the pump delivers stays in it. */
  block(): void {
    this.blockedFlag = true;
  }

  /**
   * The blockage clears (the set is changed or the kink released): the line opens, its pressure
   * falls to zero and what it held is returned, in milliunits, as the bolus the patient receives.
   */
  clear(): number {
    const releasedMilliunits = this.trapped;
    this.blockedFlag = false;
    this.trapped = 0;
    this.readings = this.base;
    return releasedMilliunits;
  }

  /** Feed every engine event here; only `delivered` while blocked changes the line. */
  readonly observe = (event: PumpEvent): void => {
    if (!this.blockedFlag || event.type !== 'delivered') return;
    const pushed = event.basalMilliunits + event.bolusMilliunits;
    if (pushed === 0) return;
    this.trapped += pushed;
    // A new readings object only when the pressure changes: the engine compares readings to
    // skip quiet ticks, and a per-tick object would be an allocation per simulated minute.
    this.readings = { ...this.base, linePressureKpa: this.pressureKpa };
  };

  /** The hardware as the engine reads it (pass as `hardware`). */
  readonly read = (_nowMinutes: number): HardwareReadings => this.readings;
}
