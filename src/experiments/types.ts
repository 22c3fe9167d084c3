// An experiment: a reproducible computation that answers one question about pump therapy and
// reports it as tables, figures and notes (beside published figures where they exist). The CLI
// prints the tables, writes an HTML report, or prints the whole result with --json.

export interface ExperimentTable {
  readonly title: string;
  readonly columns: readonly string[];
  /** Cells as displayed (numbers are formatted by the experiment, with their units in the header). */
  readonly rows: readonly (readonly string[])[];
  readonly note?: string;
}

/** A line chart: shared x values, one or more named y series (null where a series has no value). */
export interface ExperimentFigure {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly series: readonly {
    readonly name: string;
    readonly y: readonly (number | null)[];
    readonly dashed?: boolean;
    /** Series with the same group share a colour (e.g. the max and the min of one pulse size). */
    readonly group?: string;
  }[];
  /** Horizontal reference lines, e.g. a published mean or a threshold. */
  readonly references?: readonly { readonly label: string; readonly y: number }[];
  readonly note?: string;
  /** 'log' for x values spanning decades (positive only); linear by default. */
  readonly xScale?: 'linear' | 'log';
  /** 'symlog' (linear near 0, logarithmic beyond) for deviations from −100 % to +1000s %. */
  readonly yScale?: 'linear' | 'symlog';
}

/**
 * A forest plot: one row per arm (or published figure), an estimate with its confidence
 * interval on a shared axis, beside an optional reference value.
 */
export interface ExperimentForest {
  readonly title: string;
  /** The axis: the quantity and its unit, e.g. 'Severe hypoglycaemia per patient-year'. */
  readonly measure: string;
  readonly rows: readonly {
    readonly label: string;
    readonly estimate: number;
    /** Confidence interval (NaN when there is none, e.g. a published rate without one). */
    readonly lower: number;
    readonly upper: number;
    /** A published figure rather than a simulated arm (drawn as a diamond). */
    readonly published?: boolean;
  }[];
  readonly reference?: { readonly label: string; readonly value: number };
  /** Decimals of the numbers written beside the rows (default 2). */
  readonly digits?: number;
  readonly note?: string;
}

export interface ExperimentResult {
  readonly name: string;
  readonly title: string;
  /** What was done, in plain words: the method, the conventions, the sources. */
  readonly method: readonly string[];
  readonly tables: readonly ExperimentTable[];
  readonly figures: readonly ExperimentFigure[];
  /** Forest plots (studies comparing arms), drawn below the figures. */
  readonly forests?: readonly ExperimentForest[];
  /** 'study' for a cohort study (`csii study <name>`); an experiment by default. */
  readonly kind?: 'experiment' | 'study';
  /** Findings and caveats, in plain words. */
  readonly notes: readonly string[];
  /** The numbers behind the tables, for --json and for tests. */
  readonly data: unknown;
}

export interface Experiment {
  readonly name: string;
  readonly title: string;
  /** Runs the experiment; pure (seeded, no I/O); `onProgress` gets the fraction done. */
  run(options: { onProgress?: (fractionDone: number) => void }): ExperimentResult;
  /**
   * For an experiment made of independent runs: the farm job (cohort/farm/jobs.ts) that runs
   * them one task each and reduces them to the same result as `run`, and its spec. The shell
   * spreads those over the machine's threads.
   */
  readonly farm?: { readonly job: string; readonly spec: unknown };
}
