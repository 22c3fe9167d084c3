// Options of the population generator, parsed with zod at the boundary. Every error names the
// field, the value given and the allowed range.
import { z } from 'zod';

/** Allowed range of each option ("put a limit on everything"), with the defaults beside them. */
export const POPULATION_OPTION_LIMITS = {
  seed: [0, 0xffffffff],
  count: [1, 10_000],
  /** Any adult weight; the default U(65, 95) kg is Boiroux's adult range. */
  bodyWeightKg: [30, 200],
  /** Fasting target; docs/physiology.md §1 asks for about 6–7 mmol/L (108–126 mg/dL). */
  targetGlucoseMgdl: [90, 160],
  basalUnitsPerHour: [0.05, 10],
  totalDailyDoseUnitsPerKg: [0.1, 3],
  dailyCarbsGramsPerKg: [0.5, 8],
  maxCandidates: [1, 10_000_000],
} as const;

/** Default candidate budget per requested patient (the default rules accept about 1 in 6). */
export const CANDIDATES_PER_PATIENT_DEFAULT = 100;

type Limits = readonly [number, number];

/** A value as the user wrote it: strings quoted, NaN and undefined readable. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function boundedNumber(field: string, [low, high]: Limits) {
  return z
    .number({ error: (issue) => `${field}: ${shown(issue.input)} is not a number` })
    .refine((value) => Number.isFinite(value) && value >= low && value <= high, {
      error: (issue) => `${field}: ${String(issue.input)}, allowed [${low}, ${high}]`,
    });
}

function boundedInteger(field: string, [low, high]: Limits) {
  return z
    .number({ error: (issue) => `${field}: ${shown(issue.input)} is not a number` })
    .refine((value) => Number.isInteger(value) && value >= low && value <= high, {
      error: (issue) => `${field}: ${String(issue.input)}, allowed an integer in [${low}, ${high}]`,
    });
}

function boundedRange(field: string, limits: Limits, defaults: { min: number; max: number }) {
  return z
    .strictObject({
      min: boundedNumber(`${field}.min`, limits),
      max: boundedNumber(`${field}.max`, limits),
    })
    .refine((range) => range.min <= range.max, {
      error: (issue) => {
        const range = issue.input as { min: number; max: number };
        return `${field}: min ${range.min} > max ${range.max}, allowed min ≤ max within [${limits[0]}, ${limits[1]}]`;
      },
    })
    .default(defaults);
}

const L = POPULATION_OPTION_LIMITS;

export const populationOptionsSchema = z.strictObject({
  seed: boundedInteger('seed', L.seed),
  count: boundedInteger('count', L.count),
  namePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, {
      error: (issue) =>
        `namePrefix: ${JSON.stringify(issue.input)}, allowed 1–32 letters, digits, '_' or '-'`,
    })
    .default('adult'),
  bodyWeightKg: boundedRange('bodyWeightKg', L.bodyWeightKg, { min: 65, max: 95 }),
  targetGlucoseMgdl: boundedNumber('targetGlucoseMgdl', L.targetGlucoseMgdl).default(120),
  basalUnitsPerHour: boundedRange('basalUnitsPerHour', L.basalUnitsPerHour, { min: 0.3, max: 3 }),
  totalDailyDoseUnitsPerKg: boundedRange('totalDailyDoseUnitsPerKg', L.totalDailyDoseUnitsPerKg, {
    min: 0.3,
    max: 1.2,
  }),
  /** About 200 g/day for an 80-kg adult (adults with T1D commonly eat 150–250 g/day). */
  dailyCarbsGramsPerKg: boundedNumber('dailyCarbsGramsPerKg', L.dailyCarbsGramsPerKg).default(2.5),
  /** Default: count × CANDIDATES_PER_PATIENT_DEFAULT. */
  maxCandidates: boundedInteger('maxCandidates', L.maxCandidates).optional(),
});

export type PopulationOptionsInput = z.input<typeof populationOptionsSchema>;
export type PopulationOptions = Omit<z.output<typeof populationOptionsSchema>, 'maxCandidates'> & {
  readonly maxCandidates: number;
};

/** Validates generator options; throws a RangeError naming every bad field, value and range. */
export function parsePopulationOptions(input: unknown): PopulationOptions {
  const result = populationOptionsSchema.safeParse(input);
  if (!result.success) {
    const messages = result.error.issues.map((issue) => {
      const path = issue.path.join('.');
      return path !== '' && !issue.message.startsWith(path)
        ? `${path}: ${issue.message}`
        : issue.message;
    });
    throw new RangeError(`population options: ${messages.join('; ')}`);
  }
  const { maxCandidates, ...rest } = result.data;
  return { ...rest, maxCandidates: maxCandidates ?? rest.count * CANDIDATES_PER_PATIENT_DEFAULT };
}
