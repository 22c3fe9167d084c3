// Calibration of the ketone model (./ketones.ts) on the Liège 6-hour pump stop: Krzentowski G.,
// Scheen A., Castillo M., Luyckx A.S., Lefèbvre P., "A 6-hour nocturnal interruption of a
// continuous subcutaneous insulin infusion: 1. Metabolic and hormonal consequences", Diabetologia
// (8 C-peptide-negative patients on regular insulin; pumps stopped 23:00–05:00). Published
// (docs/physiology.md §4): free insulin fell to 6 ± 2 mU/L at 6 h; glucose rose significantly
// from 3 h to 17.4 ± 1.9 mmol/L at 6 h; BOHB rose linearly from 1 h to 1.29 ± 0.14 mmol/L at 6 h
// (≈ 0.2 mmol/L/h) from about 0.1 mmol/L before. And on the pooled CSII-interruption studies
// (Klonoff D.C. et al., J Diabetes Sci Technol 2024, 8 studies from 1982 on, regular insulin and
// analogs): BOHB reached 1.6 mmol/L at about 8.0 h and 3.0 mmol/L at about 14.2 h.
//
// Typical patient: HOVORKA_NOMINAL (Hovorka 2004 Table 1, 70 kg), the published central patient
// and the mean of the population distributions, on regular insulin at its steady-state basal for
// 120 mg/dL (the population's fasting target). The relative course of a pump stop does not depend
// on the overall insulin-sensitivity scale (SIT, SID, SIE multiplied together by any factor give
// the same glucose curve with basal insulin divided by that factor), so the nominal patient stands
// for the Liège patients although their basal (≈ 1 U/h) was higher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormulationName } from '../insulin/formulations.ts';
import { createHovorkaPatient } from './hovorka.ts';
import { HOVORKA_NOMINAL } from './hovorkaParameters.ts';
import { KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L } from './ketones.ts';
import { rk4 } from './solvers/rk4.ts';
import { emptyStats } from './solvers/types.ts';
import { MGDL_PER_MMOLL, MINUTES_PER_HOUR } from '../units/index.ts';

const TARGET_GLUCOSE_MGDL = 120;
/** Hours in the printed table; the curves run on to the pooled studies' 3.0 mmol/L. */
const HOURS = 9;
const CURVE_HOURS = 18;

/** Liège figures at 6 h, mean and SD as given in docs/physiology.md §4 (n = 8). */
const LIEGE = {
  glucoseMmolL: { mean: 17.4, sd: 1.9 },
  bohbMmolL: { mean: 1.29, sd: 0.14 },
  bohbBeforeMmolLMax: 0.3,
} as const;

/** Klonoff et al. 2024: mean estimated hours from the stop to BOHB 1.6 and 3.0 mmol/L. */
const POOLED_HOURS_TO = { 1.6: 8.0, 3.0: 14.2 } as const;

interface PumpStopCurve {
  basalUnitsPerHour: number;
  /** Per minute from the stop (index = minute). */
  glucoseMmolL: number[];
  insulinMilliunitsPerL: number[];
  bohbMmolL: number[];
}

/** The typical patient at its basal steady state; the pump stops at minute 0, no meals. */
function pumpStop(rapidInsulin: FormulationName): PumpStopCurve {
  const model = createHovorkaPatient({
    name: 'liege-typical',
    parameters: HOVORKA_NOMINAL,
    rapidInsulin,
  });
  const basalUnitsPerHour = model.basalForGlucose(TARGET_GLUCOSE_MGDL);
  const x = model.steadyState(basalUnitsPerHour);
  const solver = rk4();
  const stats = emptyStats();
  const inputs = { rapidInsulinUnitsPerMinute: 0, carbsGramsPerMinute: 0 };
  const curve: PumpStopCurve = {
    basalUnitsPerHour,
    glucoseMmolL: [],
    insulinMilliunitsPerL: [],
    bohbMmolL: [],
  };
  for (let minute = 0; minute <= CURVE_HOURS * MINUTES_PER_HOUR; minute += 1) {
    curve.glucoseMmolL.push(model.plasmaGlucoseMgdl(x) / MGDL_PER_MMOLL);
    curve.insulinMilliunitsPerL.push(model.plasmaInsulinMilliunitsPerL(x));
    curve.bohbMmolL.push(model.bohbMmolL(x));
    assert.equal(solver.advance(model, x, minute, minute + 1, inputs, stats), 'Success');
  }
  return curve;
}

const regular = pumpStop('regular');
const analog = pumpStop('rapid-analog');

function at(series: number[], hour: number): number {
  return series[hour * MINUTES_PER_HOUR]!;
}

/** Hours from the stop until BOHB first reaches `level` (mmol/L). */
function hoursTo(curve: PumpStopCurve, level: number): number {
  const minute = curve.bohbMmolL.findIndex((bohb) => bohb >= level);
  assert.ok(minute >= 0, `BOHB never reaches ${level} mmol/L in ${CURVE_HOURS} h`);
  return minute / MINUTES_PER_HOUR;
}

function printTable(): void {
  const rows = [
    `Liège 6-h pump stop, HOVORKA_NOMINAL on regular insulin, basal ${regular.basalUnitsPerHour.toFixed(3)} U/h`,
    'hour  insulin mU/L  glucose mmol/L (published)  BOHB mmol/L (published)        BOHB, rapid analog',
  ];
  for (let hour = 0; hour <= HOURS; hour += 1) {
    const publishedGlucose = hour === 6 ? '17.4 ± 1.9' : hour === 3 ? 'rise significant' : '';
    const publishedBohb =
      hour === 0
        ? '≈ 0.1'
        : hour === 6
          ? '1.29 ± 0.14'
          : hour >= 1 && hour < 6
            ? 'linear rise'
            : '';
    rows.push(
      `${String(hour).padStart(4)}  ${at(regular.insulinMilliunitsPerL, hour).toFixed(2).padStart(12)}` +
        `  ${at(regular.glucoseMmolL, hour).toFixed(2).padStart(6)} ${publishedGlucose.padEnd(19)}` +
        `  ${at(regular.bohbMmolL, hour).toFixed(2).padStart(6)} ${publishedBohb.padEnd(22)}` +
        `  ${at(analog.bohbMmolL, hour).toFixed(2).padStart(6)}`,
    );
  }
  rows.push('published free insulin at 6 h: 6 ± 2 mU/L (absolute; basal ≈ 1 U/h in that clinic)');
  for (const level of [1.6, 3.0] as const) {
    rows.push(
      `hours to BOHB ${level.toFixed(1)} mmol/L: regular ${hoursTo(regular, level).toFixed(1)}, ` +
        `rapid analog ${hoursTo(analog, level).toFixed(1)} (pooled studies ${POOLED_HOURS_TO[level]})`,
    );
  }
  console.log(rows.join('\n'));
}

printTable();

test('Liège calibration: the ketone reference insulin is the typical patient’s basal insulin', () => {
  assert.ok(
    Math.abs(
      at(regular.insulinMilliunitsPerL, 0) - KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L,
    ) < 1e-3,
    `typical patient's basal insulin ${at(regular.insulinMilliunitsPerL, 0)} mU/L`,
  );
});

test('Liège calibration: BOHB ≈ 0.1 before, rising from 1 h, 1.29 ± 2 SD at 6 h', () => {
  const before = at(regular.bohbMmolL, 0);
  const sixHours = at(regular.bohbMmolL, 6);
  const { mean, sd } = LIEGE.bohbMmolL;
  assert.ok(before < LIEGE.bohbBeforeMmolLMax, `BOHB before ${before}`);
  assert.ok(
    sixHours >= mean - 2 * sd && sixHours <= mean + 2 * sd,
    `BOHB at 6 h ${sixHours}, band ${mean - 2 * sd}–${mean + 2 * sd}`,
  );
  for (let minute = MINUTES_PER_HOUR + 1; minute <= 6 * MINUTES_PER_HOUR; minute += 1) {
    assert.ok(
      regular.bohbMmolL[minute]! > regular.bohbMmolL[minute - 1]!,
      `BOHB not rising at minute ${minute}`,
    );
  }
  // Pickup 1982: still rising, no plateau, at 9 h.
  assert.ok(at(regular.bohbMmolL, 9) - at(regular.bohbMmolL, 8) > 0.15);
  // docs/physiology.md §4: deterioration may start earlier with rapid analogs.
  assert.ok(at(analog.bohbMmolL, 3) > at(regular.bohbMmolL, 3));
});

test('Liège calibration: glucose 17.4 ± 2 SD mmol/L at 6 h', () => {
  const sixHours = at(regular.glucoseMmolL, 6);
  const { mean, sd } = LIEGE.glucoseMmolL;
  assert.ok(
    sixHours >= mean - 2 * sd && sixHours <= mean + 2 * sd,
    `glucose at 6 h ${sixHours.toFixed(2)} mmol/L, band ${mean - 2 * sd}–${mean + 2 * sd}: ` +
      'see the ketone calibration report (Hovorka nominal EGP0 − F01 and regular-insulin ' +
      'kinetics limit the rise; the model has no nocturnal counter-regulation)',
  );
});

test('pooled interruption studies: BOHB reaches 1.6 and 3.0 mmol/L near the published hours', () => {
  // The studies pooled both insulins: the mean of the two curves within 1.5 h of the published
  // times, each curve within 2.5 h, the analog first.
  for (const level of [1.6, 3.0] as const) {
    const [onRegular, onAnalog] = [hoursTo(regular, level), hoursTo(analog, level)];
    const published = POOLED_HOURS_TO[level];
    const mean = (onRegular + onAnalog) / 2;
    assert.ok(Math.abs(mean - published) <= 1.5, `${level} mmol/L: mean ${mean} h vs ${published}`);
    for (const hours of [onRegular, onAnalog]) {
      assert.ok(Math.abs(hours - published) <= 2.5, `${level} mmol/L at ${hours} h`);
    }
    assert.ok(onAnalog < onRegular);
  }
});
