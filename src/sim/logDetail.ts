// What the run's log keeps of an entry's detail: everything but its type and time, which the
// entry holds itself.

/** A detail without `type` and `at` (a generic copy: any shape). */
export function detailWithoutTypeAndTime(detail: object): Record<string, unknown> {
  const { type: _type, at: _at, ...rest } = detail as Record<string, unknown>;
  return rest;
}
