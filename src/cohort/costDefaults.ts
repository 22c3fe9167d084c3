// Default prices of the activity-based cost model (EUR), and the calibration behind them.
//
// clinical.md (Liège series, activity-based costing of 94 patients) gives only totals: 3,045 € per
// patient-year for an adult in routine follow-up, about 4,218 € for an ideal follow-up (about 40 %
// more), and a national flat fee of 3,077 €. It names the cost sources (the pump, the infusion
// material, medical and paramedical consultations, self-monitoring material: meter, lancing device,
// strips, lancets) but not their prices. The item prices below are therefore assumptions of the
// order of European list prices, chosen so that the activity of a default adult pump
// patient-year (REFERENCE_PUMP_PATIENT_YEAR) in routine follow-up costs 3,046 € (the calibration),
// and the ideal schedule 4,236 € (+0.4 % of 4,218 €). CGM sensors, ketone strips and pen needles are
// outside the Liège costing and so outside the calibration.

/** The Liège figures the defaults are calibrated on (clinical.md, "Cost"). */
export const LIEGE_COSTS_EUR_PER_PATIENT_YEAR = {
  routineAdult: 3045,
  ideal: 4218,
  flatFee: 3077,
} as const;

export const COST_DEFAULTS = {
  currency: 'EUR',
  pump: {
    /** Assumed price of a durable pump (about 4,000–4,500 € in Europe at the time)… */
    priceEur: 4250,
    /** …written off over the usual 4-year warranty. */
    serviceLifeYears: 4,
    /** A pump that fails in service is replaced under that warranty (assumption). */
    replacementPriceEur: 0,
  },
  /** One infusion set (cannula and tubing), at the low end of 5–10 €: assumption. */
  infusionSetEur: 5.5,
  /** One reservoir (cartridge), 1.5–3 €: assumption. */
  reservoirEur: 1.5,
  /** One glucose test strip, and its lancet: assumptions. */
  meterStripEur: 0.32,
  lancetEur: 0.03,
  /** Meter and lancing device, written off per year: assumption. */
  meterKitEurPerYear: 40,
  /** One blood ketone strip (about 3–4 €): assumption, outside the calibration. */
  ketoneStripEur: 3.5,
  /** One pen needle: assumption, outside the calibration. */
  penNeedleEur: 0.15,
  /** A 14-day CGM sensor (about 60 €): assumption, outside the calibration (no CGM in the series). */
  cgmSensor: { priceEur: 60, wearDays: 14 },
  /**
   * Consultations priced per contact as an activity-based costing does (staff time and overhead,
   * not the fee): assumptions. Routine: the diabetologist every 3 months, four nurse and two
   * dietitian contacts a year. Ideal: the extra nurse education and follow-up contacts, dietitian
   * sessions and two diabetologist visits that make the ideal follow-up about 40 % dearer.
   */
  consultations: {
    diabetologist: { priceEur: 75, routineVisitsPerYear: 4, idealVisitsPerYear: 6 },
    nurse: { priceEur: 50, routineVisitsPerYear: 4, idealVisitsPerYear: 20 },
    dietitian: { priceEur: 40, routineVisitsPerYear: 2, idealVisitsPerYear: 8 },
  },
  /** What the Belgian national agreement pays, for comparison in reports. */
  flatFeeEurPerPatientYear: LIEGE_COSTS_EUR_PER_PATIENT_YEAR.flatFee,
} as const;

/**
 * The calibration's patient-year: an adult on a pump worn all year, changing the set and
 * reservoir every 72 hours (the scenario default, clinical.md: 3–4 days), testing glucose four
 * times a day (clinical.md: "about four times a day"), no CGM, no pens, no ketone strips.
 */
export const REFERENCE_PUMP_PATIENT_YEAR = {
  patientYears: 1,
  pumpWorn: true,
  followUp: 'routine',
  usage: {
    infusionSetChanges: 365.25 / 3,
    reservoirFills: 365.25 / 3,
    pumpReplacements: 0,
    meterStrips: 4 * 365.25,
    ketoneStrips: 0,
    penInjections: 0,
    cgmDays: 0,
  },
} as const;
