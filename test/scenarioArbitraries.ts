// Random scenarios for property tests: every documented field and range (patients of the three
// sources, therapies, start, meals, behaviour, sensors, faults, the site, the detector). The
// behaviour, site and detector numbers are drawn from their schemas' own ranges, ends included,
// so a field added there later is drawn too.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { z } from 'zod';
import { behaviourSchema } from '../src/therapy/behaviour.ts';
import { CONTROLLER_NAMES } from '../src/therapy/controllers/index.ts';
import { detectorSchema } from '../src/therapy/deliveryFailureDetector.ts';
import { FAULT_KINDS } from '../src/sim/faults.ts';
import { siteSchema } from '../src/sim/infusionSite.ts';
import type { ScenarioInput } from '../src/sim/scenario.ts';

/** The simglucose-format patient files beside the project (../shared/data). */
export const SIMGLUCOSE_DIRECTORY = fileURLToPath(
  new URL('../../shared/data/simglucose/', import.meta.url),
);

/** The schema under its defaults and optionals, as zod keeps it in `def.innerType`. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let inner = schema as z.ZodType & { def: { innerType?: z.ZodType } };
  while (inner.def.innerType !== undefined) inner = inner.def.innerType as typeof inner;
  return inner;
}

/** What a zod number schema tells of its rule (zod 4: its bounds, and its checks in `def`). */
interface ZodNumberView {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
  def: { checks?: { _zod: { def: { check: string; value?: number } } }[] };
}

/** Numbers a number schema allows: its ends, anything between, and only its multiples if any. */
function numberIn(schema: z.ZodType): fc.Arbitrary<number> {
  const view = schema as unknown as ZodNumberView;
  const [min, max] = [view.minValue ?? 0, view.maxValue ?? 0];
  const step = view.def.checks?.find((c) => c._zod.def.check === 'multiple_of')?._zod.def.value;
  if (step !== undefined) {
    return fc
      .integer({ min: Math.ceil(min / step), max: Math.floor(max / step) })
      .map((k) => k * step);
  }
  const within = view.isInt
    ? fc.integer({ min, max })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(fc.constant(min), fc.constant(max), within);
}

/**
 * Values for each number, boolean and enum field of an object schema: left out (the default),
 * at either end of its range, or anywhere within it. Other fields keep their defaults.
 */
export function fieldsOf(shape: Record<string, z.ZodType>): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const inner = unwrapped(schema) as z.ZodType & {
      def: { type: string };
      options?: readonly unknown[];
    };
    if (inner.def.type === 'number') fields[name] = numberIn(inner);
    else if (inner.def.type === 'boolean') fields[name] = fc.boolean();
    else if (inner.def.type === 'enum' && inner.options !== undefined) {
      fields[name] = fc.constantFrom(...inner.options);
    }
  }
  return fc.record(fields, { requiredKeys: [] });
}

export const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

export const patient = fc.oneof(
  fc.record(
    {
      source: fc.constant('population' as const),
      index: fc.integer({ min: 0, max: 99 }),
      dawnPhenomenon: fc.record({
        peakIncreasePercent: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
    },
    { requiredKeys: ['source', 'index'] },
  ),
  fc.record({
    source: fc.constant('generated' as const),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  }),
  fc.record({
    source: fc.constant('simglucose' as const),
    // Read by the caller (SIMGLUCOSE_DIRECTORY), which passes the patients to `simulate`.
    directory: fc.constant('simglucose'),
    name: fc.constantFrom('adult#001', 'adult#007', 'adolescent#003', 'child#005'),
  }),
);

export const therapy = fc.oneof(
  fc.constant({ kind: 'pump' as const }),
  fc.record({
    kind: fc.constant('mdi' as const),
    basalInsulin: fc.constantFrom('glargine' as const, 'nph' as const),
    penStepUnits: fc.constantFrom(0.5 as const, 1 as const),
  }),
  fc.record({
    kind: fc.constant('closed-loop' as const),
    controller: fc.constantFrom(...CONTROLLER_NAMES),
    mealAnnouncement: fc.constantFrom(
      'announced' as const,
      'misestimated' as const,
      'unannounced' as const,
    ),
    userMealBolus: fc.boolean(),
  }),
);

export const meal = fc.record(
  {
    time: clock,
    carbsGrams: fc.oneof(
      fc.constant(0),
      fc.constant(250),
      fc.double({ min: 0, max: 250, noNaN: true }),
    ),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
    slowShare: fc.double({ min: 0, max: 1, noNaN: true }),
    slowOverMinutes: fc.integer({ min: 30, max: 480 }),
    slowFatGrams: fc.integer({ min: 0, max: 150 }),
  },
  { requiredKeys: ['time', 'carbsGrams'] },
);

export const fault = fc.record(
  {
    kind: fc.constantFrom(...FAULT_KINDS),
    ratePerPatientYear: fc.double({ min: 0, max: 365, noNaN: true }),
    magnitude: fc.double({ min: 0, max: 1, noNaN: true }),
    durationMinutes: fc.integer({ min: 1, max: 7 * 1440 }),
  },
  { requiredKeys: ['kind', 'ratePerPatientYear'] },
);

/** The drawn sensor, a CGM in any case for a closed loop, which doses from it. */
export function sensorFor(cgm: boolean, therapyKind: string): { kind: 'cgm' | 'none' } {
  return { kind: cgm || therapyKind === 'closed-loop' ? 'cgm' : 'none' };
}

export const scenario: fc.Arbitrary<ScenarioInput> = fc
  .record({
    patient,
    durationDays: fc.integer({ min: 1, max: 3 }),
    start: fc.record({ time: clock, utcOffsetMinutes: fc.integer({ min: -720, max: 840 }) }),
    insulin: fc.constantFrom('rapid-analog' as const, 'regular' as const),
    therapy,
    meals: fc.array(meal, { maxLength: 6 }),
    behaviour: fieldsOf(behaviourSchema.shape),
    checkTimes: fc.array(clock, { maxLength: 8 }),
    cgm: fc.boolean(),
    faults: fc.array(fault, { maxLength: 3 }),
    site: fieldsOf(siteSchema.shape),
    detector: fieldsOf(detectorSchema.shape),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map((s) => ({
    name: 'any',
    patient: s.patient,
    durationDays: s.durationDays,
    start: s.start,
    insulin: s.insulin,
    therapy: s.therapy,
    meals: { kind: 'daily' as const, meals: s.meals },
    behaviour: { ...s.behaviour, checkTimes: s.checkTimes },
    sensor: sensorFor(s.cgm, s.therapy.kind),
    faults: s.faults,
    site: s.site,
    detector: s.detector,
    seed: s.seed,
  }));
