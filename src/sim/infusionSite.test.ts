import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../random/rng.ts';
import { InfusionSite, siteSchema } from './infusionSite.ts';

const site = (overrides: object = {}) => new InfusionSite(siteSchema.parse(overrides), new Rng(1));

test('every unit pushed is absorbed, delayed, lost or held in the line: nothing appears or vanishes', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          units: fc.double({ min: 0, max: 2, noNaN: true }),
          minutes: fc.integer({ min: 1, max: 600 }),
        }),
        { maxLength: 40 },
      ),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.boolean(),
      (pulses, blockedShare, infected) => {
        const s = site();
        s.blockedShare = blockedShare;
        s.blockedUntilMinutes = Infinity;
        s.infected = infected;
        let now = 0;
        let pushed = 0;
        let accounted = 0;
        for (const p of pulses) {
          now += p.minutes;
          const out = s.deliver(now, p.units);
          pushed += p.units;
          accounted += out.toDepot + out.lost;
          accounted += s.release(now);
        }
        // Whatever is still delayed comes out within the slowdown.
        accounted += s.release(now + 10_000) + s.trappedUnits;
        assert.ok(Math.abs(pushed - accounted) < 1e-9, `${pushed} vs ${accounted}`);
      },
    ),
  );
});

test('a fresh set absorbs all; a worn one loses a growing share; a new set starts afresh', () => {
  const s = site({ erraticCv: 0 });
  assert.equal(s.deliver(60, 1).toDepot, 1);
  const fourDays = s.deliver(4 * 1440, 1).toDepot;
  const fiveDays = s.deliver(5 * 1440, 1).toDepot;
  // 0.15 per day beyond 3 days: 15 % then 30 % not absorbed normally (half of it delayed).
  assert.ok(Math.abs(fourDays - 0.85) < 1e-9 && Math.abs(fiveDays - 0.7) < 1e-9);
  s.change(5 * 1440);
  assert.equal(s.deliver(5 * 1440 + 60, 1).toDepot, 1);
});

test('a dislodged or disconnected set loses everything; a blocked one holds it until it clears', () => {
  const s = site();
  s.dislodged = true;
  assert.deepEqual({ ...s.deliver(10, 1) }, { toDepot: 0, lost: 1 });
  s.change(20);
  s.disconnectedUntilMinutes = 100;
  assert.equal(s.deliver(50, 1).lost, 1);
  assert.equal(s.deliver(100, 1).toDepot, 1);
  s.blockedShare = 1;
  s.blockedUntilMinutes = 200;
  s.deliver(150, 2);
  assert.equal(s.trappedUnits, 2);
  assert.equal(s.release(199), 0);
  assert.equal(s.release(200), 2);
  assert.equal(s.trappedUnits, 0);
});

test('the infection hazard rises with the age of the set', () => {
  const s = site();
  assert.ok(s.infectionChancePerMinute(5 * 1440) > 4 * s.infectionChancePerMinute(2 * 1440));
});
