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
  const problems: string[] = [];
  spec.arms.forEach((arm, a) => {
    // Injection arms have no pump; without overrides every patient gets their own valid settings.
    if (arm.therapy.kind === 'mdi' || Object.keys(arm.pump).length === 0) return;
    let first: string | null = null;
    let misfits = 0;
    for (let p = 0; p < spec.population.size; p += 1) {
      const patient = resolvePatient(patientOf(spec, p));
      try {
        derivePumpSettings(patient.clinical, arm.pump);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        misfits += 1;
        const basal = roundBasal(patient.clinical.basalUnitsPerHour);
        const problems = error.problems.join('; ');
        first ??= `patient ${p + 1} (${patient.name}, basal ${basal} U/h): ${problems}`;
      }
    }
    if (first !== null) {
      const others =
        misfits === 1 ? '' : `, and ${misfits - 1} other patient${misfits > 2 ? 's' : ''}`;
      problems.push(`arms.${a}.pump does not fit ${first}${others}`);
    }
  });
  return problems;
}
