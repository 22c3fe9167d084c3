// The simulated pump hardware the engine reads: a battery that runs down and is replaced (or
// fails early), a line whose pressure comes from what a blocked infusion set holds back, and a
// motor that may fail until the pump is replaced.
import type { HardwareReadings, PumpEvent } from '../pump/index.ts';
import type { InfusionSite } from './infusionSite.ts';

/** An AA lithium battery in a tubed pump lasts about four weeks. */
export const BATTERY_LIFE_DAYS = 28;

export class SimulatedPumpHardware {
  motorFault = false;
  private batteryChangedAtMinutes = 0;
  /** A failing battery: from this time it runs flat over `failMinutes`. */
  private batteryFailsAt = Infinity;
  private batteryFailMinutes = 1;
  private readings: HardwareReadings = {
    batteryPercent: 100,
    linePressureKpa: 0,
    motorFault: false,
  };

  constructor(
    private readonly site: InfusionSite,
    private readonly linePressureKpaPerUnit: number,
  ) {}

  /**
   * The readings at a moment. Charge shows in whole percent, pressure in whole kPa. The same
   * object comes back while they stay the same (the engine skips quiet ticks on that), so the
   * per-minute read allocates only when something changed.
   */
  read = (nowMinutes: number): HardwareReadings => {
    const batteryPercent = this.batteryPercent(nowMinutes);
    const linePressureKpa = Math.round(this.site.trappedUnits * this.linePressureKpaPerUnit);
    const r = this.readings;
    if (
      batteryPercent !== r.batteryPercent ||
      linePressureKpa !== r.linePressureKpa ||
      this.motorFault !== r.motorFault
    ) {
      this.readings = { batteryPercent, linePressureKpa, motorFault: this.motorFault };
    }
    return this.readings;
  };

  /** A battery that fails: flat within `minutes` from now. */
  failBattery(nowMinutes: number, minutes: number): void {
    this.batteryFailsAt = nowMinutes;
    this.batteryFailMinutes = Math.max(1, minutes);
  }

  /** The hardware follows what is done to the pump: a battery change gives a full battery. */
  observe(event: PumpEvent): void {
    if (event.type === 'battery_changed') {
      this.batteryChangedAtMinutes = event.at;
      this.batteryFailsAt = Infinity;
    }
  }

  private batteryPercent(nowMinutes: number): number {
    const usedDays = (nowMinutes - this.batteryChangedAtMinutes) / 1440;
    let charge = 100 * (1 - usedDays / BATTERY_LIFE_DAYS);
    if (nowMinutes >= this.batteryFailsAt) {
      charge *= 1 - (nowMinutes - this.batteryFailsAt) / this.batteryFailMinutes;
    }
    return Math.max(0, Math.ceil(charge));
  }
}
