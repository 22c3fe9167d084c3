// Benchmark helpers: time a function in rounds and report its rate beside a baseline measured
// in the same process (so figures compare across machines).
//
// A shared machine has slow spells of a second or more that fall on whatever runs then, so a
// figure is the median of several short rounds, printed with their range. Cases are measured one
// after the other, never interleaved: V8 compiles a function for what it has seen run, and a case
// measured between rounds of another that shares its code (the same model with another patient,
// the simulation in another mode) would be measured in code made for both.
export interface Measurement {
  readonly name: string;
  /** Median of the rounds' rates, per second. */
  readonly perSecond: number;
  /** Each round's rate, per second, in the order run. */
  readonly rounds: readonly number[];
}

export interface RoundOptions {
  /** Timed seconds per case, shared out among the rounds. Default 2. */
  readonly seconds?: number;
  /**
   * Untimed seconds first, for V8 to compile the case for what it runs. Default 0.3; a case with
   * much code in its loop needs longer to reach its steady speed (the simulation about 3 s).
   */
  readonly warmUpSeconds?: number;
}

const ROUNDS = 7;
const WARM_UP_SECONDS = 0.3;
/** Calls between clock readings: the clock costs far less than ten calls of any case. */
const CALLS_PER_READING = 10;

/** Times `once` for `seconds` in all, in ROUNDS rounds, after a warm-up. */
export function measure(name: string, once: () => void, options: RoundOptions = {}): Measurement {
  const roundMs = ((options.seconds ?? 2) * 1000) / ROUNDS;
  rateFor(once, (options.warmUpSeconds ?? WARM_UP_SECONDS) * 1000);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) rounds.push(rateFor(once, roundMs));
  return { name, perSecond: median(rounds), rounds };
}

/** Calls of `once` per second over at least `ms` milliseconds. */
function rateFor(once: () => void, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < CALLS_PER_READING; i += 1) once();
    calls += CALLS_PER_READING;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A measurement's rates multiplied by `factor` (per call → per simulated day, say). */
export function scaled(m: Measurement, factor: number): Measurement {
  return { ...m, perSecond: m.perSecond * factor, rounds: m.rounds.map((r) => r * factor) };
}

const whole = (value: number): string => Math.round(value).toLocaleString('en-US');

/**
 * Prints the subject's median rate, the range of its rounds and the target, then its speed as a
 * share of the baseline's (the ratio of the medians).
 */
export function report(
  title: string,
  unit: string,
  subject: Measurement,
  baseline: Measurement,
  target?: number,
): void {
  const ratio = subject.perSecond / baseline.perSecond;
  const range = `rounds ${whole(Math.min(...subject.rounds))}–${whole(Math.max(...subject.rounds))}`;
  const targetText =
    target === undefined
      ? ''
      : `; target ≥ ${target.toLocaleString('en-US')}: ${subject.perSecond >= target ? 'met' : 'NOT met'}`;
  console.log(`${title}: ${whole(subject.perSecond)} ${unit}  (${range}${targetText})`);
  console.log(
    `  ${(ratio * 100).toFixed(1)} % of the speed of ${baseline.name} (${whole(baseline.perSecond)} ${unit})`,
  );
}
