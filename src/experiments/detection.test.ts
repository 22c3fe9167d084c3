import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectionExperiment } from './detection.ts';

test('detection: every dislodgement is caught within the run, and false alarms are counted per patient-month', () => {
  const result = detectionExperiment({ patients: 3 }).run({});
  const data = result.data as {
    falseAlarms: number;
    patientMonths: number;
    arms: { minutes: (number | null)[] }[];
  };
  assert.equal(data.arms.length, 2);
  for (const arm of data.arms) {
    assert.equal(arm.minutes.length, 3);
    for (const m of arm.minutes) assert.ok(m !== null && m > 0 && m < 2 * 1440, `${m}`);
  }
  // The person adds checks to the detector: never later than the detector alone.
  const [alone, both] = data.arms;
  alone?.minutes.forEach((m, i) =>
    assert.ok((both?.minutes[i] ?? Infinity) <= (m ?? Infinity) + 1e-9),
  );
  assert.ok(Math.abs(data.patientMonths - (3 * 14) / 30.4375) < 1e-9);
  assert.ok(data.falseAlarms >= 0);
  assert.deepEqual(detectionExperiment({ patients: 3 }).run({}).data, result.data);
});
