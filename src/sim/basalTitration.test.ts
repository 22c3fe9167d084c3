import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePatient } from './patient.ts';
import { fastingGlucoseOnWaking, fastingTitratedDailyBasal } from './basalTitration.ts';

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

function model(index: number, basalInsulin: 'glargine' | 'nph') {
  const patient = resolvePatient({
    source: 'population',
    index,
    dawnPhenomenon: { peakIncreasePercent: 30, onset: '02:40', peak: '06:40', end: '10:40' },
  });
  return {
    model: patient.create({ rapidInsulin: 'rapid-analog', basalInsulin }),
    dailyNeed: patient.clinical.basalUnitsPerHour * 24,
  };
}

test('fasting glucose on waking falls as the long-acting dose rises', () => {
  for (const [insulin, regimen] of [
    ['glargine', glargineAt22],
    ['nph', nphTwice],
  ] as const) {
    const { model: m, dailyNeed } = model(4, insulin);
    const readings = [0.8, 1, 1.2].map((f) => fastingGlucoseOnWaking(m, regimen, dailyNeed * f));
    assert.ok(
      readings[0]! > readings[1]! && readings[1]! > readings[2]!,
      `${insulin}: ${readings}`,
    );
  }
});

test('the titrated dose brings fasting glucose on waking to the target', () => {
  for (const index of [0, 7, 30]) {
    for (const [insulin, regimen] of [
      ['glargine', glargineAt22],
      ['nph', nphTwice],
    ] as const) {
      const { model: m, dailyNeed } = model(index, insulin);
      for (const target of [110, 140]) {
        const dose = fastingTitratedDailyBasal(m, regimen, target, dailyNeed);
        const waking = fastingGlucoseOnWaking(m, regimen, dose);
        assert.ok(Math.abs(waking - target) < 0.5, `${index} ${insulin}: ${dose} U → ${waking}`);
        // Asked again, the same answer (remembered, not searched anew with other results).
        assert.equal(fastingTitratedDailyBasal(m, regimen, target, dailyNeed), dose);
      }
    }
  }
});
