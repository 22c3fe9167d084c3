// One conformance suite for every PatientModel (Hovorka 2004, UVA/Padova 2008, …): a model test
// file calls `registerPatientModelConformance` with a factory. Checks: the steady state is a
// fixed point, basal alone keeps glucose flat for 24 h, glucose and insulin mass balance,
// states never negative, determinism, input validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ModelInputs, PatientModel } from './model.ts';
import type { Integrator, OdeSystem } from './solvers/types.ts';
import { emptyStats } from './solvers/types.ts';
import { rk4 } from './solvers/rk4.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../units/index.ts';

export interface PatientModelUnderTest {
  /** Label of the test group, e.g. 'hovorka nominal'. */
  readonly label: string;
  /** A fresh model (called once per test). */
  create(): PatientModel;
  /**
   * Names of the states that accumulate flows (the totals): they grow at steady state, so the
   * fixed-point check skips them. The interface does not mark them; the model's author does here.
   */
  readonly cumulativeStateNames: readonly string[];
  /** Glucose target of the basal steady state, mg/dL. Default 120. */
  readonly targetGlucoseMgdl?: number;
  /** Solver for the simulations. Default RK4 with a 1-minute step. */
  solver?(): Integrator;
}

/** A dose or meal at a minute of a scenario. */
interface ScenarioEvent {
  readonly minute: number;
  readonly carbsGrams: number;
  readonly rapidUnits: number;
}

interface Scenario {
  readonly minutes: number;
  readonly basalUnitsPerHour: number;
  readonly events: readonly ScenarioEvent[];
}

/** Runs a scenario minute by minute; `onMinute` sees the state after each minute. */
function simulate(
  model: PatientModel,
  x: Float64Array,
  scenario: Scenario,
  options: { solver: Integrator; onMinute?: (minute: number, x: Float64Array) => void },
): void {
  const inputs: ModelInputs = {
    rapidInsulinUnitsPerMinute: scenario.basalUnitsPerHour / MINUTES_PER_HOUR,
    carbsGramsPerMinute: 0,
  };
  const stats = emptyStats();
  let next = 0;
  for (let minute = 0; minute < scenario.minutes; minute += 1) {
    while (next < scenario.events.length && scenario.events[next]!.minute === minute) {
      const event = scenario.events[next]!;
      if (event.carbsGrams > 0) model.applyMeal(x, event.carbsGrams);
      if (event.rapidUnits > 0) model.applyInsulinDose(x, 'rapid', event.rapidUnits);
      next += 1;
    }
    const code = options.solver.advance(model, x, minute, minute + 1, inputs, stats);
    assert.equal(code, 'Success', `solver stopped at minute ${minute}: ${code}`);
    options.onMinute?.(minute + 1, x);
  }
}

export function registerPatientModelConformance(subject: PatientModelUnderTest): void {
  const label = `patient model conformance [${subject.label}]`;
  const target = subject.targetGlucoseMgdl ?? 120;
  const solver = (): Integrator => (subject.solver ?? (() => rk4()))();
  const basalSetup = () => {
    const model = subject.create();
    const basal = model.basalForGlucose(target);
    return { model, basal, x: model.steadyState(basal) };
  };

  test(`${label}: the basal steady state is a fixed point at the target glucose`, () => {
    const { model, basal, x } = basalSetup();
    assert.equal(x.length, model.stateNames.length);
    assert.ok(basal > 0 && Number.isFinite(basal), `basal ${basal} U/h`);
    assert.ok(Math.abs(model.plasmaGlucoseMgdl(x) - target) < 0.01);
    assert.ok(Math.abs(model.interstitialGlucoseMgdl(x) - target) < 0.01);
    const out = new Float64Array(x.length);
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    model.derivative(0, x, inputs, out);
    model.stateNames.forEach((name, i) => {
      if (subject.cumulativeStateNames.includes(name)) return;
      const scale = Math.max(1, Math.abs(x[i]!));
      assert.ok(Math.abs(out[i]!) <= 1e-9 * scale, `d${name}/dt = ${out[i]} at steady state`);
    });
  });

  test(`${label}: basal alone keeps glucose within ±2 mg/dL for 24 h`, () => {
    const { model, basal, x } = basalSetup();
    let worst = 0;
    const scenario = { minutes: MINUTES_PER_DAY, basalUnitsPerHour: basal, events: [] };
    simulate(model, x, scenario, {
      solver: solver(),
      onMinute: (_m, state) => {
        worst = Math.max(worst, Math.abs(model.plasmaGlucoseMgdl(state) - target));
      },
    });
    assert.ok(worst <= 2, `largest deviation ${worst} mg/dL`);
  });

  test(`${label}: absorbed glucose = carbs × bioavailability (±1 %)`, () => {
    const { model, basal, x } = basalSetup();
    const before = model.totals(x).absorbedGlucoseGrams;
    const events = [
      { minute: 0, carbsGrams: 60, rapidUnits: 0 },
      { minute: 300, carbsGrams: 40, rapidUnits: 0 },
    ];
    simulate(
      model,
      x,
      { minutes: MINUTES_PER_DAY, basalUnitsPerHour: basal, events },
      {
        solver: solver(),
      },
    );
    const absorbed = model.totals(x).absorbedGlucoseGrams - before;
    const expected = 100 * model.carbBioavailability;
    assert.ok(Math.abs(absorbed - expected) <= 0.01 * expected, `${absorbed} g vs ${expected} g`);
  });

  test(`${label}: absorbed insulin = insulin given (±1 %)`, () => {
    const { model, basal, x } = basalSetup();
    const before = model.totals(x).absorbedInsulinUnits;
    const events = [{ minute: 0, carbsGrams: 50, rapidUnits: 6 }];
    const scenario = { minutes: MINUTES_PER_DAY, basalUnitsPerHour: basal, events };
    simulate(model, x, scenario, { solver: solver() });
    const absorbed = model.totals(x).absorbedInsulinUnits - before;
    // The basal part is in equilibrium (what it adds to the depot equals what leaves it), so
    // the bolus is what remains after taking the infused amount off.
    const bolusAbsorbed = absorbed - (basal * MINUTES_PER_DAY) / MINUTES_PER_HOUR;
    assert.ok(Math.abs(bolusAbsorbed - 6) <= 0.06, `bolus absorbed ${bolusAbsorbed} U of 6 U`);
  });

  test(`${label}: states never negative and observations finite (property)`, () => {
    const event = fc.record({
      minute: fc.integer({ min: 0, max: 719 }),
      carbsGrams: fc.integer({ min: 0, max: 120 }),
      rapidUnits: fc.double({ min: 0, max: 15, noNaN: true }),
    });
    const scenario = fc.record({
      basalUnitsPerHour: fc.double({ min: 0, max: 3, noNaN: true }),
      events: fc.array(event, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(scenario, ({ basalUnitsPerHour, events }) => {
        const model = subject.create();
        const x = model.steadyState(model.basalForGlucose(target));
        const sorted = [...events].sort((a, b) => a.minute - b.minute);
        const run = { minutes: 720, basalUnitsPerHour, events: sorted };
        simulate(model, x, run, {
          solver: solver(),
          onMinute: (minute, state) => assertPhysical(model, state, minute),
        });
      }),
      { numRuns: 12, seed: 20240601 },
    );
  });

  test(`${label}: the same scenario gives the same trajectory`, () => {
    const runOnce = (): number[] => {
      const { model, basal, x } = basalSetup();
      const trace: number[] = [];
      const events = [{ minute: 30, carbsGrams: 45, rapidUnits: 4.5 }];
      simulate(
        model,
        x,
        { minutes: 600, basalUnitsPerHour: basal, events },
        {
          solver: solver(),
          onMinute: (_m, state) => trace.push(...state),
        },
      );
      return trace;
    };
    assert.deepEqual(runOnce(), runOnce());
  });

  test(`${label}: a higher glucose target needs less basal insulin`, () => {
    const model = subject.create();
    assert.ok(model.basalForGlucose(100) > model.basalForGlucose(140));
  });

  test(`${label}: bad doses and meals are refused`, () => {
    const { model, x } = basalSetup();
    const copy = Float64Array.from(x);
    assert.throws(() => model.applyInsulinDose(x, 'rapid', -1), RangeError);
    assert.throws(() => model.applyInsulinDose(x, 'rapid', Number.NaN), RangeError);
    assert.throws(() => model.applyMeal(x, -5), RangeError);
    assert.deepEqual(x, copy);
  });

  registerFusedStageChecks(label, basalSetup);
}

function assertPhysical(model: PatientModel, x: Float64Array, minute: number): void {
  for (let i = 0; i < x.length; i += 1) {
    if (!(x[i]! >= 0)) assert.fail(`${model.stateNames[i]} = ${x[i]} at minute ${minute}`);
  }
  const glucose = model.plasmaGlucoseMgdl(x);
  if (!Number.isFinite(glucose)) assert.fail(`glucose ${glucose} at minute ${minute}`);
}

type FusedModel = PatientModel & Pick<OdeSystem<ModelInputs>, 'derivativeAt'>;

/**
 * A model that evaluates RK4 stages itself (`derivativeAt`) must give, bit for bit, what its
 * `derivative` gives at the stage point, so RK4 steps it exactly as with stage vectors.
 */
function registerFusedStageChecks(
  label: string,
  setup: () => { model: PatientModel; basal: number },
): void {
  /** A state with every compartment moving: 5 min into a meal (still eating) and a rapid dose. */
  const busyState = (model: PatientModel, basal: number) => {
    const x = model.steadyState(basal);
    model.applyMeal(x, 60);
    model.applyInsulinDose(x, 'rapid', 4);
    // An injected long-acting dose too, where the model has a depot for one (it refuses otherwise).
    try {
      model.applyInsulinDose(x, 'basal', 12);
    } catch {
      // no basal depot
    }
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    const solver = rk4();
    for (let minute = 0; minute < 5; minute += 1)
      solver.advance(model, x, minute, minute + 1, inputs, emptyStats());
    return x;
  };

  test(`${label}: derivativeAt(x, h, k), where given, is the derivative at x + h·k, bit for bit`, () => {
    const { model, basal } = setup();
    const fused = model as FusedModel;
    if (fused.derivativeAt === undefined) return;
    const x = busyState(model, basal);
    const n = x.length;
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: n, maxLength: n }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (h, relativeSlope, carbsGramsPerMinute) => {
          const k = Float64Array.from(relativeSlope, (r, i) => r * (x[i]! + 1));
          const stage = Float64Array.from(x, (value, i) => value + h * k[i]!);
          const inputs = {
            rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR,
            carbsGramsPerMinute,
          };
          const atStage = new Float64Array(n);
          const direct = new Float64Array(n);
          fused.derivativeAt?.(7, x, h, k, inputs, atStage);
          model.derivative(7, stage, inputs, direct);
          for (let i = 0; i < n; i += 1) {
            assert.ok(
              Object.is(atStage[i], direct[i]),
              `${model.stateNames[i]}: ${atStage[i]} vs ${direct[i]}`,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test(`${label}: RK4 steps the model exactly as with stage vectors`, () => {
    const { model, basal } = setup();
    // The same model seen through `derivative` and `project` only: RK4 forms each stage vector.
    const plain: OdeSystem<ModelInputs> = {
      derivative: (t, x, inputs, out) => model.derivative(t, x, inputs, out),
      project: (x) => model.project?.(x),
    };
    const fused = busyState(model, basal);
    const stages = Float64Array.from(fused);
    const inputs = { rapidInsulinUnitsPerMinute: basal / MINUTES_PER_HOUR, carbsGramsPerMinute: 0 };
    const solver = rk4();
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      if (minute === 300) {
        model.applyMeal(fused, 70);
        model.applyMeal(stages, 70);
      }
      solver.advance(model, fused, minute, minute + 1, inputs, emptyStats());
      solver.advance(plain, stages, minute, minute + 1, inputs, emptyStats());
    }
    assert.deepEqual(fused, stages);
  });
}
