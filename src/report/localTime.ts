// Local calendar time of the report: the scenario's `startLocal` (ISO 8601 with offset) plus
// simulation minutes. The report shows wall-clock time at the scenario's fixed offset (the
// result carries one offset, so no daylight-saving change happens within a run).
//
// A local wall-clock time is held as "local seconds": the seconds since 1970-01-01T00:00 of the
// local calendar, i.e. what Date.UTC gives for the local fields. Reading it back with the UTC
// getters of Date yields the local fields whatever the time zone of the machine.

const START_LOCAL_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export interface LocalClock {
  /** Local seconds of the scenario start (minute 0). */
  readonly startLocalSeconds: number;
  /** The offset as written for people, e.g. "UTC+01:00". */
  readonly offsetLabel: string;
}

/** Parses `startLocal`; throws a RangeError naming the field and the value when malformed. */
export function parseStartLocal(startLocal: string): LocalClock {
  const match = START_LOCAL_PATTERN.exec(startLocal);
  const problem = `startLocal must be ISO 8601 with an offset (e.g. 2026-01-05T00:00:00+01:00), got ${JSON.stringify(startLocal)}`;
  if (match === null) throw new RangeError(problem);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((text) => Number(text ?? '0'));
  const milliseconds = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over to March: a changed day or month means a date that does not exist.
  const check = new Date(milliseconds);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new RangeError(problem);
  }
  const offset = match[7] ?? 'Z';
  const offsetLabel =
    offset === 'Z' ? 'UTC' : `UTC${offset.slice(0, 3)}:${offset.slice(offset.length - 2)}`;
  return { startLocalSeconds: milliseconds / 1000, offsetLabel };
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** "YYYY-MM-DD HH:MM" local time of simulation minute `atMinutes`. */
export function localDateTime(clock: LocalClock, atMinutes: number): string {
  const date = new Date((clock.startLocalSeconds + Math.round(atMinutes * 60)) * 1000);
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}
