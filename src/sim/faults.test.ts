import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from './run.ts';
import type { SimulationResult } from './result.ts';
import { eventDefinitions, ketoacidosisEvents } from './clinicalEvents.ts';
import { parseScenario } from './scenario.ts';

// Faults at 01:00 on day 2 (a night: basal only until breakfast), in a 3-day run. Each result is
// compared with the same scenario and seed without the fault.
const base = { durationDays: 3, seed: 3 };
const FAULT_AT = 1440 + 60;
const withFault = (fault: object, extra: object = {}) =>
  simulate({ ...base, ...extra, faults: [{ at: { day: 2, time: '01:00' }, ...fault }] });
const healthy = simulate(base);

/** The value of a 5-minute series `hours` after the fault. */
const after = (series: readonly (number | null)[], hours: number) =>
  series[Math.round((FAULT_AT + hours * 60) / 5)] ?? Number.NaN;

function record(r: SimulationResult) {
  const [f] = r.faults.records;
  assert.ok(f !== undefined, 'the fault is recorded');
  return f;
}

test('a dislodged cannula is silent: insulin is lost, glucose and BOHB rise, the person or the detector catches it', () => {
  const r = withFault({ kind: 'dislodgement' });
  const f = record(r);
  assert.equal(f.atMinutes, FAULT_AT);
  assert.ok(r.faults.lostUnits > 1, `${r.faults.lostUnits} U lost`);
  // No pump alarm: the pump delivers as programmed.
  assert.equal(
    r.log.filter(
      (e) => e.type === 'alarm_raised' && e.atMinutes >= FAULT_AT && e.atMinutes < FAULT_AT + 300,
    ).length,
    0,
  );
  for (const hours of [3, 5]) {
    assert.ok(
      after(r.trace.plasmaGlucoseMgdl, hours) > after(healthy.trace.plasmaGlucoseMgdl, hours) + 50,
    );
    assert.ok(after(r.trace.bohbMmolL, hours) > after(healthy.trace.bohbMmolL, hours) + 0.3);
    assert.ok(
      after(r.trace.plasmaInsulinMilliunitsPerL, hours) <
        after(healthy.trace.plasmaInsulinMilliunitsPerL, hours) * 0.6,
    );
  }
  assert.ok(f.detectedAtMinutes !== null && f.detectedBy !== null);
  assert.ok(f.resolvedAtMinutes !== null && f.resolvedAtMinutes >= f.detectedAtMinutes);
});

test('the detector alone catches a dislodgement when nobody checks glucose', () => {
  const r = withFault(
    { kind: 'dislodgement' },
    {
      behaviour: { checkTimes: [], suspectDeliveryAboveMgdl: 500 },
      meals: { kind: 'list', meals: [] },
    },
  );
  const f = record(r);
  assert.equal(f.detectedBy, 'detector');
  assert.ok(r.detectorAlerts.length >= 1);
  // Glucose has to stay above 250 mg/dL for 3 hours first.
  assert.ok((f.detectedAtMinutes ?? 0) - f.atMinutes >= 180);
});

test('a blocked line alarms after the threshold amount is missed, at the rate the settings imply', () => {
  const r = withFault({ kind: 'occlusion' });
  const f = record(r);
  assert.equal(f.detectedBy, 'pump alarm occlusion');
  const basal = r.patient.basalUnitsPerHour;
  // Default threshold 3 U: the alarm comes when 3 U have been pushed into the blocked line.
  const expectedMinutes = (3 / (Math.round(basal / 0.025) * 0.025)) * 60;
  const minutes = (f.detectedAtMinutes ?? 0) - f.atMinutes;
  assert.ok(Math.abs(minutes - expectedMinutes) <= 6, `${minutes} vs ${expectedMinutes}`);
  assert.ok(f.resolvedAtMinutes !== null, 'the person changes the set');
});

test('a kinked tube holds insulin back and releases it when it straightens', () => {
  const r = withFault({ kind: 'kinked-tubing', durationMinutes: 120 });
  const f = record(r);
  assert.equal(f.resolvedAtMinutes, FAULT_AT + 120);
  assert.equal(r.faults.lostUnits, 0);
  // During the kink plasma insulin falls; an hour after the release it is above the healthy run.
  const insulin = (run: SimulationResult, hours: number) =>
    after(run.trace.plasmaInsulinMilliunitsPerL, hours);
  assert.ok(
    insulin(r, 1.9) < insulin(healthy, 1.9),
    `${insulin(r, 1.9)} vs ${insulin(healthy, 1.9)}`,
  );
  assert.ok(insulin(r, 3) > insulin(healthy, 3), `${insulin(r, 3)} vs ${insulin(healthy, 3)}`);
});

test('a failing battery warns, then stops the pump, until the person changes it', () => {
  const r = withFault({ kind: 'battery-depletion', durationMinutes: 120 });
  const f = record(r);
  assert.equal(f.detectedBy, 'pump alarm low_power');
  assert.ok(f.resolvedAtMinutes !== null);
  assert.ok(r.log.some((e) => e.type === 'battery_changed' && e.atMinutes >= FAULT_AT));
});

test('a failed pump: the person goes on pens until the replacement arrives', () => {
  const r = withFault({ kind: 'pump-failure' });
  const f = record(r);
  assert.equal(f.detectedBy, 'pump alarm no_delivery');
  const pens = r.log.filter((e) => e.type === 'injection' && e.atMinutes > FAULT_AT);
  assert.ok(pens.length >= 5, `${pens.length} pen injections`);
  // Replacement after the default 24 h (plus the reaction delay).
  assert.ok((f.resolvedAtMinutes ?? 0) - FAULT_AT >= 24 * 60);
  assert.equal(r.summary.eventCounts['ketoacidosis'], 0);
});

test('a CGM dropout leaves a gap; a drifting sensor reads further from plasma glucose', () => {
  const dropout = withFault({ kind: 'cgm-dropout', durationMinutes: 120 });
  for (let h = 0.1; h < 2; h += 0.25)
    assert.ok(Number.isNaN(after(dropout.trace.cgmGlucoseMgdl, h)));
  assert.ok(
    (dropout.summary.cgm?.coveragePercent ?? 100) < (healthy.summary.cgm?.coveragePercent ?? 0),
  );
  const drift = withFault({ kind: 'cgm-drift', magnitude: 0.3, durationMinutes: 2000 });
  const error = (r: SimulationResult, h: number) =>
    (after(r.trace.cgmGlucoseMgdl, h) ?? 0) / after(r.trace.plasmaGlucoseMgdl, h);
  assert.ok(error(drift, 20) > error(healthy, 20) + 0.15);
});

test('a forgotten reconnection loses the basal of the hours it lasts', () => {
  const r = withFault({ kind: 'forgotten-reconnection', durationMinutes: 240 });
  const lostBasal = r.patient.basalUnitsPerHour * 4;
  assert.ok(
    Math.abs(r.faults.lostUnits - lostBasal) < 0.3,
    `${r.faults.lostUnits} vs ${lostBasal}`,
  );
});

test('a site infection halves absorption until the person notices it and changes the set', () => {
  const r = withFault({ kind: 'site-infection' });
  assert.equal(r.faults.siteInfections, 1);
  const f = record(r);
  assert.ok(f.resolvedAtMinutes !== null);
  assert.ok(r.faults.lostUnits > 2);
});

test('random faults follow their rate and the seed', () => {
  const scenario = {
    durationDays: 30,
    seed: 9,
    faults: [{ kind: 'kinked-tubing', ratePerPatientYear: 60 }],
  };
  const a = simulate(scenario);
  const b = simulate(scenario);
  assert.deepEqual(a.faults, b.faults);
  // 60 a year over 30 days: about 5 expected; the count is Poisson.
  const n = a.faults.records.length;
  assert.ok(n >= 1 && n <= 12, `${n} kinks`);
  assert.ok(a.faults.records.every((f) => f.origin === 'random'));
});

test('worn sets get infected more often than fresh ones (the hazard rises with wear)', () => {
  const infections = (setChangeHours: number) =>
    simulate({
      durationDays: 60,
      seed: 4,
      behaviour: { setChangeHours },
      site: { infectionRatePerPatientYear: 10 },
      sensor: { kind: 'none' },
    }).faults.siteInfections;
  assert.ok(infections(168) > infections(48), `${infections(168)} vs ${infections(48)}`);
});

test('ketoacidosis fires exactly by its definition', () => {
  const definition = eventDefinitions(parseScenario({}).outcomes).ketoacidosis;
  const n = 200;
  const glucose = new Float64Array(n).fill(250);
  const bohb = new Float64Array(n).fill(1);
  // 14 minutes at BOHB 3.0: not an event; then 15 minutes: an event from minute 100.
  bohb.fill(3, 20, 34);
  bohb.fill(3, 100, 115);
  assert.deepEqual(
    ketoacidosisEvents({ plasmaPerMinute: glucose, bohbPerMinute: bohb }, definition).map((e) => [
      e.startMinutes,
      e.endMinutes,
    ]),
    [[100, 115]],
  );
  // Glucose below 200 mg/dL (euglycaemic ketosis) does not count.
  glucose.fill(190, 100, 115);
  assert.deepEqual(
    ketoacidosisEvents({ plasmaPerMinute: glucose, bohbPerMinute: bohb }, definition),
    [],
  );
});

test('a pump at the end of its service life stops; pens bridge to a new pump', () => {
  // A motor life of 1000 U (the shortest setting): about four weeks at this patient's needs.
  const r = simulate(
    { durationDays: 32, seed: 3, pump: { motorServiceLifeUnits: 1000 } },
    { log: true },
  );
  const alarm = r.log.find((e) => e.type === 'alarm_raised' && e.detail.code === 'end_of_service');
  assert.ok(alarm !== undefined, 'the end-of-service alarm sounds');
  assert.ok(r.log.some((e) => e.type === 'pump_failed' && e.atMinutes >= alarm.atMinutes));
  const replaced = r.log.find((e) => e.type === 'pump_replaced');
  assert.ok(replaced !== undefined && replaced.atMinutes - alarm.atMinutes >= 24 * 60);
  // The new pump delivers again.
  assert.ok(r.log.some((e) => e.type === 'delivered' && e.atMinutes > replaced.atMinutes + 10));
  assert.equal(r.summary.eventCounts['ketoacidosis'], 0);
});
