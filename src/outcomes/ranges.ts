// Glucose ranges and targets of the international consensus on time in range.
//
// Battelino T, Danne T, Bergenstal RM, et al. Clinical targets for continuous glucose
// monitoring data interpretation: recommendations from the international consensus on time
// in range. Diabetes Care 2019;42(8):1593-1603 (Table 1 and Figure 2: ranges and targets;
// pregnancy 63–140 mg/dL). Danne T, et al. International consensus on use of continuous
// glucose monitoring. Diabetes Care 2017;40(12):1631-1640 (Table 1: levels 1 and 2, the
// secondary target range 70–140 mg/dL).
//
// Boundaries: the consensus writes "<70", "70–180", ">180", "<54", ">250". We read them on
// the real line: below 70 is strictly below (69.9 is below, 70 is in range); 70–180 includes
// both ends; above 180 is strictly above. Hence < 70, 70–180 and > 180 partition every value,
// and so do < 54, 54–<70, 70–180, >180–250, > 250.

export interface GlucoseRange {
  readonly description: string;
  /** Lower bound, mg/dL (−Infinity for none). */
  readonly lowMgdl: number;
  readonly lowInclusive: boolean;
  /** Upper bound, mg/dL (+Infinity for none). */
  readonly highMgdl: number;
  readonly highInclusive: boolean;
  /** The consensus target for the percentage of readings in the range, where there is one. */
  readonly target?: { readonly comparison: '>' | '<'; readonly percent: number };
}

export const GLUCOSE_RANGES = {
  tbrLevel2: {
    description: 'time below range level 2: < 54 mg/dL',
    lowMgdl: -Infinity,
    lowInclusive: false,
    highMgdl: 54,
    highInclusive: false,
    target: { comparison: '<', percent: 1 },
  },
  tbr: {
    description: 'time below range (levels 1 and 2): < 70 mg/dL',
    lowMgdl: -Infinity,
    lowInclusive: false,
    highMgdl: 70,
    highInclusive: false,
    target: { comparison: '<', percent: 4 },
  },
  tbrLevel1: {
    description: 'time below range level 1 only: 54 to < 70 mg/dL',
    lowMgdl: 54,
    lowInclusive: true,
    highMgdl: 70,
    highInclusive: false,
  },
  tir: {
    description: 'time in range: 70–180 mg/dL inclusive',
    lowMgdl: 70,
    lowInclusive: true,
    highMgdl: 180,
    highInclusive: true,
    target: { comparison: '>', percent: 70 },
  },
  titr: {
    description: 'time in tight range (Danne 2017 secondary target): 70–140 mg/dL inclusive',
    lowMgdl: 70,
    lowInclusive: true,
    highMgdl: 140,
    highInclusive: true,
  },
  tarLevel1: {
    description: 'time above range level 1 only: > 180 to 250 mg/dL',
    lowMgdl: 180,
    lowInclusive: false,
    highMgdl: 250,
    highInclusive: true,
  },
  tar: {
    description: 'time above range (levels 1 and 2): > 180 mg/dL',
    lowMgdl: 180,
    lowInclusive: false,
    highMgdl: Infinity,
    highInclusive: false,
    target: { comparison: '<', percent: 25 },
  },
  tarLevel2: {
    description: 'time above range level 2: > 250 mg/dL',
    lowMgdl: 250,
    lowInclusive: false,
    highMgdl: Infinity,
    highInclusive: false,
    target: { comparison: '<', percent: 5 },
  },
  tirPregnancy: {
    description: 'time in range in pregnancy (type 1 diabetes): 63–140 mg/dL inclusive',
    lowMgdl: 63,
    lowInclusive: true,
    highMgdl: 140,
    highInclusive: true,
    target: { comparison: '>', percent: 70 },
  },
} as const satisfies Record<string, GlucoseRange>;

export type GlucoseRangeId = keyof typeof GLUCOSE_RANGES;

export const GLUCOSE_RANGE_IDS = Object.keys(GLUCOSE_RANGES) as GlucoseRangeId[];

/** Glycaemic variability target: CV ≤ 36 % is "stable" (Battelino 2019; Danne 2017). */
export const CV_TARGET_PERCENT_MAX = 36;

export function inRange(glucoseMgdl: number, range: GlucoseRange): boolean {
  const aboveLow = range.lowInclusive ? glucoseMgdl >= range.lowMgdl : glucoseMgdl > range.lowMgdl;
  const belowHigh = range.highInclusive
    ? glucoseMgdl <= range.highMgdl
    : glucoseMgdl < range.highMgdl;
  return aboveLow && belowHigh;
}
