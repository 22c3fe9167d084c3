// Branded quantities and the only conversion factors in OpenCSII. A brand costs nothing at run
// time; it stops a value in mmol/L from being passed where mg/dL is expected.

declare const unitBrand: unique symbol;
export type Quantity<Unit extends string> = number & { readonly [unitBrand]: Unit };

export type Minutes = Quantity<'minutes'>;
export type Units = Quantity<'units'>;
export type UnitsPerHour = Quantity<'unitsPerHour'>;
export type Grams = Quantity<'grams'>;
export type MgPerDl = Quantity<'mgdl'>;
export type MmolPerL = Quantity<'mmolL'>;
export type Milliunits = Quantity<'milliunits'>;

export const minutes = (value: number): Minutes => value as Minutes;
export const units = (value: number): Units => value as Units;
export const unitsPerHour = (value: number): UnitsPerHour => value as UnitsPerHour;
export const grams = (value: number): Grams => value as Grams;
export const mgdl = (value: number): MgPerDl => value as MgPerDl;
export const mmolL = (value: number): MmolPerL => value as MmolPerL;

/** Glucose molar mass factor used by Tidepool and Nightscout: 1 mmol/L = 18.01559 mg/dL. */
export const MGDL_PER_MMOLL = 18.01559;
/** International unit of insulin in picomoles (the convention of the UVA/Padova model). */
export const PMOL_PER_UNIT = 6000;
/** Glucose molar mass (g/mol) for carbohydrate → mmol glucose in the Hovorka gut model. */
export const GLUCOSE_G_PER_MOL = 180.16;

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;

export const mgdlToMmolL = (value: MgPerDl): MmolPerL => mmolL(value / MGDL_PER_MMOLL);
export const mmolLToMgdl = (value: MmolPerL): MgPerDl => mgdl(value * MGDL_PER_MMOLL);
export const unitsToPmol = (value: Units): number => value * PMOL_PER_UNIT;
export const unitsToMilliunits = (value: Units): Milliunits => (value * 1000) as Milliunits;
/** Grams of carbohydrate as mmol of glucose. */
export const gramsToGlucoseMmol = (value: Grams): number => (value * 1000) / GLUCOSE_G_PER_MOL;

/** Minutes after midnight of a clock time 'HH:MM' (validated by the caller). */
export function minutesOfClock(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * MINUTES_PER_HOUR + (minutes ?? 0);
}

/** Minutes from midnight as the clock time 'HH:MM' (the day wraps). */
export function clockOf(minutes: number): string {
  const whole = Math.floor(minutes);
  const h = Math.floor(whole / MINUTES_PER_HOUR) % 24;
  const m = whole % MINUTES_PER_HOUR;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
export { round } from './round.ts';
