// The findings of the interruption experiment in plain words, computed from its data: the
// calibration check against Liège, the shape of the curves, the population, regular vs analog,
// recovery, ketoacidosis, and the caveats.
import { formatNumber } from '../report/format.ts';
import type { ArmData, InterruptionData } from './interruptionData.ts';
import { LIEGE_PUMP_STOP, twoSdBand, type MeanSd } from './interruptionPublished.ts';
import type { PairedComparison } from './interruptionSummary.ts';

const L = LIEGE_PUMP_STOP;
const f = formatNumber;

function bandWords(value: number, figure: MeanSd, digits: number): string {
  const band = twoSdBand(figure);
  const inside = value >= band.low && value <= band.high;
  return (
    `${f(value, digits)} mmol/L (Liège ${figure.mean} ± ${figure.sd}: ` +
    `${inside ? 'within' : 'OUTSIDE'} mean ± 2 SD, ${f(band.low, digits)}–${f(band.high, digits)})`
  );
}

function stopHours(data: InterruptionData): number {
  return data.plan.stopDurationMinutes / 60;
}

function calibrationNote(data: InterruptionData): string {
  const end = data.arms.regular.typical.hourly[stopHours(data)]!;
  return (
    `Typical patient on regular insulin at 6 h: glucose ${bandWords(end.glucoseMmolL, L.glucoseAt6hMmolL, 1)}, ` +
    `BOHB ${bandWords(end.bohbMmolL, L.bohbAt6hMmolL, 2)}. The counter-regulation of glucose ` +
    'production was fitted on the glucose figure, the ketone model on the BOHB figure and on ' +
    'the hours to BOHB 1.6 and 3.0 mmol/L of the pooled interruption studies (about 8 and 14 h; ' +
    'Klonoff et al., J Diabetes Sci Technol 2024) (src/physiology/counterRegulation.ts, ' +
    'ketones.ts): agreement here checks the fit, it does not validate the model independently.'
  );
}

function increments(values: readonly number[], from: number, to: number, digits: number): string {
  const steps: string[] = [];
  for (let h = from; h < to; h += 1) {
    const step = values[h + 1]! - values[h]!;
    steps.push(`${step >= 0 ? '+' : ''}${f(step, digits)}`);
  }
  return steps.join(', ');
}

function shapeNote(data: InterruptionData): string {
  const hourly = data.arms.regular.typical.hourly;
  const bohb = hourly.map((s) => s.bohbMmolL);
  const glucose = hourly.map((s) => s.glucoseMmolL);
  const end = stopHours(data);
  return (
    `Shape (typical patient, regular insulin). BOHB change per hour from 0 to ${end} h: ` +
    `${increments(bohb, 0, end, 2)} mmol/L; Liège: linear from 1 h at about 0.2 mmol/L/h. ` +
    'The model starts later and steepens, because the subcutaneous depot of regular insulin ' +
    `keeps plasma insulin at ${f(hourly[1]!.insulinPercentOfBasal, 0)} % of basal at 1 h and ` +
    `${f(hourly[2]!.insulinPercentOfBasal, 0)} % at 2 h (a known limit, src/physiology/ketones.ts). ` +
    `Glucose change per hour: ${increments(glucose, 0, end, 1)} mmol/L (at 3 h ` +
    `${f(glucose[3]! - glucose[0]!, 1)} mmol/L above the start); Liège: significant rise from 3 h.`
  );
}

function insulinNote(data: InterruptionData): string {
  const r = data.arms.regular.typical.hourly;
  const a = data.arms['rapid-analog'].typical.hourly;
  const end = stopHours(data);
  return (
    `Insulin deficiency (typical patient): plasma insulin at 2 h is ${f(r[2]!.insulinPercentOfBasal, 0)} % ` +
    `of basal on regular insulin and ${f(a[2]!.insulinPercentOfBasal, 0)} % on the analog; at ` +
    `${end} h ${f(r[end]!.insulinPercentOfBasal, 0)} % and ${f(a[end]!.insulinPercentOfBasal, 0)} %: ` +
    '"significant after 2 h, major by 6 h" holds for both. The Liège free insulin at 6 h ' +
    `(${L.freeInsulinAt6hMilliunitsPerL.mean} ± ${L.freeInsulinAt6hMilliunitsPerL.sd} mU/L) is ` +
    'absolute; its pre-stop level is not in our reference docs, and the nominal patient needs ' +
    `far less insulin (basal plasma insulin ${f(data.typical.basalInsulinMilliunitsPerL, 2)} mU/L, ` +
    `basal ${f(data.typical.basalUnitsPerHour, 2)} U/h against about 1 U/h in the Liège clinic), ` +
    'so only percentages of basal are compared. The relative course of a stop does not depend on ' +
    'the overall insulin-sensitivity scale (ketones.calibration.test.ts).'
  );
}

function populationNote(data: InterruptionData): string {
  const arm = data.arms.regular;
  const end = arm.population.hourly[stopHours(data)]!;
  const n = data.population.size;
  const within = arm.population.withinLiegeBandAtStopEnd;
  return (
    `Population on regular insulin at 6 h: glucose median ${f(end.glucoseMmolL.p50, 1)} mmol/L ` +
    `(5–95 %: ${f(end.glucoseMmolL.p5, 1)}–${f(end.glucoseMmolL.p95, 1)}), BOHB median ` +
    `${f(end.bohbMmolL.p50, 2)} mmol/L (${f(end.bohbMmolL.p5, 2)}–${f(end.bohbMmolL.p95, 2)}). ` +
    `${within.glucose} of ${n} patients have their 6-h glucose and ${within.bohb} of ${n} their ` +
    '6-h BOHB within the Liège mean ± 2 SD. The virtual population is wider than the 8 Liège ' +
    'patients: it spans the published parameter distributions, including slow and fast insulin ' +
    'absorbers (tmaxI) and high and low glucose producers (EGP0).'
  );
}

function byKey(data: InterruptionData, key: string): PairedComparison {
  const found = data.comparison.find((c) => c.key === key);
  if (found === undefined) throw new Error(`interruption notes: no comparison '${key}'`);
  return found;
}

/** "1.5 h (IQR 1.4–1.6)" for the median analog − regular difference, negated when `earlier`. */
function differenceWords(c: PairedComparison, unit: string, sign: 1 | -1 = 1): string {
  const q = c.difference;
  if (q === null) return 'not available';
  const low = sign === 1 ? q.p25 : -q.p75;
  const high = sign === 1 ? q.p75 : -q.p25;
  const d = c.digits;
  return `${f(sign * q.p50, d)} ${unit} (IQR ${f(low, d)} to ${f(high, d)})`;
}

function comparisonNote(data: InterruptionData): string {
  const depot = byKey(data, 'depotAtStopHoursOfBasal');
  const insulin2h = byKey(data, 'insulinAt2h');
  const bohb3h = byKey(data, 'bohbAt3h');
  const ketosis = byKey(data, 'hoursToBohbKetosis');
  const dka = byKey(data, 'hoursToKetoacidosis');
  const earlierCount = Math.min(ketosis.analogWorse, dka.analogWorse);
  const majority = earlierCount * 2 > ketosis.pairs;
  const verdict = majority
    ? 'deterioration starts earlier with the rapid analog'
    : 'deterioration does not start earlier with the rapid analog in most patients';
  const leadHours = -(dka.difference?.p50 ?? Number.NaN);
  return (
    `Regular vs analog, what the model says: ${verdict}. With the analog, plasma insulin at 2 h ` +
    `is lower in ${insulin2h.analogWorse} of ${insulin2h.pairs} patients, by ` +
    `${differenceWords(insulin2h, '% of basal', -1)}, and BOHB at 3 h differs by ` +
    `${differenceWords(bohb3h, 'mmol/L')}; without ` +
    `resumption the analog reaches BOHB 1.5 mmol/L ${differenceWords(ketosis, 'h', -1)} earlier ` +
    `and the ketoacidosis threshold ${differenceWords(dka, 'h', -1)} earlier (both earlier in ` +
    `${earlierCount} of ${ketosis.pairs} patients). The cause is the subcutaneous depot: at the ` +
    `stop the analog depot held a median ${f(depot.analog?.p50 ?? Number.NaN, 2)} h of basal ` +
    `against ${f(depot.regular?.p50 ?? Number.NaN, 2)} h for regular insulin, whose hexamers ` +
    'dissociate before absorption (src/insulin/formulations.ts). The clinical evidence is mixed ' +
    '(1 of 3 studies found faster deterioration with analogs, clinical.md); the model has no ' +
    'mechanism that could make the analog slower, so its answer follows from its absorption ' +
    `kinetics by construction, not from clinical data. The lead is about ${f(leadHours, 1)} h, ` +
    'short against the hours a silent interruption can last unnoticed.'
  );
}

function peakAfterResumption(
  arm: ArmData,
  data: InterruptionData,
  curve: readonly number[],
): string {
  const interval = data.plan.sampleIntervalMinutes;
  const from = data.plan.stopDurationMinutes / interval;
  let peak = from;
  for (let i = from; i < curve.length; i += 1) if (curve[i]! > curve[peak]!) peak = i;
  const minutes = (peak - from) * interval;
  return minutes === 0 ? 'falls at once' : `peaks ${minutes} min after resumption`;
}

function recoveryNote(data: InterruptionData): string {
  const words = (key: 'regular' | 'rapid-analog') => {
    const arm = data.arms[key];
    const last = arm.typical.hourly[arm.typical.hourly.length - 1]!;
    return (
      `${arm.label}: glucose ${peakAfterResumption(arm, data, arm.typical.curves.glucoseMmolL)}, ` +
      `BOHB ${peakAfterResumption(arm, data, arm.typical.curves.bohbMmolL)}; at ${last.hour} h ` +
      `glucose ${f(last.glucoseMmolL, 1)} mmol/L, BOHB ${f(last.bohbMmolL, 2)} mmol/L`
    );
  };
  const end = stopHours(data);
  const atStop = byKey(data, `glucoseAt${end}h`);
  const after = data.plan.followAfterResumeMinutes / 60;
  const glucose = byKey(data, `glucoseAt${end + after}h`);
  const bohb = byKey(data, `bohbAt${end + after}h`);
  const better = (c: PairedComparison) => c.pairs - c.analogWorse;
  const faster = better(glucose) * 2 > glucose.pairs && better(bohb) * 2 > bohb.pairs;
  const verdict = faster
    ? 'the analog corrects faster once delivery restarts, as the clinical review reports'
    : 'the model does not show the faster correction with an analog that the clinical review reports';
  return (
    'Recovery with the basal rate alone (typical patient). ' +
    `${words('regular')}. ${words('rapid-analog')}. Population: the analog arm enters ` +
    `resumption ${f(atStop.difference?.p50 ?? Number.NaN, 1)} mmol/L higher (median), yet ` +
    `${after} h later its glucose is lower in ${better(glucose)} and its BOHB lower in ` +
    `${better(bohb)} of ${glucose.pairs} patients: ${verdict}. With either insulin the basal ` +
    'alone leaves ' +
    'glucose and ketones high for hours, which is why a correction bolus is given in practice ' +
    '(not simulated here).'
  );
}

function ketoacidosisNote(data: InterruptionData): string {
  const n = data.population.size;
  const parts = (['regular', 'rapid-analog'] as const).map((key) => {
    const arm = data.arms[key];
    const s = arm.population.thresholds.ketoacidosis;
    const typical = arm.typical.thresholdHours.ketoacidosis;
    return (
      `${arm.label}: ${s.reachedWithinHours['24']} of ${n} within 24 h ` +
      `(${s.reachedWithinHours['6']} within 6 h, ${s.reachedWithinHours['12']} within 12 h), ` +
      `median ${f(s.hours?.p50 ?? Number.NaN, 1)} h, typical patient ` +
      `${typical === null ? 'not reached' : `${f(typical, 1)} h`}; in ` +
      `${arm.population.ketoacidosisAtBohbThreshold} of ${n} glucose was already ≥ 200 mg/dL ` +
      'when BOHB reached 3.0 mmol/L'
    );
  });
  return `If the pump is never resumed, the ketoacidosis threshold: ${parts.join('. ')}.`;
}

function extrapolationCaveat(data: InterruptionData): string {
  const nine = data.arms.regular.typical.unresumed.find((state) => state.hour === 9);
  const last =
    data.arms.regular.population.unresumed[data.arms.regular.population.unresumed.length - 1];
  const atNine =
    nine === undefined
      ? ''
      : ` (typical patient on regular insulin at 9 h: ${f(nine.glucoseMmolL, 1)} mmol/L)`;
  const atEnd =
    last === undefined
      ? ''
      : ` At ${last.hour} h the population median is ${f(last.glucoseMmolL.p50, 1)} mmol/L and ` +
        `its 95th percentile ${f(last.glucoseMmolL.p95, 1)} mmol/L: read them as "far past the ` +
        'ketoacidosis threshold", not as predictions.';
  return (
    'Caveats. The two published stops disagree on glucose: Liège reached 17.4 mmol/L at 6 h, ' +
    'Pickup 1982 (9 h, fasting) saw glucose plateau near 10 mmol/L while BOHB kept rising. The ' +
    `model follows Liège, on which it was fitted, and its glucose does not plateau${atNine}. ` +
    'It has no acidosis, dehydration, vomiting or fall in kidney function, so beyond 9 h its ' +
    `glucose and BOHB are extrapolations.${atEnd} It has no circadian rhythm, although the ` +
    'Liège stop spans the dawn hours. Fasting throughout; no meal, exercise or illness.'
  );
}

const SD_CAVEAT =
  'The Liège "±" figures are read as mean ± SD, as the reference docs give them; were they SEM ' +
  '(n = 8), the 2-SD bands would be about 2.8 times wider.';

export function interruptionNotes(data: InterruptionData): string[] {
  const notes = [
    calibrationNote(data),
    shapeNote(data),
    insulinNote(data),
    populationNote(data),
    comparisonNote(data),
    recoveryNote(data),
    ketoacidosisNote(data),
    extrapolationCaveat(data),
    SD_CAVEAT,
  ];
  if (data.population.size < data.population.defaultSize) {
    notes.push(
      `Population subset: the first ${data.population.size} of the ${data.population.defaultSize} ` +
        `default adults (seed ${data.population.seed}, ${data.population.firstPatient} to ` +
        `${data.population.lastPatient}).`,
    );
  }
  return notes;
}
