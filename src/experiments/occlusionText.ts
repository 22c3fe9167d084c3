// The occlusion experiment in words: its method, and the findings read from the measurements
// (every number in a note comes from the data, so the text cannot drift from the tables).
import { fixed, hoursMinutes } from './cells.ts';
import { findMeasurement, type OcclusionData } from './occlusionPlan.ts';
import { toUnits } from './pumpSetup.ts';

export function occlusionMethod(data: OcclusionData): string[] {
  const th = data.defaultThresholdUnits;
  const others = data.thresholdsUnits.filter((t) => t !== th).map((t) => fixed(t, 1));
  return [
    `The pump engine runs its default settings (${fixed(data.pulseSizeUnits, 2)} U pulses, bolus speed ${fixed(data.bolusSpeedUnitsPerMinute, 1)} U/min, pressure sensor calibration ${fixed(data.linePressureKpaPerUnit, 0)} kPa per unit held back) with a flat basal rate, and is ticked every minute, as the simulator ticks it. The engine reads its hardware once per tick, at the start of the tick.`,
    `Blocked line: after the blockage every pulse the pump pushes stays in the line, whose pressure rises by ${fixed(data.linePressureKpaPerUnit, 0)} kPa per unit held back (an ideal rigid line: no compliance, no leak). The engine turns the pressure back into missed insulin and raises the occlusion alarm, which stops delivery, when it reaches the threshold.`,
    `Basal cases at 0.1 and 1 U/h (the two rates of Freckmann et al., JDST 2018): ${fixed(data.plan.warmUpMinutes / 60, 0)} h of steady delivery, then the line blocks just after a pulse, so the first pulse it holds comes a whole pulse interval later. Bolus case: a 5 U normal bolus programmed at the moment the line blocks, over a 0.1 U/h basal.`,
    `Thresholds: the default ${fixed(th, 1)} U and ${others.join(', ')} U (the settings allow 0.5–5 U). Time to alarm is measured from the blockage to the alarm.`,
    `The alarm is answered ${fixed(data.plan.responseMinutes, 0)} min after it sounds: acknowledged, and the blockage cleared, so the line empties into the patient (the bolus released after an occlusion, which IEC 60601-2-24 measures). The engine reports the release in alarm_cleared.releasedMilliunits; the line model holds what was really pushed. The pump is then followed for ${fixed(data.plan.followMinutes, 0)} min.`,
  ];
}

function basalNotes(data: OcclusionData): string[] {
  const th = data.defaultThresholdUnits;
  const one = findMeasurement(data, 'basal-1', th)?.run.timeToAlarmMinutes ?? null;
  const tenth = findMeasurement(data, 'basal-0.1', th)?.run.timeToAlarmMinutes ?? null;
  const lowest = data.thresholdsUnits[0] ?? th;
  const tenthLowest = findMeasurement(data, 'basal-0.1', lowest)?.run.timeToAlarmMinutes ?? null;
  return [
    `At basal rates our time to alarm is the threshold divided by the rate, plus the tick at which the engine reads the pressure (plus up to one more when pulses fall between ticks): with the default ${fixed(th, 1)} U threshold, ${hoursMinutes(one)} at 1 U/h and ${hoursMinutes(tenth)} at 0.1 U/h. A blockage that begins just before a pulse would alarm up to one pulse interval sooner (${fixed((60 * data.pulseSizeUnits) / 1, 0)} min at 1 U/h, ${fixed((60 * data.pulseSizeUnits) / 0.1, 0)} min at 0.1 U/h).`,
    `At 1 U/h this matches the labelled "about 3 h" and lies under the 5 h within which all ten systems tested by Freckmann et al. alarmed: real pumps' thresholds are also about 3–5 U of missed insulin, and at basal rates the pressure has hours to build, so tubing compliance and sensing intervals add little.`,
    `At 0.1 U/h, ${hoursMinutes(tenth)} is the "tens of hours" of the labelling and within the range of Freckmann et al.'s medians (about 4 h to over 40 h). The fastest systems there alarmed after about 0.4 U missed; our lowest threshold, ${fixed(lowest, 1)} U, alarms after ${hoursMinutes(tenthLowest)}. No engine that alarms on missed insulin can alarm sooner than threshold ÷ rate: people on low rates (often children) should not rely on the alarm alone but monitor glucose, as Freckmann et al. conclude.`,
  ];
}

function bolusNotes(data: OcclusionData): string[] {
  const th = data.defaultThresholdUnits;
  const m = findMeasurement(data, 'bolus-5', th);
  if (m === undefined) return [];
  const r = m.run;
  const u = (mU: number | null) => fixed(mU === null ? null : toUnits(mU), 2);
  return [
    `A 5 U bolus into a blocked line alarms after ${hoursMinutes(r.timeToAlarmMinutes)} here, against about 30–35 min in the labelling. Our engine alarms on the missed amount alone, read from an ideal pressure sensor every tick, in a rigid line: the pressure rises with the first pulse. In a real pump the reservoir, its plunger seal and the tubing are compliant and take up insulin as the pressure builds, the force sensor is read at intervals, and several readings above the limit are needed before an alarm, so most of a bolus is pushed before the alarm sounds. A compliance term in the blocked-line model (pressure rising more slowly than the volume pushed) would be needed to reproduce the published delay; the engine itself would not change.`,
    `The engine reads the pressure at the start of each tick, before that tick's pulses, and counts those pulses into the amount held back: at the default threshold the alarm reports ${u(r.missedAtAlarmMilliunits)} U missed, what the line holds (${u(r.trappedAtAlarmMilliunits)} U), and alarm_cleared reports the same ${u(r.releasedByEngineMilliunits)} U released when the blockage clears (the line releases ${u(r.releasedByLineMilliunits)} U).`,
    `A delivery-stopping alarm cancels a bolus in progress, as pumps do: the rest of the 5 U (${u(5000 - (r.releasedByLineMilliunits ?? 0))} U at the default threshold) is not given late on top of the released volume; ${u(r.bolusDeliveredAfterClearMilliunits)} U of it followed the clearing.`,
  ];
}

export function occlusionNotes(data: OcclusionData): string[] {
  let deliveredWhileAlarmed = 0;
  let alarms = 0;
  for (const m of data.measurements) {
    deliveredWhileAlarmed = Math.max(deliveredWhileAlarmed, m.run.deliveredWhileAlarmedMilliunits);
    if (m.run.alarmAtMinutes !== null) alarms += 1;
  }
  return [
    ...basalNotes(data),
    ...bolusNotes(data),
    `The alarm stops delivery: ${alarms} of ${data.measurements.length} runs alarmed, and at most ${fixed(toUnits(deliveredWhileAlarmed), 2)} U was delivered between an alarm and its clearing.`,
    'IEC 60601-2-24 says how to measure the time to an occlusion alarm and the bolus released after it, not how long the time may be: there is no required limit (Freckmann et al., JDST 2018).',
  ];
}
