// Number and time formatting for the report. Locale-independent on purpose (no toLocaleString,
// no Intl): the same result must give the same bytes on every machine.
import { mgdlToMmolL, mgdl } from '../units/index.ts';

/** Non-breaking space between a number and its unit, as in "72 %" or "5 U". */
export const NBSP = '\u00a0';
const DASH = '–';

/** `value` with `digits` decimals; an en dash for NaN or ±Infinity; never "-0.0". */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return DASH;
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** `formatNumber`, or an en dash for a figure that does not exist (null). */
export function formatOptional(value: number | null, digits: number): string {
  return value === null ? DASH : formatNumber(value, digits);
}

export function formatWithUnit(value: number, digits: number, unit: string): string {
  const text = formatNumber(value, digits);
  return text === DASH ? text : `${text}${NBSP}${unit}`;
}

export function formatPercent(value: number, digits = 1): string {
  return formatWithUnit(value, digits, '%');
}

/** Glucose in mg/dL with the mmol/L value after it (both units are read in clinics). */
export function formatGlucose(valueMgdl: number): string {
  if (!Number.isFinite(valueMgdl)) return DASH;
  const mmol = mgdlToMmolL(mgdl(valueMgdl));
  return `${formatWithUnit(valueMgdl, 0, 'mg/dL')} (${formatWithUnit(mmol, 1, 'mmol/L')})`;
}

/** A duration as "45 min", "2 h 05 min" or "3 d 4 h 10 min". */
export function formatDuration(durationMinutes: number): string {
  if (!Number.isFinite(durationMinutes) || durationMinutes < 0) return DASH;
  const total = Math.round(durationMinutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutesPart = total % 60;
  if (days === 0 && hours === 0) return `${minutesPart}${NBSP}min`;
  const minutesText = `${String(minutesPart).padStart(2, '0')}${NBSP}min`;
  if (days === 0) return `${hours}${NBSP}h ${minutesText}`;
  return `${days}${NBSP}d ${hours}${NBSP}h ${minutesText}`;
}
