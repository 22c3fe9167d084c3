// An arm's pump settings are overrides on top of what each patient's clinician would program
// (sim/pumpSettings.ts): a maximum basal below one patient's basal rate, say, is valid for some
// patients and not for others. parseCohort can only check the overrides against the pump's
// defaults; this checks them for every patient, before the cohort runs, so that a cohort never
// stops in its tenth minute on a patient its arm's settings do not fit.
import { resolvePatient } from '../sim/patient.ts';
import { derivePumpSettings, roundBasal } from '../sim/pumpSettings.ts';
import { ScenarioError } from '../sim/scenario.ts';
import { patientOf } from './patientRun.ts';
import type { CohortSpec } from './spec.ts';

/**
 * One line per pump arm whose settings do not fit some patients: the arm, the first such patient
 * with its basal rate and the problem, and how many patients in all.
 */
export function armPumpSettingsProblems(spec: CohortSpec): string[] {
  // Injection arms have no pump; without overrides every patient gets their own valid settings.
  const checked = spec.arms
    .map((arm, index) => ({ arm, index, first: null as string | null, misfits: 0 }))
    .filter(({ arm }) => arm.therapy.kind !== 'mdi' && Object.keys(arm.pump).length > 0);
  if (checked.length === 0) return [];
  // Patients outside, arms inside: a generated patient is drawn once for all the arms.
  for (let p = 0; p < spec.population.size; p += 1) {
    const patient = resolvePatient(patientOf(spec, p));
    for (const check of checked) {
      try {
        derivePumpSettings(patient.clinical, check.arm.pump, patient.dawnPhenomenon);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        check.misfits += 1;
        const basal = roundBasal(patient.clinical.basalUnitsPerHour);
        const problems = error.problems.join('; ');
        check.first ??= `patient ${p + 1} (${patient.name}, basal ${basal} U/h): ${problems}`;
      }
    }
  }
  return checked.flatMap(({ index, first, misfits }) => {
    if (first === null) return [];
    const others =
      misfits === 1 ? '' : `, and ${misfits - 1} other patient${misfits > 2 ? 's' : ''}`;
    return [`arms.${index}.pump does not fit ${first}${others}`];
  });
}
