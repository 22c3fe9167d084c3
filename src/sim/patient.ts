// The scenario's patient as a model factory and the clinical settings a clinician would program:
// a member of the built-in population, a generated one, or a UVA/Padova patient from
// simglucose-format files (read by the shell and handed in, so this stays free of I/O).
import type { FormulationName } from '../insulin/formulations.ts';
import type { DawnPhenomenon } from '../physiology/dawnPhenomenon.ts';
import type { PatientModel } from '../physiology/model.ts';
import {
  defaultAdultPopulation,
  generatePopulation,
  virtualPatientModel,
  type Population,
  type VirtualPatient,
} from '../physiology/population.ts';
import type { SimglucosePatient } from '../physiology/simglucoseFilesParse.ts';
import { createUvaPadovaPatient } from '../physiology/uvaPadova.ts';
import { minutesOfClock, MINUTES_PER_HOUR, PMOL_PER_UNIT } from '../units/index.ts';
import type { Scenario } from './scenario.ts';

export interface ClinicalProfile {
  readonly bodyWeightKg: number;
  readonly basalUnitsPerHour: number;
  readonly carbRatioGramsPerUnit: number;
  readonly correctionFactorMgdlPerUnit: number;
  readonly totalDailyDoseUnits: number;
  readonly targetLowMgdl: number;
  readonly targetHighMgdl: number;
}

/** What a patient model is built with besides the patient. */
export interface ModelSetting {
  readonly rapidInsulin: FormulationName;
  readonly basalInsulin?: FormulationName;
  /** The local clock minute at model time 0, where a daily rhythm is read from. Default 0. */
  readonly startMinuteOfDay?: number;
  /** Whether the run feeds the model the fat of fat-rich meals (a model that can take it). */
  readonly mealFat?: boolean;
}

export interface ResolvedPatient {
  readonly name: string;
  readonly modelKind: string;
  readonly clinical: ClinicalProfile;
  /** The patient's dawn phenomenon, or null (the models as published have none). */
  readonly dawnPhenomenon: DawnPhenomenon | null;
  create(setting: ModelSetting): PatientModel;
}

let defaultPopulation: Population | null = null;

/** The built-in population, generated once per process (a pure function of its seed). */
function builtInPopulation(): Population {
  defaultPopulation ??= defaultAdultPopulation();
  return defaultPopulation;
}

/**
 * Patients drawn from a seed, remembered for the last few seeds: drawing one takes longer than a
 * month of simulation, and a cohort runs the same patient year after year and arm after arm. The
 * draw is a pure function of the seed, so remembering it changes nothing but the time.
 */
const generated = new Map<number, VirtualPatient>();
const GENERATED_REMEMBERED = 16;

function generatedPatient(seed: number): VirtualPatient {
  let patient = generated.get(seed);
  if (patient === undefined) {
    [patient] = generatePopulation({ seed, count: 1, namePrefix: 'generated' }).patients;
    if (patient === undefined) throw new RangeError(`patient.seed = ${seed}: no patient accepted`);
    if (generated.size >= GENERATED_REMEMBERED) generated.delete(generated.keys().next().value!);
    generated.set(seed, patient);
  }
  return patient;
}

export function resolvePatient(
  spec: Scenario['patient'],
  simglucosePatients: readonly SimglucosePatient[] = [],
): ResolvedPatient {
  switch (spec.source) {
    case 'population': {
      const patient = builtInPopulation().patients[spec.index];
      if (patient === undefined) throw new RangeError(`patient.index = ${spec.index}: 0–99`);
      return fromVirtualPatient(patient, dawnOf(spec.dawnPhenomenon));
    }
    case 'generated':
      // Named by its seed: every patient drawn alone would otherwise be 'generated#001'.
      return {
        ...fromVirtualPatient(generatedPatient(spec.seed), dawnOf(spec.dawnPhenomenon)),
        name: `generated-${spec.seed}`,
      };
    case 'simglucose': {
      const patient = simglucosePatients.find((p) => p.name === spec.name);
      if (patient === undefined) {
        const names = simglucosePatients.map((p) => p.name).join(', ') || 'none loaded';
        throw new RangeError(`patient.name = ${JSON.stringify(spec.name)}: one of ${names}`);
      }
      return fromSimglucose(patient);
    }
  }
}

type DawnSpec = NonNullable<
  Extract<Scenario['patient'], { source: 'population' }>['dawnPhenomenon']
>;

function dawnOf(spec: DawnSpec | undefined): DawnPhenomenon | null {
  if (spec === undefined) return null;
  return {
    peakIncreasePercent: spec.peakIncreasePercent,
    onsetMinuteOfDay: minutesOfClock(spec.onset),
    peakMinuteOfDay: minutesOfClock(spec.peak),
    endMinuteOfDay: minutesOfClock(spec.end),
  };
}

function fromVirtualPatient(
  patient: VirtualPatient,
  dawnPhenomenon: DawnPhenomenon | null,
): ResolvedPatient {
  const c = patient.clinical;
  return {
    name: patient.name,
    modelKind: 'hovorka2004',
    dawnPhenomenon,
    clinical: {
      bodyWeightKg: c.bodyWeightKg,
      basalUnitsPerHour: c.basalUnitsPerHour,
      carbRatioGramsPerUnit: c.carbRatioGramsPerUnit,
      correctionFactorMgdlPerUnit: c.correctionFactorMgdlPerUnit,
      totalDailyDoseUnits: c.totalDailyDoseUnits,
      // The basal holds the population's fasting target; the calculator aims a little around it.
      targetLowMgdl: c.targetGlucoseMgdl - 20,
      targetHighMgdl: c.targetGlucoseMgdl,
    },
    create: (setting) => modelOf(patient, setting, dawnPhenomenon),
  };
}

/**
 * The models built so far for each built-in or generated patient, by setting. A model holds only
 * constants, scratch and its integrator, so runs one after the other can share it; a cohort runs
 * the same patient year after year, and building the model and its integrator costs about a
 * twentieth of a 14-day run.
 */
const models = new WeakMap<VirtualPatient, Map<string, PatientModel>>();

function modelOf(
  patient: VirtualPatient,
  setting: ModelSetting,
  dawnPhenomenon: DawnPhenomenon | null,
): PatientModel {
  let bySetting = models.get(patient);
  if (bySetting === undefined) {
    bySetting = new Map();
    models.set(patient, bySetting);
  }
  const { rapidInsulin, basalInsulin } = setting;
  const mealFat = setting.mealFat === true;
  // Without a rhythm the start clock changes nothing: those runs share one model.
  const dawn =
    dawnPhenomenon === null
      ? undefined
      : { phenomenon: dawnPhenomenon, startMinuteOfDay: setting.startMinuteOfDay ?? 0 };
  const key = JSON.stringify([rapidInsulin, basalInsulin ?? null, dawn ?? null, mealFat]);
  let model = bySetting.get(key);
  if (model === undefined) {
    model = virtualPatientModel(patient, {
      rapidInsulin,
      mealFat,
      ...(basalInsulin === undefined ? {} : { basalInsulin }),
      ...(dawn === undefined ? {} : { dawn }),
    });
    bySetting.set(key, model);
  }
  return model;
}

/** simglucose's 30 patients: basal from u2ss (holds Gb), CR, CF and TDI from Quest.csv. */
function fromSimglucose(patient: SimglucosePatient): ResolvedPatient {
  const p = patient.parameters;
  const basalUnitsPerHour = (p.u2ss * p.BW * MINUTES_PER_HOUR) / PMOL_PER_UNIT;
  return {
    name: patient.name,
    modelKind: 'uva-padova2008',
    clinical: {
      bodyWeightKg: p.BW,
      basalUnitsPerHour,
      carbRatioGramsPerUnit: patient.quest.carbRatioGramsPerUnit,
      correctionFactorMgdlPerUnit: patient.quest.correctionFactorMgdlPerUnit,
      totalDailyDoseUnits: patient.quest.totalDailyInsulinUnits,
      targetLowMgdl: 100,
      targetHighMgdl: Math.max(120, Math.min(160, p.Gb)),
    },
    dawnPhenomenon: null,
    create: (setting) =>
      createUvaPadovaPatient({
        name: patient.name,
        parameters: p,
        rapidInsulin: setting.rapidInsulin,
        ...(setting.basalInsulin === undefined ? {} : { basalInsulin: setting.basalInsulin }),
      }),
  };
}
