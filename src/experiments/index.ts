// The experiments `csii experiment <name>` runs: a plain registry, one line per experiment.
import { accuracyExperiment } from './accuracy.ts';
import { CLOSED_LOOP_NAME, closedLoopExperiment } from './closedLoop.ts';
import { DAWN_NAME, dawnExperiment } from './dawn.ts';
import { DETECTION_NAME, detectionExperiment } from './detection.ts';
import { INTERRUPTION_NAME, interruptionExperiment } from './interruption.ts';
import { occlusionExperiment } from './occlusion.ts';
import { SLOW_MEALS_NAME, slowMealsExperiment } from './slowMeals.ts';
import type { Experiment } from './types.ts';

export const EXPERIMENTS: Record<string, Experiment> = {
  [occlusionExperiment.name]: occlusionExperiment,
  [accuracyExperiment.name]: accuracyExperiment,
  [INTERRUPTION_NAME]: interruptionExperiment(),
  [DETECTION_NAME]: detectionExperiment(),
  [CLOSED_LOOP_NAME]: closedLoopExperiment(),
  [DAWN_NAME]: dawnExperiment(),
  [SLOW_MEALS_NAME]: slowMealsExperiment(),
};

/** The registered names, sorted. */
export function experimentNames(): string[] {
  return Object.keys(EXPERIMENTS).sort();
}
