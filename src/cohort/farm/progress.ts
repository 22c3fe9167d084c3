// The run's progress bar on standard error: tasks done of total, patient-years done and an ETA
// from this run's own pace (tasks resumed from the checkpoint took no time here). Like
// `csii simulate`, it shows only on a terminal and once the run has lasted a second.
import { Presets, SingleBar } from 'cli-progress';
import type { FarmProgress } from './farm.ts';

const SHOW_AFTER_MS = 1000;

/** Seconds left at this run's average pace so far; null before the first task of this run. */
export function etaSeconds(options: {
  readonly elapsedMs: number;
  readonly doneThisRun: number;
  readonly remaining: number;
}): number | null {
  if (options.doneThisRun <= 0 || options.elapsedMs <= 0) return null;
  return Math.ceil((options.elapsedMs / 1000 / options.doneThisRun) * options.remaining);
}

/** "42s", "3m 05s", "2h 07m"; "…" while unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '…';
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
}

export interface FarmProgressBar {
  update(progress: FarmProgress): void;
  stop(): void;
}

export function farmProgressBar(label: string, now: () => number = Date.now): FarmProgressBar {
  const started = now();
  let doneAtStart: number | null = null;
  let bar: SingleBar | null = null;
  return {
    update(progress) {
      doneAtStart ??= progress.done;
      const eta = etaSeconds({
        elapsedMs: now() - started,
        doneThisRun: progress.done - doneAtStart,
        remaining: progress.total - progress.done,
      });
      const payload = {
        years: `${progress.patientYearsDone.toFixed(1)}/${progress.patientYearsTotal.toFixed(1)}`,
        remainingTime: formatEta(eta),
      };
      if (bar === null) {
        if (!process.stderr.isTTY || now() - started < SHOW_AFTER_MS) return;
        bar = new SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} | {years} patient-years | ETA {remainingTime}`,
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(progress.total, progress.done, payload);
      } else {
        bar.update(progress.done, payload);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
