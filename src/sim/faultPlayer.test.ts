import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../random/rng.ts';
import type { Therapy, TherapyContext } from '../therapy/types.ts';
import { FaultPlayer } from './faultPlayer.ts';
import { InfusionSite, siteSchema } from './infusionSite.ts';

const MINUTES = 12 * 1440;
const ABSCESS_SHARE = 0.5;

/** The infection starts of the hazard summed minute by minute: the rule `FaultPlayer` follows. */
function perMinuteInfections(site: InfusionSite, seed: number, changes: ReadonlySet<number>) {
  const rng = new Rng(seed);
  let threshold = rng.exponential(1);
  let hazard = 0;
  let infected = false;
  const starts: number[] = [];
  for (let minute = 0; minute < MINUTES; minute += 1) {
    if (!infected) {
      hazard += site.infectionChancePerMinute(minute);
      if (hazard >= threshold) {
        starts.push(minute);
        infected = true;
        rng.chance(ABSCESS_SHARE);
      }
    }
    if (changes.has(minute)) {
      site.change(minute);
      infected = false;
      hazard = 0;
      threshold = rng.exponential(1);
    }
  }
  return starts;
}

test('a site infection starts at the minute the per-minute hazard reaches its threshold', () => {
  const siteArb = fc.record({
    wearStartHours: fc.integer({ min: 24, max: 168 }),
    infectionRatePerPatientYear: fc.double({ min: 0.5, max: 10, noNaN: true }),
    infectionRisePerExtraDay: fc.double({ min: 0, max: 50, noNaN: true }),
  });
  const changesArb = fc.uniqueArray(fc.integer({ min: 0, max: MINUTES - 1 }), { maxLength: 8 });
  fc.assert(
    fc.property(siteArb, changesArb, fc.integer({ min: 1, max: 2 ** 31 }), (site, at, seed) => {
      const parameters = siteSchema.parse(site);
      const changes = new Set(at);
      const played = new InfusionSite(parameters, new Rng(1));
      const context = { nowMinutes: 0, log: () => undefined };
      const player = new FaultPlayer([], {
        site: played,
        hardware: null,
        person: {} as Therapy,
        rng: new Rng(seed),
        abscessShare: ABSCESS_SHARE,
        infectionNoticedAfterMinutes: Infinity,
      });
      for (let minute = 0; minute < MINUTES; minute += 1) {
        context.nowMinutes = minute;
        player.apply(context as unknown as TherapyContext);
        if (changes.has(minute)) {
          played.change(minute);
          player.setChanged(minute);
        }
      }
      const starts = player.records.map((r) => r.atMinutes);
      const expected = perMinuteInfections(new InfusionSite(parameters, new Rng(1)), seed, changes);
      assert.deepEqual(starts, expected);
    }),
    { numRuns: 40 },
  );
});
