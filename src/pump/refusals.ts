// Why a pump command can be refused: a closed set of codes. Each refusal names the field, the
// value and what is allowed, so a user (or a log reader) can see exactly what to change.

export const REFUSAL_CODES = [
  'out_of_range',
  'not_a_step_multiple',
  'invalid_schedule',
  'bolus_above_max_bolus',
  'bolus_above_max_hourly',
  'iob_above_max_for_automation',
  'rate_above_max_basal',
  'insufficient_insulin',
  'delivery_stopped',
  'suspended',
  'not_suspended',
  'bolus_in_progress',
  'no_bolus_in_progress',
  'no_temp_basal',
  'alarm_not_active',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  /** Path of the offending field, e.g. 'bolus.immediateUnits' or 'state.suspended'. */
  readonly field: string;
  /** The value that was refused, as given. */
  readonly value: string;
  /** What would have been accepted, in words, e.g. '0.05–15 U'. */
  readonly allowed: string;
}

export function refusal(
  code: RefusalCode,
  field: string,
  value: unknown,
  allowed: string,
): Refusal {
  return { code, field, value: formatValue(value), allowed };
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `${value}`;
  return JSON.stringify(value) ?? String(value);
}

export function describeRefusal(r: Refusal): string {
  return `${r.code}: ${r.field} = ${r.value} (allowed: ${r.allowed})`;
}
