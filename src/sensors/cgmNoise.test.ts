// Statistics of the Breton & Kovatchev 2008 CGM error, checked against closed forms.
//
// What is checked and why:
// - The normal AR(1) series: e_j = 0.7·(e_{j−1} + v_j) has stationary variance
//   0.49/(1 − 0.49) = 0.961 and autocorrelation 0.7 at one step (15 min), 0.49 at two. This
//   is the model's defining property before the transform.
// - The Johnson SU error at the 15-min knots: for e ~ N(0, σ²), Y = (e − γ)/δ is normal with
//   mean μ = −γ/δ and variance s² = σ²/δ², and E[sinh Y] = e^{s²/2}·sinh μ,
//   E[sinh² Y] = (e^{2s²}·cosh 2μ − 1)/2, and for two such Y with correlation ρ
//   E[sinh Y₁·sinh Y₂] = (e^{s²(1+ρ)}·cosh 2μ − e^{s²(1−ρ)})/2 (write sinh·sinh as a
//   difference of cosh of Y₁ ± Y₂ and use E[cosh X] = e^{v/2}·cosh m for X ~ N(m, v)).
//   These give the error's mean (0.72 mg/dL), SD (11.73 mg/dL) and 15-min autocorrelation
//   (0.690), which the simulated knots must match.
// - Between knots the interpolation keeps the mean (its weights sum to 1), so the mean over
//   all 5-min samples matches too; it passes through every knot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../random/rng.ts';
import { BretonAr1, CgmNoise, type CgmNoiseParameters } from './cgmNoise.ts';
import { BRETON_2008_JOHNSON_SU, BRETON_2008_PACF, johnsonSu } from './johnsonSu.ts';

const cubic: CgmNoiseParameters = {
  ...BRETON_2008_JOHNSON_SU,
  pacf: BRETON_2008_PACF,
  interpolation: 'cubic',
};

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] as number;
  return sum / values.length;
}

function varianceOf(values: Float64Array): number {
  const mean = meanOf(values);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += ((values[i] as number) - mean) ** 2;
  return sum / (values.length - 1);
}

function autocorrelation(values: Float64Array, lag: number): number {
  const mean = meanOf(values);
  let cross = 0;
  let square = 0;
  for (let i = 0; i < values.length; i += 1) {
    const d = (values[i] as number) - mean;
    square += d * d;
    if (i >= lag) cross += d * ((values[i - lag] as number) - mean);
  }
  return cross / square;
}

/** Closed-form moments of ξ + λ·sinh((e − γ)/δ) for e ~ N(0, σ²) with lag correlation ρ. */
function johnsonMoments(varianceE: number, rho: number) {
  const { gamma, lambda, delta, xi } = BRETON_2008_JOHNSON_SU;
  const mu = -gamma / delta;
  const s2 = varianceE / (delta * delta);
  const eSinh = Math.exp(s2 / 2) * Math.sinh(mu);
  const eSinh2 = (Math.exp(2 * s2) * Math.cosh(2 * mu) - 1) / 2;
  const eCross = (Math.exp(s2 * (1 + rho)) * Math.cosh(2 * mu) - Math.exp(s2 * (1 - rho))) / 2;
  const variance = lambda * lambda * (eSinh2 - eSinh * eSinh);
  return {
    mean: xi + lambda * eSinh,
    sd: Math.sqrt(variance),
    lagCorrelation: (lambda * lambda * (eCross - eSinh * eSinh)) / variance,
  };
}

const STATIONARY_VARIANCE = (0.7 * 0.7) / (1 - 0.7 * 0.7); // 0.9608

test('the normal AR(1) series has variance 0.961 and 15-min autocorrelation 0.7', () => {
  const series = new BretonAr1(BRETON_2008_PACF, new Rng(101));
  const n = 200_000;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) values[i] = series.next();
  const variance = varianceOf(values);
  assert.ok(Math.abs(variance - STATIONARY_VARIANCE) < 0.03, `variance ${variance}`);
  const lag1 = autocorrelation(values, 1);
  const lag2 = autocorrelation(values, 2);
  assert.ok(Math.abs(lag1 - 0.7) < 0.01, `lag-1 autocorrelation ${lag1}`);
  assert.ok(Math.abs(lag2 - 0.49) < 0.015, `lag-2 autocorrelation ${lag2}`);
});

test('the error at the 15-min knots has the Johnson SU mean, SD and autocorrelation', () => {
  const expected = johnsonMoments(STATIONARY_VARIANCE, BRETON_2008_PACF);
  // Sanity of the closed form itself: a positive mean of under 1 mg/dL and an SD near 12.
  assert.ok(expected.mean > 0.5 && expected.mean < 1, `closed-form mean ${expected.mean}`);
  assert.ok(expected.sd > 11 && expected.sd < 13, `closed-form SD ${expected.sd}`);
  const noise = new CgmNoise(cubic, new Rng(202));
  const n = 150_000;
  const knots = new Float64Array(n);
  for (let j = 0; j < n; j += 1) knots[j] = noise.at(15 * j);
  const mean = meanOf(knots);
  const sd = Math.sqrt(varianceOf(knots));
  const lag1 = autocorrelation(knots, 1);
  console.log(
    `CGM error at knots: mean ${mean.toFixed(3)} (closed form ${expected.mean.toFixed(3)}) mg/dL, ` +
      `SD ${sd.toFixed(3)} (${expected.sd.toFixed(3)}) mg/dL, ` +
      `15-min autocorrelation ${lag1.toFixed(4)} (${expected.lagCorrelation.toFixed(4)})`,
  );
  assert.ok(Math.abs(mean - expected.mean) < 0.35, `mean ${mean} vs ${expected.mean}`);
  assert.ok(Math.abs(sd - expected.sd) < 0.35, `SD ${sd} vs ${expected.sd}`);
  assert.ok(Math.abs(lag1 - expected.lagCorrelation) < 0.015, `lag-1 ${lag1}`);
});

test('the mean over every 5-min sample equals the knot mean (interpolation keeps the mean)', () => {
  const expected = johnsonMoments(STATIONARY_VARIANCE, BRETON_2008_PACF);
  for (const interpolation of ['cubic', 'linear'] as const) {
    const noise = new CgmNoise({ ...cubic, interpolation }, new Rng(303));
    const n = 300_000;
    const samples = new Float64Array(n);
    for (let k = 0; k < n; k += 1) samples[k] = noise.at(5 * k);
    const mean = meanOf(samples);
    assert.ok(Math.abs(mean - expected.mean) < 0.35, `${interpolation} mean ${mean}`);
  }
});

test('the interpolated error passes through the Johnson SU knots of the AR(1) series', () => {
  // Rebuild the knots from an identically seeded series: knot −1 is the stationary start,
  // knot j (offset 15·j) the j-th step after it.
  const series = new BretonAr1(BRETON_2008_PACF, new Rng(404));
  const knots = [johnsonSu(series.current(), BRETON_2008_JOHNSON_SU)];
  for (let j = 0; j < 40; j += 1) knots.push(johnsonSu(series.next(), BRETON_2008_JOHNSON_SU));
  const linear = new CgmNoise({ ...cubic, interpolation: 'linear' }, new Rng(404));
  const smooth = new CgmNoise(cubic, new Rng(404));
  for (let j = 0; j < 30; j += 1) {
    const left = knots[j + 1] as number;
    const right = knots[j + 2] as number;
    assert.ok(Math.abs(smooth.at(15 * j) - left) < 1e-9);
    assert.ok(Math.abs(linear.at(15 * j) - left) < 1e-9);
    // Linear: one third of the way at +5 min, two thirds at +10 min.
    assert.ok(Math.abs(linear.at(15 * j + 5) - (left + (right - left) / 3)) < 1e-9);
    assert.ok(Math.abs(linear.at(15 * j + 10) - (left + (2 * (right - left)) / 3)) < 1e-9);
    smooth.at(15 * j + 10);
  }
});

test('noise offsets may not go back to an earlier segment', () => {
  const noise = new CgmNoise(cubic, new Rng(5));
  noise.at(100);
  assert.throws(() => noise.at(20), /must not go back/);
});
