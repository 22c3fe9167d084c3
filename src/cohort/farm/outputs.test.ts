import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvOf } from './outputs.ts';

test('patients.csv: a header from the first row, cells quoted only when needed', () => {
  const csv = csvOf([
    { task: 0, arm: 'pump', note: 'a, "b"', hba1cPercent: 7.1, missed: null, ok: true },
    { task: 1, arm: 'mdi', note: 'line\nbreak', hba1cPercent: 6.85, missed: 2, ok: false },
  ]);
  assert.equal(
    csv,
    'task,arm,note,hba1cPercent,missed,ok\n' +
      '0,pump,"a, ""b""",7.1,,true\n' +
      '1,mdi,"line\nbreak",6.85,2,false\n',
  );
  assert.equal(csvOf([]), '');
});

test('rows with other columns are refused rather than written misaligned', () => {
  assert.throws(
    () =>
      csvOf([
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ]),
    /row 1 has columns b,a/,
  );
  assert.throws(() => csvOf([{ a: 1 }, { a: 1, b: 2 }]), /row 1/);
});
