// The activity-based cost of a patient-year (EUR): each item's unit price times its driver (uses
// counted by the simulation, days a sensor is worn, years a pump is worn, visits of the follow-up
// schedule), per patient-year observed. Prices and their sources: costDefaults.ts.
import { z } from 'zod';
import type { SimulationResult } from '../sim/result.ts';
import { ranged } from '../validation/numbers.ts';
import { parseOptions } from '../validation/parseOptions.ts';
import { COST_DEFAULTS as D } from './costDefaults.ts';

const PRICE_MAX_EUR = 100_000;
const eur = (fallback: number) => ranged(0, PRICE_MAX_EUR, 'EUR').default(fallback);

function visitsSchema(d: {
  priceEur: number;
  routineVisitsPerYear: number;
  idealVisitsPerYear: number;
}) {
  const visits = (fallback: number) => ranged(0, 365, 'visits per year').default(fallback);
  return z
    .strictObject({
      priceEur: eur(d.priceEur),
      routineVisitsPerYear: visits(d.routineVisitsPerYear),
      idealVisitsPerYear: visits(d.idealVisitsPerYear),
    })
    .prefault({});
}

/** A cost model; every field left out takes its default (costDefaults.ts). */
export const costModelSchema = z.strictObject({
  currency: z.literal('EUR').default('EUR'),
  pump: z
    .strictObject({
      priceEur: eur(D.pump.priceEur),
      serviceLifeYears: ranged(0.5, 15, 'years').default(D.pump.serviceLifeYears),
      replacementPriceEur: eur(D.pump.replacementPriceEur),
    })
    .prefault({}),
  infusionSetEur: eur(D.infusionSetEur),
  reservoirEur: eur(D.reservoirEur),
  meterStripEur: eur(D.meterStripEur),
  lancetEur: eur(D.lancetEur),
  meterKitEurPerYear: eur(D.meterKitEurPerYear),
  ketoneStripEur: eur(D.ketoneStripEur),
  penNeedleEur: eur(D.penNeedleEur),
  cgmSensor: z
    .strictObject({
      priceEur: eur(D.cgmSensor.priceEur),
      wearDays: ranged(1, 365, 'days').default(D.cgmSensor.wearDays),
    })
    .prefault({}),
  consultations: z
    .strictObject({
      diabetologist: visitsSchema(D.consultations.diabetologist),
      nurse: visitsSchema(D.consultations.nurse),
      dietitian: visitsSchema(D.consultations.dietitian),
    })
    .prefault({}),
  /** A flat payment per patient-year to compare with (Belgian national agreement by default). */
  flatFeeEurPerPatientYear: ranged(0, 1_000_000, 'EUR').default(D.flatFeeEurPerPatientYear),
});

export type CostModelInput = z.input<typeof costModelSchema>;
export type CostModel = z.output<typeof costModelSchema>;

/** Parses a cost model (a file's contents), or throws a RangeError naming each bad field. */
export function parseCostModel(input: unknown): CostModel {
  return parseOptions(costModelSchema, input, 'cost model');
}

export const DEFAULT_COST_MODEL: CostModel = parseCostModel({});

/** The items of the model, in report order, with the driver each is counted by. */
export const COST_ITEMS = [
  {
    id: 'pump',
    driver:
      'pump price / service life × years a pump is worn, + replacement price × pumps replaced after a failure',
  },
  { id: 'infusionSets', driver: 'price × infusion sets used' },
  { id: 'reservoirs', driver: 'price × reservoirs filled' },
  { id: 'cgmSensors', driver: 'sensor price × days of CGM wear / days a sensor is worn' },
  { id: 'meterStrips', driver: 'price × finger-stick glucose tests' },
  { id: 'lancets', driver: 'price × finger-stick glucose tests' },
  { id: 'meterKit', driver: 'price per year × patient-years' },
  { id: 'ketoneStrips', driver: 'price × blood ketone tests' },
  { id: 'penNeedles', driver: 'price × pen injections' },
  { id: 'diabetologist', driver: 'price × visits per year of the follow-up schedule' },
  { id: 'nurse', driver: 'price × visits per year of the follow-up schedule' },
  { id: 'dietitian', driver: 'price × visits per year of the follow-up schedule' },
] as const;

export type CostItemId = (typeof COST_ITEMS)[number]['id'];
export type FollowUp = 'routine' | 'ideal';
export type CostUsage = SimulationResult['usage'];

export interface CostDrivers {
  readonly patientYears: number;
  /** A pump (open or closed loop) is worn the whole time. */
  readonly pumpWorn: boolean;
  readonly followUp: FollowUp;
}

export interface PatientYearCost {
  readonly eurPerPatientYear: number;
  readonly itemsEurPerPatientYear: Readonly<Record<CostItemId, number>>;
}

/** The cost per patient-year of `usage` counted over `drivers.patientYears`. */
export function patientYearCost(
  model: CostModel,
  usage: CostUsage,
  drivers: CostDrivers,
): PatientYearCost {
  const years = drivers.patientYears;
  if (!(years > 0 && Number.isFinite(years))) {
    throw new RangeError(`patientYears = ${years}: a positive number`);
  }
  const visits = (who: keyof CostModel['consultations']) => {
    const c = model.consultations[who];
    const perYear = drivers.followUp === 'ideal' ? c.idealVisitsPerYear : c.routineVisitsPerYear;
    return c.priceEur * perYear * years;
  };
  const pumpEur = drivers.pumpWorn
    ? (model.pump.priceEur / model.pump.serviceLifeYears) * years +
      model.pump.replacementPriceEur * usage.pumpReplacements
    : 0;
  const totals: Record<CostItemId, number> = {
    pump: pumpEur,
    infusionSets: model.infusionSetEur * usage.infusionSetChanges,
    reservoirs: model.reservoirEur * usage.reservoirFills,
    cgmSensors: (model.cgmSensor.priceEur * usage.cgmDays) / model.cgmSensor.wearDays,
    meterStrips: model.meterStripEur * usage.meterStrips,
    lancets: model.lancetEur * usage.meterStrips,
    meterKit: model.meterKitEurPerYear * years,
    ketoneStrips: model.ketoneStripEur * usage.ketoneStrips,
    penNeedles: model.penNeedleEur * usage.penInjections,
    diabetologist: visits('diabetologist'),
    nurse: visits('nurse'),
    dietitian: visits('dietitian'),
  };
  let sum = 0;
  const items = {} as Record<CostItemId, number>;
  for (const { id } of COST_ITEMS) {
    items[id] = totals[id] / years;
    sum += items[id];
  }
  return { eurPerPatientYear: sum, itemsEurPerPatientYear: items };
}
