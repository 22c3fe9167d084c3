// Hypo- and hyperglycaemia events in a regular glucose series, by a GlucoseEventDefinition.
//
// Reading i stands for the interval [i·Δ, (i + 1)·Δ). An event starts at the first qualifying
// reading once ⌈entryMinutes/Δ⌉ readings beyond the entry threshold have accumulated within
// ⌈entryWindowMinutes/Δ⌉ readings (all consecutive when the two are equal), and ends at the
// first reading of a run of ⌈exitMinutes/Δ⌉ consecutive recovered readings; a shorter return
// inside the event does not split it. A missing reading (NaN) neither counts towards an event
// nor towards recovery: it breaks a run. An event still going when the series ends is
// reported with `complete: false` and ends at the end of the series. Events never overlap:
// the search for the next one begins after the recovery that ended the last.
import { z } from 'zod';
import { glucoseEventDefinitionSchema, type GlucoseEventDefinition } from './eventDefinitions.ts';
import { checkGlucoseSeries, intervalMinutesSchema } from './series.ts';
import { parseOptions } from '../validation/parseOptions.ts';

const eventsOptionsSchema = z
  .object({
    intervalMinutes: intervalMinutesSchema,
    definition: glucoseEventDefinitionSchema,
    /** The time of values[0], minutes (default 0). */
    startMinutes: z.number().finite().default(0),
  })
  .strict();

export type GlucoseEventsOptions = z.input<typeof eventsOptionsSchema>;

export interface GlucoseEvent {
  readonly definitionId: string;
  /** Index of the first reading of the event. */
  readonly startIndex: number;
  /** Index after the event: the first reading of the confirmed recovery (or the length). */
  readonly endIndex: number;
  readonly startMinutes: number;
  readonly endMinutes: number;
  readonly durationMinutes: number;
  /** Lowest and highest readings within the event, mg/dL. */
  readonly nadirMgdl: number;
  readonly peakMgdl: number;
  /** False when the series ends before the recovery is confirmed. */
  readonly complete: boolean;
}

/** Readings needed to cover `minutes` (each reading stands for one interval). */
function readingsFor(minutes: number, intervalMinutes: number): number {
  return Math.max(1, Math.ceil(minutes / intervalMinutes - 1e-9));
}

interface Scan {
  readonly values: ArrayLike<number>;
  readonly definition: GlucoseEventDefinition;
  readonly intervalMinutes: number;
  readonly startMinutes: number;
}

function makeEvent(scan: Scan, startIndex: number, endIndex: number, complete: boolean) {
  let nadirMgdl = Infinity;
  let peakMgdl = -Infinity;
  for (let i = startIndex; i < endIndex; i += 1) {
    const g = scan.values[i] as number;
    if (Number.isNaN(g)) continue;
    if (g < nadirMgdl) nadirMgdl = g;
    if (g > peakMgdl) peakMgdl = g;
  }
  const { intervalMinutes, startMinutes } = scan;
  return {
    definitionId: scan.definition.id,
    startIndex,
    endIndex,
    startMinutes: startMinutes + startIndex * intervalMinutes,
    endMinutes: startMinutes + endIndex * intervalMinutes,
    durationMinutes: (endIndex - startIndex) * intervalMinutes,
    nadirMgdl,
    peakMgdl,
    complete,
  };
}

/** The events of one definition in a regular series in mg/dL (NaN = missing). */
export function glucoseEvents(
  values: ArrayLike<number>,
  options: GlucoseEventsOptions,
): GlucoseEvent[] {
  const parsed = parseOptions(eventsOptionsSchema, options, 'glucoseEvents options');
  checkGlucoseSeries(values, 'glucoseEvents');
  const scan: Scan = { values, ...parsed };
  const d = parsed.definition;
  // Hypoglycaemia is compared with its signs flipped, so that beyond is always above and one
  // loop without calls serves both kinds (half the time of a closure per reading). Comparisons
  // with NaN are false: a missing reading is neither beyond nor recovered.
  const sign = d.kind === 'hypoglycaemia' ? -1 : 1;
  const entry = sign * d.entryThresholdMgdl;
  const exit = sign * d.exitThresholdMgdl;
  const entryCount = readingsFor(d.entryMinutes, parsed.intervalMinutes);
  const windowCount = readingsFor(d.entryWindowMinutes, parsed.intervalMinutes);
  const exitCount = readingsFor(d.exitMinutes, parsed.intervalMinutes);

  const events: GlucoseEvent[] = [];
  let searchFrom = 0; // readings before this belong to an earlier event or its recovery
  let beyondInWindow = 0;
  let eventStart = -1;
  let recoveryStart = -1;
  let recoveryRun = 0;
  for (let i = 0; i < values.length; i += 1) {
    const g = values[i] as number;
    if (eventStart < 0) {
      if (sign * g > entry) beyondInWindow += 1;
      const leaving = i - windowCount;
      if (leaving >= searchFrom && sign * (values[leaving] as number) > entry) beyondInWindow -= 1;
      if (beyondInWindow < entryCount) continue;
      eventStart = Math.max(searchFrom, i - windowCount + 1);
      while (!(sign * (values[eventStart] as number) > entry)) eventStart += 1;
      recoveryRun = 0;
      continue;
    }
    recoveryRun = sign * g <= exit ? recoveryRun + 1 : 0;
    if (recoveryRun === 1) recoveryStart = i;
    if (recoveryRun < exitCount) continue;
    events.push(makeEvent(scan, eventStart, recoveryStart, true));
    eventStart = -1;
    searchFrom = i + 1;
    beyondInWindow = 0;
  }
  if (eventStart >= 0) events.push(makeEvent(scan, eventStart, values.length, false));
  return events;
}
