// The simulated pump hardware the engine reads: a battery that runs down and is replaced, a line
// that carries insulin freely (blockages come with faults), a working motor.
import type { HardwareReadings, PumpEvent } from '../pump/index.ts';

/** An AA lithium battery in a tubed pump lasts about four weeks. */
export const BATTERY_LIFE_DAYS = 28;

export class SimulatedPumpHardware {
  private batteryChangedAtMinutes = 0;
  private readings: HardwareReadings = {
    batteryPercent: 100,
    linePressureKpa: 0,
    motorFault: false,
  };

  /** The readings at a moment. The charge is shown in whole percent, as a pump displays it. */
  read = (nowMinutes: number): HardwareReadings => {
    const usedDays = (nowMinutes - this.batteryChangedAtMinutes) / 1440;
    const batteryPercent = Math.max(0, Math.ceil(100 * (1 - usedDays / BATTERY_LIFE_DAYS)));
    if (batteryPercent !== this.readings.batteryPercent)
      this.readings = { ...this.readings, batteryPercent };
    return this.readings;
  };

  /** The hardware follows what is done to the pump: a battery change gives a full battery. */
  observe(event: PumpEvent): void {
    if (event.type === 'battery_changed') this.batteryChangedAtMinutes = event.at;
  }
}
