import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../sim/index.ts';
import type { LogEntry } from '../sim/result.ts';
import { buildChartData } from './chartData.ts';
import {
  DIARY_MARKS,
  diaryCounts,
  diaryCountsText,
  diaryLine,
  diaryMarks,
  renderDiarySection,
} from './diary.ts';
import { parseStartLocal } from './localTime.ts';

const entry = (source: string, type: string, detail: Record<string, unknown> = {}): LogEntry => ({
  atMinutes: 90,
  source,
  type,
  detail,
});

test('the routine is counted, not listed', () => {
  const routine = [
    entry('meal', 'meal_eaten', { carbsGrams: 50, reason: 'meal' }),
    entry('pump', 'delivered', { basalMilliunits: 50, bolusMilliunits: 0 }),
    entry('pump', 'suspended', { reason: 'user', source: 'user' }),
    entry('therapy', 'bolus_requested', { units: 3, reason: 'meal' }),
    entry('therapy', 'set_change', { reason: 'routine' }),
    entry('therapy', 'glucose_checked', { glucoseMgdl: 130 }),
    entry('therapy', 'loop_cycle', {}),
    entry('pump', 'bolus_cancelled', { id: 3, source: 'algorithm', undeliveredMilliunits: 150 }),
  ];
  for (const e of routine) assert.equal(diaryLine(e, 'pump'), null, e.type);
  const basal = entry('therapy', 'injection', { insulin: 'glargine', units: 20, reason: 'basal' });
  assert.equal(diaryLine(basal, 'mdi'), null);
  // A pen dose on a pump is an exception.
  assert.match(diaryLine(basal, 'pump')?.text ?? '', /Pen injection 20\.00 U \(basal\)/);
  const forgotten = entry('therapy', 'bolus_forgotten', { carbsGrams: 40 });
  assert.equal(diaryLine(forgotten, 'mdi')?.text, 'Meal injection forgotten (40 g eaten)');
});

test('the exceptions are listed in words, with who acted', () => {
  const cases: [LogEntry, string, RegExp][] = [
    [entry('therapy', 'bolus_forgotten', { carbsGrams: 62 }), 'Person', /forgotten \(62 g eaten\)/],
    [
      entry('therapy', 'missed_bolus_found', { minutesSinceMeal: 240, glucoseMgdl: 350 }),
      'Person',
      /noticed 4\sh\s00\smin after the meal, at 350\smg\/dL/,
    ],
    [
      entry('therapy', 'bolus_requested', { units: 0.5, reason: 'correction' }),
      'Person',
      /Correction bolus 0\.50 U/,
    ],
    [
      entry('meal', 'carbs_eaten', { carbsGrams: 15, reason: 'treating 62 mg/dL' }),
      'Person',
      /15 g fast carbohydrate \(treating 62 mg\/dL\)/,
    ],
    [
      entry('therapy', 'high_glucose_after_meal_bolus', {
        glucoseMgdl: 312,
        minutesSinceBolus: 55,
      }),
      'Person',
      /^High glucose 312\smg\/dL 55\smin after a meal bolus: the meal's, rechecked 2 h after/,
    ],
    [
      entry('therapy', 'cgm_low_checked', { cgmMgdl: 66 }),
      'Person',
      /^CGM read 66\smg\/dL with no symptoms: checked by finger stick$/,
    ],
    [
      entry('meal', 'bedtime_snack', { carbsGrams: 15, glucoseMgdl: 96.4 }),
      'Person',
      /^15 g bedtime snack \(glucose 96\smg\/dL\)$/,
    ],
    [
      entry('pump', 'alarm_raised', { code: 'occlusion', missedMilliunits: 3000 }),
      'Pump',
      /^Alarm: Occlusion.*\(3\.00 U missed\)/,
    ],
    [entry('pump', 'alarm_raised', { code: 'low_insulin' }), 'Pump', /^Alert: Low reservoir/],
    [
      entry('pump', 'suspended', { reason: 'disconnected', source: 'user' }),
      'Pump',
      /suspended \(disconnected\)/,
    ],
    [
      entry('therapy', 'delivery_failure_suspected', {
        reason: 'no-fall-for-long',
        glucoseMgdl: 350,
      }),
      'App',
      /high glucose not falling, at 350 mg\/dL/,
    ],
    [
      entry('therapy', 'meter_ketones', { bohbMmolL: 1.24 }),
      'Person',
      /Ketones checked: 1\.2 mmol\/L/,
    ],
    [
      entry('therapy', 'fault', { kind: 'dislodgement', origin: 'random' }),
      'Fault',
      /dislodgement begins \(random\)/,
    ],
    [entry('therapy', 'loop_waiting_for_pump'), 'Loop', /Waits/],
    [entry('pump', 'bolus_cancelled', { id: 3, source: 'user' }), 'Pump', /^Bolus cancelled$/],
    // An entry this file has no words for is listed by its type, never dropped.
    [entry('therapy', 'some_new_decision'), 'Person', /^some new decision$/],
  ];
  for (const [e, actor, text] of cases) {
    const line = diaryLine(e, 'pump');
    assert.equal(line?.actor, actor, e.type);
    assert.match(line?.text ?? '', text);
    assert.equal(line?.atMinutes, 90);
  }
});

test('the counts add up the routine and the exceptions by kind', () => {
  const log = [
    entry('therapy', 'bolus_requested', { units: 3, reason: 'meal' }),
    entry('meal', 'meal_eaten', { carbsGrams: 60, reason: 'meal' }),
    entry('therapy', 'bolus_requested', {
      units: 3,
      reason: 'meal',
      immediateUnits: 1.5,
      extendedUnits: 1.5,
      durationMinutes: 120,
    }),
    entry('meal', 'meal_eaten', { carbsGrams: 90, reason: 'meal', slowOverMinutes: 180 }),
    entry('therapy', 'injection', { insulin: 'rapid', units: 2, reason: 'correction' }),
    entry('therapy', 'injection', { insulin: 'glargine', units: 20, reason: 'basal' }),
    entry('therapy', 'bolus_forgotten', { carbsGrams: 50 }),
    entry('meal', 'carbs_eaten', { carbsGrams: 15, reason: 'treating 60 mg/dL' }),
    entry('meal', 'bedtime_snack', { carbsGrams: 15, glucoseMgdl: 96 }),
    entry('therapy', 'glucose_checked', { glucoseMgdl: 99 }),
    entry('therapy', 'set_change', { reason: 'routine' }),
    entry('pump', 'alarm_raised', { code: 'infusion_set_age' }),
  ];
  assert.deepEqual(diaryCounts(log), {
    mealDoses: 2,
    dualWaveBoluses: 1,
    slowMeals: 1,
    corrections: 1,
    forgottenBoluses: 1,
    hypoTreatments: 1,
    bedtimeSnacks: 1,
    glucoseChecks: 1,
    setChanges: 1,
    pumpAlarms: 1,
  });
});

test('the counts read as English: one of a thing, or several things', () => {
  // A day with one meal and its bolus, one check, and nothing else.
  const result = simulate({
    durationDays: 1,
    meals: { kind: 'list', meals: [{ atMinutes: 720, carbsGrams: 50 }] },
    behaviour: { forgetBolusProbability: 0, checkTimes: ['18:00'], bedtimeSnackBelowMgdl: 0 },
    sensor: { kind: 'none' },
  });
  const text = diaryCountsText(result);
  assert.match(text, /^1 meal bolus and 0 corrections; 0 meal boluses forgotten;/);
  assert.match(text, /; 1 glucose check(;|$)/);
  assert.doesNotMatch(text, /\b1 [a-z ]+(checks|boluses|treatments|snacks|changes)\b/);
});

test("a simulation's diary lists each forgotten bolus at its local time, and says so without a log", () => {
  const scenario = { durationDays: 3, behaviour: { forgetBolusProbability: 0.4 }, seed: 5 };
  const result = simulate(scenario);
  const clock = parseStartLocal(result.startLocal);
  const html = renderDiarySection(result, clock);
  const forgotten = result.log.filter((e) => e.type === 'bolus_forgotten');
  assert.ok(forgotten.length >= 2, `${forgotten.length} forgotten`);
  assert.equal(html.split('Meal bolus forgotten').length - 1, forgotten.length);
  assert.match(html, new RegExp(`${forgotten.length} meal boluses forgotten`));
  const rows = html.split('<tr>').length - 2; // minus the header row
  const listed = result.log.filter((e) => diaryLine(e, result.therapy.kind) !== null).length;
  assert.equal(rows, listed);
  const quiet = renderDiarySection(simulate(scenario, { log: false }), clock);
  assert.match(quiet, /kept no log/);
});

test('the glucose chart marks forgotten boluses, fast carbohydrate, corrections and alarms', () => {
  const log = [
    entry('therapy', 'bolus_forgotten', { carbsGrams: 50 }),
    entry('meal', 'carbs_eaten', { carbsGrams: 15, reason: 'treating 60 mg/dL' }),
    entry('meal', 'meal_eaten', { carbsGrams: 50, reason: 'meal' }),
    entry('therapy', 'bolus_requested', { units: 1, reason: 'correction' }),
    entry('therapy', 'bolus_requested', { units: 4, reason: 'meal' }),
    entry('therapy', 'sick_day_injection', { units: 2 }),
    entry('pump', 'alarm_raised', { code: 'occlusion' }),
    entry('pump', 'alarm_raised', { code: 'infusion_set_age' }),
    entry('therapy', 'delivery_failure_suspected', { reason: 'no-fall-for-long' }),
  ];
  assert.deepEqual(
    diaryMarks(log).map((m) => m.kind),
    ['forgotten', 'carbs', 'correction', 'correction', 'alert', 'alert'],
  );
  const result = simulate({ durationDays: 3, behaviour: { forgetBolusProbability: 0.4 }, seed: 5 });
  const data = buildChartData({
    result,
    clock: parseStartLocal(result.startLocal),
    kinds: new Map(),
  });
  const forgotten = result.log.filter((e) => e.type === 'bolus_forgotten').length;
  const red = data.diaryMarks.filter((m) => m.colour === DIARY_MARKS.forgotten.colour).length;
  assert.ok(forgotten > 0);
  assert.equal(red, forgotten);
});
