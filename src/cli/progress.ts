// A progress bar on standard error for work that takes more than a second; silent when the output
// is not a terminal (CI logs) or the work finishes quickly.
import { SingleBar, Presets } from 'cli-progress';

const SHOW_AFTER_MS = 1000;

export interface Progress {
  update(fractionDone: number): void;
  stop(): void;
}

export function progressBar(label: string): Progress {
  const started = Date.now();
  let bar: SingleBar | null = null;
  return {
    update(fractionDone) {
      if (bar === null) {
        if (!process.stderr.isTTY || Date.now() - started < SHOW_AFTER_MS) return;
        bar = new SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(100, 0);
      }
      bar.update(Math.round(fractionDone * 100));
    },
    stop() {
      bar?.update(100);
      bar?.stop();
    },
  };
}
