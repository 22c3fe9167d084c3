// Table cells as the experiments display them: fixed decimals, no locale (the same bytes on
// every machine), an en dash for a missing value, never "-0.0".

export const MISSING = '–';

export function fixed(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** With an explicit sign: "+12.5", "-100.0", "0.0". */
export function signed(value: number | null, digits: number): string {
  const text = fixed(value, digits);
  return text === MISSING || text.startsWith('-') || Number(text) === 0 ? text : `+${text}`;
}

/** A duration in words: "3 min", "3 h 01 min", "30 h 01 min" (hours are not folded into days). */
export function hoursMinutes(durationMinutes: number | null): string {
  if (durationMinutes === null || !Number.isFinite(durationMinutes) || durationMinutes < 0)
    return MISSING;
  const total = Math.round(durationMinutes);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

/** A cell that reads as a number (or a missing one), e.g. "+12.5", "3.0 (default)", "–". */
export function isNumericCell(text: string): boolean {
  return /^(?:[+\-−]?\d[\d.,]*(?: \(default\))?|–)$/.test(text);
}
