// Benchmark helpers: time a function over enough repetitions to be stable, and report rates
// beside a baseline measured in the same process (so figures compare across machines).
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Runs `once` repeatedly for at least `minSeconds` (after a warm-up) and returns its rate. */
export function measure(name: string, once: () => void, minSeconds = 1.5): Measurement {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) once();
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minSeconds * 1000) {
    for (let i = 0; i < 10; i += 1) once();
    iterations += 10;
    elapsed = performance.now() - start;
  }
  const seconds = elapsed / 1000;
  return { name, iterations, seconds, perSecond: iterations / seconds };
}

export function report(
  title: string,
  unit: string,
  subject: Measurement,
  baseline: Measurement,
  target?: number,
): void {
  const ratio = subject.perSecond / baseline.perSecond;
  const rate = Math.round(subject.perSecond).toLocaleString('en-US');
  const targetText =
    target === undefined
      ? ''
      : `  (target ≥ ${target.toLocaleString('en-US')}: ${subject.perSecond >= target ? 'met' : 'NOT met'})`;
  console.log(`${title}: ${rate} ${unit}${targetText}`);
  console.log(
    `  ${(ratio * 100).toFixed(1)} % of the speed of ${baseline.name} (${Math.round(baseline.perSecond).toLocaleString('en-US')} ${unit})`,
  );
}
