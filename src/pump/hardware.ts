// What the engine learns from its hardware. The engine knows no physics: the simulator (or a
// test double) computes battery charge, line pressure and motor state and hands them over.

export interface HardwareReadings {
  /** Battery charge, 0–100 %. */
  readonly batteryPercent: number;
  /** Line pressure above the resting pressure of an open line, kPa. */
  readonly linePressureKpa: number;
  /** True when the motor or its electronics have failed. */
  readonly motorFault: boolean;
}

export const NOMINAL_HARDWARE: HardwareReadings = {
  batteryPercent: 100,
  linePressureKpa: 0,
  motorFault: false,
};
