// The MPC's optimiser: minimise an asymmetric, convex, piecewise-quadratic cost of linear glucose
// predictions over a few box-bounded insulin moves z_j.
//
//   G_sk = base_sk + c_s·Σ_j z_j·R_j[k]           (scenario s, step k = 1…N, 5-min steps)
//   J(z) = Σ_s Σ_k [ h_s·max(0, G_sk − high_sk)² + α_s·max(0, low_sk − G_sk)²
//                    + β_s·max(0, L_s − G_sk)² + γ_s·max(0, G_sk − U_s)² ]
//          + Σ_j penalty_j·z_j²,           lower_j ≤ z_j ≤ upper_j
//
// Scenarios let one cost weigh the nominal prediction and a pessimistic one (a robust MPC in its
// simplest, scenario form): the pessimistic scenario scales the effect of the moves (c_s > 1: a more
// sensitive patient) and starts from a lower base, and only its lows cost.
//
// J is convex and continuously differentiable, the constraints are a box. The solver is a
// projected Newton method with an exact line search: at z, the cost's pieces that are active give
// a quadratic model (gradient and Hessian, V × V for V moves); its minimiser within the box is
// found by coordinate descent (cheap: V ≤ 8); then J itself is minimised exactly along the step
// (a one-dimensional convex piecewise quadratic: Newton steps in a shrinking bracket). When the
// active pieces stop changing the model is exact and one step lands on the minimum, so a few
// iterations suffice. Every loop has a limit; nothing is allocated per solve.

export interface Scenario {
  /** Predicted glucose with every move at 0, mg/dL (index 0 = now). */
  readonly base: Float64Array;
  /** c_s: multiplies the moves' responses. */
  readonly responseScale: number;
  /** h_s: weight of glucose above `high` (0: highs do not count in this scenario). */
  readonly highWeight: number;
  readonly high: Float64Array;
  /** α_s: weight of glucose below `low`. */
  readonly lowWeight: number;
  readonly low: Float64Array;
  /** L_s, mg/dL, and β_s: a further cost below L (hypoglycaemia is far worse than a high). */
  readonly hardLowMgdl: number;
  readonly hardLowWeight: number;
  /** U_s, mg/dL, and γ_s: a further cost above U (time above range). */
  readonly hardHighMgdl: number;
  readonly hardHighWeight: number;
}

export interface QpProblem {
  readonly steps: number;
  /** R_j: glucose change at step k per unit of move j (index 0 unused). */
  readonly responses: readonly Float64Array[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Must be > 0 for every move (it keeps the Hessian positive definite). */
  readonly penalty: Float64Array;
  readonly scenarios: readonly Scenario[];
}

/** Newton iterations, at most. */
const NEWTON_ITERATIONS_MAX = 20;
/** Coordinate-descent sweeps on the quadratic model, at most. */
const MODEL_SWEEPS_MAX = 200;
/** Line-search iterations, at most. */
const LINE_ITERATIONS_MAX = 30;
/** A step that changes no move by more than this (in its own unit) ends the search. */
const TOLERANCE = 1e-6;
/** Largest number of moves (the Hessian is V × V). */
export const MOVES_MAX = 8;

export class QpSolver {
  /** Predictions of each scenario at the current z (index 0…steps). */
  readonly predicted: Float64Array[];
  /** Change of each scenario's prediction per unit step along the search direction. */
  private readonly along: Float64Array[];
  private readonly gradient = new Float64Array(MOVES_MAX);
  private readonly hessian = new Float64Array(MOVES_MAX * MOVES_MAX);
  private readonly direction = new Float64Array(MOVES_MAX);
  /** d²J/dt² at the last `lineSlope`, and d²J/dG² at the last `pieceSlope`. */
  private curvature = 0;
  private pieceCurvature = 0;

  constructor(scenarioCount: number, steps: number) {
    this.predicted = [];
    this.along = [];
    for (let s = 0; s < scenarioCount; s += 1) {
      this.predicted.push(new Float64Array(steps + 1));
      this.along.push(new Float64Array(steps + 1));
    }
  }

  /**
   * Minimises J from the starting point in `z` (clamped into the box); writes the minimiser to z
   * and returns the Newton iterations it took (`cost` gives J there, for those who need it).
   */
  solve(p: QpProblem, z: Float64Array): number {
    const moves = p.responses.length;
    if (moves > MOVES_MAX) throw new RangeError(`${moves} moves, at most ${MOVES_MAX}`);
    for (let j = 0; j < moves; j += 1) z[j] = Math.min(p.upper[j]!, Math.max(p.lower[j]!, z[j]!));
    for (let s = 0; s < p.scenarios.length; s += 1) this.predict(p, s, z);
    let iterations = 0;
    while (iterations < NEWTON_ITERATIONS_MAX) {
      iterations += 1;
      this.quadraticModel(p, z);
      const size = this.modelStep(p, z);
      if (size <= TOLERANCE) break;
      this.prepareLine(p);
      const t = this.lineMinimum(p, z);
      let moved = 0;
      for (let j = 0; j < moves; j += 1) {
        const step = t * this.direction[j]!;
        z[j] = Math.min(p.upper[j]!, Math.max(p.lower[j]!, z[j]! + step));
        moved = Math.max(moved, Math.abs(step));
      }
      for (let s = 0; s < p.scenarios.length; s += 1) {
        const g = this.predicted[s]!;
        const a = this.along[s]!;
        for (let k = 0; k <= p.steps; k += 1) g[k] = g[k]! + t * a[k]!;
      }
      if (moved <= TOLERANCE) break;
    }
    return iterations;
  }

  /** J at z (the predictions must be those of z, as after `solve`). */
  cost(p: QpProblem, z: Float64Array): number {
    let cost = 0;
    for (let s = 0; s < p.scenarios.length; s += 1) {
      const sc = p.scenarios[s]!;
      const g = this.predicted[s]!;
      for (let k = 1; k <= p.steps; k += 1) {
        const above = Math.max(0, g[k]! - sc.high[k]!);
        const below = Math.max(0, sc.low[k]! - g[k]!);
        const hard = Math.max(0, sc.hardLowMgdl - g[k]!);
        const veryHigh = Math.max(0, g[k]! - sc.hardHighMgdl);
        cost +=
          sc.highWeight * above * above +
          sc.lowWeight * below * below +
          sc.hardLowWeight * hard * hard +
          sc.hardHighWeight * veryHigh * veryHigh;
      }
    }
    for (let j = 0; j < p.responses.length; j += 1) cost += p.penalty[j]! * z[j]! * z[j]!;
    return cost;
  }

  private predict(p: QpProblem, s: number, z: Float64Array): void {
    const sc = p.scenarios[s]!;
    const g = this.predicted[s]!;
    for (let k = 0; k <= p.steps; k += 1) {
      let effect = 0;
      for (let j = 0; j < p.responses.length; j += 1) effect += z[j]! * p.responses[j]![k]!;
      g[k] = sc.base[k]! + sc.responseScale * effect;
    }
  }

  /** Gradient and Hessian of J at z, from the pieces active there. */
  private quadraticModel(p: QpProblem, z: Float64Array): void {
    const moves = p.responses.length;
    const grad = this.gradient;
    const hess = this.hessian;
    grad.fill(0);
    hess.fill(0);
    for (let s = 0; s < p.scenarios.length; s += 1) {
      const sc = p.scenarios[s]!;
      const g = this.predicted[s]!;
      const c = sc.responseScale;
      for (let k = 1; k <= p.steps; k += 1) {
        const d = this.pieceSlope(sc, k, g[k]!);
        const dd = this.pieceCurvature;
        if (d === 0 && dd === 0) continue;
        for (let i = 0; i < moves; i += 1) {
          const ri = c * p.responses[i]![k]!;
          grad[i] = grad[i]! + d * ri;
          for (let j = 0; j <= i; j += 1) {
            hess[i * MOVES_MAX + j] = hess[i * MOVES_MAX + j]! + dd * ri * c * p.responses[j]![k]!;
          }
        }
      }
    }
    for (let i = 0; i < moves; i += 1) {
      grad[i] = grad[i]! + 2 * p.penalty[i]! * z[i]!;
      hess[i * MOVES_MAX + i] = hess[i * MOVES_MAX + i]! + 2 * p.penalty[i]!;
      for (let j = 0; j < i; j += 1) hess[j * MOVES_MAX + i] = hess[i * MOVES_MAX + j]!;
    }
  }

  /** Minimiser d of g·d + ½dᵀHd with z + d in the box (coordinate descent); returns max |d_j|. */
  private modelStep(p: QpProblem, z: Float64Array): number {
    const moves = p.responses.length;
    const d = this.direction;
    const grad = this.gradient;
    const hess = this.hessian;
    d.fill(0);
    for (let sweep = 0; sweep < MODEL_SWEEPS_MAX; sweep += 1) {
      let change = 0;
      for (let j = 0; j < moves; j += 1) {
        const hjj = hess[j * MOVES_MAX + j]!;
        if (!(hjj > 0)) continue;
        let slope = grad[j]!;
        for (let i = 0; i < moves; i += 1) slope += hess[j * MOVES_MAX + i]! * d[i]!;
        const unclamped = d[j]! - slope / hjj;
        const next = Math.min(p.upper[j]! - z[j]!, Math.max(p.lower[j]! - z[j]!, unclamped));
        change = Math.max(change, Math.abs(next - d[j]!));
        d[j] = next;
      }
      if (change <= TOLERANCE * 1e-3) break;
    }
    let size = 0;
    for (let j = 0; j < moves; j += 1) size = Math.max(size, Math.abs(d[j]!));
    return size;
  }

  /** The change of each scenario's prediction per unit step along the direction. */
  private prepareLine(p: QpProblem): void {
    for (let s = 0; s < p.scenarios.length; s += 1) {
      const a = this.along[s]!;
      const c = p.scenarios[s]!.responseScale;
      for (let k = 0; k <= p.steps; k += 1) {
        let sum = 0;
        for (let j = 0; j < p.responses.length; j += 1)
          sum += this.direction[j]! * p.responses[j]![k]!;
        a[k] = c * sum;
      }
    }
  }

  /** dJ/dt at z + t·direction; leaves d²J/dt² in `this.curvature`. */
  private lineSlope(p: QpProblem, z: Float64Array, t: number): number {
    let first = 0;
    let second = 0;
    for (let j = 0; j < p.responses.length; j += 1) {
      const dj = this.direction[j]!;
      first += 2 * p.penalty[j]! * (z[j]! + t * dj) * dj;
      second += 2 * p.penalty[j]! * dj * dj;
    }
    for (let s = 0; s < p.scenarios.length; s += 1) {
      const sc = p.scenarios[s]!;
      const g = this.predicted[s]!;
      const a = this.along[s]!;
      for (let k = 1; k <= p.steps; k += 1) {
        const ak = a[k]!;
        if (ak === 0) continue;
        first += this.pieceSlope(sc, k, g[k]! + t * ak) * ak;
        second += this.pieceCurvature * ak * ak;
      }
    }
    this.curvature = second;
    return first;
  }

  /** The step t ∈ [0, 1] that minimises J along the direction (z + d is inside the box). */
  private lineMinimum(p: QpProblem, z: Float64Array): number {
    let lo = 0;
    let hi = 1;
    if (this.lineSlope(p, z, hi) <= 0) return hi;
    let t = hi;
    for (let i = 0; i < LINE_ITERATIONS_MAX; i += 1) {
      const d = this.lineSlope(p, z, t);
      if (d > 0) hi = t;
      else lo = t;
      const newton = this.curvature > 0 ? t - d / this.curvature : Number.NaN;
      const next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
      if (Math.abs(next - t) <= TOLERANCE) return next;
      t = next;
    }
    return t;
  }

  /** dJ/dG of one scenario's glucose cost at step k; leaves d²J/dG² in `pieceCurvature`. */
  private pieceSlope(sc: Scenario, k: number, g: number): number {
    let d = 0;
    let dd = 0;
    if (g > sc.high[k]!) {
      d += 2 * sc.highWeight * (g - sc.high[k]!);
      dd += 2 * sc.highWeight;
    }
    if (g < sc.low[k]!) {
      d -= 2 * sc.lowWeight * (sc.low[k]! - g);
      dd += 2 * sc.lowWeight;
    }
    if (g < sc.hardLowMgdl) {
      d -= 2 * sc.hardLowWeight * (sc.hardLowMgdl - g);
      dd += 2 * sc.hardLowWeight;
    }
    if (g > sc.hardHighMgdl) {
      d += 2 * sc.hardHighWeight * (g - sc.hardHighMgdl);
      dd += 2 * sc.hardHighWeight;
    }
    this.pieceCurvature = dd;
    return d;
  }
}
