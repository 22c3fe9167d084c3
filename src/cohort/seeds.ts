// Every seed of a cohort comes from its master seed, so any task reruns alone and the result never
// depends on how the tasks are spread over workers.
//
// The mixing function is `deriveSeed(s, i) = mix32(mix32(s) ^ ((i + 1) · 0x27d4eb2d mod 2³²))`
// (random/rng.ts), where mix32 is the splitmix32 finaliser (an added constant, xor-shifts and
// multiplications by odd constants). For a fixed `s` each of those steps is a bijection of 32-bit
// words, so distinct indices below 2³² always give distinct seeds. Each use gets its own domain:
//   patient p                  deriveSeed(deriveSeed(master, 1), p)
//   segment k of patient p     deriveSeed(deriveSeed(master, 2), k · PATIENTS_MAX + p)
//   behaviour-group shuffle    deriveSeed(master, 3)
//   dawn-phenomenon shuffle    deriveSeed(master, 4)
// With p < PATIENTS_MAX and k < SEGMENTS_MAX, (p, k) ↦ k · PATIENTS_MAX + p is one-to-one, so no two
// segments of a cohort share a seed, and the segment seed does not depend on the arm: arms are
// paired comparisons of the same people living the same days.
import { deriveSeed, Rng } from '../random/rng.ts';

/** Largest population (spec.ts) and most one-year segments (100 years of 365 days). */
export const PATIENTS_MAX = 10_000;
export const SEGMENTS_MAX = 100;

const DOMAIN = { patients: 1, segments: 2, groups: 3, dawn: 4 } as const;

function checkIndex(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= max) {
    throw new RangeError(`${name} = ${value}: integer 0–${max - 1}`);
  }
}

/** The seed a generated patient is drawn from (physiology/population.ts). */
export function patientSeed(masterSeed: number, patientIndex: number): number {
  checkIndex('patientIndex', patientIndex, 2 ** 32 - 1);
  return deriveSeed(deriveSeed(masterSeed, DOMAIN.patients), patientIndex);
}

/** The scenario seed of segment k of patient p: meals, behaviour, sensors and faults. */
export function segmentSeed(
  masterSeed: number,
  patientIndex: number,
  segmentIndex: number,
): number {
  checkIndex('patientIndex', patientIndex, PATIENTS_MAX);
  checkIndex('segmentIndex', segmentIndex, SEGMENTS_MAX);
  return deriveSeed(
    deriveSeed(masterSeed, DOMAIN.segments),
    segmentIndex * PATIENTS_MAX + patientIndex,
  );
}

/**
 * The behaviour group of patient p: the patients are put in a seeded random order and split in
 * that order by the cumulative shares, so each group holds its share of the population to within
 * one patient (stratified rather than drawn patient by patient).
 */
export function groupIndexOf(
  masterSeed: number,
  options: { readonly populationSize: number; readonly shares: readonly number[] },
  patientIndex: number,
): number {
  const { populationSize, shares } = options;
  const position = shuffledPosition(masterSeed, DOMAIN.groups, populationSize, patientIndex);
  let cumulative = 0;
  for (let g = 0; g < shares.length; g += 1) {
    cumulative += shares[g] ?? 0;
    if (position < cumulative) return g;
  }
  // Shares sum to 1 within rounding: the last group takes what rounding leaves.
  return shares.length - 1;
}

/**
 * Whether patient p is among the `share` of the population with a dawn phenomenon: stratified as
 * the behaviour groups are, in its own seeded order (independent of the groups).
 */
export function hasDawnPhenomenon(
  masterSeed: number,
  options: { readonly populationSize: number; readonly share: number },
  patientIndex: number,
): boolean {
  const { populationSize, share } = options;
  return shuffledPosition(masterSeed, DOMAIN.dawn, populationSize, patientIndex) < share;
}

/** Patient p's place in (0, 1) once the population is put in the domain's seeded order. */
function shuffledPosition(
  masterSeed: number,
  domain: number,
  populationSize: number,
  patientIndex: number,
): number {
  checkIndex('patientIndex', patientIndex, populationSize);
  const rank = shuffledRank(deriveSeed(masterSeed, domain), populationSize, patientIndex);
  return (rank + 0.5) / populationSize;
}

/** Where `index` lands in a Fisher–Yates shuffle of 0…size−1 seeded with `seed`. */
function shuffledRank(seed: number, size: number, index: number): number {
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) order[i] = i;
  const rng = new Rng(seed | 0);
  for (let i = size - 1; i > 0; i -= 1) {
    const j = rng.integer(0, i);
    const held = order[i] as number;
    order[i] = order[j] as number;
    order[j] = held;
  }
  return order.indexOf(index);
}
