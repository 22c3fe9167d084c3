// Baselines the model benchmarks share: what RK4 costs without a model, an empty day's loop, and
// a way to alternate several patients' days (as a population run does).
import type { ModelInputs } from '../src/physiology/model.ts';
import type { OdeSystem } from '../src/physiology/solvers/index.ts';
import { emptyStats, rk4 } from '../src/physiology/solvers/index.ts';
import { MINUTES_PER_DAY } from '../src/units/index.ts';

/** One-state y' = −0.01·y: what RK4 costs without a model. */
const decay: OdeSystem<ModelInputs> = {
  derivative(_t, x, _inputs, out) {
    out[0] = -0.01 * x[0]!;
  },
};

export function decayDay(): () => void {
  const solver = rk4();
  const stats = emptyStats();
  const inputs: ModelInputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const x = new Float64Array(1);
  return () => {
    x[0] = 1;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      solver.advance(decay, x, minute, minute + 1, inputs, stats);
    }
  };
}

export function emptyDay(): () => void {
  const sink = new Float64Array(1);
  return () => {
    let accumulator = sink[0]!;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) accumulator += minute * 1e-9;
    sink[0] = accumulator;
  };
}

/** Alternates the days of several patients. */
export function inTurn(days: readonly (() => void)[]): () => void {
  let next = 0;
  return () => {
    days[next % days.length]?.();
    next += 1;
  };
}
