// The MPC's "plant": the internal model built for one set of settings (mpcModel.ts), the Kalman
// filter's matrices for it, and the glucose responses of the optimiser's moves. Built once per
// settings and cached (schedules change the settings a few times a day, not every call).
import type { ControllerSettings } from './types.ts';
import type { MpcOptions } from './mpcOptions.ts';
import type { InternalModel } from './mpcModel.ts';
import { buildInternalModel, STEP_MINUTES } from './mpcModel.ts';
import type { FilterMatrices } from './mpcEstimator.ts';
import { filterMatrices } from './mpcEstimator.ts';

/**
 * Start step of each rate move: 0–5, 5–30, 30–60 min, then to the horizon. Only the first is
 * applied; the later ones let the plan "give insulin now, hold back later" (move blocking, the
 * usual way to keep an MPC's decision vector small).
 */
export const MOVE_BLOCK_STARTS = [0, 1, 6, 12] as const;
export const RATE_MOVES = MOVE_BLOCK_STARTS.length;
/** Index of the bolus among the optimiser's moves (after the rate moves). */
export const BOLUS = RATE_MOVES;
export const MOVE_COUNT = RATE_MOVES + 1;
/** Internal models kept for settings seen recently. */
const PLANT_CACHE_MAX = 8;

export interface Plant {
  readonly model: InternalModel;
  readonly filter: FilterMatrices;
  /** Glucose responses of the moves: rate moves per U/h of net rate, then the bolus per U. */
  readonly responses: readonly Float64Array[];
  /** Steps in each rate move. */
  readonly blockSteps: readonly number[];
}

/** The response to a net rate of 1 U/h held over steps [from, to): a difference of step responses. */
function blockResponse(stepResponse: Float64Array, from: number, to: number): Float64Array {
  const out = new Float64Array(stepResponse.length);
  for (let k = 1; k < out.length; k += 1) {
    const started = k - from > 0 ? stepResponse[k - from]! : 0;
    const stopped = k - to > 0 ? stepResponse[k - to]! : 0;
    out[k] = started - stopped;
  }
  return out;
}

export function buildPlant(settings: ControllerSettings, options: MpcOptions): Plant {
  const isf = settings.sensitivityMgdlPerUnit;
  const steps = options.horizonMinutes / STEP_MINUTES;
  const model = buildInternalModel({
    isfMgdlPerUnit: isf * options.sensitivityScale,
    csfMgdlPerGram: (isf * options.carbScale) / settings.carbRatioGramsPerUnit,
    insulinTauMinutes: options.insulinTauMinutes,
    carbTauMinutes: options.carbTauMinutes,
    unexplainedTauMinutes: options.unexplainedTauMinutes,
    selfRegulationPerMinute: options.selfRegulationPerMinute,
    biasTauMinutes: options.biasTauMinutes,
    renalClearancePerMinute: options.renalClearancePerMinute,
    horizonSteps: steps,
  });
  const responses: Float64Array[] = [];
  const blockSteps: number[] = [];
  for (let j = 0; j < RATE_MOVES; j += 1) {
    const from = MOVE_BLOCK_STARTS[j]!;
    const to = j + 1 < RATE_MOVES ? MOVE_BLOCK_STARTS[j + 1]! : steps;
    responses.push(blockResponse(model.rateStepResponse, from, to));
    blockSteps.push(to - from);
  }
  responses.push(model.bolusResponse);
  return { model, filter: filterMatrices(model, options), responses, blockSteps };
}

/** Plants by the settings they depend on. */
export class PlantCache {
  private readonly plants = new Map<string, Plant>();
  constructor(private readonly options: MpcOptions) {}

  get(settings: ControllerSettings): Plant {
    const key = `${settings.sensitivityMgdlPerUnit}|${settings.carbRatioGramsPerUnit}`;
    const cached = this.plants.get(key);
    if (cached !== undefined) return cached;
    if (this.plants.size >= PLANT_CACHE_MAX) this.plants.clear();
    const plant = buildPlant(settings, this.options);
    this.plants.set(key, plant);
    return plant;
  }
}
