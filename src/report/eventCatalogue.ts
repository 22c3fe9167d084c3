// The event kinds of a result, each with its label, its definition text and a colour. Every id
// that appears in an event or a count is listed, so the report states a definition for every
// event it shows, or says plainly that the result carried none.
import type { SimulationResult } from '../sim/result.ts';
import { eventColour } from './palette.ts';

export interface EventKind {
  readonly id: string;
  readonly label: string;
  /** The definition text; null when the result has no definition for this id. */
  readonly description: string | null;
  readonly colour: string;
  /** Row of the kind in the event strip above the glucose chart. */
  readonly lane: number;
}

/** Definitions in the result's order, then ids without a definition in sorted order. */
export function eventCatalogue(result: SimulationResult): EventKind[] {
  const kinds: EventKind[] = [];
  const seen = new Set<string>();
  for (const definition of result.definitions) {
    if (seen.has(definition.id)) continue;
    seen.add(definition.id);
    const lane = kinds.length;
    kinds.push({ ...definition, colour: eventColour(definition.id, lane), lane });
  }
  const undefinedIds = new Set<string>();
  for (const event of result.events) undefinedIds.add(event.definitionId);
  for (const id of Object.keys(result.summary.eventCounts)) undefinedIds.add(id);
  for (const id of [...undefinedIds].filter((x) => !seen.has(x)).sort()) {
    const lane = kinds.length;
    kinds.push({ id, label: id, description: null, colour: eventColour(id, lane), lane });
  }
  return kinds;
}

/** Lookup of a kind by id (every id of the result is present). */
export function kindById(kinds: readonly EventKind[]): ReadonlyMap<string, EventKind> {
  return new Map(kinds.map((kind) => [kind.id, kind]));
}
