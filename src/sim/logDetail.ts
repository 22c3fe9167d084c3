// What the run's log keeps of an entry's detail: everything but its type and time, which the
// entry holds itself.
import type { PumpEvent } from '../pump/index.ts';

/** A detail without `type` and `at` (a generic copy: any shape). */
export function detailWithoutTypeAndTime(detail: object): Record<string, unknown> {
  const { type: _type, at: _at, ...rest } = detail as Record<string, unknown>;
  return rest;
}

/**
 * A pump event's detail. Deliveries are most of a pump log (hundreds a day) and the generic copy
 * costs several times what writing the object out does, so they are written out: the same keys
 * in the same order as the event (logDetail.test.ts checks this against the generic copy).
 */
export function pumpEventDetail(event: PumpEvent): Record<string, unknown> {
  if (event.type !== 'delivered') return detailWithoutTypeAndTime(event);
  return {
    firstAt: event.firstAt,
    basalPulses: event.basalPulses,
    bolusPulses: event.bolusPulses,
    basalMilliunits: event.basalMilliunits,
    bolusMilliunits: event.bolusMilliunits,
    basalAccruedThroughSeconds: event.basalAccruedThroughSeconds,
    basalAccumulator: event.basalAccumulator,
    bolusId: event.bolusId,
    immediatePulses: event.immediatePulses,
    extendedPulses: event.extendedPulses,
  };
}
