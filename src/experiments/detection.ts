// Experiment 'detection': how soon a silent dislodgement is caught, and what it costs in false
// alarms. For patients of the built-in population, (a) a run with no fault counts the pump app's
// suspected-delivery-failure alerts (false alarms per patient-month); (b) a run with a cannula
// dislodged at a seeded random time measures the time to detection by the detector alone (the
// person's own checks disabled: glucose checks and the 300 mg/dL rule switched off), and by
// the person with the detector as a pump user lives with both (the default behaviour).
import { deriveSeed, Rng } from '../random/rng.ts';
import { simulate } from '../sim/run.ts';
import type { SimulationResult } from '../sim/result.ts';
import type { Experiment, ExperimentResult } from './types.ts';
import { percentile } from '../outcomes/index.ts';

export const DETECTION_NAME = 'detection';
const MASTER_SEED = 20260501;
const QUIET_DAYS = 14;
const FAULT_DAYS = 3;

export interface DetectionOptions {
  readonly patients: number;
}

interface Arm {
  readonly label: string;
  readonly minutes: (number | null)[];
}

export function detectionExperiment(options: DetectionOptions = { patients: 20 }): Experiment {
  return {
    name: DETECTION_NAME,
    title: 'Detecting a silent delivery failure: time to detection and false alarms',
    run: ({ onProgress }) => runDetection(options, onProgress),
  };
}

function runDetection(
  options: DetectionOptions,
  onProgress?: (f: number) => void,
): ExperimentResult {
  let falseAlarms = 0;
  const withDetectorOnly: Arm = { label: 'detector alone (no checks by the person)', minutes: [] };
  const withPerson: Arm = { label: 'person and detector (default behaviour)', minutes: [] };
  const missedBy: string[] = [];
  for (let i = 0; i < options.patients; i += 1) {
    const seed = deriveSeed(MASTER_SEED, i);
    const patient = { source: 'population' as const, index: i };
    // Alerts and fault records are all these runs are read for: no trace, AGP or log.
    const quiet = simulate({ patient, durationDays: QUIET_DAYS, seed }, { detail: 'summary' });
    falseAlarms += quiet.detectorAlerts.length;
    // The fault falls anywhere in the second day, day or night.
    const minutes = 1440 + new Rng(seed).integer(0, 1439);
    const fault = [{ kind: 'dislodgement', at: { minutes } }];
    const detectorOnly = simulate(
      {
        patient,
        durationDays: FAULT_DAYS,
        seed,
        faults: fault,
        behaviour: { checkTimes: [], suspectDeliveryAboveMgdl: 500, ketoneCheckAboveMgdl: 500 },
      },
      { detail: 'summary' },
    );
    withDetectorOnly.minutes.push(timeToDetection(detectorOnly, 'detector'));
    const both = simulate(
      { patient, durationDays: FAULT_DAYS, seed, faults: fault },
      { detail: 'summary' },
    );
    const t = timeToDetection(both, null);
    withPerson.minutes.push(t);
    if (t === null) missedBy.push(`patient ${i}`);
    onProgress?.((i + 1) / options.patients);
  }
  const patientMonths = (options.patients * QUIET_DAYS) / 30.4375;
  const arms = [withDetectorOnly, withPerson];
  return {
    name: DETECTION_NAME,
    title: 'Detecting a silent delivery failure: time to detection and false alarms',
    method: [
      `${options.patients} patients of the built-in adult population, each with its own seed derived from ${MASTER_SEED}; open-loop pump with CGM, default behaviour and meals.`,
      `False alarms: detector alerts in ${QUIET_DAYS}-day runs without any fault (${patientMonths.toFixed(1)} patient-months).`,
      `Time to detection: a cannula dislodged at a random minute of day 2 of a ${FAULT_DAYS}-day run; minutes until the detector alerts (first arm, the person not checking) or until anyone notices — the detector, a pump alarm or the person's 300 mg/dL rule (second arm).`,
      'Detector rules: rising with insulin on board, a correction without effect, no fall for 3 h above 250 mg/dL (src/therapy/deliveryFailureDetector.ts).',
    ],
    tables: [
      {
        title: 'Time from dislodgement to detection (minutes)',
        columns: ['Who notices', 'Detected', 'Median', '25th–75th percentile', 'Longest'],
        rows: arms.map((arm) => summaryRow(arm)),
      },
      {
        title: 'False alarms without any fault',
        columns: ['Alerts', 'Patient-months', 'Per patient-month'],
        rows: [
          [String(falseAlarms), patientMonths.toFixed(1), (falseAlarms / patientMonths).toFixed(2)],
        ],
      },
    ],
    figures: [],
    notes: [
      'The detector sees only what a pump app sees (CGM, insulin on board, its own boluses); it knows nothing of the fault.',
      'A dislodgement after a meal bolus waits out the 3-hour quiet period after meals; at night it is caught once glucose has stayed above 250 mg/dL for 3 hours.',
      ...(missedBy.length > 0 ? [`Not detected within the run: ${missedBy.join(', ')}.`] : []),
    ],
    data: { falseAlarms, patientMonths, arms },
  };
}

function timeToDetection(result: SimulationResult, by: string | null): number | null {
  const fault = result.faults.records.find((f) => f.kind === 'dislodgement');
  if (fault === undefined) return null;
  if (by === null)
    return fault.detectedAtMinutes === null ? null : fault.detectedAtMinutes - fault.atMinutes;
  const alert = result.detectorAlerts.find((a) => a.atMinutes >= fault.atMinutes);
  return alert === undefined ? null : alert.atMinutes - fault.atMinutes;
}

function summaryRow(arm: Arm): string[] {
  const found = arm.minutes.filter((m): m is number => m !== null).sort((a, b) => a - b);
  const cell = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  return [
    arm.label,
    `${found.length} of ${arm.minutes.length}`,
    cell(percentile(found, 50)),
    `${cell(percentile(found, 25))}–${cell(percentile(found, 75))}`,
    cell(found.at(-1) ?? Number.NaN),
  ];
}
