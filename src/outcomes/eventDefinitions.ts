// CGM event definitions as data: each carries the description printed with its results.
//
// Source: Battelino T, Alexander CM, Amiel SA, et al. Continuous glucose monitoring and
// metrics for clinical trials: an international consensus statement. Lancet Diabetes
// Endocrinol 2023;11(1):42-57 (the event table), which keeps the 15-min rule of Danne T, et
// al. Diabetes Care 2017;40(12):1631-1640. The thresholds and durations below are as the
// cgmguru R package (detect_hypoglycemic_events / detect_hyperglycemic_events) transcribes
// that table:
// - hypoglycaemia level 1: ≥ 15 consecutive min < 70 mg/dL; ends after ≥ 15 consecutive
//   min ≥ 70 mg/dL. Level 2: the same with 54 mg/dL for both.
// - extended hypoglycaemia: > 120 consecutive min < 70 mg/dL; ends after ≥ 15 min ≥ 70.
// - hyperglycaemia level 1: ≥ 15 consecutive min > 180 mg/dL; ends after ≥ 15 consecutive
//   min ≤ 180. Level 2: the same with 250 mg/dL for both (not 120 min: 120 min belongs to
//   the extended event).
// - extended hyperglycaemia: > 250 mg/dL for ≥ 90 cumulative min within a 120-min period;
//   ends after ≥ 15 consecutive min ≤ 180 mg/dL.
//
// On sampled data each reading stands for one interval, so "≥ 15 min" is ⌈15/Δ⌉ readings
// (3 at 5-min sampling). For extended hypoglycaemia we use "≥ 120 min" (24 readings at 5 min)
// as cgmguru does; the consensus text reads "> 120 min".
import { z } from 'zod';

export type GlucoseEventKind = 'hypoglycaemia' | 'hyperglycaemia';

export interface GlucoseEventDefinition {
  readonly id: string;
  readonly kind: GlucoseEventKind;
  /** Printed with the results, so a reader knows exactly what was counted. */
  readonly description: string;
  /** A reading counts towards the event when strictly below (hypo) / above (hyper) this. */
  readonly entryThresholdMgdl: number;
  /** Minutes of such readings needed to start an event. */
  readonly entryMinutes: number;
  /**
   * The window within which `entryMinutes` must accumulate. Equal to `entryMinutes` means
   * consecutive readings; longer means cumulative (extended hyperglycaemia).
   */
  readonly entryWindowMinutes: number;
  /** The event ends after `exitMinutes` of consecutive readings ≥ (hypo) / ≤ (hyper) this. */
  readonly exitThresholdMgdl: number;
  readonly exitMinutes: number;
}

const CONSENSUS = 'Battelino 2023 international consensus (Lancet Diabetes Endocrinol 11:42)';

export const GLUCOSE_EVENT_DEFINITIONS = {
  hypoLevel1: {
    id: 'hypo-level1',
    kind: 'hypoglycaemia',
    description: `Level 1 hypoglycaemia event: >= 15 consecutive min < 70 mg/dL; ends after >= 15 consecutive min >= 70 mg/dL (${CONSENSUS})`,
    entryThresholdMgdl: 70,
    entryMinutes: 15,
    entryWindowMinutes: 15,
    exitThresholdMgdl: 70,
    exitMinutes: 15,
  },
  hypoLevel2: {
    id: 'hypo-level2',
    kind: 'hypoglycaemia',
    description: `Level 2 hypoglycaemia event: >= 15 consecutive min < 54 mg/dL; ends after >= 15 consecutive min >= 54 mg/dL (${CONSENSUS})`,
    entryThresholdMgdl: 54,
    entryMinutes: 15,
    entryWindowMinutes: 15,
    exitThresholdMgdl: 54,
    exitMinutes: 15,
  },
  hypoExtended: {
    id: 'hypo-extended',
    kind: 'hypoglycaemia',
    description: `Extended hypoglycaemia event: >= 120 consecutive min < 70 mg/dL; ends after >= 15 consecutive min >= 70 mg/dL (${CONSENSUS}, which writes > 120 min)`,
    entryThresholdMgdl: 70,
    entryMinutes: 120,
    entryWindowMinutes: 120,
    exitThresholdMgdl: 70,
    exitMinutes: 15,
  },
  hyperLevel1: {
    id: 'hyper-level1',
    kind: 'hyperglycaemia',
    description: `Level 1 hyperglycaemia event: >= 15 consecutive min > 180 mg/dL; ends after >= 15 consecutive min <= 180 mg/dL (${CONSENSUS})`,
    entryThresholdMgdl: 180,
    entryMinutes: 15,
    entryWindowMinutes: 15,
    exitThresholdMgdl: 180,
    exitMinutes: 15,
  },
  hyperLevel2: {
    id: 'hyper-level2',
    kind: 'hyperglycaemia',
    description: `Level 2 hyperglycaemia event: >= 15 consecutive min > 250 mg/dL; ends after >= 15 consecutive min <= 250 mg/dL (${CONSENSUS})`,
    entryThresholdMgdl: 250,
    entryMinutes: 15,
    entryWindowMinutes: 15,
    exitThresholdMgdl: 250,
    exitMinutes: 15,
  },
  hyperExtended: {
    id: 'hyper-extended',
    kind: 'hyperglycaemia',
    description: `Extended hyperglycaemia event: > 250 mg/dL for >= 90 cumulative min within 120 min; ends after >= 15 consecutive min <= 180 mg/dL (${CONSENSUS})`,
    entryThresholdMgdl: 250,
    entryMinutes: 90,
    entryWindowMinutes: 120,
    exitThresholdMgdl: 180,
    exitMinutes: 15,
  },
} as const satisfies Record<string, GlucoseEventDefinition>;

/** Checks a (possibly user-written) definition: the exit must lie on the recovered side. */
export const glucoseEventDefinitionSchema = z
  .object({
    id: z.string().min(1).max(60),
    kind: z.enum(['hypoglycaemia', 'hyperglycaemia']),
    description: z.string().min(1).max(400),
    entryThresholdMgdl: z.number().positive().max(1000),
    entryMinutes: z.number().positive().max(10_080),
    entryWindowMinutes: z.number().positive().max(10_080),
    exitThresholdMgdl: z.number().positive().max(1000),
    exitMinutes: z.number().positive().max(10_080),
  })
  .strict()
  .refine((d) => d.entryWindowMinutes >= d.entryMinutes, {
    message: 'entryWindowMinutes must be at least entryMinutes',
    path: ['entryWindowMinutes'],
  })
  .refine(
    (d) =>
      d.kind === 'hypoglycaemia'
        ? d.exitThresholdMgdl >= d.entryThresholdMgdl
        : d.exitThresholdMgdl <= d.entryThresholdMgdl,
    {
      message:
        'exitThresholdMgdl must be >= entryThresholdMgdl for hypoglycaemia, <= for hyperglycaemia',
      path: ['exitThresholdMgdl'],
    },
  );
