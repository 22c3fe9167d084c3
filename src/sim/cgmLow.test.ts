// A CGM low without symptoms is confirmed by finger stick before it is treated
// (behaviour.confirmCgmLowByMeter): the sensor's error alone reads below 70 mg/dL at a true 90.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntry, SimulationResult } from './result.ts';
import { simulate } from './run.ts';

const TREAT_BELOW = 70;
const SYMPTOMS_BELOW = 55;

function run(confirmCgmLowByMeter: boolean): SimulationResult {
  return simulate({
    durationDays: 60,
    seed: 5,
    patient: { source: 'population', index: 0 },
    therapy: { kind: 'pump' },
    sensor: { kind: 'cgm' },
    behaviour: {
      confirmCgmLowByMeter,
      hypoTreatmentBelowMgdl: TREAT_BELOW,
      hypoSymptomsBelowMgdl: SYMPTOMS_BELOW,
    },
  });
}

const treatments = (r: SimulationResult) =>
  r.log.filter(
    (e) => e.type === 'carbs_eaten' && String(e.detail['reason']).startsWith('treating'),
  );

/** Plasma glucose at a minute of the run, from the trace's rows. */
const plasmaAt = (r: SimulationResult, e: LogEntry) =>
  r.trace.plasmaGlucoseMgdl[Math.floor(e.atMinutes / r.trace.intervalMinutes)]!;

test('a CGM low without symptoms is checked by meter and treated only if the meter reads low', () => {
  const confirmed = run(true);
  const checks = confirmed.log.filter((e) => e.type === 'cgm_low_checked');
  assert.ok(checks.length >= 5, `${checks.length} CGM lows checked`);
  let treatedAfterCheck = 0;
  for (const check of checks) {
    assert.ok(Number(check.detail['cgmMgdl']) < TREAT_BELOW);
    assert.ok(plasmaAt(confirmed, check) >= SYMPTOMS_BELOW - 5, 'nothing was felt');
    const sameMinute = confirmed.log.filter((e) => e.atMinutes === check.atMinutes);
    const meter = sameMinute.find((e) => e.type === 'meter_glucose');
    assert.ok(meter !== undefined, `a finger stick at minute ${check.atMinutes}`);
    const meterMgdl = Number(meter.detail['glucoseMgdl']);
    const treated = sameMinute.some((e) => treatments(confirmed).includes(e));
    assert.equal(treated, meterMgdl < TREAT_BELOW, `meter ${meterMgdl} mg/dL`);
    if (treated) treatedAfterCheck += 1;
  }
  assert.ok(treatedAfterCheck < checks.length / 2, `${treatedAfterCheck} of ${checks.length}`);
  // Treated at once, the same readings bring more carbohydrate, much of it at normal glucose.
  const atOnce = run(false);
  assert.equal(atOnce.log.filter((e) => e.type === 'cgm_low_checked').length, 0);
  assert.ok(treatments(atOnce).length > treatments(confirmed).length);
  const inRange = (r: SimulationResult) => treatments(r).filter((e) => plasmaAt(r, e) >= 80).length;
  assert.ok(
    inRange(confirmed) < inRange(atOnce) / 2,
    `${inRange(confirmed)} vs ${inRange(atOnce)}`,
  );
});
