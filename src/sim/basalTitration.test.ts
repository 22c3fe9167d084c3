import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePatient } from './patient.ts';
import { FASTING_FLOOR_MGDL, fastingDay, titratedDailyBasal } from './basalTitration.ts';

const glargineAt22 = {
  injections: [{ minuteOfDay: 22 * 60, share: 1 }],
  startMinuteOfDay: 0,
  wakeMinuteOfDay: 7 * 60,
};
const nphTwice = {
  injections: [
    { minuteOfDay: 7 * 60, share: 0.5 },
    { minuteOfDay: 22 * 60, share: 0.5 },
  ],
  startMinuteOfDay: 0,
  wakeMinuteOfDay: 7 * 60,
};
const regimens = [
  ['glargine', glargineAt22],
  ['nph', nphTwice],
] as const;

function model(index: number, basalInsulin: 'glargine' | 'nph', dawn: boolean) {
  const patient = resolvePatient({
    source: 'population',
    index,
    ...(dawn
      ? {
          dawnPhenomenon: { peakIncreasePercent: 30, onset: '02:40', peak: '06:40', end: '10:40' },
        }
      : {}),
  });
  return {
    model: patient.create({ rapidInsulin: 'rapid-analog', basalInsulin }),
    dailyNeed: patient.clinical.basalUnitsPerHour * 24,
  };
}

test('the waking glucose and the lowest of a fasting day fall as the long-acting dose rises', () => {
  for (const [insulin, regimen] of regimens) {
    const { model: m, dailyNeed } = model(4, insulin, true);
    const days = [0.8, 1, 1.2].map((f) => fastingDay(m, regimen, dailyNeed * f));
    for (let i = 1; i < days.length; i += 1) {
      assert.ok(
        days[i]!.wakingMgdl < days[i - 1]!.wakingMgdl,
        `${insulin}: ${JSON.stringify(days)}`,
      );
      assert.ok(
        days[i]!.lowestMgdl < days[i - 1]!.lowestMgdl,
        `${insulin}: ${JSON.stringify(days)}`,
      );
      assert.ok(days[i]!.lowestMgdl <= days[i]!.wakingMgdl);
    }
  }
});

test('titration: waking glucose at the target, unless a fasting day would fall below the floor', () => {
  const bound = { target: 0, floor: 0 };
  for (const index of [0, 7, 30]) {
    for (const [insulin, regimen] of regimens) {
      for (const dawn of [false, true]) {
        const { model: m, dailyNeed } = model(index, insulin, dawn);
        for (const target of [110, 140]) {
          const dose = titratedDailyBasal(m, regimen, target, dailyNeed);
          const day = fastingDay(m, regimen, dose);
          const what = `${index} ${insulin} dawn ${dawn} target ${target}: ${dose} U → ${JSON.stringify(day)}`;
          assert.ok(day.lowestMgdl > FASTING_FLOOR_MGDL - 0.5, what);
          assert.ok(day.wakingMgdl > target - 0.5, what);
          // One of the two holds the dose: the waking target, or the floor.
          if (Math.abs(day.wakingMgdl - target) < 0.5) bound.target += 1;
          else if (Math.abs(day.lowestMgdl - FASTING_FLOOR_MGDL) < 0.5) bound.floor += 1;
          else assert.fail(what);
          // Asked again, the same answer (remembered, not searched anew with other results).
          assert.equal(titratedDailyBasal(m, regimen, target, dailyNeed), dose);
        }
      }
    }
  }
  // Both limits are met in these patients: the test sees each rule at work.
  assert.ok(bound.target > 0 && bound.floor > 0, JSON.stringify(bound));
});
