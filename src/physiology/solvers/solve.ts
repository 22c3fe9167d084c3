// problem → solve(problem, integrator) → solution. Events (impulses, input changes) and save
// points split the span into intervals; inputs are constant within each, so they change only at
// step boundaries.
import type { Integrator, OdeProblem, OdeSolution, ReturnCode } from './types.ts';
import { emptyStats } from './types.ts';

/** Limit on events + save points per problem ("put a limit on everything"). */
export const STOP_POINTS_MAX = 10_000_000;

export function solve<Inputs extends object>(
  problem: OdeProblem<Inputs>,
  integrator: Integrator,
): OdeSolution {
  const { t0Minutes, t1Minutes } = problem;
  if (!(Number.isFinite(t0Minutes) && Number.isFinite(t1Minutes) && t1Minutes >= t0Minutes)) {
    throw new RangeError(`solve: time span [${t0Minutes}, ${t1Minutes}] must be finite, t1 ≥ t0`);
  }
  const events = sortedEvents(problem);
  const saveAt = checkedSaveTimes(problem);
  const x = Float64Array.from(problem.x0);
  const inputs = { ...problem.inputs };
  const stats = emptyStats();
  const savedTimesMinutes: number[] = [];
  const savedStates: Float64Array[] = [];
  let t = t0Minutes;
  let eventIndex = 0;
  let saveIndex = 0;
  let retcode: ReturnCode = 'Success';
  for (;;) {
    while (eventIndex < events.length && events[eventIndex]!.atMinutes <= t) {
      events[eventIndex]!.apply(x, inputs);
      eventIndex += 1;
    }
    while (saveIndex < saveAt.length && saveAt[saveIndex]! <= t) {
      savedTimesMinutes.push(t);
      savedStates.push(Float64Array.from(x));
      saveIndex += 1;
    }
    if (t >= t1Minutes) break;
    const nextEvent = events[eventIndex]?.atMinutes ?? Number.POSITIVE_INFINITY;
    const nextSave = saveAt[saveIndex] ?? Number.POSITIVE_INFINITY;
    const tNext = Math.min(t1Minutes, nextEvent, nextSave);
    retcode = integrator.advance(problem.system, x, t, tNext, inputs, stats);
    if (retcode !== 'Success') break;
    t = tNext;
  }
  return { retcode, tMinutes: t, x, savedTimesMinutes, savedStates, stats };
}

function sortedEvents<Inputs extends object>(problem: OdeProblem<Inputs>) {
  const events = [...(problem.events ?? [])];
  if (events.length > STOP_POINTS_MAX) {
    throw new RangeError(`solve: ${events.length} events, allowed at most ${STOP_POINTS_MAX}`);
  }
  for (const event of events) {
    if (!(event.atMinutes >= problem.t0Minutes && event.atMinutes <= problem.t1Minutes)) {
      throw new RangeError(
        `solve: event at ${event.atMinutes} min is outside [${problem.t0Minutes}, ${problem.t1Minutes}]`,
      );
    }
  }
  // Array.prototype.sort is stable: events at equal times keep their given order.
  return events.sort((a, b) => a.atMinutes - b.atMinutes);
}

function checkedSaveTimes<Inputs extends object>(problem: OdeProblem<Inputs>): readonly number[] {
  const saveAt = problem.saveAtMinutes ?? [];
  if (saveAt.length > STOP_POINTS_MAX) {
    throw new RangeError(`solve: ${saveAt.length} save points, allowed at most ${STOP_POINTS_MAX}`);
  }
  for (let i = 0; i < saveAt.length; i += 1) {
    const at = saveAt[i]!;
    const ascending = i === 0 || at > saveAt[i - 1]!;
    if (!(ascending && at >= problem.t0Minutes && at <= problem.t1Minutes)) {
      throw new RangeError(
        `solve: saveAtMinutes[${i}] = ${at} must ascend within [${problem.t0Minutes}, ${problem.t1Minutes}]`,
      );
    }
  }
  return saveAt;
}
