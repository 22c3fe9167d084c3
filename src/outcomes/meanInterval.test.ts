import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanHalfWidth95 } from './meanInterval.ts';

test('the 95 % half-width of a mean: 1.96·SD/√n, NaN without two values or an SD', () => {
  assert.ok(Math.abs(meanHalfWidth95(10, 100) - 1.96) < 1e-3);
  assert.ok(Math.abs(meanHalfWidth95(1.3, 95) - 0.2614) < 1e-4);
  assert.ok(Number.isNaN(meanHalfWidth95(1, 1)));
  assert.ok(Number.isNaN(meanHalfWidth95(null, 10)));
});
