// The diary of a run: what the person, the pump and the app did beyond the routine, from the
// run's log, in the words of a pump download. Routine entries (meal boluses, basal delivery,
// routine set changes, glucose checks) are counted; the rest is listed one line each: forgotten
// boluses and when they were found, corrections, hypoglycaemia treatments, alarms, refused
// commands, suspected delivery failures, ketone checks, faults. It is what explains a day the
// daily totals flag.
import { ALARM_DESCRIPTIONS, isAlarmCode, isStoppingAlarm } from '../pump/alarms.ts';
import type { LogEntry, SimulationResult } from '../sim/result.ts';
import { formatDuration, formatNumber } from './format.ts';
import { escapeHtml } from './html.ts';
import { localDateTime, type LocalClock } from './localTime.ts';

export interface DiaryLine {
  readonly atMinutes: number;
  /** Who acted: the person, the pump, the pump app's detector, the loop, or a fault. */
  readonly actor: 'Person' | 'Pump' | 'App' | 'Loop' | 'Fault';
  readonly text: string;
}

export interface DiaryCounts {
  readonly mealDoses: number;
  /** Meal boluses given as a dual wave (part now, the rest spread), for slow meals. */
  readonly dualWaveBoluses: number;
  /** Meals rich in fat and protein, whose carbohydrate reached the gut over hours. */
  readonly slowMeals: number;
  readonly corrections: number;
  readonly forgottenBoluses: number;
  readonly hypoTreatments: number;
  /** Snacks at the bedtime check against a low in the night. */
  readonly bedtimeSnacks: number;
  readonly glucoseChecks: number;
  readonly setChanges: number;
  readonly pumpAlarms: number;
}

const DETECTOR_REASONS: Readonly<Record<string, string>> = {
  'rising-with-insulin': 'glucose rising with insulin on board',
  'correction-without-effect': 'a correction without effect',
  'no-fall-for-long': 'high glucose not falling',
};

/**
 * Log entries of the routine, as `source:type`: counted, not listed. Any other entry is listed,
 * in words where this file has them, else by its type, so a new kind of entry is never lost.
 */
const ROUTINE = new Set([
  'meal:meal_eaten',
  ...[
    'pump_started',
    'settings_updated',
    'basal_pattern_selected',
    'basal_pattern_edited',
    'temp_basal_started',
    'temp_basal_cancelled',
    'temp_basal_ended',
    'bolus_started',
    'bolus_completed',
    'delivered',
    'resumed',
    'reservoir_filled',
    'primed',
    'infusion_set_changed',
    'battery_changed',
    'alarm_acknowledged',
    'alarm_cleared',
    'clock_set',
    'time_zone_set',
    'user_interaction',
  ].map((type) => `pump:${type}`),
  ...[
    'meal_bolus_decided',
    'glucose_checked',
    'meter_glucose',
    'bolus_waiting',
    'delivery_alert_answered',
    'carbs_announced',
    'loop_cycle',
  ].map((type) => `therapy:${type}`),
]);

/** Set changes the routine makes: counted, not listed. */
const ROUTINE_SET_CHANGES = new Set(['routine', 'start']);

const units = (value: unknown) => `${formatNumber(Number(value), 2)} U`;
const glucose = (value: unknown) => `${formatNumber(Number(value), 0)} mg/dL`;
const ketones = (value: unknown) =>
  typeof value === 'number' ? `, ketones ${formatNumber(value, 1)} mmol/L` : '';

/** The line an entry of the log gives in the diary, or null for a routine entry. */
export function diaryLine(entry: LogEntry, therapyKind: string): DiaryLine | null {
  if (ROUTINE.has(`${entry.source}:${entry.type}`)) return null;
  const text = describe(entry, therapyKind);
  if (text === null) return null;
  return { atMinutes: entry.atMinutes, actor: actorOf(entry), text };
}

function actorOf(entry: LogEntry): DiaryLine['actor'] {
  if (entry.source === 'pump') return 'Pump';
  if (entry.type === 'delivery_failure_suspected') return 'App';
  if (entry.type.startsWith('loop_')) return 'Loop';
  if (entry.type === 'fault') return 'Fault';
  return 'Person';
}

function describe(entry: LogEntry, therapyKind: string): string | null {
  const d = entry.detail;
  switch (entry.type) {
    case 'carbs_eaten':
      return `${formatNumber(Number(d['carbsGrams']), 0)} g fast carbohydrate (${String(d['reason'])})`;
    case 'bedtime_snack':
      return `${formatNumber(Number(d['carbsGrams']), 0)} g bedtime snack (glucose ${glucose(d['glucoseMgdl'])})`;
    case 'alarm_raised': {
      const code = String(d['code']);
      const missed =
        typeof d['missedMilliunits'] === 'number'
          ? ` (${units(d['missedMilliunits'] / 1000)} missed)`
          : '';
      const what = isAlarmCode(code) ? ALARM_DESCRIPTIONS[code] : code;
      return `${isStoppingAlarm(code) ? 'Alarm' : 'Alert'}: ${what}${missed}`;
    }
    case 'command_refused': {
      const refusal = d['refusal'] as { code?: string; allowed?: string } | undefined;
      return `Refused ${String(d['command'])}: ${refusal?.code ?? ''} (allowed: ${refusal?.allowed ?? ''})`;
    }
    case 'suspended':
      // The person suspends the pump at every set change: the routine.
      return d['reason'] === 'user' ? null : `Delivery suspended (${String(d['reason'])})`;
    case 'bolus_cancelled':
      // A loop cancels its own micro-bolus to make way for the person's meal bolus: the routine.
      return d['source'] === 'algorithm' ? null : 'Bolus cancelled';
    case 'bolus_forgotten': {
      const dose = therapyKind === 'mdi' ? 'injection' : 'bolus';
      return `Meal ${dose} forgotten (${formatNumber(Number(d['carbsGrams']), 0)} g eaten)`;
    }
    case 'missed_bolus_found':
      return `Forgotten bolus noticed ${formatDuration(Number(d['minutesSinceMeal']))} after the meal, at ${glucose(d['glucoseMgdl'])}`;
    case 'bolus_requested':
      return d['reason'] === 'meal' ? null : `Correction bolus ${units(d['units'])}`;
    case 'injection':
      // On injections the meal and long-acting doses are the routine; on a pump every pen dose
      // is an exception (a failed pump, a suspected delivery).
      return therapyKind === 'mdi' && (d['reason'] === 'meal' || d['reason'] === 'basal')
        ? null
        : `Pen injection ${units(d['units'])} (${String(d['reason'])})`;
    case 'cgm_low_checked':
      return `CGM read ${glucose(d['cgmMgdl'])} with no symptoms: checked by finger stick`;
    case 'hypo_symptoms_felt':
      return d['asleep'] === true
        ? 'Woken by hypoglycaemia symptoms'
        : 'Hypoglycaemia symptoms felt';
    case 'delivery_failure_suspected':
      return `Suspected delivery failure: ${DETECTOR_REASONS[String(d['reason'])] ?? String(d['reason'])}, at ${glucose(d['glucoseMgdl'])}`;
    case 'delivery_suspected':
      return `Delivery suspected at ${glucose(d['glucoseMgdl'])}${ketones(d['ketonesMmolL'])}`;
    case 'high_glucose_after_meal_bolus':
      return `High glucose ${glucose(d['glucoseMgdl'])} ${formatDuration(Number(d['minutesSinceBolus']))} after a meal bolus: the meal's, rechecked 2 h after the bolus`;
    case 'delivery_checked':
      return `Pump and set checked (${String(d['reason'])})`;
    case 'set_change':
      return ROUTINE_SET_CHANGES.has(String(d['reason']))
        ? null
        : `Infusion set changed (${String(d['reason'])})`;
    case 'reservoir_not_refilled':
      return 'Reservoir not refilled at the set change';
    case 'pump_failed':
      return `Pump failed: pens for ${formatNumber(Number(d['replacementHours']), 0)} h until a new pump`;
    case 'pump_replaced':
      return 'New pump started';
    case 'sick_day_injection':
      return `Sick-day injection ${units(d['units'])} at ${glucose(d['glucoseMgdl'])}${ketones(d['ketonesMmolL'])}`;
    case 'site_infection_noticed':
      return 'Sore infusion site noticed';
    case 'meter_ketones':
      return `Ketones checked: ${formatNumber(Number(d['bohbMmolL']), 1)} mmol/L`;
    case 'loop_waiting_for_pump':
      return 'Waits: the pump delivers nothing';
    case 'fault':
      return `${String(d['kind'])} begins (${String(d['origin'])})`;
    default:
      return entry.type.replaceAll('_', ' ');
  }
}

/** What the glucose chart marks of the diary, each kind in its own colour. */
export const DIARY_MARKS = {
  forgotten: { label: 'meal bolus forgotten', colour: '#b91c1c', colourName: 'red' },
  carbs: { label: 'fast carbohydrate', colour: '#b45309', colourName: 'brown' },
  correction: { label: 'correction', colour: '#6d28d9', colourName: 'violet' },
  alert: { label: 'alarm or suspected delivery failure', colour: '#111827', colourName: 'black' },
} as const;

export type DiaryMarkKind = keyof typeof DIARY_MARKS;

/** The entries the glucose chart marks: forgotten boluses, fast carbohydrate, corrections, alarms. */
export function diaryMarks(log: readonly LogEntry[]): { atMinutes: number; kind: DiaryMarkKind }[] {
  return log.flatMap((entry) => {
    const kind = markKind(entry);
    return kind === null ? [] : [{ atMinutes: entry.atMinutes, kind }];
  });
}

function markKind(entry: LogEntry): DiaryMarkKind | null {
  const { source, type, detail } = entry;
  if (type === 'bolus_forgotten') return 'forgotten';
  if (source === 'meal' && type === 'carbs_eaten') return 'carbs';
  if (rapidDoseReason(entry) === 'correction' || type === 'sick_day_injection') return 'correction';
  const stopping = type === 'alarm_raised' && isStoppingAlarm(String(detail['code']));
  if (stopping || type === 'delivery_failure_suspected' || type === 'delivery_suspected') {
    return 'alert';
  }
  return null;
}

/** Why a rapid dose was given (a pump bolus asked for, or a rapid pen injection), or null. */
function rapidDoseReason({ type, detail }: LogEntry): 'meal' | 'correction' | null {
  const rapid =
    type === 'bolus_requested' || (type === 'injection' && detail['insulin'] === 'rapid');
  const reason = detail['reason'];
  return rapid && (reason === 'meal' || reason === 'correction') ? reason : null;
}

/** A slow meal's carbohydrate (g) from its `meal_eaten` entry; null for any other entry. */
export function slowMealCarbs({ type, detail }: LogEntry): number | null {
  return type === 'meal_eaten' && detail['slowOverMinutes'] !== undefined
    ? Number(detail['carbsGrams'])
    : null;
}

/** The routine, counted over the whole log. */
export function diaryCounts(log: readonly LogEntry[]): DiaryCounts {
  const counts = {
    mealDoses: 0,
    dualWaveBoluses: 0,
    slowMeals: 0,
    corrections: 0,
    forgottenBoluses: 0,
    hypoTreatments: 0,
    bedtimeSnacks: 0,
    glucoseChecks: 0,
    setChanges: 0,
    pumpAlarms: 0,
  };
  for (const entry of log) {
    const { source, type, detail } = entry;
    const reason = rapidDoseReason(entry);
    if (reason === 'meal') {
      counts.mealDoses += 1;
      if (detail['extendedUnits'] !== undefined) counts.dualWaveBoluses += 1;
    } else if (type === 'meal_eaten') {
      if (slowMealCarbs(entry) !== null) counts.slowMeals += 1;
    } else if (reason === 'correction') counts.corrections += 1;
    else if (type === 'bolus_forgotten') counts.forgottenBoluses += 1;
    else if (source === 'meal' && type === 'carbs_eaten') counts.hypoTreatments += 1;
    else if (type === 'bedtime_snack') counts.bedtimeSnacks += 1;
    else if (type === 'glucose_checked') counts.glucoseChecks += 1;
    else if (type === 'set_change') counts.setChanges += 1;
    else if (source === 'pump' && type === 'alarm_raised') counts.pumpAlarms += 1;
  }
  return counts;
}

/** The routine and the exceptions counted, in words: "44 meal boluses and 6 corrections; …". */
export function diaryCountsText(result: SimulationResult): string {
  const counts = diaryCounts(result.log);
  const [dose, doses] =
    result.therapy.kind === 'mdi' ? ['injection', 'injections'] : ['bolus', 'boluses'];
  const dual =
    counts.dualWaveBoluses > 0
      ? ` (${counted(counts.dualWaveBoluses, 'as a dual wave', 'as dual waves')})`
      : '';
  const parts = [
    `${counted(counts.mealDoses, `meal ${dose}`, `meal ${doses}`)}${dual} and ${counted(counts.corrections, 'correction', 'corrections')}`,
    `${counted(counts.forgottenBoluses, `meal ${dose}`, `meal ${doses}`)} forgotten`,
    counted(counts.hypoTreatments, 'hypoglycaemia treatment', 'hypoglycaemia treatments'),
    counted(counts.glucoseChecks, 'glucose check', 'glucose checks'),
  ];
  if (counts.slowMeals > 0)
    parts.splice(1, 0, counted(counts.slowMeals, 'slow meal', 'slow meals'));
  if (counts.bedtimeSnacks > 0) {
    parts.splice(-1, 0, counted(counts.bedtimeSnacks, 'bedtime snack', 'bedtime snacks'));
  }
  if (result.therapy.kind !== 'mdi') {
    parts.push(
      counted(counts.setChanges, 'infusion set change', 'infusion set changes'),
      counted(counts.pumpAlarms, 'pump alarm or alert', 'pump alarms and alerts'),
    );
  }
  return parts.join('; ');
}

/** "1 glucose check", "0 glucose checks", "2 glucose checks". */
function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The diary section: the routine counted, then each exception with its local time. */
export function renderDiarySection(result: SimulationResult, clock: LocalClock): string {
  const heading = '<h2 id="h-diary">Diary</h2>';
  if (result.log.length === 0) {
    return `<section id="diary" class="report-section" aria-labelledby="h-diary">
${heading}
<p class="empty-note">This run kept no log, so it has no diary.</p>
</section>`;
  }
  const lines = result.log.flatMap((entry) => diaryLine(entry, result.therapy.kind) ?? []);
  const rows = lines.map(
    (line, i) =>
      `<tr><td class="num">${i + 1}</td><td>${localDateTime(clock, line.atMinutes)}</td><td>${line.actor}</td><td>${escapeHtml(line.text)}</td></tr>`,
  );
  const body =
    lines.length === 0
      ? '<p class="empty-note">Nothing happened beyond the routine.</p>'
      : `<div class="table-wrap"><table class="data-table" id="diary-table"><caption class="sr-only">Diary, one row per entry</caption>
<thead><tr><th scope="col" class="num">#</th><th scope="col">Time</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>`;
  return `<section id="diary" class="report-section" aria-labelledby="h-diary">
${heading}
<p class="section-note">What the person, the pump and its app did beyond the routine, in local time, from the run's log. Over ${result.durationDays} days: ${escapeHtml(diaryCountsText(result))}.</p>
${body}
</section>`;
}
